"""The consumer's handler: poison to the DLQ, ledger written before anything is handed out."""

from __future__ import annotations

import orjson
from livinglab_contracts.examples import example_event
from notifications.domain.ledger_view import LedgerView
from notifications.domain.subscriptions import SubscriptionBook
from notifications.service_layer.announcer import Announcer, Consumed
from notifications.service_layer.dispatcher import Dispatcher
from notifications.service_layer.feed import FeedHub

from tests.unit.notifications.builders import subscription
from tests.unit.notifications.fakes import InMemoryWriter


def consumed(value: bytes | None, offset: int = 0) -> Consumed:
    return Consumed("matches", 0, offset, b"k", value)


def setup() -> tuple[Announcer, InMemoryWriter, list[str], FeedHub]:
    book, ledger, writer, feed = SubscriptionBook(), LedgerView(), InMemoryWriter(), FeedHub(10, 10)
    sub = subscription(owner="crm-zuid", regions=("CR39",))
    book.apply(sub.subscription_id, sub)
    started: list[str] = []

    async def deliver(delivery_id: str) -> None:
        started.append(delivery_id)

    dispatcher = Dispatcher(deliver)
    dispatcher.claim([0])
    return Announcer(book, ledger, writer, dispatcher, feed, "ledger", "dlq"), writer, started, feed


async def test_poison_records_go_to_the_dlq_with_the_reason_and_the_batch_goes_on() -> None:
    announcer, writer, _, _ = setup()
    valid = orjson.dumps(example_event("match.proposed"))
    outcome = await announcer.handle(
        [
            consumed(b"not json", 0),
            consumed(b'{"type": "x"}', 1),
            consumed(None, 2),
            consumed(valid, 3),
        ]
    )
    assert outcome.poison == 3 and outcome.planned == 2
    reasons = [dict(r.headers)["x-dlq-reason"].decode() for r in writer.topics["dlq"]]
    assert "not JSON" in reasons[0] and "unknown event type" in reasons[1]
    assert "no value" in reasons[2]
    assert writer.topics["dlq"][0].value == b"not json"  # kept unchanged for inspection


async def test_a_replayed_batch_announces_nothing_twice() -> None:
    announcer, writer, _, feed = setup()
    live = feed.connect("crm-zuid")
    batch = [consumed(orjson.dumps(example_event("match.proposed")))]
    assert (await announcer.handle(batch)).planned == 2
    assert (await announcer.handle(batch)).planned == 0
    assert len(writer.topics["ledger"]) == 2
    assert (await live.next()) is not None
