"""Profile freshness (issue 19, docs/freshness.md): when a profile is due a reminder (pure).

Every partner, initiative, need and offer was last confirmed by its registration (or
publication), its last update, or its last `...confirmed` event: that event's time is its
`last_confirmed`. A period after it (365 days by default) the profile is stale; a lead time
(14 days) before that its owner and subscribers are reminded. A need or offer whose
`valid_until` has passed is stale too (reason `expired`), from the day after that date.

The registry decides this with its clock and writes the outcome as events
(`...confirmation-requested`, `...marked-stale`); everything downstream (matching,
notifications) only reads those events, so a replay gives what the live run gave. What was
written already is in the view (`state["freshness"]`, applied from the topics), so the sweep
asks for each notice once per confirmation cycle, also after a restart or a takeover.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from registry.domain.records import Aggregate

FRESHNESS = "freshness"  # the state key of the freshness record
KIND_OF_TYPE = {"partner": "partner", "initiative": "initiative", "need_offer": "need-offer"}
# Events that confirm a profile: its time becomes `last_confirmed`.
CONFIRMING = frozenset(
    {
        "partner.registered",
        "partner.updated",
        "partner.confirmed",
        "initiative.registered",
        "initiative.updated",
        "initiative.confirmed",
        "need.published",
        "offer.published",
        "need-offer.confirmed",
    }
)
REQUESTED, STALE = "confirmation-requested", "marked-stale"


@dataclass(frozen=True)
class FreshnessPolicy:
    period: timedelta  # stale this long after the last confirmation
    lead: timedelta  # reminded this long before it is stale
    # Confirmations before this moment count from it: profiles registered before freshness was
    # switched on, and history imported with its own old times (the demo's events from 2017),
    # get one full period from then instead of turning stale at once.
    counts_from: datetime | None = None

    def __post_init__(self) -> None:
        if self.period <= timedelta(0) or self.lead < timedelta(0) or self.lead >= self.period:
            raise ValueError("need 0 <= lead < period")


@dataclass(frozen=True)
class Notice:
    """One event the registry should write about one aggregate."""

    aggregate_id: str
    aggregate_type: str
    action: str  # REQUESTED | STALE
    last_confirmed: datetime
    stale_at: datetime
    cycle: int  # the sequence of the confirming event: unique per cycle, even at equal times
    reason: str = "unconfirmed"  # for STALE: unconfirmed | expired

    @property
    def key(self) -> tuple[str, str, int]:
        """Once per aggregate, action and confirmation cycle."""
        return (self.aggregate_id, self.action, self.cycle)


def _time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def record_of(state: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = state.setdefault(FRESHNESS, {})
    return found


def confirm(state: dict[str, Any], at: datetime, sequence: int) -> None:
    """A registration, update or confirmation: fresh again, a new cycle, named by the
    confirming event's sequence (a later event of the aggregate always has a higher one)."""
    record = record_of(state)
    record["last_confirmed"] = at.astimezone(UTC).isoformat()
    record["confirmed_sequence"] = sequence
    for ended in ("stale_since", "stale_reason", "confirmation_requested_at"):
        record.pop(ended, None)


def _same_cycle(state: dict[str, Any], sequence: int) -> bool:
    """A notice carries the aggregate's sequence when it was decided; one decided before a
    later confirmation (both on their way at once) is about a cycle that has ended."""
    confirmed: int = record_of(state).get("confirmed_sequence", 0)
    return sequence >= confirmed


def note_requested(state: dict[str, Any], data: dict[str, Any], at: datetime, seq: int) -> None:
    if _same_cycle(state, seq):
        record = record_of(state)
        record["reminded_for"] = record.get("confirmed_sequence", 0)
        record["confirmation_requested_at"] = at.isoformat()


def note_stale(state: dict[str, Any], data: dict[str, Any], at: datetime, seq: int) -> None:
    if _same_cycle(state, seq):
        record = record_of(state)
        record["stale_since"] = at.isoformat()
        record["stale_reason"] = data.get("reason", "unconfirmed")


def is_stale(state: dict[str, Any]) -> bool:
    return "stale_since" in state.get(FRESHNESS, {})


def _expiry(state: dict[str, Any]) -> datetime | None:
    """A need or offer holds until the end of its `valid_until` day (UTC)."""
    until = state.get("valid_until")
    if not isinstance(until, str):
        return None
    return datetime.combine(date.fromisoformat(until) + timedelta(days=1), time(), UTC)


def _tracked(aggregate: Aggregate) -> bool:
    """Closed initiatives and withdrawn needs and offers are no longer proposed anyway."""
    state = aggregate.state
    if aggregate.type == "initiative":
        return state.get("status") != "closed"
    if aggregate.type == "need_offer":
        return state.get("status") == "open"
    return aggregate.type == "partner" and "merged_into" not in state  # gone in its survivor


def notice_for(aggregate: Aggregate, policy: FreshnessPolicy, now: datetime) -> Notice | None:
    """The notice this aggregate is due now, or None."""
    if aggregate.type not in KIND_OF_TYPE or not _tracked(aggregate):
        return None
    record = aggregate.state.get(FRESHNESS, {})
    if "stale_since" in record:
        return None  # stale already in this cycle; a confirmation starts the next
    # `last` names the cycle (it is what the notices carry); the period runs from `counted`.
    last = _time(record.get("last_confirmed")) or aggregate.created_at
    counted = max(last, policy.counts_from) if policy.counts_from else last
    stale_at, reason = counted + policy.period, "unconfirmed"
    expiry = _expiry(aggregate.state) if aggregate.type == "need_offer" else None
    if expiry is not None and expiry <= stale_at:
        stale_at, reason = expiry, "expired"
    cycle = record.get("confirmed_sequence", 0)
    if now >= stale_at:
        return Notice(aggregate.id, aggregate.type, STALE, last, stale_at, cycle, reason)
    if now >= stale_at - policy.lead and record.get("reminded_for") != cycle:
        return Notice(aggregate.id, aggregate.type, REQUESTED, last, stale_at, cycle, reason)
    return None


def due_notices(
    aggregates: Iterable[Aggregate], policy: FreshnessPolicy, now: datetime
) -> list[Notice]:
    """Every notice due now, in a stable order (by aggregate id)."""
    found = (notice_for(a, policy, now) for a in aggregates)
    return sorted((n for n in found if n is not None), key=lambda n: n.aggregate_id)
