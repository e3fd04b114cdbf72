"""Lanes: a slow receiver delays only itself; one receiver gets its deliveries in order."""

from __future__ import annotations

import asyncio

from notifications.domain.ledger import DeliveryRecord
from notifications.domain.ledger_view import LedgerView
from notifications.domain.planning import plan
from notifications.domain.subscriptions import Channel, Subscription
from notifications.service_layer.dispatcher import Dispatcher

from tests.unit.notifications.builders import NOW, change, subscription


def pending(sub: Subscription, partition: int = 0, revision: int = 1) -> DeliveryRecord:
    records = plan(change(revision=revision), [sub], LedgerView(), partition, NOW)
    return next(r for r in records if r.channel is Channel.WEBHOOK)


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
