"""Freshness reminders (issue 19): who hears one, over which channels, once per cycle, and the
e-mail they read (docs/freshness.md)."""

from __future__ import annotations

from typing import Any

from livinglab_contracts import parse_event
from livinglab_contracts.examples import example_event
from notifications.domain.changes import ChangeKind
from notifications.domain.ledger_view import LedgerView
from notifications.domain.reminders import (
    Reminder,
    plan_reminder,
    reminder_from_event,
    render_reminder_email,
    source_partition,
)
from notifications.domain.subscriptions import Channel, Delivery, Language

from tests.unit.notifications.builders import NOW, subscription


def reminder(sequence: int = 1, **data: Any) -> Reminder:
    raw = example_event("partner.confirmation-requested", sequence=sequence)
    raw["data"] |= data
    return reminder_from_event(parse_event(raw))


def test_the_owning_system_and_the_profile_s_followers_hear_it_others_do_not() -> None:
    owner = subscription(owner="vista-crm")
    follower = subscription(owner="coordinator-zl", subject_ids=("vista-college",))
    other = subscription(owner="coordinator-zl", subject_ids=("cop-limburg",))
    planned = plan_reminder(reminder(), [owner, follower, other], LedgerView(), -1, NOW)
    assert {p.subscription_id for p in planned} == {
        owner.subscription_id,
        follower.subscription_id,
    }
    assert all(p.change is ChangeKind.REMINDER and p.channel is Channel.WEBHOOK for p in planned)
    assert all(p.match_id == "reminder:vista-college" for p in planned)


def test_a_reminder_is_planned_once_per_cycle_and_again_for_the_next_cycle() -> None:
    ledger = LedgerView()
    owner = subscription(owner="vista-crm", email=Language.NL)
    first = plan_reminder(reminder(), [owner], ledger, -1, NOW)
    assert {p.channel for p in first} == {Channel.WEBHOOK, Channel.EMAIL}
    for entry in first:
        ledger.apply(entry)
    assert plan_reminder(reminder(), [owner], ledger, -1, NOW) == []
    later = reminder(sequence=3, last_confirmed="2026-03-02T09:00:00+01:00")
    assert len(plan_reminder(later, [owner], ledger, -1, NOW)) == 2


def test_without_an_owner_system_only_followers_hear_it() -> None:
    owner = subscription(owner="vista-crm")
    assert plan_reminder(reminder(owner_system=None), [owner], LedgerView(), -1, NOW) == []


def test_the_daily_digest_does_not_carry_reminders() -> None:
    owner = subscription(owner="vista-crm", webhook=False, email=Language.EN)
    assert owner.email is not None
    daily = owner.email.model_copy(update={"delivery": Delivery.DAILY_DIGEST})
    digest = owner.model_copy(update={"email": daily})
    assert plan_reminder(reminder(), [digest], LedgerView(), -1, NOW) == []


def test_reminder_partitions_never_meet_the_matches_topic_s() -> None:
    codes = {source_partition(t, p) for t in range(3) for p in range(12)}
    assert len(codes) == 36 and max(codes) < 0


def test_the_e_mail_says_what_to_do_and_by_when() -> None:
    text = render_reminder_email(reminder().event, Language.EN, "Mine", "sub-1")
    assert text.subject == "Please confirm your profile: VISTA college"
    assert "nl.livinglab.partner.confirmed.v1" in text.body and "2026-03-01" in text.body
    dutch = render_reminder_email(reminder().event, Language.NL, "Mijn", "sub-1")
    assert dutch.subject.startswith("Bevestig uw profiel")
