"""Two registry processes on the same topics decide like one: conflicting requests fired at both
at the same moment get the outcomes a single instance gives, and the topics hold exactly one
record per accepted event. Killing the admitting instance mid-load loses no accepted event.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest
from aiokafka import ConsumerRecord
from livinglab_contracts import REGISTRY_TOPICS

from scripts.create_topics import create_all
from tests.integration.registry.harness import (
    MAX_BATCH_ITEMS,
    Partner,
    new_partner,
    registry_env,
)
from tests.integration.registry.network import Network, eventually, read_topic
from tests.support.processes import ServiceProcess

pytestmark = [pytest.mark.integration, pytest.mark.timeout(300)]

LEASE_TOPIC = "registry.admission.v1"


@dataclass
class Pair:
    prefix: str
    bootstrap: str
    instances: list[ServiceProcess]

    @property
    def urls(self) -> list[str]:
        return [instance.url for instance in self.instances]


def start_pair(prefix: str, bootstrap: str, name: str) -> Pair:
    asyncio.run(create_all(bootstrap, prefix))
    # The smallest session the broker allows, so a killed admitter's lease moves on sooner.
    env = registry_env(prefix, bootstrap, lease_session_timeout_ms="6000")
    first = ServiceProcess("registry", env, name=f"{name}-a").start()
    try:
        second = ServiceProcess("registry", env, name=f"{name}-b").start()
    except BaseException:
        first.stop()
        raise
    return Pair(prefix, bootstrap, [first, second])


@pytest.fixture(scope="module")
def pair(topic_prefix: str, kafka_bootstrap: str) -> Iterator[Pair]:
    started = start_pair(f"{topic_prefix}pair.", kafka_bootstrap, "registry-pair")
    yield started
    for instance in started.instances:
        instance.stop()


async def admitter_url(pair: Pair) -> str:
    """The URL the lease holder last announced on the lease topic."""
    records = await read_topic(pair.bootstrap, pair.prefix + LEASE_TOPIC)
    assert records, "no instance announced that it admits"
    url: str = orjson.loads(records[-1].value or b"")["url"]
    return url


async def registry_records(pair: Pair) -> list[ConsumerRecord[bytes, bytes]]:
    records: list[ConsumerRecord[bytes, bytes]] = []
    for topic in REGISTRY_TOPICS:
        records += await read_topic(pair.bootstrap, pair.prefix + topic)
    return records


async def both_at_once(
    pair: Pair, first: tuple[Partner, dict[str, Any]], second: tuple[Partner, dict[str, Any]]
) -> tuple[httpx.Response, httpx.Response]:
    """POSTs `first` to one instance and `second` to the other, at the same moment."""
    a_url, b_url = pair.urls
    async with (
        httpx.AsyncClient(base_url=a_url, timeout=30) as a,
        httpx.AsyncClient(base_url=b_url, timeout=30) as b,
    ):
        # Connections first, so the two requests leave together.
        await asyncio.gather(a.get("/health"), b.get("/health"))
        (a_partner, a_event), (b_partner, b_event) = first, second
        ra, rb = await asyncio.gather(
            a.post("/v1/events", json=a_event, headers=a_partner.headers),
            b.post("/v1/events", json=b_event, headers=b_partner.headers),
        )
    return ra, rb


def code(response: httpx.Response) -> str:
    if response.status_code in (200, 202):  # 200: already accepted, here is where it landed
        return "duplicate" if response.json()["duplicate"] else "accepted"
    body: dict[str, Any] = response.json()
    return str(body["error"]["code"])


@dataclass
class Ledger:
    """What the clients were told: every 202, to compare with what the topics hold."""

    accepted: dict[tuple[str, str], tuple[str, int, int]]

    def note(self, event: dict[str, Any], response: httpx.Response) -> None:
        if response.status_code in (200, 202):
            body = response.json()
            at = (body["topic"], body["partition"], body["offset"])
            key = (event["source"], event["id"])
            assert self.accepted.setdefault(key, at) == at, f"{key} answered at two positions"


ROUNDS = 3


async def races(pair: Pair) -> Ledger:
    one = new_partner(pair.urls[0])
    other = new_partner(pair.urls[1])
    ledger = Ledger({})
    for _ in range(ROUNDS):
        net = Network(one.source)
        other_net = Network(other.source, tag=net.tag)  # same aggregate ids, another source

        async def race(
            first: tuple[Partner, dict[str, Any]], second: tuple[Partner, dict[str, Any]]
        ) -> list[str]:
            responses = await both_at_once(pair, first, second)
            for (_, event), response in zip((first, second), responses, strict=True):
                assert response.status_code in (200, 202, 409, 422), response.text
                ledger.note(event, response)
            return [code(r) for r in responses]

        # The same event (source and id, same body) at both instances: stored once.
        registration = net.event("initiative.registered")
        outcome = await race((one, registration), (one, registration))
        assert sorted(outcome) == ["accepted", "duplicate"], outcome

        # The same id with two bodies (about two partners): one is accepted, the other refused.
        same_id = uuid.uuid4().hex
        first = net.event("partner.registered") | {"id": same_id}
        second = net.event("partner.registered", subject=net.id("zuyd")) | {"id": same_id}
        outcome = await race((one, first), (one, second))
        assert sorted(outcome) == ["accepted", "duplicate_id_different_body"], outcome
        owned = net.id("vista-college") if outcome[0] == "accepted" else net.id("zuyd")

        # Two sources register the same aggregate: one owns it, the other is told it exists.
        mine = net.event("partner.registered", subject=net.id("chemelot"))
        theirs = other_net.event("partner.registered", subject=net.id("chemelot"))
        outcome = await race((one, mine), (other, theirs))
        assert sorted(outcome) == ["accepted", "already_registered"], outcome

        # Two updates with the same next sequence: one moves the aggregate on, one is stale.
        update_a = net.event("partner.updated", sequence=2, subject=owned)
        update_b = net.event("partner.updated", sequence=2, subject=owned, has_coordinator=False)
        outcome = await race((one, update_a), (one, update_b))
        assert sorted(outcome) == ["accepted", "stale_sequence"], outcome
        # A sequence already passed is refused by either instance.
        stale_a = net.event("partner.updated", sequence=1, subject=owned)
        stale_b = net.event("partner.updated", sequence=2, subject=owned)
        outcome = await race((one, stale_a), (one, stale_b))
        assert outcome == ["stale_sequence", "stale_sequence"], outcome

        # A membership racing the initiative's close: either the member joined before the close,
        # or the close came first and the membership is refused; never both the other way round.
        join = net.event("partner.joined-initiative", sequence=3, subject=owned)
        close = net.event("initiative.closed", sequence=2)
        joined, closed = await race((one, join), (one, close))
        assert closed == "accepted", closed
        assert joined in ("accepted", "unknown_reference"), joined
        if joined == "accepted":
            records = await registry_records(pair)
            [join_record] = [r for r in records if _id(r) == join["id"]]
            [close_record] = [r for r in records if _id(r) == close["id"]]
            assert join_record.timestamp <= close_record.timestamp
    return ledger


def _id(record: ConsumerRecord[bytes, bytes]) -> str:
    value: str = orjson.loads(record.value or b"")["id"]
    return value


def test_conflicting_requests_at_two_instances_are_decided_as_by_one(pair: Pair) -> None:
    async def scenario() -> None:
        # Each instance is either the admitter or passes writes on to it: both paths are used.
        assert await admitter_url(pair) in pair.urls
        ledger = await races(pair)
        records = await registry_records(pair)
        stored = Counter((orjson.loads(r.value or b"")["source"], _id(r)) for r in records)
        # Exactly one record per accepted event, at the position the client was told, and
        # nothing that was refused.
        assert all(count == 1 for count in stored.values()), stored.most_common(3)
        assert set(stored) == set(ledger.accepted)
        positions = {(r.topic, r.partition, r.offset) for r in records}
        assert set(ledger.accepted.values()) == positions

    asyncio.run(scenario())


def test_a_write_through_the_instance_that_passes_it_on_is_read_back_there_at_once(
    pair: Pair,
) -> None:
    async def scenario() -> None:
        admitter = await admitter_url(pair)
        [other] = [url for url in pair.urls if url != admitter]
        partner = new_partner(admitter)
        async with httpx.AsyncClient(base_url=other, headers=partner.headers, timeout=30) as client:

            async def key_known_here() -> bool:
                # Keys are issued by the admitter; the other instance reads them from their topic.
                return (await client.get("/v1/partners", params={"limit": 1})).status_code == 200

            await eventually(key_known_here, "the new key at the other instance")
            for round_ in range(5):
                subject = partner.network.id(f"read-back-{round_}")
                event = partner.network.event("partner.registered", subject=subject)
                posted = await client.post("/v1/events", json=event)
                assert posted.status_code == 202, posted.text
                # The admitter's answer, framed once by the instance that passed it on.
                assert posted.headers.get_list("date") == [posted.headers["date"]]
                assert int(posted.headers["content-length"]) == len(posted.content)
                read = await client.get(f"/v1/partners/{subject}")
                assert read.status_code == 200, read.text
                # A whole batch too: its last event is there when the answer comes.
                batch = [
                    partner.network.event("partner.registered", subject=f"{subject}-{i}")
                    for i in range(MAX_BATCH_ITEMS)
                ]
                posted = await client.post("/v1/events:batch", json=batch)
                assert posted.status_code == 200 and posted.json()["accepted"] == len(batch)
                read = await client.get(f"/v1/partners/{subject}-{MAX_BATCH_ITEMS - 1}")
                assert read.status_code == 200, read.text

    asyncio.run(scenario())


KILL_AFTER = 60  # accepted events before the admitting instance is killed
LOAD = 240
CLIENTS = 8


async def post_until_answered(
    client: httpx.AsyncClient, urls: list[str], index: int, event: dict[str, Any], token: str
) -> httpx.Response:
    """A partner system's retry loop: on a lost connection or a 503 it tries again, at the
    other instance (it does not know which one is alive), with the same event."""
    for attempt in range(400):
        url = urls[(index + attempt) % len(urls)]
        try:
            response = await client.post(
                f"{url}/v1/events", json=event, headers={"X-API-Key": token}
            )
        except httpx.TransportError:
            await asyncio.sleep(0.1)
            continue
        if response.status_code != 503:
            return response
        assert response.headers["Retry-After"], response.text
        await asyncio.sleep(0.1)  # shorter than Retry-After: the test wants the first moment
    raise AssertionError(f"event {event['id']} never answered")


@pytest.mark.slow
def test_killing_the_admitting_instance_mid_load_loses_no_accepted_event(
    topic_prefix: str, kafka_bootstrap: str
) -> None:
    pair = start_pair(f"{topic_prefix}kill.", kafka_bootstrap, "registry-kill")
    try:
        asyncio.run(load_and_kill(pair))
    finally:
        for instance in pair.instances:
            instance.stop()


async def load_and_kill(pair: Pair) -> None:
    partner = new_partner(pair.urls[0])
    net = partner.network
    events = [net.event("partner.registered", subject=net.id(f"school-{i}")) for i in range(LOAD)]
    admitter = await admitter_url(pair)
    [victim] = [i for i in pair.instances if i.url == admitter]
    [survivor] = [i for i in pair.instances if i.url != admitter]
    ledger = Ledger({})
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(LOAD):
        queue.put_nowait(index)
    enough = asyncio.Event()

    async def client_loop() -> None:
        async with httpx.AsyncClient(timeout=30) as client:
            while not queue.empty():
                index = queue.get_nowait()
                event = events[index]
                response = await post_until_answered(client, pair.urls, index, event, partner.token)
                assert response.status_code in (200, 202), response.text
                ledger.note(event, response)
                if len(ledger.accepted) >= KILL_AFTER:
                    enough.set()

    async def kill_mid_load() -> None:
        await enough.wait()
        await asyncio.to_thread(victim.stop, True)

    await asyncio.gather(kill_mid_load(), *(client_loop() for _ in range(CLIENTS)))
    assert victim.process is not None and victim.process.returncode is not None
    # Every event was answered as accepted, each exactly once on the topic, where it was said.
    assert len(ledger.accepted) == LOAD
    records = await registry_records(pair)
    stored = Counter((orjson.loads(r.value or b"")["source"], _id(r)) for r in records)
    assert all(count == 1 for count in stored.values()), stored.most_common(3)
    assert set(stored) == set(ledger.accepted)
    positions = {(r.topic, r.partition, r.offset) for r in records}
    assert set(ledger.accepted.values()) <= positions
    # The survivor took the lease over and announced it.
    assert await admitter_url(pair) == survivor.url
