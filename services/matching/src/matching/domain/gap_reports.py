"""Gap reports for coordinators: which helix categories and pathway links an initiative lacks,
and who the matcher proposes to fill each gap (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from matching.domain.taxonomy import pathway_step

HELIXES = ("onderwijs", "onderzoek", "bedrijfsleven", "overheid", "maatschappij")
STEP_LABELS = ("po", "vo", "mbo", "ad", "hbo", "wo")
SUGGESTIONS_PER_GAP = 3


@dataclass(frozen=True)
class Suggestion:
    gap: str  # "helix:overheid" or "level:vo"
    partner_id: str
    name: str
    score: float
    match_id: str
    reasons_en: str
    reasons_nl: str


@dataclass(frozen=True)
class Gap:
    initiative_id: str
    name: str
    missing_helix: tuple[str, ...]
    covered_levels: tuple[str, ...]
    pathway_gaps: tuple[str, ...]
    suggestions: tuple[Suggestion, ...] = field(default=())


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


def _suggest(gap: str, fits: Iterable[dict[str, Any]]) -> list[Suggestion]:
    ranked = sorted(fits, key=lambda p: (-p["score"], p["partner_id"]))[:SUGGESTIONS_PER_GAP]
    return [
        Suggestion(
            gap,
            p["partner_id"],
            p["name"],
            p["score"],
            p["match_id"],
            p.get("top_reasons_en", ""),
            p.get("top_reasons_nl", ""),
        )
        for p in ranked
    ]


def gap_of(row: dict[str, Any], proposed: Sequence[dict[str, Any]] = ()) -> Gap:
    """A helix is covered when an active member or a member of the parent (an innovation table
    sits at its parent's table) brings it. `proposed` are the partners the matcher proposes to
    this initiative; each gap lists the best of them that would fill it."""
    members: Sequence[dict[str, Any]] = row["members"]
    helix = {m["helix"] for m in members} | set(row.get("parent_helixes") or ())
    levels = [*(row.get("levels") or []), *(lvl for m in members for lvl in m["levels"])]
    steps = covered_steps(levels)
    missing = tuple(h for h in HELIXES if h not in helix)
    gaps = pathway_gaps(steps)
    suggestions: list[Suggestion] = []
    for h in missing:
        suggestions += _suggest(f"helix:{h}", (p for p in proposed if p["helix"] == h))
    for level in gaps:
        step = STEP_LABELS.index(level)
        fitting = (p for p in proposed if step in covered_steps(p["levels"]))
        suggestions += _suggest(f"level:{level}", fitting)
    return Gap(
        initiative_id=row["id"],
        name=row["name"],
        missing_helix=missing,
        covered_levels=tuple(STEP_LABELS[s] for s in sorted(steps)),
        pathway_gaps=gaps,
        suggestions=tuple(suggestions),
    )
