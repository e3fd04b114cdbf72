"""5. Growth: per-event matching cost and query latency at three graph sizes.

The graph is grown with the service's own GraphWriter (projection only, in large batches); then
the same kind of events (a new partner joining an initiative) go through MatchingService.handle one
batch at a time, and the coordinator query runs against the grown graph. If matching is
incremental, the cost per event stays roughly flat as the graph grows.

One regime at every size: there are at least 250 initiatives, so the candidate limits bind from
the smallest graph on and every probe has about as many candidate pairs to score. The probes
run twice: the first pass is a worker that has just started (it ranks each node the first time a
batch reaches it: domain.rankings), the second a worker that has been running (the same
initiatives again, with new partners); the cost ratio is taken on the second. Before both, the
worker's first batch reads the whole network from Neo4j into memory: its start-up, reported.

This process hosts the worker, so it collects garbage as the matching service does (its
thresholds). The query is timed QUERIES times: with 60 samples, as before, the p99 was the
slowest single query.
"""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from typing import Any

from livinglab_contracts import parse_event
from matching.__main__ import GC_THRESHOLDS
from matching.adapters.kafka_producer import EventProducer
from matching.adapters.queries import MatchQueries
from matching.bootstrap import build_service
from matching.config import Settings
from matching.domain.projection import waves
from matching.service_layer.handlers import Record

from bench import query_latency
from bench.harness import BOOTSTRAP, Stage, graph_driver
from bench.stats import percentile
from bench.synthetic import Network

PROBES = 60
QUERIES = 600
QUERY_BENCH_SIZE = 10_000
MIN_INITIATIVES = 250


def _rss_mb() -> float:
    """Resident memory of this process, which holds the worker's network and rankings."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


async def at_size(partners: int) -> dict[str, Any]:
    stage = Stage.fresh(f"growth{partners}")
    await stage.create_topics()
    settings = Settings(
        graph_namespace=stage.namespace,
        topic_prefix=stage.prefix,
        kafka_bootstrap_servers=BOOTSTRAP,
    )
    driver = graph_driver()
    producer = EventProducer(BOOTSTRAP)
    await producer.start()
    try:
        service = build_service(settings, driver, producer)
        await service._writer.ensure_schema()
        network = Network(seed=partners, tag=f"s{partners}")
        initiatives = max(MIN_INITIATIVES, partners // 50)
        events = [parse_event(e) for e in network.network(partners, initiatives)]
        started = time.perf_counter()
        for i in range(0, len(events), 5000):
            await service._writer.write(waves(events[i : i + 5000]))
        load_s = time.perf_counter() - started
        # The worker's first batch reads the whole network from Neo4j into memory: its start-up.
        rss_before = _rss_mb()
        t0 = time.perf_counter()
        await service.handle([Record("bench", None, _bytes(network.partner(10**7)), 0, 0)])
        start_up_s = time.perf_counter() - t0
        passes: list[list[float]] = [[], []]
        changes = 0
        for run, costs in enumerate(passes):
            for probe in range(PROBES):
                index = partners + run * PROBES + probe
                batch = [network.partner(index), network.membership(index, probe % initiatives, 2)]
                records = [Record("bench", None, _bytes(e), 0, 0) for e in batch]
                t0 = time.perf_counter()
                outcome = await service.handle(records)
                costs.append((time.perf_counter() - t0) / len(records))
                changes += outcome.changes
        first_touch, costs = passes
        queries = MatchQueries(driver, settings.neo4j_database, stage.namespace)
        latencies = []
        for probe in range(QUERIES):
            t0 = time.perf_counter()
            await queries.list_matches(subject=f"s{partners}-i{probe % initiatives}", limit=20)
            latencies.append(time.perf_counter() - t0)
        http = None
        if partners == QUERY_BENCH_SIZE:
            http = await query_latency.measure(
                stage, [f"s{partners}-i{p % initiatives}" for p in range(PROBES)]
            )
        return {
            "query_http_vs_raw": http,
            "partners": partners,
            "initiatives": initiatives,
            "load_s": round(load_s, 1),
            "worker_start_up_s": round(start_up_s, 1),
            "per_event_ms_first_touch_median": round(1000 * percentile(first_touch, 50), 2),
            "per_event_ms_median": round(1000 * percentile(costs, 50), 2),
            "per_event_ms_p90": round(1000 * percentile(costs, 90), 2),
            "process_rss_mb": _rss_mb(),
            # what the worker's network, rankings and caches take: RSS grown since start-up
            "worker_memory_mb": round(_rss_mb() - rss_before, 1),
            "match_changes_per_event": round(changes / (2 * PROBES * len(passes)), 2),
            "query_ms_p50": round(1000 * percentile(latencies, 50), 2),
            "query_ms_p99": round(1000 * percentile(latencies, 99), 2),
        }
    finally:
        await producer.stop()
        await driver.close()


def _bytes(raw: dict[str, Any]) -> bytes:
    from livinglab_contracts import canonical_json

    return canonical_json(parse_event(raw))


async def measure(sizes: tuple[int, ...] = (1_000, 10_000, 100_000)) -> dict[str, Any]:
    collecting = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        rows = [await at_size(size) for size in sizes]
    finally:
        gc.set_threshold(*collecting)
    first, last = rows[0], rows[-1]
    return {
        "sizes": rows,
        "per_event_cost_ratio_largest_vs_smallest": round(
            last["per_event_ms_median"] / first["per_event_ms_median"], 2
        ),
        "first_touch_cost_ratio_largest_vs_smallest": round(
            last["per_event_ms_first_touch_median"] / first["per_event_ms_first_touch_median"], 2
        ),
        "regime": f"at least {MIN_INITIATIVES} initiatives: candidate limits bind at every size",
        "query_p99_ratio_largest_vs_smallest": round(
            last["query_ms_p99"] / first["query_ms_p99"], 2
        ),
    }
