"""Gap reports for coordinators: which helix categories and pathway links an initiative lacks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from matching.domain.taxonomy import pathway_step

HELIXES = ("onderwijs", "onderzoek", "bedrijfsleven", "overheid", "maatschappij")
STEP_LABELS = ("po", "vo", "mbo", "ad", "hbo", "wo")


@dataclass(frozen=True)
class Gap:
    initiative_id: str
    name: str
    missing_helix: tuple[str, ...]
    covered_levels: tuple[str, ...]
    pathway_gaps: tuple[str, ...]


def covered_steps(levels: Iterable[str]) -> set[int]:
    return {s for level in levels if (s := pathway_step(level)) is not None}


def pathway_gaps(steps: set[int]) -> tuple[str, ...]:
    """Missing links next to or between covered levels (Ad is optional, never a gap on its own)."""
    if not steps:
        return ()
    lowest, highest = min(steps), max(steps)
    inside = {s for s in range(lowest, highest + 1) if s not in steps and s != 3}
    upstream = {lowest - 1} if lowest > 0 else set()
    return tuple(STEP_LABELS[s] for s in sorted(inside | upstream))


def gap_of(row: dict[str, Any]) -> Gap:
    members: Sequence[dict[str, Any]] = row["members"]
    helix = {m["helix"] for m in members}
    levels = [*(row.get("levels") or []), *(lvl for m in members for lvl in m["levels"])]
    steps = covered_steps(levels)
    return Gap(
        initiative_id=row["id"],
        name=row["name"],
        missing_helix=tuple(h for h in HELIXES if h not in helix),
        covered_levels=tuple(STEP_LABELS[s] for s in sorted(steps)),
        pathway_gaps=pathway_gaps(steps),
    )
