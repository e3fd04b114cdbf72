"""`python -m bench`: runs every benchmark, prints a table, writes bench/results/latest.json."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import graph_build, growth, ingest, latency
from bench.stats import machine

RESULTS = Path(__file__).parent / "results"


def _table(results: dict[str, Any]) -> str:
    i, g, gr = results["ingest"], results["graph_build"], results["growth"]
    lines = [
        f"{'measure':44} {'system':>12} {'baseline':>12} {'ratio':>7}",
        f"{'ingest POST /v1/events (ev/s)':44} {i['single_post_eps']['median']:>12.0f} "
        f"{i['raw_producer_eps']['median']:>12.0f} {i['single_vs_raw']:>7.2f}",
        f"{'ingest POST /v1/events:batch (ev/s)':44} {i['batch_post_eps']['median']:>12.0f} "
        f"{i['raw_producer_eps']['median']:>12.0f} {i['batch_vs_raw']:>7.2f}",
        f"{'graph build, worker vs raw UNWIND (ev/s)':44} {g['worker_eps']['median']:>12.0f} "
        f"{g['raw_unwind_eps']['median']:>12.0f} {g['worker_vs_raw']:>7.2f}",
    ]
    for row in gr["sizes"]:
        lines.append(
            f"{'matching per event ms @ ' + str(row['partners']) + ' partners':44} "
            f"{row['per_event_ms_median']:>12.2f} {'':>12} {'':>7}"
        )
    lines.append(
        f"{'per-event cost ratio largest/smallest':44} {gr['per_event_cost_ratio_largest_vs_smallest']:>12.2f}"
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
    return "\n".join(lines)


async def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    started = time.perf_counter()
    results: dict[str, Any] = {"date": datetime.now(UTC).isoformat(), "machine": machine()}
    for name, step in (
        ("ingest", ingest.measure),
        ("graph_build", graph_build.measure),
        ("growth", growth.measure),
        ("latency", latency.measure),
    ):
        t0 = time.perf_counter()
        print(f"running {name}...", file=sys.stderr, flush=True)
        results[name] = await step()
        results[name]["seconds"] = round(time.perf_counter() - t0, 1)
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2))
    print(_table(results))
    print(f"\nwritten {RESULTS / 'latest.json'} in {results['total_seconds']} s")


if __name__ == "__main__":
    asyncio.run(main())
