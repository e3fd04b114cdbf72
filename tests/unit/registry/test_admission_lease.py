"""Who admits: the sticky lease assignment, and how an instance answers writes while it does not
admit (in process; the two-instance behaviour against Kafka is in
tests/integration/registry/test_two_instances.py)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Any

import httpx
import orjson
import pytest
from aiokafka.coordinator.protocol import (
    ConsumerProtocolMemberAssignment,
    ConsumerProtocolMemberMetadata,
)
from aiokafka.errors import KafkaConnectionError
from livinglab_contracts.labelling import LABELLING_TOPIC, WaveOpened, labelling_record
from registry.adapters import view_follower
from registry.adapters.admission_lease import LEASE_TOPIC, AdmissionLease, _StickyLease
from registry.adapters.peers import PeerAnswer
from registry.adapters.view_follower import registry_topics
from registry.bootstrap import build_registry, create_app
from registry.config import Settings
from registry.entrypoints.forwarding import (
    NOT_ADMITTING_HEADER,
    PEER_HEADER,
    peer_proof,
    read_here,
)

from tests.unit.registry.fakes import InMemoryPublisher


class _OnePartition:
    """Cluster metadata as the assignor reads it: the lease topic has one partition."""

    def partitions_for_topic(self, topic: str) -> set[int] | None:
        return {0} if topic == LEASE_TOPIC else None


def _members(*ids: str, held: str | None = None) -> dict[str, ConsumerProtocolMemberMetadata]:
    return {
        member: ConsumerProtocolMemberMetadata(0, [LEASE_TOPIC], b"held" if member == held else b"")
        for member in ids
    }


def _holders(assignment: dict[str, ConsumerProtocolMemberAssignment]) -> list[str]:
    return [m for m, a in assignment.items() if any(parts for _, parts in a.assignment)]


def test_the_lease_stays_with_its_holder_when_an_instance_joins() -> None:
    members = _members("a-member", "z-member", held="z-member")
    assert _holders(_StickyLease.assign(_OnePartition(), members)) == ["z-member"]


def test_without_a_holder_exactly_one_member_gets_the_lease() -> None:
    assignment = _StickyLease.assign(_OnePartition(), _members("b", "a", "c"))
    assert _holders(assignment) == ["a"]
    assert set(assignment) == {"a", "b", "c"}


def test_a_member_says_it_held_the_lease_when_it_rejoins() -> None:
    lease: Any = type("Lease", (_StickyLease,), {"held": False})
    assert lease.metadata([LEASE_TOPIC]).user_data == b""
    lease.on_assignment(ConsumerProtocolMemberAssignment(0, [(LEASE_TOPIC, [0])], b""))
    assert lease.metadata([LEASE_TOPIC]).user_data == b"held"
    lease.on_assignment(ConsumerProtocolMemberAssignment(0, [], b""))
    assert lease.metadata([LEASE_TOPIC]).user_data == b""


def _client(settings: Settings) -> httpx.AsyncClient:
    app = create_app(settings)  # not started: this instance neither admits nor knows who does
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://registry")


async def test_a_write_while_no_instance_admits_is_503_with_retry_after() -> None:
    async with _client(Settings(wait_for_admitter_s=0)) as client:
        response = await client.post("/v1/events", json={}, headers={"X-API-Key": "x"})
        read = await client.get("/health")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "no_admitter"
    assert response.headers["Retry-After"]
    assert read.status_code == 200  # reads are answered here, whoever admits


async def test_a_forwarded_write_to_an_instance_that_no_longer_admits_is_not_passed_on() -> None:
    settings = Settings(wait_for_admitter_s=0)
    proof = peer_proof(settings.key_pepper.get_secret_value())
    async with _client(settings) as client:
        forwarded = await client.post("/v1/events", json={}, headers={PEER_HEADER: proof})
        spoofed = await client.post("/v1/events", json={}, headers={PEER_HEADER: "guess"})
    assert forwarded.status_code == 503
    assert forwarded.json()["error"]["code"] == "not_admitting"
    assert forwarded.headers[NOT_ADMITTING_HEADER] == "1"
    # A wrong proof is an ordinary client's request: it waits for an admitter like any other.
    assert spoofed.json()["error"]["code"] == "no_admitter"
    assert NOT_ADMITTING_HEADER not in spoofed.headers


def _lease(session_timeout_ms: int = 10_000) -> AdmissionLease:
    async def nothing() -> None:
        return None

    return AdmissionLease(
        "127.0.0.1:1",
        "",
        "http://me",
        InMemoryPublisher(),
        nothing,
        nothing,
        session_timeout_ms,
        rebalance_timeout_ms=session_timeout_ms,
    )


async def test_a_holder_whose_loop_stalled_for_half_a_session_stops_admitting() -> None:
    lease = _lease()
    lease.admitting = True
    loop = asyncio.get_running_loop()
    lease._alive_at = loop.time()
    assert lease.may_admit()
    lease._alive_at = loop.time() - 5.1  # the ticker last ran more than 5 s (half a session) ago
    assert not lease.may_admit()
    assert not lease.admitting and lease.admitter() is None


async def _settles(waiting: asyncio.Task[None]) -> bool:
    await asyncio.sleep(0.05)
    return waiting.done()


async def test_an_accepted_write_passed_on_is_answered_once_this_view_has_read_it() -> None:
    progress: dict[str, int] = {"t/1": 8}
    single = PeerAnswer(
        202, [], orjson.dumps({"id": "e", "topic": "t", "partition": 0, "offset": 4})
    )
    waiting = asyncio.create_task(read_here(progress, single))
    assert not await _settles(waiting)
    progress["t/0"] = 5  # the view has read offset 4 (the next it reads is 5)
    assert await _settles(waiting)

    batch = {
        "accepted": 2,
        "results": [
            {"index": 0, "status": 202, "topic": "t", "partition": 0, "offset": 9},
            {"index": 1, "status": 202, "topic": "t", "partition": 1, "offset": 7},
            {"index": 2, "status": 409, "topic": None, "partition": None, "offset": None},
        ],
    }
    waiting = asyncio.create_task(read_here(progress, PeerAnswer(200, [], orjson.dumps(batch))))
    assert not await _settles(waiting)  # t/1 is read, t/0 not yet up to 9
    progress["t/0"] = 10
    assert await _settles(waiting)


async def test_a_refused_write_passed_on_is_answered_at_once() -> None:
    refused = PeerAnswer(409, [], orjson.dumps({"error": {"status": 409}}))
    assert await _settles(asyncio.create_task(read_here({}, refused)))


async def test_a_new_holder_that_cannot_read_the_log_end_at_first_tries_again() -> None:
    attempts: list[int] = []

    async def catch_up() -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise KafkaConnectionError("broker away")

    async def nothing() -> None:
        return None

    publisher = InMemoryPublisher()
    lease = AdmissionLease(
        "127.0.0.1:1", "", "http://me", publisher, catch_up, nothing, 10_000, 10_000
    )
    lease.gained()
    for _ in range(100):
        if lease.admitting:
            break
        await asyncio.sleep(0.05)
    assert lease.admitting and len(attempts) == 2
    await lease.lose()


async def test_a_new_holder_reads_the_labelling_topic_to_its_end_before_it_admits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The catch-up a new admitter runs (bootstrap) waits for the labelling read model too, so
    it never checks a labelling step against an older book (issue 19)."""
    settings = Settings(topic_prefix="t-catch-up.")
    registry = build_registry(settings)
    labelling_topic = settings.topic_prefix + LABELLING_TOPIC
    # The registry topics are empty; the labelling topic holds one step this instance has not
    # read yet (its follower is not started here).
    asked: list[str] = []

    async def log_ends(_: str, topics: list[str]) -> dict[str, int]:
        asked.extend(topics)
        return {f"{t}/0": 1 if t == labelling_topic else 0 for t in topics}

    monkeypatch.setattr(view_follower, "end_offsets", log_ends)
    catching_up = asyncio.create_task(registry.lease._catch_up())
    assert not await _settles(catching_up)
    assert labelling_topic in asked
    assert set(registry_topics(settings.topic_prefix)) <= set(asked)

    wave = WaveOpened(wave_id="w", year=2026, deadline=date(2026, 4, 1), opened_by="coord-1")
    value = labelling_record(wave, datetime(2026, 1, 5, tzinfo=UTC), "coord-1").model_dump_json()
    record = SimpleNamespace(topic=labelling_topic, partition=0, offset=0, value=value.encode())
    registry.labelling.apply_record(record)  # type: ignore[arg-type]
    assert await _settles(catching_up)
    assert set(registry.labelling.book.waves) == {"w"}
