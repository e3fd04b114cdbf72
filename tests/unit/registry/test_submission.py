"""Submission: validate, admit, publish, record; only what the (fake) broker took is accepted."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from livinglab_common.errors import ApiError
from livinglab_contracts import INITIATIVES_TOPIC, PARTNERS_TOPIC, canonical_json, parse_event
from registry.domain.view import Position, RegistryView
from registry.service_layer.busy import BusyKeys
from registry.service_layer.submission import Accepted, Submission

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


async def test_busy_keys_block_other_holders_and_are_dropped_on_release() -> None:
    busy = BusyKeys()
    loop = asyncio.get_running_loop()
    first, second = loop.create_future(), loop.create_future()
    busy.hold(["aggregate:a", "id:s 1"], first)
    assert busy.blocking(["aggregate:a"], first) is None  # its own keys never block a holder
    assert busy.blocking(["aggregate:b", "id:s 1"], second) is first
    busy.release(["aggregate:a", "id:s 1"], first)
    assert first.done() and len(busy) == 0 and busy.blocking(["aggregate:a"], second) is None


async def test_a_post_about_an_aggregate_in_flight_waits_for_its_acknowledgement(
    submission: Submission, publisher: InMemoryPublisher
) -> None:
    # The registration is admitted and sent; the update about the same partner, posted at the
    # same moment, is admitted only once the registration is in the view (else: unknown).
    results = await asyncio.gather(
        submission.submit(raw("partner.registered"), principal()),
        submission.submit(raw("partner.updated", sequence=2), principal()),
    )
    assert [r.offset for r in results] == [0, 1]
    assert publisher.rounds == [[b"vista-college"], [b"vista-college"]]


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


async def test_a_batch_is_published_in_one_round_until_an_item_points_at_an_earlier_one(
    submission: Submission, publisher: InMemoryPublisher
) -> None:
    partners = [
        raw("partner.registered", subject=f"p{n}", data={"partner_id": f"p{n}"}) for n in range(3)
    ]
    join = raw("partner.joined-initiative", sequence=2, subject="p0", data={"partner_id": "p0"})
    need = raw("need.published", data={"publisher_id": "p1"})
    batch = [raw("initiative.registered"), *partners, join, need]
    results = await submission.submit_batch(batch, principal())
    assert all(isinstance(r, Accepted) and not r.duplicate for r in results)
    # The membership waits for its initiative's acknowledgement; the need, whose publisher was
    # acked in the first round, goes along with it.
    assert publisher.rounds == [
        [b"cop-limburg", b"p0", b"p1", b"p2"],
        [b"p0", b"need-procestechnologen"],
    ]


async def test_a_batch_item_repeated_in_the_same_batch_gets_the_first_ones_position(
    submission: Submission, publisher: InMemoryPublisher
) -> None:
    event = raw("partner.registered")
    changed = event | {"data": event["data"] | {"name": "Vista"}}
    results = await submission.submit_batch([event, event, changed], principal())
    first, again, other = results
    assert isinstance(first, Accepted) and isinstance(again, Accepted)
    assert again == Accepted(first.id, first.topic, first.partition, first.offset, True)
    assert isinstance(other, ApiError) and other.code == "duplicate_id_different_body"
    assert len(publisher.logs[PARTNERS]) == 1


async def test_an_update_after_a_registration_in_one_batch_is_admitted_against_the_overlay(
    submission: Submission, publisher: InMemoryPublisher, view: RegistryView
) -> None:
    batch = [raw("partner.registered"), raw("partner.updated", sequence=2)]
    publisher.down = True
    refused = await submission.submit_batch(batch, principal())
    assert [r.status for r in refused if isinstance(r, ApiError)] == [503, 503]
    assert not view.aggregates  # the overlay never reached the view
    publisher.down = False
    accepted = await submission.submit_batch(batch, principal())
    assert [r.offset for r in accepted if isinstance(r, Accepted)] == [0, 1]
    assert publisher.rounds[-1] == [b"vista-college", b"vista-college"]
    assert view.aggregates["vista-college"].sequence == 2


async def test_the_view_keeps_the_positions_it_acked_for_the_follower_to_skip(
    submission: Submission, view: RegistryView
) -> None:
    accepted = await submission.submit(raw("partner.registered"), principal())
    position = Position(accepted.topic, accepted.partition, accepted.offset)
    assert view.acked_here == {position} and not view.sending
