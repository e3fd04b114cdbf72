"""Announcement e-mails in Dutch and English carry the score, the reasons and the change."""

from __future__ import annotations

from notifications.domain.changes import ChangeKind
from notifications.domain.email_text import render_email
from notifications.domain.subscriptions import Language

from tests.unit.notifications.builders import change


def test_dutch_proposal_names_both_sides_score_reasons_and_regions() -> None:
    proposed = change()
    text = render_email(ChangeKind.PROPOSED, proposed.match, Language.NL, "ZL", "sub-1")
    assert text.subject == "Nieuwe match: Provincie Limburg en CoP: Community of Practice (62%)"
    assert "Score: 62%" in text.body
    assert "Waarom: Voorgesteld omdat: voegt overheid toe (M2)." in text.body
    assert "Regio's: Limburg, Zuid-Limburg" in text.body
    assert 'abonnement "ZL" (sub-1)' in text.body


def test_english_update_shows_the_previous_score() -> None:
    updated = change("match.updated")
    text = render_email(ChangeKind.UPDATED, updated.match, Language.EN, "ZL", "sub-1")
    assert text.subject.startswith("Match updated: Provincie Limburg and CoP")
    assert "Score: 62% (was 55%)" in text.body
    assert "Why: Suggested because: adds government (M2)." in text.body
    assert "Regions: Limburg, South Limburg" in text.body


def test_withdrawal_gives_the_reason_in_the_subscribers_language() -> None:
    withdrawn = change("match.withdrawn")
    dutch = render_email(ChangeKind.WITHDRAWN, withdrawn.match, Language.NL, "", "s")
    english = render_email(ChangeKind.WITHDRAWN, withdrawn.match, Language.EN, "", "s")
    assert dutch.subject.startswith("Match ingetrokken")
    assert "Reden van intrekking: CoP is gesloten" in dutch.body
    assert "Reason for withdrawal: CoP was closed" in english.body


def test_subject_lines_never_contain_line_breaks() -> None:
    # The contract refuses line breaks in names (a match event carrying one does not parse); the
    # renderer does not rely on that, so the snapshot is changed here without validation.
    evil = ("Evil\r\nBcc: x@example.org", "B")
    odd = change().match.model_copy(update={"subject_names": evil})
    text = render_email(ChangeKind.PROPOSED, odd, Language.EN, "", "s")
    assert "\n" not in text.subject and "\r" not in text.subject
