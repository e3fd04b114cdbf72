"""Profile freshness (issue 19): the pure rule, its state in the view, admission, and the sweep
with an injected clock and an in-memory Kafka (docs/freshness.md)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
from livinglab_common.keys import KeyRing
from livinglab_contracts.examples import SOURCE
from registry.domain.admission import Refusal, admit
from registry.domain.freshness import (
    REQUESTED,
    STALE,
    FreshnessPolicy,
    due_notices,
    is_stale,
    notice_for,
)
from registry.domain.queries import Filters, page, present
from registry.domain.view import RegistryView
from registry.service_layer.freshness import FreshnessSweeper

from tests.unit.registry.builders import digest, network, parsed, principal, record, view_of
from tests.unit.registry.fakes import InMemoryPublisher

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)  # the examples' time, 09:00+01:00
POLICY = FreshnessPolicy(period=timedelta(days=365), lead=timedelta(days=14))


def _registered() -> RegistryView:
    return view_of(parsed("partner.registered"))


def _apply_notice(view: RegistryView, now: datetime) -> None:
    """What the sweep writes, applied as the follower would."""
    from livinglab_contracts import parse_event
    from registry.domain.events import from_contract
    from registry.service_layer.freshness import notice_event

    for notice in due_notices(view.aggregates.values(), POLICY, now):
        aggregate = view.aggregates[notice.aggregate_id]
        event = from_contract(parse_event(notice_event(notice, aggregate, "vista-crm")))
        record(view, event)


def test_a_fresh_profile_is_due_nothing() -> None:
    view = _registered()
    assert due_notices(view.aggregates.values(), POLICY, T0 + timedelta(days=350)) == []


def test_the_reminder_comes_the_lead_time_before_and_the_stale_mark_after_the_period() -> None:
    partner = _registered().aggregates["vista-college"]
    reminder = notice_for(partner, POLICY, T0 + timedelta(days=351))
    assert reminder is not None and reminder.action == REQUESTED
    assert reminder.last_confirmed == T0 and reminder.stale_at == T0 + timedelta(days=365)
    stale = notice_for(partner, POLICY, T0 + timedelta(days=365))
    assert stale is not None and (stale.action, stale.reason) == (STALE, "unconfirmed")


def test_each_notice_is_due_once_per_confirmation_cycle() -> None:
    view = _registered()
    _apply_notice(view, T0 + timedelta(days=352))
    state = view.aggregates["vista-college"].state
    assert state["freshness"]["reminded_for"] == 1  # the cycle: the registration's sequence
    assert due_notices(view.aggregates.values(), POLICY, T0 + timedelta(days=360)) == []
    _apply_notice(view, T0 + timedelta(days=366))
    assert is_stale(state)
    assert due_notices(view.aggregates.values(), POLICY, T0 + timedelta(days=900)) == []
    shown = present(view.aggregates["vista-college"])
    assert shown["stale"] is True and shown["stale_reason"] == "unconfirmed"
    assert shown["last_confirmed"] == T0.isoformat() and shown["stale_since"]
    assert "freshness" not in shown


def test_the_lists_filter_stale_or_fresh_profiles() -> None:
    view = view_of(parsed("partner.registered"), parsed("initiative.registered"))
    _apply_notice(view, T0 + timedelta(days=366))
    record(view, parsed("initiative.confirmed", sequence=2, time=T0.isoformat()))
    everything = list(view.aggregates.values())
    stale = page(everything, Filters(stale=True), 10, 0).items
    fresh = page(everything, Filters(stale=False), 10, 0).items
    assert [p["id"] for p in stale] == ["vista-college"]
    assert [p["id"] for p in fresh] == ["cop-limburg"]


def test_a_confirmation_renews_and_starts_a_new_cycle() -> None:
    view = _registered()
    _apply_notice(view, T0 + timedelta(days=352))
    _apply_notice(view, T0 + timedelta(days=366))
    renewed_at = T0 + timedelta(days=370)
    record(view, parsed("partner.confirmed", sequence=2, time=renewed_at.isoformat()))
    partner = view.aggregates["vista-college"]
    assert not is_stale(partner.state) and present(partner)["stale"] is False
    assert present(partner)["last_confirmed"] == renewed_at.isoformat()
    assert due_notices(view.aggregates.values(), POLICY, renewed_at + timedelta(days=300)) == []
    again = notice_for(partner, POLICY, renewed_at + timedelta(days=351))
    assert again is not None and again.action == REQUESTED and again.last_confirmed == renewed_at


def test_an_update_confirms_too() -> None:
    view = _registered()
    later = T0 + timedelta(days=200)
    record(view, parsed("partner.updated", sequence=2, time=later.isoformat()))
    assert notice_for(view.aggregates["vista-college"], POLICY, T0 + timedelta(days=366)) is None


def test_a_notice_written_before_a_later_confirmation_counts_for_nothing() -> None:
    """Sweep and update on their way at once: the update lands first in the partition."""
    view = _registered()
    stale = notice_for(view.aggregates["vista-college"], POLICY, T0 + timedelta(days=366))
    assert stale is not None
    from livinglab_contracts import parse_event
    from registry.domain.events import from_contract
    from registry.service_layer.freshness import notice_event

    event = from_contract(parse_event(notice_event(stale, view.aggregates["vista-college"], None)))
    record(
        view, parsed("partner.confirmed", sequence=2, time=(T0 + timedelta(days=366)).isoformat())
    )
    record(view, event)
    assert not is_stale(view.aggregates["vista-college"].state)
    assert view.aggregates["vista-college"].sequence == 2  # a notice never moves the sequence


def test_older_confirmations_count_from_the_day_freshness_was_switched_on() -> None:
    """The demo's history from 2017 is not stale at once: one full period from `counts_from`;
    the notices still name the real last confirmation (the cycle)."""
    view = view_of(parsed("partner.registered", time="2017-06-01T09:00:00+02:00"))
    since = datetime(2026, 12, 6, tzinfo=UTC)
    policy = FreshnessPolicy(timedelta(days=365), timedelta(days=14), counts_from=since)
    partner = view.aggregates["vista-college"]
    assert notice_for(partner, policy, since + timedelta(days=300)) is None
    due = notice_for(partner, policy, since + timedelta(days=352))
    assert due is not None and due.action == REQUESTED
    assert due.last_confirmed == datetime(2017, 6, 1, 7, tzinfo=UTC)
    assert due.stale_at == since + timedelta(days=365)


def test_a_confirmation_at_the_same_time_as_the_last_is_still_a_new_cycle() -> None:
    """Systems that stamp events with a record's date may confirm twice at one time: each cycle
    gets its own notices (no notice id seen before, so no sweep writing it again and again)."""

    async def scenario() -> None:
        view = _registered()
        publisher = InMemoryPublisher()
        now = [T0 + timedelta(days=366)]
        sweeper = FreshnessSweeper(
            view, publisher, KeyRing("p"), "t.", POLICY, 1.0, lambda: True, clock=lambda: now[0]
        )
        assert await sweeper.sweep() == 1
        record(view, parsed("partner.updated", sequence=2))  # the same time as the registration
        assert not is_stale(view.aggregates["vista-college"].state)
        assert await sweeper.sweep() == 1
        assert await sweeper.sweep() == 0
        assert is_stale(view.aggregates["vista-college"].state)
        ids = [json.loads(v)["id"] for v in publisher.values("t.registry.partners.v1")]
        assert len(set(ids)) == 2

    asyncio.run(scenario())


def test_a_need_is_stale_the_day_after_its_valid_until() -> None:
    view = network()
    need = next(a for a in view.aggregates.values() if a.state.get("direction") == "need")
    need.state["valid_until"] = "2026-06-30"
    before = notice_for(need, POLICY, datetime(2026, 6, 20, tzinfo=UTC))
    assert before is not None and before.action == REQUESTED and before.reason == "expired"
    after = notice_for(need, POLICY, datetime(2026, 7, 1, tzinfo=UTC))
    assert after is not None and after.action == STALE and after.reason == "expired"


def test_closed_initiatives_and_withdrawn_offers_are_not_tracked() -> None:
    view = network()
    record(view, parsed("need-offer.withdrawn", sequence=2))
    record(view, parsed("initiative.closed", sequence=2))
    due = due_notices(view.aggregates.values(), POLICY, T0 + timedelta(days=400))
    assert {n.aggregate_id for n in due} == {"vista-college"} | {
        a.id
        for a in view.aggregates.values()
        if a.type == "need_offer" and a.state["status"] == "open"
    }


def test_partner_systems_may_not_post_what_the_registry_writes() -> None:
    view = _registered()
    event = parsed("partner.marked-stale")
    decision = admit(view, event, digest(event), principal())
    assert isinstance(decision, Refusal) and decision.code == "registry_only"


def test_only_the_owner_confirms() -> None:
    view = _registered()
    event = parsed("partner.confirmed", sequence=2, source="/systems/other-crm")
    decision = admit(view, event, digest(event), principal("/systems/other-crm"))
    assert isinstance(decision, Refusal) and decision.code == "not_owner"
    mine = parsed("partner.confirmed", sequence=2)
    assert not isinstance(admit(view, mine, digest(mine), principal()), Refusal)


def test_an_expired_need_cannot_be_confirmed() -> None:
    view = network()
    need_id = next(a.id for a in view.aggregates.values() if a.state.get("direction") == "need")
    view.aggregates[need_id].state["valid_until"] = "2026-02-01"
    event = parsed(
        "need-offer.confirmed", sequence=2, subject=need_id, data={"need_offer_id": need_id}
    )
    decision = admit(view, event, digest(event), principal())
    assert isinstance(decision, Refusal) and decision.code == "invalid_state"


def test_the_sweep_writes_each_notice_once_and_applies_it_to_the_view() -> None:
    async def scenario() -> None:
        view = _registered()
        publisher = InMemoryPublisher()
        keys = KeyRing("pepper")
        now = [T0 + timedelta(days=352)]
        sweeper = FreshnessSweeper(
            view, publisher, keys, "t.", POLICY, 1.0, lambda: True, clock=lambda: now[0]
        )
        assert await sweeper.sweep() == 1
        assert await sweeper.sweep() == 0  # applied to the view: not due again
        now[0] = T0 + timedelta(days=366)
        assert await sweeper.sweep() == 1
        assert await sweeper.sweep() == 0
        written = [json.loads(v) for v in publisher.values("t.registry.partners.v1")]
        assert [e["type"] for e in written] == [
            "nl.livinglab.partner.confirmation-requested.v1",
            "nl.livinglab.partner.marked-stale.v1",
        ]
        assert all(e["sequence"] == 1 and e["data"]["owner_source"] == SOURCE for e in written)
        assert is_stale(view.aggregates["vista-college"].state)

    asyncio.run(scenario())


@pytest.mark.parametrize("lead", [timedelta(days=-1), timedelta(days=365)])
def test_the_lead_must_be_shorter_than_the_period(lead: timedelta) -> None:
    with pytest.raises(ValueError):
        FreshnessPolicy(period=timedelta(days=365), lead=lead)
