"""Theme and region trees as scoring needs them; built from the contract's reference data."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from livinglab_contracts.reference.education import (
    EDUCATION_PARENT,
    PATHWAY_STEP,
    EducationLevel,
)
from livinglab_contracts.reference.regions import NEIGHBOUR_PROVINCES, REGIONS, RegionLevel
from livinglab_contracts.reference.themes import THEMES


@dataclass(frozen=True)
class Taxonomy:
    theme_parent: dict[str, str | None]
    theme_names: dict[str, tuple[str, str]]
    region_parent: dict[str, str | None]
    region_level: dict[str, str]
    region_names: dict[str, tuple[str, str]]
    neighbour_provinces: dict[str, frozenset[str]]
    # Results of pure functions of these trees (scoring asks the same few questions of many
    # pairs: how near two regions are, how well two theme lists fit), kept for reuse.
    memo: dict[Hashable, Any] = field(default_factory=dict, compare=False, repr=False)

    def theme_children(self, slug: str) -> frozenset[str]:
        """The themes directly under this one (a sector group's themes)."""
        key = ("theme children", slug)
        found: frozenset[str] | None = self.memo.get(key)
        if found is None:
            found = self.memo[key] = frozenset(
                t for t, parent in self.theme_parent.items() if parent == slug
            )
        return found

    def region_chain(self, code: str) -> list[str]:
        chain: list[str] = []
        current: str | None = code
        while current is not None and current in self.region_parent:
            chain.append(current)
            current = self.region_parent[current]
        return chain

    def region_at(self, code: str, level: str) -> str | None:
        return next((c for c in self.region_chain(code) if self.region_level[c] == level), None)

    def theme_nl(self, slug: str) -> str:
        return self.theme_names.get(slug, (slug, slug))[0]

    def theme_en(self, slug: str) -> str:
        return self.theme_names.get(slug, (slug, slug))[1]

    def region_nl(self, code: str) -> str:
        return self.region_names.get(code, (code, code))[0]

    def region_en(self, code: str) -> str:
        return self.region_names.get(code, (code, code))[1]


@lru_cache(maxsize=256)  # asked for every level of every pair scored
def pathway_step(level: str) -> int | None:
    try:
        return PATHWAY_STEP.get(EducationLevel(level))
    except ValueError:
        return None


def _with_parent(level: str) -> set[str]:
    try:
        parent = EDUCATION_PARENT.get(EducationLevel(level))
    except ValueError:
        return {level}
    return {level} if parent is None else {level, parent.value}


def level_fits(wanted: Sequence[str], offered: Sequence[str]) -> bool:
    """An offered level fits a wanted one when they are equal or one contains the other
    (vmbo is vo; mbo-4 is mbo, and an mbo school offers mbo-4)."""
    offered_up = set().union(*(_with_parent(lvl) for lvl in offered))
    wanted_up = set().union(*(_with_parent(lvl) for lvl in wanted))
    return bool(offered_up & set(wanted)) or bool(wanted_up & set(offered))


def default_taxonomy() -> Taxonomy:
    return Taxonomy(
        theme_parent={t.slug: t.parent for t in THEMES.values()},
        theme_names={t.slug: (t.name_nl, t.name_en) for t in THEMES.values()},
        region_parent={r.code: r.parent for r in REGIONS.values()},
        region_level={r.code: r.level.value for r in REGIONS.values()},
        region_names={r.code: (r.name_nl, r.name_en) for r in REGIONS.values()},
        neighbour_provinces=NEIGHBOUR_PROVINCES,
    )


LEVEL_SUBREGIO = RegionLevel.SUBREGIO.value
LEVEL_PROVINCIE = RegionLevel.PROVINCIE.value
LEVEL_COUNTRY = RegionLevel.COUNTRY.value


def region_and_below(tax: Taxonomy, code: str) -> list[str]:
    """The region and every region inside it (a filter on Limburg also finds Zuid-Limburg)."""
    return sorted(c for c in tax.region_parent if code in tax.region_chain(c))


def theme_and_below(tax: Taxonomy, slug: str) -> list[str]:
    below = [t for t, parent in tax.theme_parent.items() if parent == slug]
    return sorted({slug, *below})
