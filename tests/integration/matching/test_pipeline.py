"""The worker's pipeline with the real Neo4j and Kafka: a batch decided while the one before is
still being written (MatchingService.decide, then write) saves and announces exactly what
handling the batches one at a time does; when another worker writes meanwhile, or the batch
before fails, the decision is dropped and the batch handled anew."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
import pytest_asyncio
from livinglab_contracts import MATCHES_TOPIC, canonical_json, parse_event
from matching.adapters.graph_reader import GraphReader
from matching.adapters.kafka_producer import EventProducer
from matching.bootstrap import build_service
from matching.config import Settings
from matching.service_layer.handlers import Decided, MatchingService, Outcome, Record
from neo4j import AsyncDriver
from neo4j.exceptions import ServiceUnavailable

from bench.synthetic import Network as SyntheticNetwork
from scripts.create_topics import create_all
from tests.integration.matching.kafka_tools import read_topic
from tests.integration.matching.network import Network
from tests.support.events import event

pytestmark = pytest.mark.integration


@dataclass
class Worker:
    """One matching service on its own namespace and topics (`second` shares them)."""

    service: MatchingService
    settings: Settings
    driver: AsyncDriver
    producer: EventProducer
    offset: list[int] = field(default_factory=lambda: [0])

    def records(self, raws: Sequence[dict[str, Any]]) -> list[Record]:
        found = []
        for raw in raws:
            self.offset[0] += 1
            topic = self.settings.topic_prefix + "registry.partners.v1"
            value = canonical_json(parse_event(raw))
            found.append(Record(topic, raw["subject"].encode(), value, 0, self.offset[0]))
        return found

    def second(self) -> Worker:
        """Another worker of the same deployment: its own service objects, the same namespace."""
        other = build_service(self.settings, self.driver, self.producer)
        return Worker(other, self.settings, self.driver, self.producer, self.offset)

    async def stored(self) -> dict[str, tuple[str, int, str]]:
        found = await self.driver.execute_query(
            "MATCH (m:Match {ns: $ns}) RETURN m.id AS id, m.status AS status,"
            " m.revision AS revision, m.fingerprint AS fingerprint",
            ns=self.settings.graph_namespace,
        )
        return {r["id"]: (r["status"], r["revision"], r["fingerprint"]) for r in found.records}

    async def ledger_is_the_graph(self) -> bool:
        """Whether the worker's ledger of stored matches (when it holds one) is what a read of
        the graph gives, match for match."""
        ledger = self.service._ledger
        graph = await self.service._rescorer._reader.all_stored()
        ns = self.settings.graph_namespace
        in_pages = await GraphReader(
            self.driver, self.settings.neo4j_database, ns, page=3
        ).all_stored()
        assert in_pages == graph  # read in pages of 3: every match once
        return ledger is None or ledger.states() == graph

    async def announced(self) -> list[tuple[str, str]]:
        """(event id, type) of every match event, sorted: what subscribers heard (once every
        batch written is sent: a batch decided ahead is sent after `write` returns)."""
        await self.service.drain()
        topic = self.settings.topic_prefix + MATCHES_TOPIC
        return sorted(
            (e["id"], e["type"])
            for e in await read_topic(self.settings.kafka_bootstrap_servers, topic)
        )


@pytest_asyncio.fixture
async def workers(
    neo4j_driver: AsyncDriver,
    namespaces: Callable[[str], str],
    producer: EventProducer,
    kafka_bootstrap: str,
    topic_prefix: str,
    neo4j_auth: tuple[str, str, str],
) -> Callable[[], Any]:
    async def make() -> Worker:
        prefix = f"{topic_prefix}pipe-{uuid.uuid4().hex[:6]}."
        await create_all(kafka_bootstrap, prefix)
        settings = Settings(
            graph_namespace=namespaces("pipe"),
            topic_prefix=prefix,
            kafka_bootstrap_servers=kafka_bootstrap,
            neo4j_uri=neo4j_auth[0],
        )
        service = build_service(settings, neo4j_driver, producer)
        await service._writer.ensure_schema()
        return Worker(service, settings, neo4j_driver, producer)

    return make


def batches() -> list[list[dict[str, Any]]]:
    """The phased network (withdrawals, leaves, closings, a stale update) with a synthetic one
    of 400 events, in batches of 50 as a busy worker takes them."""
    phased = [e for phase in Network().phases() for e in phase]
    synthetic = SyntheticNetwork(seed=3, tag=f"pipe{uuid.uuid4().hex[:4]}").network(300, 8)
    events = phased[:20] + synthetic + phased[20:]
    return [events[i : i + 50] for i in range(0, len(events), 50)]


async def pipelined(worker: Worker, raws: list[list[dict[str, Any]]]) -> list[Outcome]:
    """As the worker's agent does: batch N+1 is decided before batch N's writing is awaited."""
    outcomes: list[Outcome] = []
    writing: asyncio.Task[Outcome] | None = None
    for raw in raws:
        records = worker.records(raw)
        decided = await worker.service.decide(records)
        if writing is not None:
            outcomes.append(await writing)
            writing = None
        if decided is None:
            outcomes.append(await worker.service.handle(records))
        else:
            writing = asyncio.create_task(worker.service.write(decided))
            await asyncio.sleep(0)  # its first query goes out before the next batch is decided
    if writing is not None:
        outcomes.append(await writing)
    return outcomes


@pytest.mark.parametrize("read_first", [False, True], ids=["read-at-first-batch", "read-first"])
async def test_batches_decided_ahead_save_and_announce_what_one_at_a_time_does(
    workers: Callable[[], Any], read_first: bool
) -> None:
    raws = batches()
    one_at_a_time, ahead = await workers(), await workers()
    for raw in raws:
        await one_at_a_time.service.handle(one_at_a_time.records(raw))
    if read_first:
        await ahead.service.prepare()  # as the service does before its worker consumes
    outcomes = await pipelined(ahead, raws)

    paths = [o.path for o in outcomes]
    if read_first:
        assert paths == ["ahead"] * len(raws)
    else:
        assert paths.count("ahead") >= len(raws) - 2  # the first batches go alone
    want, got = await one_at_a_time.stored(), await ahead.stored()
    assert len(want) > 100 and {s for s, _, _ in want.values()} == {"proposed", "withdrawn"}
    assert got == want  # every match: status, revision and fingerprint
    assert len(await ahead.announced()) == len(await one_at_a_time.announced())
    # The same ids (match id and revision) with the same types.
    assert await ahead.announced() == await one_at_a_time.announced()


async def test_a_network_read_before_consuming_catches_up_with_another_worker_first(
    workers: Callable[[], Any],
) -> None:
    raws = batches()
    first, reference = await workers(), await workers()
    await first.service.prepare()
    await first.second().service.handle(first.records(raws[0]))  # before the first batch

    records = first.records(raws[1])
    assert await first.service.decide(records) is None  # its network is behind: alone
    assert (await first.service.handle(records)).path == "alone"
    for raw in raws[:2]:
        await reference.service.handle(reference.records(raw))
    assert await first.stored() == await reference.stored()


async def test_a_batch_is_not_decided_ahead_after_another_worker_wrote(
    workers: Callable[[], Any],
) -> None:
    raws = batches()
    first = await workers()
    await first.service.handle(first.records(raws[0]))
    await first.service.handle(first.records(raws[1]))
    other = first.second()
    await other.service.handle(other.records(raws[2]))

    records = first.records(raws[3])
    assert await first.service.decide(records) is None  # its network is behind: alone
    assert (await first.service.handle(records)).path == "alone"
    # That batch caught up with the other worker's; one more alone, and then, with nobody else
    # writing, the worker decides ahead again.
    records = first.records(raws[4])
    assert await first.service.decide(records) is None
    await first.service.handle(records)
    decided = await first.service.decide(first.records(raws[5]))
    assert decided is not None
    assert (await first.service.write(decided)).path == "ahead"


async def test_a_batch_decided_while_another_worker_wrote_is_handled_anew(
    workers: Callable[[], Any],
) -> None:
    raws = batches()
    first, reference = await workers(), await workers()
    for raw in raws[:2]:
        await first.service.handle(first.records(raw))
        await reference.service.handle(reference.records(raw))
    decided = await first.service.decide(first.records(raws[2]))
    assert isinstance(decided, Decided)
    await first.second().service.handle(first.records(raws[3]))  # between deciding and writing

    outcome = await first.service.write(decided)

    assert outcome.path == "redone"
    # What one at a time gives for the same history, with the network read anew as here.
    await reference.second().service.handle(reference.records(raws[3]))
    reference.service._rescorer.invalidate()
    await reference.service.handle(reference.records(raws[2]))
    assert await first.stored() == await reference.stored()
    assert (await first.service.handle(first.records(raws[4]))).path == "alone"


async def test_when_a_write_fails_the_batch_decided_after_it_is_handled_anew(
    workers: Callable[[], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    raws = batches()
    worker, reference = await workers(), await workers()
    for raw in raws[:2]:
        await worker.service.handle(worker.records(raw))
        await reference.service.handle(reference.records(raw))
    n_records = worker.records(raws[2])
    n = await worker.service.decide(n_records)
    assert isinstance(n, Decided)
    writer = worker.service._writer
    real_write = writer.write
    decided_meanwhile = asyncio.Event()

    async def neo4j_gone(*args: Any, **kwargs: Any) -> None:
        await decided_meanwhile.wait()
        raise ServiceUnavailable("Neo4j went away")

    monkeypatch.setattr(writer, "write", neo4j_gone)
    failing = asyncio.create_task(worker.service.write(n))
    after = await worker.service.decide(worker.records(raws[3]))  # while N is being written
    decided_meanwhile.set()
    with pytest.raises(ServiceUnavailable):
        await failing
    monkeypatch.setattr(writer, "write", real_write)

    assert (await worker.service.handle(n_records)).path == "alone"  # the worker's retry
    assert after is not None
    assert (await worker.service.write(after)).path == "redone"
    # One at a time, reading the network anew after the failure and for the void decision:
    for raw in raws[2:4]:
        reference.service._rescorer.invalidate()
        await reference.service.handle(reference.records(raw))
    assert await worker.stored() == await reference.stored()
    assert await worker.announced() == await reference.announced()


def decisions(proposed: Sequence[str]) -> list[dict[str, Any]]:
    """Coordinators decline two proposals, accept one, and decline a match the worker has not
    seen (the graph keeps it as status unknown)."""
    by = {"key_id": "k1", "system": "coordinator-zl"}
    source = "/services/matching-feedback"
    picks = [("match.declined", proposed[0]), ("match.accepted", proposed[1])]
    picks += [("match.declined", proposed[2]), ("match.declined", str(uuid.uuid4()))]
    return [event(kind, mid, {"match_id": mid, "by": by}, source=source) for kind, mid in picks]


async def test_the_ledger_of_stored_matches_stays_the_graph_through_feedback(
    workers: Callable[[], Any],
) -> None:
    raws = batches()
    one_at_a_time, ahead = await workers(), await workers()
    for raw in raws[:4]:
        await one_at_a_time.service.handle(one_at_a_time.records(raw))
    proposed = sorted(
        m for m, (s, _, _) in (await one_at_a_time.stored()).items() if s == "proposed"
    )
    feedback = decisions(proposed)
    history = [*raws[:4], feedback, *raws[4:]]
    for raw in history[4:]:
        await one_at_a_time.service.handle(one_at_a_time.records(raw))

    await ahead.service.prepare()
    before = await pipelined(ahead, history[:4])
    assert ahead.service._ledger is not None and await ahead.ledger_is_the_graph()
    [alone] = await pipelined(ahead, [feedback])  # feedback goes alone, the ledger goes on
    assert alone.path == "alone" and ahead.service._ledger is not None
    assert await ahead.ledger_is_the_graph()
    after = await pipelined(ahead, history[5:])

    assert [o.path for o in before + after] == ["ahead"] * (len(history) - 1)
    assert await ahead.ledger_is_the_graph()
    assert await ahead.stored() == await one_at_a_time.stored()
    assert await ahead.announced() == await one_at_a_time.announced()
