"""The ledger decisions behind exactly-once: announce once, never again, never older."""

from __future__ import annotations

from notifications.domain.changes import ChangeKind
from notifications.domain.ledger import DeliveryStatus, delivery_id
from notifications.domain.ledger_view import LedgerView
from notifications.domain.planning import Decision, decide, plan
from notifications.domain.subscriptions import Channel, Language

from tests.unit.notifications.builders import NOW, change, subscription


def announce(ledger: LedgerView, *args, **kwargs):  # type: ignore[no-untyped-def]
    planned = plan(*args, **kwargs)
    for record in planned:
        ledger.apply(record)
    return planned


def test_a_matching_change_is_announced_on_every_channel_of_the_subscription() -> None:
    sub = subscription(email=Language.EN, regions=("CR39",))
    planned = announce(LedgerView(), change(regions=["GM0935"]), [sub], LedgerView(), 2, NOW)
    assert {r.channel for r in planned} == {Channel.FEED, Channel.WEBHOOK, Channel.EMAIL}
    assert all(r.source_partition == 2 and r.event is not None for r in planned)
    feed = next(r for r in planned if r.channel is Channel.FEED)
    assert feed.status is DeliveryStatus.DELIVERED  # publishing on the feed cannot fail


def test_the_same_revision_is_announced_once_whatever_happens_to_the_consumer() -> None:
    ledger, sub, proposed = LedgerView(), subscription(), change()
    first = announce(ledger, proposed, [sub], ledger, 0, NOW)
    assert first
    assert plan(proposed, [sub], ledger, 0, NOW) == []  # replay, restart, rebalance
    assert decide(sub, proposed, ledger.announced_revision(sub.subscription_id, proposed.match_id))
    assert decide(sub, proposed, 1) is Decision.DUPLICATE


def test_an_older_revision_after_a_newer_one_is_stale() -> None:
    assert decide(subscription(), change("match.updated", revision=2), 3) is Decision.STALE


def test_updates_and_withdrawals_follow_a_match_the_subscriber_was_told_about() -> None:
    sub = subscription(min_score=0.6)
    assert decide(sub, change("match.updated", revision=2, score=0.3), 1) is Decision.ANNOUNCE
    assert decide(sub, change("match.withdrawn", revision=3), 2) is Decision.ANNOUNCE


def test_a_withdrawal_of_a_match_never_announced_is_not_relevant() -> None:
    assert decide(subscription(), change("match.withdrawn"), None) is Decision.NOT_RELEVANT


def test_an_update_that_now_passes_the_filters_is_announced_as_an_update() -> None:
    ledger, sub = LedgerView(), subscription(min_score=0.6)
    assert plan(change(score=0.5), [sub], ledger, 0, NOW) == []
    planned = plan(change("match.updated", revision=2, score=0.7), [sub], ledger, 0, NOW)
    assert {r.change for r in planned} == {ChangeKind.UPDATED}


def test_delivery_ids_are_stable_and_distinct_per_channel_and_revision() -> None:
    one = delivery_id("s", "m", 1, Channel.WEBHOOK)
    assert one == delivery_id("s", "m", 1, Channel.WEBHOOK)
    assert one != delivery_id("s", "m", 2, Channel.WEBHOOK)
    assert one != delivery_id("s", "m", 1, Channel.EMAIL)


def test_the_ledger_only_moves_forward() -> None:
    ledger, sub = LedgerView(), subscription()
    pending = next(r for r in plan(change(), [sub], ledger, 1, NOW) if r.channel is Channel.WEBHOOK)
    assert ledger.apply(pending)
    delivered = pending.finished(DeliveryStatus.DELIVERED, NOW)
    assert ledger.apply(delivered)
    assert not ledger.apply(pending)  # the same record read back later from the topic
    stored = ledger.get(pending.delivery_id)
    assert stored is not None and stored.status is DeliveryStatus.DELIVERED
    assert stored.event is None  # nothing left to send, so the payload is not kept


def test_pending_deliveries_are_found_by_source_partition() -> None:
    ledger, sub = LedgerView(), subscription()
    announce(ledger, change(), [sub], ledger, 1, NOW)
    assert [r.channel for r in ledger.pending({1})] == [Channel.WEBHOOK]
    assert ledger.pending({0, 2}) == []
