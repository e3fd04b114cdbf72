"""`python -m bench`: runs every benchmark, prints a table, writes bench/results/latest.json."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import graph_build, growth, ingest, latency, takeover
from bench.harness import delete_run_data, until_servers_idle
from bench.stats import machine

RESULTS = Path(__file__).parent / "results"


def _split(cpu: dict[str, float]) -> str:
    return " ".join(f"{name} {seconds:.2f}" for name, seconds in cpu.items())


def _table(results: dict[str, Any]) -> str:
    i, g, gr = results["ingest"], results["graph_build"], results["growth"]
    lines = [
        f"{'measure':44} {'system':>12} {'baseline':>12} {'ratio':>7}",
        f"{'ingest POST /v1/events (ev/s), validating raw':44} "
        f"{i['single_post_eps']['median']:>12.0f} "
        f"{i['raw_producer_validating_eps']['median']:>12.0f} {i['single_vs_raw_validating']:>7.2f}",
        f"{'ingest POST /v1/events:batch (ev/s), same':44} {i['batch_post_eps']['median']:>12.0f} "
        f"{i['raw_producer_validating_eps']['median']:>12.0f} {i['batch_vs_raw_validating']:>7.2f}",
        f"{'  raw producer without validation (ev/s)':44} {'':>12} "
        f"{i['raw_producer_eps']['median']:>12.0f} {i['batch_vs_raw']:>7.2f}",
        f"{'  registry CPU us/event, single / batch':44} "
        f"{i['registry_cpu_us_per_event']['single']:>12.0f} "
        f"{i['registry_cpu_us_per_event']['batch']:>12.0f}",
        f"{'graph build, worker vs raw UNWIND (ev/s)':44} {g['worker_eps']['median']:>12.0f} "
        f"{g['raw_unwind_eps']['median']:>12.0f} {g['worker_vs_raw']:>7.2f}",
        f"{'graph build, worker vs own projection (ev/s)':44} {g['worker_eps']['median']:>12.0f} "
        f"{g['projection_eps']['median']:>12.0f} {g['worker_vs_projection']:>7.2f}",
        f"{'graph build, worker vs the same rows (ev/s)':44} {g['worker_eps']['median']:>12.0f} "
        f"{g['same_rows_eps']['median']:>12.0f} {g['worker_vs_same_rows']:>7.2f}",
        f"{'graph build, worker vs scoring alone (ev/s)':44} {g['worker_eps']['median']:>12.0f} "
        f"{g['scoring_only_eps']['median']:>12.0f} {g['worker_vs_scoring_only']:>7.2f}",
        f"{'  pairs scored / match rows per event':44} {g['pairs_scored_per_event']:>12.1f} "
        f"{g['match_rows_per_event']:>12.2f}",
        f"{'  CPU s/1000 ev: ' + _split(g['cpu_s_per_1000_by_process']):44}",
        f"{'  CPU s/1000 ev, whole box: worker run / same rows':44} "
        f"{g['worker_run_cpu_s_per_1000']:>12.3f} {g['writing_cpu_s_per_1000']:>12.3f}",
        f"{'  box floor: all that CPU over every core':44} {g['box_floor_eps']['median']:>12.0f} "
        f"{g['same_rows_eps']['median']:>12.0f} {g['box_floor_vs_same_rows']:>7.2f}",
    ]
    for row in gr["sizes"]:
        lines.append(
            f"{'matching per event ms @ ' + str(row['partners']) + ' partners':44} "
            f"{row['per_event_ms_median']:>12.2f} {'':>12} {'':>7}"
        )
        lines.append(
            f"{'  start-up s / worker MB':44} "
            f"{row['worker_start_up_s']:>12.1f} {row['worker_memory_mb']:>12.1f} {'':>7}"
        )
    lines.append(
        f"{'per-event cost ratio largest/smallest':44} {gr['per_event_cost_ratio_largest_vs_smallest']:>12.2f}"
    )
    lines.append(
        f"{'  same, first touch after start':44} {gr['first_touch_cost_ratio_largest_vs_smallest']:>12.2f}"
    )
    http = next((r["query_http_vs_raw"] for r in gr["sizes"] if r.get("query_http_vs_raw")), None)
    if http:
        lines.append(
            f"{'match query p99 ms (API vs raw Cypher)':44} {http['api_ms_p99']:>12.2f} "
            f"{http['raw_ms_p99']:>12.2f} {http['api_ms_p99'] / http['raw_ms_p99']:>7.2f}"
        )
    if "latency" in results:
        lat = results["latency"]
        lines.append(
            f"{'end-to-end p99 ms @ ' + str(lat['offered_eps']) + ' ev/s':44} {lat['p99_ms']:>12.1f} "
            f"{lat['floor_ms']:>12.1f} {'':>7}"
        )
    if "takeover" in results:
        t = results["takeover"]
        lines.append(
            f"{'matching takeover after a SIGKILL (s)':44} {t['takeover_after_sigkill_s']:>12.1f} "
            f"{t['both_alive_s']:>12.1f} {'':>7}"
        )
    return "\n".join(lines)


async def _clean_up() -> None:
    started = time.perf_counter()
    try:
        said = await delete_run_data()
    except Exception as error:  # the figures stand; only the data is left behind
        said = f"could not delete this run's data: {error!r}"
    print(f"{said} in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


async def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    results: dict[str, Any] = {"date": datetime.now(UTC).isoformat(), "machine": machine()}
    steps: dict[str, Callable[[], Awaitable[dict[str, Any]]]] = {
        "ingest": ingest.measure,
        "graph_build": graph_build.measure,
        "growth": growth.measure,
        "latency": latency.measure,
        "takeover": takeover.measure,
    }
    keep_data = "--keep-data" in sys.argv  # the run's topics and graph, for a look afterwards
    # e.g. `python -m bench growth` runs only that one
    chosen = [arg for arg in sys.argv[1:] if arg != "--keep-data"] or list(steps)
    for name in chosen:
        step = steps[name]
        settled_s = await until_servers_idle()
        t0 = time.perf_counter()
        print(f"running {name} (servers idle after {settled_s} s)...", file=sys.stderr, flush=True)
        try:
            results[name] = await step()
        finally:
            # Each step on a broker holding only its own topics, as a deployment's holds only
            # the project's: with the earlier steps' topics still there (a few hundred to 900)
            # the end-to-end p99 was 277-604 ms, with them deleted 127-166 ms, whether or not
            # 120k-300k nodes of earlier steps were still in Neo4j (2026-12-06).
            if not keep_data:
                await _clean_up()
        results[name]["seconds"] = round(time.perf_counter() - t0, 1)
        results[name]["servers_idle_after_s"] = settled_s
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / ("latest.json" if set(chosen) == set(steps) else "partial.json")
    target.write_text(json.dumps(results, indent=2))
    if set(chosen) == set(steps):
        print(_table(results))
    else:
        print(json.dumps({name: results[name] for name in chosen}, indent=2))
    print(f"\nwritten {target} in {results['total_seconds']} s")


if __name__ == "__main__":
    asyncio.run(main())
