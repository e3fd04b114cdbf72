"""Lanes: a slow receiver delays only itself; one subscriber gets several matches side by side,
each match's revisions in order."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from notifications.domain.lanes import in_delivery_order, lane_of
from notifications.domain.ledger import DeliveryRecord
from notifications.domain.ledger_view import LedgerView
from notifications.domain.planning import plan
from notifications.domain.subscriptions import Channel, Subscription
from notifications.service_layer.dispatcher import Dispatcher

from tests.unit.notifications.builders import NOW, change, subscription


def pending(
    sub: Subscription, partition: int = 0, revision: int = 1, match_id: str | None = None
) -> DeliveryRecord:
    data = {"match_id": match_id} if match_id else {}
    records = plan(change(revision=revision, **data), [sub], LedgerView(), partition, NOW)
    return next(r for r in records if r.channel is Channel.WEBHOOK)


def matches_in_other_lanes(count: int, lanes: int) -> list[str]:
    """Match ids that land in `count` different lanes."""
    found: dict[int, str] = {}
    while len(found) < count:
        match_id = str(uuid.uuid4())
        found.setdefault(lane_of(match_id, lanes), match_id)
    return list(found.values())


async def test_a_stuck_receiver_does_not_hold_up_another_subscription() -> None:
    stuck, done = asyncio.Event(), asyncio.Event()
    slow, fast = subscription(), subscription()
    slow_record, fast_record = pending(slow), pending(fast)

    async def deliver(delivery_id: str) -> None:
        if delivery_id == slow_record.delivery_id:
            await stuck.wait()
        else:
            done.set()

    dispatcher = Dispatcher(deliver)
    dispatcher.claim([0])
    assert dispatcher.submit(slow_record) and dispatcher.submit(fast_record)
    await asyncio.wait_for(done.wait(), 2)
    assert dispatcher.in_progress == 1
    stuck.set()
    await dispatcher.close()


async def test_one_lane_delivers_in_order_and_ignores_resubmissions() -> None:
    sub, seen = subscription(), []
    first, second = pending(sub, revision=1), pending(sub, revision=2)
    finished = asyncio.Event()

    async def deliver(delivery_id: str) -> None:
        seen.append(delivery_id)
        if len(seen) == 2:
            finished.set()

    dispatcher = Dispatcher(deliver)
    dispatcher.claim([0])
    assert dispatcher.submit(first) and dispatcher.submit(second)
    assert not dispatcher.submit(first)  # already queued
    await asyncio.wait_for(finished.wait(), 2)
    assert seen == [first.delivery_id, second.delivery_id]


async def test_only_deliveries_of_owned_partitions_run() -> None:
    async def deliver(_: str) -> None:
        raise AssertionError("must not run")

    dispatcher = Dispatcher(deliver)
    dispatcher.claim([0, 1])
    dispatcher.release([1])
    assert not dispatcher.submit(pending(subscription(), partition=1))
    assert dispatcher.owns(0) and not dispatcher.owns(1)


async def test_two_matches_of_one_subscriber_are_delivered_side_by_side() -> None:
    sub, held = subscription(), asyncio.Event()
    first_match, second_match = matches_in_other_lanes(2, lanes=8)
    first, second = pending(sub, match_id=first_match), pending(sub, match_id=second_match)
    started: list[str] = []
    second_done = asyncio.Event()

    async def deliver(delivery_id: str) -> None:
        started.append(delivery_id)
        if delivery_id == first.delivery_id:
            await held.wait()  # the receiver holds on to the first match's delivery
        else:
            second_done.set()

    dispatcher = Dispatcher(deliver, lanes=8)
    dispatcher.claim([0])
    assert dispatcher.submit(first) and dispatcher.submit(second)
    # The second match gets through while the first is still in flight.
    await asyncio.wait_for(second_done.wait(), 2)
    assert started == [first.delivery_id, second.delivery_id]
    assert dispatcher.in_progress == 1
    held.set()
    await dispatcher.close()


async def test_one_lane_per_subscription_keeps_strict_order_across_matches() -> None:
    sub, held = subscription(), asyncio.Event()
    first_match, second_match = matches_in_other_lanes(2, lanes=8)
    first, second = pending(sub, match_id=first_match), pending(sub, match_id=second_match)
    started: list[str] = []
    finished = asyncio.Event()

    async def deliver(delivery_id: str) -> None:
        started.append(delivery_id)
        if delivery_id == first.delivery_id:
            await held.wait()
        else:
            finished.set()

    dispatcher = Dispatcher(deliver, lanes=1)
    dispatcher.claim([0])
    assert dispatcher.submit(first) and dispatcher.submit(second)
    for _ in range(20):  # let the lane run as far as it can
        await asyncio.sleep(0)
    assert started == [first.delivery_id]
    held.set()
    await asyncio.wait_for(finished.wait(), 2)
    assert started == [first.delivery_id, second.delivery_id]


async def test_a_matchs_revisions_wait_for_each_other_while_other_matches_go_on() -> None:
    sub, held = subscription(), asyncio.Event()
    slow_match, *others = matches_in_other_lanes(4, lanes=4)
    revisions = [pending(sub, revision=n, match_id=slow_match) for n in (1, 2, 3)]
    other = [pending(sub, match_id=m) for m in others]
    started: list[str] = []
    others_done, all_done = asyncio.Event(), asyncio.Event()
    other_ids = {r.delivery_id for r in other}

    async def deliver(delivery_id: str) -> None:
        started.append(delivery_id)
        if delivery_id == revisions[0].delivery_id:
            await held.wait()
        if other_ids <= set(started):
            others_done.set()
        if len(started) == len(revisions) + len(other):
            all_done.set()

    dispatcher = Dispatcher(deliver, lanes=4)
    dispatcher.claim([0])
    for record in (revisions[0], other[0], revisions[1], other[1], revisions[2], other[2]):
        assert dispatcher.submit(record)
    await asyncio.wait_for(others_done.wait(), 2)
    # Revision 1 is held: 2 and 3 have not started, the other matches went through.
    assert [r.delivery_id for r in revisions if r.delivery_id in started] == [
        revisions[0].delivery_id
    ]
    held.set()
    await asyncio.wait_for(all_done.wait(), 2)
    mine = [i for i in started if i not in other_ids]
    assert mine == [r.delivery_id for r in revisions]


def test_a_match_always_lands_in_the_same_lane_and_one_lane_takes_everything() -> None:
    match_id = str(uuid.uuid4())
    assert lane_of(match_id, 8) == lane_of(match_id, 8)
    assert {lane_of(str(uuid.uuid4()), 8) for _ in range(200)} == set(range(8))
    assert {lane_of(str(uuid.uuid4()), 1) for _ in range(20)} == {0}


def test_pending_deliveries_resume_with_each_matchs_revisions_in_order() -> None:
    # Read back from the ledger's partitions, revision 3 came first; its clock was also behind.
    sub, match_id = subscription(), str(uuid.uuid4())
    first, second, third = (pending(sub, revision=n, match_id=match_id) for n in (1, 2, 3))
    third = third.model_copy(update={"created_at": NOW - timedelta(seconds=5)})
    other = pending(sub).model_copy(update={"created_at": NOW + timedelta(seconds=1)})
    ledger = LedgerView()
    for record in (third, other, second, first):
        ledger.apply(record)
    assert [r.delivery_id for r in ledger.pending({0})] == [
        first.delivery_id,
        second.delivery_id,
        third.delivery_id,
        other.delivery_id,
    ]
    assert in_delivery_order([]) == []
