"""Submission: validate, admit, publish, record; only what the (fake) broker took is accepted."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from livinglab_common.errors import ApiError
from livinglab_contracts import INITIATIVES_TOPIC, PARTNERS_TOPIC, canonical_json, parse_event
from registry.domain.view import RegistryView
from registry.service_layer.submission import Accepted, KeyedLocks, Submission

from tests.unit.registry.builders import principal, raw
from tests.unit.registry.fakes import InMemoryPublisher

PREFIX = "unit."
PARTNERS = PREFIX + PARTNERS_TOPIC


@pytest.fixture
def publisher() -> InMemoryPublisher:
    return InMemoryPublisher()


@pytest.fixture
def view() -> RegistryView:
    return RegistryView()


@pytest.fixture
def submission(view: RegistryView, publisher: InMemoryPublisher) -> Submission:
    return Submission(view, publisher, PREFIX)


async def refusal(submission: Submission, event: Any) -> ApiError:
    with pytest.raises(ApiError) as refused:
        await submission.submit(event, principal())
    return refused.value


async def test_an_accepted_event_is_published_keyed_by_its_aggregate_in_canonical_form(
    submission: Submission, publisher: InMemoryPublisher, view: RegistryView
) -> None:
    event = raw("partner.registered")
    accepted = await submission.submit(event, principal())
    assert accepted == Accepted(event["id"], PARTNERS, 0, 0)
    assert publisher.logs[PARTNERS] == [(b"vista-college", canonical_json(parse_event(event)))]
    assert view.aggregates["vista-college"].sequence == 1


async def test_a_duplicate_gets_the_original_position_and_is_not_published_again(
    submission: Submission, publisher: InMemoryPublisher
) -> None:
    event = raw("partner.registered")
    first = await submission.submit(event, principal())
    again = await submission.submit(event, principal())
    assert again == Accepted(first.id, first.topic, first.partition, first.offset, duplicate=True)
    assert len(publisher.logs[PARTNERS]) == 1


async def test_the_same_id_with_another_body_is_refused_naming_the_id(
    submission: Submission, publisher: InMemoryPublisher
) -> None:
    event = raw("partner.registered")
    await submission.submit(event, principal())
    refused = await refusal(submission, event | {"data": event["data"] | {"name": "Vista"}})
    assert (refused.status, refused.code, refused.details[0].field) == (
        409,
        "duplicate_id_different_body",
        "id",
    )
    assert len(publisher.logs[PARTNERS]) == 1


async def test_an_invalid_event_is_refused_with_every_violation_and_nothing_is_published(
    submission: Submission, publisher: InMemoryPublisher
) -> None:
    broken = raw("partner.registered", time="2026-03-01T09:00:00", data={"kind": "bakery"})
    refused = await refusal(submission, broken)
    assert (refused.status, refused.code) == (422, "invalid_event")
    assert [(d.field, d.rule) for d in refused.details] == [
        ("time", "timezone_aware"),
        ("data.kind", "enum"),
    ]
    assert not publisher.logs


async def test_match_events_cannot_be_posted_to_the_registry(submission: Submission) -> None:
    refused = await refusal(submission, raw("match.proposed"))
    assert (refused.status, refused.details[0].rule) == (422, "not_accepted_here")


async def test_while_the_broker_is_down_nothing_is_accepted_and_a_retry_later_succeeds(
    submission: Submission, publisher: InMemoryPublisher, view: RegistryView
) -> None:
    event = raw("partner.registered")
    publisher.down = True
    refused = await refusal(submission, event)
    assert (refused.status, refused.code, refused.headers) == (
        503,
        "kafka_unavailable",
        {"Retry-After": "5"},
    )
    assert not view.events and not view.aggregates
    publisher.down = False
    accepted = await submission.submit(event, principal())
    assert not accepted.duplicate and len(publisher.logs[PARTNERS]) == 1


async def test_a_delivery_that_lands_after_its_timeout_makes_the_retry_a_duplicate(
    submission: Submission, publisher: InMemoryPublisher, view: RegistryView
) -> None:
    event = raw("partner.registered")
    publisher.stalled = True
    assert (await refusal(submission, event)).status == 503
    # The retry waits for the delivery still in flight instead of sending a second copy.
    retry = asyncio.create_task(submission.submit(event, principal()))
    done, _ = await asyncio.wait({retry}, timeout=0.2)
    assert not done
    publisher.release()
    accepted = await retry
    assert accepted.duplicate and accepted.offset == 0
    assert len(publisher.logs[PARTNERS]) == 1 and (event["source"], event["id"]) in view.events


async def test_a_delivery_that_failed_for_good_is_sent_again_on_retry(
    submission: Submission, publisher: InMemoryPublisher
) -> None:
    event = raw("partner.registered")
    publisher.stalled = True
    assert (await refusal(submission, event)).status == 503
    publisher.release(fail=True)
    accepted = await submission.submit(event, principal())
    assert not accepted.duplicate and len(publisher.logs[PARTNERS]) == 1


async def test_nothing_is_admitted_before_the_view_has_read_the_topics(
    view: RegistryView, publisher: InMemoryPublisher
) -> None:
    caught_up = asyncio.Event()
    submission = Submission(view, publisher, PREFIX, caught_up)
    event = raw("partner.registered")
    refused = await refusal(submission, event)
    assert (refused.status, refused.code, refused.headers["Retry-After"]) == (503, "not_ready", "5")
    assert not publisher.logs
    caught_up.set()
    assert not (await submission.submit(event, principal())).duplicate


async def test_concurrent_posts_of_one_event_publish_it_once(
    submission: Submission, publisher: InMemoryPublisher
) -> None:
    event = raw("partner.registered")
    results = await asyncio.gather(*(submission.submit(event, principal()) for _ in range(5)))
    assert sorted(r.duplicate for r in results) == [False, True, True, True, True]
    assert len(publisher.logs[PARTNERS]) == 1


async def test_one_id_for_two_aggregates_at_once_is_accepted_once(
    submission: Submission, publisher: InMemoryPublisher
) -> None:
    partner = raw("partner.registered", event_id="shared-id")
    initiative = raw("initiative.registered", event_id="shared-id")
    results = await asyncio.gather(
        submission.submit(partner, principal()),
        submission.submit(initiative, principal()),
        return_exceptions=True,
    )
    assert isinstance(results[0], Accepted)
    assert isinstance(results[1], ApiError) and results[1].code == "duplicate_id_different_body"
    assert sum(len(log) for log in publisher.logs.values()) == 1


async def test_locks_serialise_one_key_and_are_dropped_when_nobody_needs_them() -> None:
    locks, order = KeyedLocks(), []

    async def hold(key: str, name: str, release: asyncio.Event) -> None:
        async with locks.hold(key):
            order.append(f"{name} in")
            await release.wait()
            order.append(f"{name} out")

    release = asyncio.Event()
    tasks = [
        asyncio.create_task(hold("a", "first", release)),
        asyncio.create_task(hold("a", "second", release)),
        asyncio.create_task(hold("b", "other", release)),
    ]
    done, _ = await asyncio.wait(tasks, timeout=0.1)
    assert not done and order == ["first in", "other in"] and len(locks) == 2
    release.set()
    await asyncio.gather(*tasks)
    assert order.index("second in") > order.index("first out")
    assert len(locks) == 0


async def test_a_batch_keeps_order_where_items_depend_on_each_other(
    submission: Submission, publisher: InMemoryPublisher
) -> None:
    # Items run concurrently, but the membership waits for both registrations it names and
    # each update waits for the item before it about the same partner.
    join = raw("partner.joined-initiative", sequence=2)
    batch = [
        raw("initiative.registered"),
        raw("partner.registered"),
        join,
        raw("partner.updated", sequence=3),
        "not an event",
        raw("partner.updated", sequence=3),  # same sequence again: stale
    ]
    results = await submission.submit_batch(batch, principal())
    outcomes = [r.status if isinstance(r, ApiError) else r.offset for r in results]
    assert outcomes == [0, 0, 1, 2, 400, 409]
    assert len(publisher.logs[PREFIX + INITIATIVES_TOPIC]) == 1
    assert len(publisher.logs[PARTNERS]) == 3
