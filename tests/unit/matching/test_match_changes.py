"""match_changes.diff: new, changed and gone matches become one change each, and only once."""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from matching.domain.match_changes import Change, Stored, diff
from matching.domain.matcher import Match, partner_for_initiative
from matching.domain.taxonomy import default_taxonomy
from matching.service_layer.announcements import announce

from tests.unit.matching.builders import initiative, partner

TAX = default_taxonomy()


def scored(**partner_fields: object) -> Match:
    match = partner_for_initiative(partner(**partner_fields), initiative(), TAX, 0.0)
    assert match is not None
    return match


def remember(stored: Mapping[str, Stored], changes: Sequence[Change]) -> dict[str, Stored]:
    """What the match store keeps after announcing `changes` (as MatchStore.save does)."""
    after = dict(stored)
    for change in changes:
        before = stored.get(change.match_id)
        announced = announce(change)
        assert announced is not None
        row, _ = announced
        after[change.match_id] = Stored(
            match_id=change.match_id,
            status=row["status"],
            revision=change.revision,
            fingerprint=row["fingerprint"],
            score=row["score"],
            feedback=before.feedback if before else None,
            subject_ids=tuple(row["subject_ids"]),
            snapshot=json.loads(row["snapshot"]),
        )
    return after


def test_a_new_match_is_proposed_as_revision_one() -> None:
    match = scored()
    [change] = diff({}, [match], [])
    assert (change.action, change.match_id, change.revision) == ("proposed", match.match_id, 1)
    assert change.match is match and change.stored is None


def test_the_same_inputs_again_change_nothing() -> None:
    stored = remember({}, diff({}, [scored()], []))
    assert diff(stored, [scored()], stored.keys()) == []


def test_a_changed_score_is_one_update_with_the_next_revision() -> None:
    stored = remember({}, diff({}, [scored()], []))
    closer = scored(regions=("CR39",))
    [change] = diff(stored, [closer], stored.keys())
    assert (change.action, change.revision) == ("updated", 2)
    assert change.stored is not None and change.stored.fingerprint == scored().fingerprint()
    assert diff(remember(stored, [change]), [closer], stored.keys()) == []


def test_new_wording_with_the_same_scores_is_an_update_too() -> None:
    # The contract: match.updated when "the score or reasons" change. A rename changes reasons.
    stored = remember({}, diff({}, [scored()], []))
    [change] = diff(stored, [scored(name="Provincie Limburg (PL)")], stored.keys())
    assert (change.action, change.revision) == ("updated", 2)
    assert change.match is not None and change.match.score == scored().score


def test_a_match_that_is_gone_is_withdrawn_with_its_reason() -> None:
    stored = remember({}, diff({}, [scored()], []))
    [gone] = diff(stored, [], stored.keys())
    assert (gone.action, gone.revision, gone.reason_code) == (
        "withdrawn",
        2,
        "no_longer_meets_criteria",
    )
    [left] = diff(stored, [], stored.keys(), {scored().match_id: "partner_left"})
    assert left.reason_code == "partner_left"
    assert diff(remember(stored, [gone]), [], stored.keys()) == []  # withdrawn once


def test_only_covered_matches_can_be_withdrawn() -> None:
    stored = remember({}, diff({}, [scored()], []))
    assert diff(stored, [], covered=[]) == []


def test_a_withdrawn_match_that_holds_again_is_proposed_again() -> None:
    stored = remember({}, diff({}, [scored()], []))
    stored = remember(stored, diff(stored, [], stored.keys()))
    [again] = diff(stored, [scored()], stored.keys())
    assert (again.action, again.revision) == ("proposed", 3)


def test_a_declined_match_is_withdrawn_once_and_never_proposed_again() -> None:
    proposed = remember({}, diff({}, [scored()], []))
    match_id = scored().match_id
    declined = {match_id: _with(proposed[match_id], feedback="declined")}
    [change] = diff(declined, [scored()], declined.keys())
    assert (change.action, change.revision, change.reason_code) == ("withdrawn", 2, "declined")
    after = remember(declined, [change])
    assert after[match_id].feedback == "declined"
    assert diff(after, [scored()], after.keys()) == []
    assert diff(after, [scored(regions=("CR39",))], after.keys()) == []  # even when it improves


def test_a_decline_seen_before_the_match_keeps_it_from_ever_being_proposed() -> None:
    early = Stored(scored().match_id, "unknown", 0, feedback="declined")
    assert diff({early.match_id: early}, [scored()], [early.match_id]) == []


def test_withdrawing_a_match_that_was_never_announced_says_nothing() -> None:
    unknown = Stored("m-1", "proposed", 1)  # no snapshot: nothing was ever published
    [change] = diff({"m-1": unknown}, [], ["m-1"])
    assert announce(change) is None


def _with(stored: Stored, **fields: Any) -> Stored:
    return replace(stored, **fields)


@given(st.lists(st.sampled_from([None, "NL42", "CR39", "GM0935"]), min_size=1, max_size=12))
def test_each_change_is_emitted_exactly_once(history: list[str | None]) -> None:
    """Re-score a pair after every step (region changes, or the pair stops qualifying): one
    change per real change, none for a repeat, and revisions count up without gaps."""
    stored: dict[str, Stored] = {}
    emitted: list[Change] = []
    for region in history:
        fresh = [] if region is None else [scored(regions=(region,))]
        for _ in range(2):  # the second pass is a redelivery of the same batch
            changes = diff(stored, fresh, stored.keys())
            emitted += changes
            stored = remember(stored, changes)
    revisions = [c.revision for c in emitted]
    assert revisions == list(range(1, len(emitted) + 1))
    fingerprints = [None if c.action == "withdrawn" else c.match.fingerprint() for c in emitted]  # type: ignore[union-attr]
    assert all(a != b for a, b in itertools.pairwise(fingerprints))
    expected = [None if r is None else scored(regions=(r,)).fingerprint() for r in history]
    transitions = [s for i, s in enumerate(expected) if (expected[i - 1] if i else None) != s]
    assert fingerprints == transitions
