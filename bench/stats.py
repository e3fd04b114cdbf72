"""Small statistics helpers: medians, spread, percentiles, CPU time."""

from __future__ import annotations

import os
import platform
import resource
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def summary(values: Sequence[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": statistics.median(ordered),
        "min": ordered[0],
        "max": ordered[-1],
        "spread_pct": round(100 * (ordered[-1] - ordered[0]) / statistics.median(ordered), 1)
        if statistics.median(ordered)
        else 0.0,
        "runs": len(ordered),
    }


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of another process, from /proc (Linux)."""
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def local_server_pids() -> dict[str, int]:
    """The Kafka broker and Neo4j server this checkout started (`make infra-up` keeps their pid
    files under .local/), by name; a server started elsewhere is not listed."""
    local = Path(__file__).resolve().parent.parent / ".local"
    pids = {}
    for name in ("kafka", "neo4j"):
        pid_file = local / name / f"{name}.pid"
        try:
            pid = int(pid_file.read_text().strip())
            process_cpu_seconds(pid)  # alive, and ours to read
        except (OSError, ValueError):
            continue
        pids[name] = pid
    return pids


def own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def machine() -> dict[str, Any]:
    with open("/proc/meminfo") as handle:
        total_kb = int(handle.readline().split()[1])
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(total_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
