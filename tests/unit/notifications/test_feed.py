"""The live feed: per-owner fan-out, catch-up by Last-Event-ID, slow clients cut loose."""

from __future__ import annotations

from notifications.service_layer.feed import FeedHub, FeedMessage


def message(n: int, owner: str = "crm-zuid") -> FeedMessage:
    return FeedMessage(f"m{n}", owner, "s1", "match.proposed", {"n": n})


async def test_each_owner_only_sees_announcements_to_its_own_subscriptions() -> None:
    hub = FeedHub(history_size=10, queue_size=10)
    mine, theirs = hub.connect("crm-zuid"), hub.connect("crm-noord")
    hub.publish(message(1))
    hub.publish(message(2, owner="crm-noord"))
    assert (await mine.next()) == message(1)
    assert (await theirs.next()) == message(2, owner="crm-noord")


async def test_a_reconnecting_client_gets_what_it_missed() -> None:
    hub = FeedHub(history_size=10, queue_size=10)
    for n in range(1, 5):
        hub.publish(message(n))
    hub.publish(message(9, owner="crm-noord"))
    again = hub.connect("crm-zuid", last_event_id="m2")
    assert [(await again.next()) for _ in range(2)] == [message(3), message(4)]


async def test_a_client_that_falls_behind_is_disconnected_instead_of_blocking() -> None:
    hub = FeedHub(history_size=10, queue_size=2)
    slow = hub.connect("crm-zuid")
    for n in range(5):
        hub.publish(message(n))  # never blocks
    assert [await slow.next(), await slow.next()] == [message(0), message(1)]
    assert await slow.next() is None
    hub.disconnect(slow)
    assert hub.connection_count == 0
