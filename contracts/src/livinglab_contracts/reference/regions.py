"""Regions as a tree with codes (see region_table.py for the rows and where the codes come from)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from livinglab_contracts.reference.region_level import RegionLevel
from livinglab_contracts.reference.region_table import ROWS, SUPERSEDED

__all__ = [
    "NEIGHBOUR_PROVINCES",
    "REGIONS",
    "Region",
    "RegionLevel",
    "is_known_region",
    "region_ancestors",
    "region_at_level",
    "region_children",
    "region_descendants",
    "region_label",
    "resolve_region",
]


@dataclass(frozen=True)
class Region:
    code: str
    name_nl: str
    name_en: str
    level: RegionLevel
    parent: str | None
    nuts: str | None = None
    cbs: str | None = None
    aliases: tuple[str, ...] = ()


REGIONS: dict[str, Region] = {row[0]: Region(*row) for row in ROWS}

# Provinces that share a border (or the Afsluitdijk); "neighbouring province" proximity.
NEIGHBOUR_PROVINCES: dict[str, frozenset[str]] = {
    "NL11": frozenset({"NL12", "NL13"}),
    "NL12": frozenset({"NL11", "NL13", "NL21", "NL23", "NL32"}),
    "NL13": frozenset({"NL11", "NL12", "NL21"}),
    "NL21": frozenset({"NL12", "NL13", "NL22", "NL23"}),
    "NL22": frozenset({"NL21", "NL23", "NL35", "NL36", "NL41", "NL42"}),
    "NL23": frozenset({"NL12", "NL21", "NL22", "NL35", "NL32"}),
    "NL35": frozenset({"NL22", "NL23", "NL32", "NL36"}),
    "NL32": frozenset({"NL12", "NL23", "NL35", "NL36"}),
    "NL36": frozenset({"NL22", "NL35", "NL32", "NL34", "NL41"}),
    "NL34": frozenset({"NL36", "NL41"}),
    "NL41": frozenset({"NL22", "NL36", "NL34", "NL42"}),
    "NL42": frozenset({"NL22", "NL41"}),
}


def is_known_region(code: str) -> bool:
    return code in REGIONS


@cache
def region_ancestors(code: str) -> tuple[str, ...]:
    """The region itself first, then each parent up to EU; KeyError for an unknown code."""
    chain: list[str] = []
    current: str | None = code
    while current is not None:
        chain.append(current)
        current = REGIONS[current].parent
    return tuple(chain)


def region_at_level(code: str, level: RegionLevel) -> str | None:
    """The ancestor of `code` at `level` (e.g. the province of a municipality), if any."""
    return next((c for c in region_ancestors(code) if REGIONS[c].level is level), None)


@cache
def region_children(code: str) -> tuple[str, ...]:
    return tuple(r.code for r in REGIONS.values() if r.parent == code)


def region_descendants(code: str) -> tuple[str, ...]:
    """Every region inside `code` (not `code` itself), depth first."""
    found: list[str] = []
    for child in region_children(code):
        found += [child, *region_descendants(child)]
    return tuple(found)


def region_label(code: str, language: Literal["nl", "en"] = "nl") -> str:
    """The region's name, or the code itself when it is unknown."""
    region = REGIONS.get(code)
    if region is None:
        return code
    return region.name_nl if language == "nl" else region.name_en


@cache
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for region in reversed(REGIONS.values()):  # higher levels win a shared name ("Utrecht")
        for key in (region.name_nl, region.name_en, *region.aliases):
            table[key.casefold()] = region.code
    for region in REGIONS.values():
        for other_code in (region.nuts, region.cbs):
            if other_code:
                table[other_code.casefold()] = region.code
    table |= {old.casefold(): new for old, new in SUPERSEDED.items()}
    table |= {code.casefold(): code for code in REGIONS}
    return table


def resolve_region(text: str) -> str | None:
    """The registry code for a code, name or alias in another system ("PV31", "NL423", "Den Haag").

    Event fields take registry codes only; this is for importers and for error messages.
    """
    return _lookup().get(text.strip().casefold())
