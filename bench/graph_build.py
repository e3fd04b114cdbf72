"""2. Graph build: events/s from pre-filled topics into Neo4j by the matching worker, against
baselines measured in the same run:
- raw UNWIND: partner rows with their themes written with the raw driver (one UNWIND per batch,
  best batch size of a sweep): what the database can take at best;
- projection: the worker's own projection Cypher (every node, edge, region, sequence guard and
  version stamp the worker writes) for the same events, in batches of the worker's size, with no
  matching, no match rows and no outbox: the price of the graph itself;
- the same rows: the projection plus as many match rows and outbox records as the worker wrote
  (taken from what it left in Neo4j), with its own Cypher, one transaction per batch, outbox
  deleted after: what writing everything costs when nothing has to be decided;
- scoring alone: the same events' candidate pairs scored and ranked batch by batch in pure
  Python, no Neo4j and no Kafka: what deciding costs.
Next to the worker's rate: the CPU every process spent meanwhile (worker, Kafka broker, Neo4j
server, this process producing), and the rate the box would reach were all of it spread
perfectly over its cores (the box floor): the most any overlap or pipelining could give."""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import time
from dataclasses import dataclass
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from livinglab_contracts import canonical_json, parse_event, spec_for
from matching.__main__ import GC_THRESHOLDS
from matching.adapters.batch_transaction import BatchTransaction
from matching.adapters.graph_writer import GraphWriter
from matching.adapters.match_store import MatchStore, OutboxRecord
from matching.config import Settings as MatchingSettings
from matching.domain.candidates import NetworkCandidates
from matching.domain.graph_state import GraphState
from matching.domain.network import Network as ScoringNetwork
from matching.domain.projection import touched_ids, waves
from matching.domain.proposals import Proposals
from matching.domain.rankings import Rankings
from matching.domain.taxonomy import default_taxonomy
from matching.service_layer.handlers import SAVE_CHUNK

from bench.harness import BOOTSTRAP, Stage, graph_driver
from bench.stats import local_server_pids, own_cpu_seconds, process_cpu_seconds, summary
from bench.synthetic import Network
from tests.support.processes import ServiceProcess

MATCHING = MatchingSettings()
WARM_UP_ROUNDS = 2
RAW_UPSERT = """
UNWIND $rows AS row
MERGE (p:BenchPartner {uid: row.uid})
SET p += row.props, p.ns = row.ns
WITH p, row
UNWIND row.themes AS slug
MERGE (t:BenchTheme {uid: row.ns + ':' + slug})
  ON CREATE SET t.ns = row.ns
MERGE (p)-[:ABOUT]->(t)
"""


def encoded(stage: Stage, events: list[dict[str, Any]]) -> list[tuple[str, bytes, bytes]]:
    """(topic, key, value) of each event, validated and serialised as a producer would before
    it sends: done before the clock starts, so the run times the worker, not the producer."""
    records = []
    for raw in events:
        event = parse_event(raw)
        spec = spec_for(event.type)
        assert spec is not None
        records.append((stage.prefix + spec.topic, event.subject.encode(), canonical_json(event)))
    return records


async def prefill(records: list[tuple[str, bytes, bytes]]) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=BOOTSTRAP, acks="all", enable_idempotence=True, linger_ms=5
    )
    await producer.start()
    try:
        deliveries = [
            await producer.send(topic, key=key, value=value) for topic, key, value in records
        ]
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()


class LagProbe:
    """The worker's consumer lag, polled with one admin client and one consumer for the whole
    run (a fresh pair per poll cost ~60 ms of CPU each time: the yardstick disturbed what it
    measured)."""

    def __init__(self, group: str, topics: list[str]) -> None:
        self._group = group
        self._topics = topics
        self._admin = AIOKafkaAdminClient(bootstrap_servers=BOOTSTRAP)
        self._consumer = AIOKafkaConsumer(bootstrap_servers=BOOTSTRAP)
        self._partitions: list[TopicPartition] = []

    async def __aenter__(self) -> LagProbe:
        await self._admin.start()
        await self._consumer.start()
        await self._consumer._client.force_metadata_update()
        self._partitions = [
            TopicPartition(topic, p)
            for topic in self._topics
            for p in self._consumer.partitions_for_topic(topic) or []
        ]
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._consumer.stop()
        await self._admin.close()

    async def lag(self) -> int:
        committed = await self._admin.list_consumer_group_offsets(self._group)
        done: int = sum(
            meta.offset
            for tp, meta in committed.items()
            if tp.topic in self._topics and meta.offset >= 0
        )
        ends: dict[TopicPartition, int] = await self._consumer.end_offsets(self._partitions)
        return sum(ends.values()) - done


_WRITTEN_MATCHES = """
MATCH (m:Match {ns: $ns})
RETURN m {.*, match_id: m.id} AS m, [(m)-[:SUGGESTS]->(s) | labels(s)[0]] AS labels
"""


async def written_matches(namespace: str) -> tuple[list[dict[str, Any]], int]:
    """The match rows a worker left in a namespace (last state, with the labels of their
    subjects) and how many match rows it wrote in all (each revision is one write)."""
    driver = graph_driver()
    try:
        found = await driver.execute_query(_WRITTEN_MATCHES, ns=namespace)
    finally:
        await driver.close()
    rows = []
    for record in found.records:
        m = dict(record["m"])
        labels = list(record["labels"]) or ["Partner", "Initiative"]
        rows.append(
            {
                key: m.get(key)
                for key in (
                    "match_id",
                    "status",
                    "revision",
                    "fingerprint",
                    "score",
                    "kind",
                    "subject_ids",
                    "regions",
                    "themes",
                    "snapshot",
                    "reason_code",
                    "pending",
                    "announced",
                )
            }
            | {"labels": labels}
        )
    return rows, sum(max(1, int(r["revision"] or 1)) for r in rows)


@dataclass(frozen=True)
class RowsRun:
    events_per_s: float
    # CPU seconds per 1,000 events of the local servers and of this process (the driver
    # packing the rows) while writing: what writing the graph costs the box
    cpu_split: dict[str, float]


async def rows_rate(
    events: list[dict[str, Any]], matches: list[dict[str, Any]], writes: int, batch_size: int = 500
) -> RowsRun:
    """The rows the system writes, without deciding any of them: per batch of events one
    transaction with the projection and that batch's share of the match rows and outbox
    records (the worker's own Cypher), then the outbox records deleted, as the worker does."""
    ns = Stage.fresh("rows").namespace
    parsed = [parse_event(e) for e in events]
    batches = max(1, -(-len(parsed) // batch_size))
    per_batch = -(-writes // batches)
    repeated = (matches * (-(-writes // max(1, len(matches)))))[:writes] if matches else []
    driver = graph_driver()
    try:
        writer = GraphWriter(driver, "neo4j", ns)
        store = MatchStore(driver, "neo4j", ns)
        batch = BatchTransaction(driver, "neo4j", [writer.queries, store.queries])
        await writer.ensure_schema()
        pids = local_server_pids()
        cpu_before = {name: process_cpu_seconds(pid) for name, pid in pids.items()}
        bench_before = own_cpu_seconds()
        started = time.perf_counter()
        for number, i in enumerate(range(0, len(parsed), batch_size)):
            chunk = parsed[i : i + batch_size]
            rows = repeated[number * per_batch : (number + 1) * per_batch]
            outbox = [
                OutboxRecord(f"{r['match_id']}:{n}", r["match_id"], (r["snapshot"] or "").encode())
                for n, r in enumerate(rows)
            ]
            async with batch.open():
                await writer.write(waves(chunk), touched_ids(chunk), number + 1)
                for start in range(0, len(rows), SAVE_CHUNK):
                    await store.save(
                        rows[start : start + SAVE_CHUNK], outbox[start : start + SAVE_CHUNK], start
                    )
            await store.delete([o.event_id for o in outbox])
        elapsed = time.perf_counter() - started
        cpu = {name: process_cpu_seconds(pid) - cpu_before[name] for name, pid in pids.items()}
        cpu["bench"] = own_cpu_seconds() - bench_before
        return RowsRun(
            len(parsed) / elapsed, {name: c / len(parsed) * 1000 for name, c in cpu.items()}
        )
    finally:
        await driver.close()


def scoring_rate(events: list[dict[str, Any]], batch_size: int = 500) -> tuple[float, int]:
    """The same candidate pairs scored and ranked in pure Python, batch by batch as the worker
    does (no Neo4j, no Kafka): the price of deciding. Returns events/s and pairs scored."""
    parsed = [parse_event(e) for e in events]
    tax = default_taxonomy()
    state, network = GraphState(), ScoringNetwork(tax)
    memo: dict[Any, Any] = {}
    rankings = Rankings(MATCHING.max_proposals_per_subject)
    scored = 0
    collecting = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)  # as in the worker process
    started = time.process_time()
    for i in range(0, len(parsed), batch_size):
        written = state.apply(parsed[i : i + batch_size])
        read = {n: state.profile(n) for n in written | state.quoting(written)}
        changed = {n for n, p in read.items() if p != network.profile(n)}
        candidates = NetworkCandidates(network, MATCHING.candidate_limit)
        before = {pair for n in changed for pair in candidates.pairs_of(n)}
        new = {n for n in changed if n not in network}
        for n in sorted(changed):
            network.put(read[n])
        proposals = Proposals(
            network,
            NetworkCandidates(network, MATCHING.candidate_limit),
            MATCHING.min_score,
            MATCHING.max_proposals_per_subject,
            memo=memo,
            rankings=rankings,
        )
        for pair in sorted(proposals.update(changed, new=new, left=before)):
            proposals.proposed(pair)
        scored += proposals.pairs_scored
    elapsed = time.process_time() - started
    gc.set_threshold(*collecting)
    return len(parsed) / elapsed, scored


async def _metric(client: httpx.AsyncClient, name: str) -> float:
    """A metric of the worker's, summed over its labels."""
    text = (await client.get("/metrics")).text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(name + " ") or line.startswith(name + "{")
    )


async def _done(client: httpx.AsyncClient, events: int) -> bool:
    """Whether the worker has written every event to the graph with its matches (its own
    counter) and sent their match events to Kafka (a batch's are sent after it is written)."""
    return (
        await _metric(client, "matching_events_applied_total") >= events
        and await _metric(client, "matching_batches_announcing") == 0
    )


LAG_POLL_S = 0.1


@dataclass(frozen=True)
class WorkerRun:
    events_per_s: float
    cpu_s_per_1000: float  # the worker's own
    # CPU seconds per 1,000 events of every process at work meanwhile: the worker, the local
    # Kafka broker and Neo4j server, and this process (producing the events, polling)
    cpu_split: dict[str, float]
    probe_share: float
    namespace: str

    @property
    def box_floor_eps(self) -> float:
        """The rate this box would reach if all that CPU were spread perfectly over its cores:
        no overlap, pipelining or waiting can beat it without cutting the work itself."""
        total = sum(self.cpu_split.values()) / 1000
        return 1 / (total / (os.cpu_count() or 1)) if total else 0.0


async def worker_rate(events: list[dict[str, Any]]) -> WorkerRun:
    """The worker is up and idle first; the clock runs from the first produced event until the
    worker has applied the last one and sent its match events (its own metrics: consumer lag
    only shows it after the next offset commit, up to a second later). The lag probe runs alongside, to measure its cost."""
    stage = Stage.fresh("graph")
    await stage.create_topics()
    topics = [
        stage.prefix + t
        for t in ("registry.initiatives.v1", "registry.partners.v1", "registry.needs-offers.v1")
    ]
    group = stage.prefix + "livinglab-matching"
    matching = ServiceProcess("matching", stage.env()).start()
    try:
        assert matching.process is not None
        pids = {"worker": matching.process.pid, **local_server_pids()}
        records = encoded(stage, events)
        async with httpx.AsyncClient(base_url=matching.url, timeout=10) as client:
            cpu_before = {name: process_cpu_seconds(pid) for name, pid in pids.items()}
            bench_before = own_cpu_seconds()
            started = time.perf_counter()
            await prefill(records)
            while not await _done(client, len(events)):
                # each poll costs the worker ~0.75 ms of its event loop: 20 a second is ~1.5 %
                await asyncio.sleep(0.05)
            elapsed = time.perf_counter() - started
            cpu = {n: process_cpu_seconds(pid) - cpu_before[n] for n, pid in pids.items()}
            cpu["bench"] = own_cpu_seconds() - bench_before
        async with LagProbe(group, topics) as probe:
            # The share of a core that polling every LAG_POLL_S costs: CPU per poll over the
            # period (over the wall time of a few polls it said 16 % when the lag was already 0
            # at the first one, i.e. CPU of one poll over little more than its own duration).
            probe_cpu = own_cpu_seconds()
            polls = 1
            while await probe.lag() > 0:
                polls += 1
                await asyncio.sleep(LAG_POLL_S)
            probe_share = (own_cpu_seconds() - probe_cpu) / polls / LAG_POLL_S
    finally:
        matching.stop()
    per_1000 = {name: seconds / len(events) * 1000 for name, seconds in cpu.items()}
    return WorkerRun(
        len(events) / elapsed, per_1000["worker"], per_1000, probe_share, stage.namespace
    )


async def raw_rate(events: list[dict[str, Any]], batch_size: int) -> float:
    ns = Stage.fresh("raw").namespace
    rows = [
        {
            "uid": f"{ns}:{e['subject']}",
            "ns": ns,
            "themes": e["data"].get("themes", []),
            "props": {"name": e["data"].get("name", ""), "kind": e["data"].get("kind", "")},
        }
        for e in events
    ]
    driver = graph_driver()
    try:
        await driver.execute_query(
            "CREATE CONSTRAINT bench_partner IF NOT EXISTS FOR (n:BenchPartner) REQUIRE n.uid IS UNIQUE"
        )
        await driver.execute_query(
            "CREATE CONSTRAINT bench_theme IF NOT EXISTS FOR (n:BenchTheme) REQUIRE n.uid IS UNIQUE"
        )
        started = time.perf_counter()
        for i in range(0, len(rows), batch_size):
            await driver.execute_query(RAW_UPSERT, rows=rows[i : i + batch_size])
        return len(rows) / (time.perf_counter() - started)
    finally:
        await driver.close()


async def projection_rate(events: list[dict[str, Any]], batch_size: int = 500) -> float:
    ns = Stage.fresh("projection").namespace
    parsed = [parse_event(e) for e in events]
    driver = graph_driver()
    try:
        writer = GraphWriter(driver, "neo4j", ns)
        await writer.ensure_schema()
        started = time.perf_counter()
        for version, i in enumerate(range(0, len(parsed), batch_size), start=1):
            chunk = parsed[i : i + batch_size]
            await writer.write(waves(chunk), touched_ids(chunk), version)
        return len(parsed) / (time.perf_counter() - started)
    finally:
        await driver.close()


async def measure(events_per_run: int = 2000, runs: int = 5) -> dict[str, Any]:
    sweep = {}
    probe = Network(seed=7, tag="sweep").network(events_per_run, max(10, events_per_run // 50))
    for size in (100, 500, 2000):
        sweep[size] = await raw_rate(probe, size)
    best = max(sweep, key=lambda k: sweep[k])
    # A Neo4j server just started spends several times the CPU per query on its first runs
    # while the JVM compiles (5.1, 2.7, 1.7 s per 1,000 events in the worker's first three runs
    # on 2026-12-06): untimed rounds first, so the figures are of warm servers, as in service.
    for warm in range(WARM_UP_ROUNDS):
        events = Network(seed=100 + warm, tag=f"w{warm}").network(
            events_per_run, max(10, events_per_run // 50)
        )
        await projection_rate(events)
        matches, writes = await written_matches((await worker_rate(events)).namespace)
        await rows_rate(events, matches, writes)
    system, raw, projection, rows, scoring, cpu, probing = [], [], [], [], [], [], []
    pairs, changes = [], []
    splits: list[dict[str, float]] = []
    writing: list[dict[str, float]] = []
    floors: list[float] = []
    for run in range(runs):
        events = Network(seed=run, tag=f"g{run}").network(
            events_per_run, max(10, events_per_run // 50)
        )
        raw.append(await raw_rate(events, best))
        projection.append(await projection_rate(events))
        run_ = await worker_rate(events)
        system.append(run_.events_per_s)
        cpu.append(run_.cpu_s_per_1000)
        splits.append(run_.cpu_split)
        floors.append(run_.box_floor_eps)
        probing.append(run_.probe_share)
        matches, writes = await written_matches(run_.namespace)
        rows_run = await rows_rate(events, matches, writes)
        rows.append(rows_run.events_per_s)
        writing.append(rows_run.cpu_split)
        changes.append(writes / len(events))
        scored_eps, scored = scoring_rate(events)
        scoring.append(scored_eps)
        pairs.append(scored / len(events))
    return {
        "events_per_run": events_per_run,
        "raw_unwind_sweep_eps": {str(k): round(v) for k, v in sweep.items()},
        "raw_best_batch": best,
        "raw_unwind_eps": summary(raw),
        "worker_eps": summary(system),
        "worker_vs_raw": round(summary(system)["median"] / summary(raw)["median"], 3),
        "projection_eps": summary(projection),
        "worker_vs_projection": round(summary(system)["median"] / summary(projection)["median"], 3),
        "same_rows_eps": summary(rows),
        "worker_vs_same_rows": round(summary(system)["median"] / summary(rows)["median"], 3),
        "scoring_only_eps": summary(scoring),
        "worker_vs_scoring_only": round(summary(system)["median"] / summary(scoring)["median"], 3),
        "pairs_scored_per_event": round(sum(pairs) / len(pairs), 1),
        "match_rows_per_event": round(sum(changes) / len(changes), 2),
        "worker_cpu_s_per_1000": summary(cpu),
        "cpu_s_per_1000_by_process": {
            name: round(statistics.median(s[name] for s in splits if name in s), 3)
            for name in splits[0]
        },
        # What writing the same rows costs the box, against what the worker's run cost it: the
        # issue's "matching costs less than writing the graph itself", in CPU.
        "same_rows_cpu_s_per_1000_by_process": {
            name: round(statistics.median(s[name] for s in writing if name in s), 3)
            for name in writing[0]
        },
        "writing_cpu_s_per_1000": round(statistics.median(sum(s.values()) for s in writing), 3),
        "worker_run_cpu_s_per_1000": round(statistics.median(sum(s.values()) for s in splits), 3),
        "box_floor_eps": summary(floors),
        "box_floor_vs_same_rows": round(summary(floors)["median"] / summary(rows)["median"], 3),
        "lag_probe_cpu_share_of_one_core": round(max(probing), 4),
        "warm_up_rounds": WARM_UP_ROUNDS,
        "note": "worker time runs from the first produced event to the worker's own count of"
        " applied events (graph written, matches saved and announced); untimed warm-up rounds"
        " first",
    }
