"""The daily digest: when a subscription's digest is due, what goes in it, and its text.

A digest for local day D covers the changes recorded before D at the subscription's hour (its
cutoff) that no earlier digest took. Changes recorded after the cutoff wait for D + 1, so a day
whose cutoff found nothing sends nothing, even when changes arrive later that day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from livinglab_contracts.matches import MatchSnapshot, MatchUpdated, MatchWithdrawn

from notifications.domain.changes import ChangeKind, snapshot_of
from notifications.domain.email_text import EmailText, labels_of, one_line, percent
from notifications.domain.ledger import DeliveryRecord, DeliveryStatus, digest_id
from notifications.domain.subscriptions import Channel, EmailTarget, Language, Subscription


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def is_known_time_zone(name: str) -> bool:
    """Only names from the IANA database: ZoneInfo itself also opens some files that are not
    zones (and fails on a directory such as "Europe" with an OSError)."""
    return name in _time_zones()


@dataclass(frozen=True)
class DigestSlot:
    digest_id: str
    local_date: date
    cutoff: datetime  # aware; changes recorded before it belong to this digest


def due_slot(email: EmailTarget, subscription_id: str, now: datetime) -> DigestSlot | None:
    """Today's slot once its hour has come (in the subscription's time zone), else None."""
    zone = ZoneInfo(email.digest_time_zone)
    local_now = now.astimezone(zone)
    cutoff = datetime.combine(local_now.date(), time(email.digest_hour), tzinfo=zone)
    if local_now < cutoff:
        return None
    return DigestSlot(digest_id(subscription_id, local_now.date()), local_now.date(), cutoff)


def waiting_changes(records: Iterable[DeliveryRecord], cutoff: datetime) -> list[DeliveryRecord]:
    """E-mail entries no digest has taken yet, recorded before the cutoff."""
    return [
        r
        for r in records
        if r.channel is Channel.EMAIL
        and r.status is DeliveryStatus.PENDING
        and r.digest_id is None
        and r.event is not None
        and r.created_at < cutoff
    ]


@dataclass(frozen=True)
class DigestLine:
    """One match in the digest: its latest revision, and how the day changed it."""

    kind: ChangeKind
    match: MatchSnapshot
    first_score: float | None  # the score before the day's first update, for updates


def digest_lines(records: Iterable[DeliveryRecord]) -> list[DigestLine]:
    """Several revisions of one match within a day become one line: proposed then updated is
    still new; anything then withdrawn is withdrawn."""
    by_match: dict[str, list[DeliveryRecord]] = {}
    for record in records:
        by_match.setdefault(record.match_id, []).append(record)
    lines = []
    for revisions in by_match.values():
        revisions.sort(key=lambda r: r.revision)
        latest = revisions[-1]
        assert latest.event is not None
        match = snapshot_of(latest.change, latest.event)
        kinds = {r.change for r in revisions}
        if latest.change is ChangeKind.WITHDRAWN:
            kind = ChangeKind.WITHDRAWN
        elif ChangeKind.PROPOSED in kinds:
            kind = ChangeKind.PROPOSED
        else:
            kind = ChangeKind.UPDATED
        first = revisions[0]
        first_score = None
        if kind is ChangeKind.UPDATED and first.event is not None:
            earliest = snapshot_of(first.change, first.event)
            first_score = earliest.previous_score if isinstance(earliest, MatchUpdated) else None
        lines.append(DigestLine(kind, match, first_score))
    return sorted(lines, key=lambda line: (-line.match.score, line.match.match_id))


_TEXT: dict[Language, dict[str, str]] = {
    Language.NL: {
        "subject": "Livinglab dagoverzicht {date}: {summary}",
        ChangeKind.PROPOSED: "{n} nieuw",
        ChangeKind.UPDATED: "{n} bijgewerkt",
        ChangeKind.WITHDRAWN: "{n} ingetrokken",
        "intro": 'Wijzigingen sinds het vorige overzicht voor uw abonnement "{name}".',
        "head_" + ChangeKind.PROPOSED: "Nieuwe matches",
        "head_" + ChangeKind.UPDATED: "Bijgewerkte matches",
        "head_" + ChangeKind.WITHDRAWN: "Ingetrokken matches",
        "and": "en",
        "was": "was",
        "why": "Waarom",
        "reason": "Reden van intrekking",
        "where": "Regio's en thema's",
        "link": "Bekijk",
        "footer": 'U ontvangt dit dagoverzicht om {hour}:00 ({zone}) vanwege uw abonnement "{name}"'
        " ({id}).",
    },
    Language.EN: {
        "subject": "Livinglab daily digest {date}: {summary}",
        ChangeKind.PROPOSED: "{n} new",
        ChangeKind.UPDATED: "{n} updated",
        ChangeKind.WITHDRAWN: "{n} withdrawn",
        "intro": 'Changes since the previous digest for your subscription "{name}".',
        "head_" + ChangeKind.PROPOSED: "New matches",
        "head_" + ChangeKind.UPDATED: "Updated matches",
        "head_" + ChangeKind.WITHDRAWN: "Withdrawn matches",
        "and": "and",
        "was": "was",
        "why": "Why",
        "reason": "Reason for withdrawal",
        "where": "Regions and themes",
        "link": "View",
        "footer": "You receive this daily digest at {hour}:00 ({zone}) because of your subscription"
        ' "{name}" ({id}).',
    },
}
_ORDER = (ChangeKind.PROPOSED, ChangeKind.UPDATED, ChangeKind.WITHDRAWN)


def render_digest(
    subscription: Subscription, slot: DigestSlot, lines: list[DigestLine], link_template: str
) -> EmailText:
    """`link_template` holds `{match_id}`; every match gets its own link."""
    assert subscription.email is not None
    language = subscription.email.language
    text = _TEXT[language]
    counts = {kind: sum(line.kind is kind for line in lines) for kind in _ORDER}
    summary = ", ".join(text[kind].format(n=n) for kind, n in counts.items() if n)
    name = subscription.name or "-"
    body = [text["intro"].format(name=name)]
    for kind in _ORDER:
        group = [line for line in lines if line.kind is kind]
        if not group:
            continue
        heading = f"{text['head_' + kind]} ({len(group)})"
        body += ["", heading, "=" * len(heading)]
        for line in group:
            body += ["", *_describe(line, language, link_template)]
    body += [
        "",
        text["footer"].format(
            hour=f"{subscription.email.digest_hour:02d}",
            zone=subscription.email.digest_time_zone,
            name=name,
            id=subscription.subscription_id,
        ),
    ]
    subject = text["subject"].format(date=slot.local_date.isoformat(), summary=summary)
    return EmailText(subject=one_line(subject)[:200], body="\n".join(body) + "\n")


def _describe(line: DigestLine, language: Language, link_template: str) -> list[str]:
    text, match = _TEXT[language], line.match
    names = list(match.subject_names) or list(match.subject_ids)
    a, b = (names + list(match.subject_ids))[:2]
    score = percent(match.score)
    if line.kind is ChangeKind.UPDATED:
        before = line.first_score
        if before is None and isinstance(match, MatchUpdated):
            before = match.previous_score
        if before is not None:
            score += f" ({text['was']} {percent(before)})"
    described = [f"- {a} {text['and']} {b}: {score}"]
    reasons = match.top_reasons_nl if language is Language.NL else match.top_reasons_en
    described.append(f"  {text['why']}: {reasons or '-'}")
    if isinstance(match, MatchWithdrawn):
        withdrawn = match.reason_nl if language is Language.NL else match.reason_en
        described.append(f"  {text['reason']}: {withdrawn}")
    regions, themes = labels_of(match, language)
    described.append(f"  {text['where']}: {regions}; {themes}")
    described.append(f"  {text['link']}: {link_template.format(match_id=match.match_id)}")
    return described
