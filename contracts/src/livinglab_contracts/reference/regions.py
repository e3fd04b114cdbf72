"""Regions as a tree: EU > NL > landsdeel (NUTS-1) > provincie (NUTS-2) > COROP > gemeente > site.

Codes: NUTS for landsdelen and provinces, CBS COROP codes (CRxx) for subregions, CBS gemeente
codes (GMxxxx) for municipalities, and SITE-* for campuses the seeds name. Codes were entered
from memory of the CBS/Eurostat tables and should be checked against them before production use
(domain.md section 7 leaves the choice of code system open).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache


class RegionLevel(StrEnum):
    SUPRANATIONAL = "supranational"
    COUNTRY = "country"
    LANDSDEEL = "landsdeel"
    PROVINCIE = "provincie"
    SUBREGIO = "subregio"
    GEMEENTE = "gemeente"
    SITE = "site"


@dataclass(frozen=True)
class Region:
    code: str
    name_nl: str
    name_en: str
    level: RegionLevel
    parent: str | None


_L = RegionLevel
_ROWS: tuple[tuple[str, str, str, RegionLevel, str | None], ...] = (
    ("EU", "Europese Unie", "European Union", _L.SUPRANATIONAL, None),
    ("NL", "Nederland", "the Netherlands", _L.COUNTRY, "EU"),
    ("NL1", "Noord-Nederland", "Northern Netherlands", _L.LANDSDEEL, "NL"),
    ("NL2", "Oost-Nederland", "Eastern Netherlands", _L.LANDSDEEL, "NL"),
    ("NL3", "West-Nederland", "Western Netherlands", _L.LANDSDEEL, "NL"),
    ("NL4", "Zuid-Nederland", "Southern Netherlands", _L.LANDSDEEL, "NL"),
    ("NL11", "Groningen", "Groningen", _L.PROVINCIE, "NL1"),
    ("NL12", "Friesland", "Friesland", _L.PROVINCIE, "NL1"),
    ("NL13", "Drenthe", "Drenthe", _L.PROVINCIE, "NL1"),
    ("NL21", "Overijssel", "Overijssel", _L.PROVINCIE, "NL2"),
    ("NL22", "Gelderland", "Gelderland", _L.PROVINCIE, "NL2"),
    ("NL23", "Flevoland", "Flevoland", _L.PROVINCIE, "NL2"),
    ("NL31", "Utrecht", "Utrecht", _L.PROVINCIE, "NL3"),
    ("NL32", "Noord-Holland", "North Holland", _L.PROVINCIE, "NL3"),
    ("NL33", "Zuid-Holland", "South Holland", _L.PROVINCIE, "NL3"),
    ("NL34", "Zeeland", "Zeeland", _L.PROVINCIE, "NL3"),
    ("NL41", "Noord-Brabant", "North Brabant", _L.PROVINCIE, "NL4"),
    ("NL42", "Limburg", "Limburg", _L.PROVINCIE, "NL4"),
    ("CR03", "Overig Groningen", "Groningen (rest)", _L.SUBREGIO, "NL11"),
    ("CR12", "Twente", "Twente", _L.SUBREGIO, "NL21"),
    ("CR13", "Veluwe", "Veluwe", _L.SUBREGIO, "NL22"),
    ("CR15", "Arnhem/Nijmegen", "Arnhem/Nijmegen", _L.SUBREGIO, "NL22"),
    ("CR17", "Utrecht", "Utrecht region", _L.SUBREGIO, "NL31"),
    ("CR18", "Kop van Noord-Holland", "Kop van Noord-Holland", _L.SUBREGIO, "NL32"),
    ("CR23", "Groot-Amsterdam", "Greater Amsterdam", _L.SUBREGIO, "NL32"),
    ("CR24", "Het Gooi en Vechtstreek", "Het Gooi en Vechtstreek", _L.SUBREGIO, "NL32"),
    ("CR26", "Agglomeratie 's-Gravenhage", "The Hague area", _L.SUBREGIO, "NL33"),
    ("CR29", "Groot-Rijnmond", "Greater Rijnmond", _L.SUBREGIO, "NL33"),
    ("CR30", "Zuidoost-Zuid-Holland", "South-east South Holland", _L.SUBREGIO, "NL33"),
    ("CR32", "Overig Zeeland", "Zeeland (rest)", _L.SUBREGIO, "NL34"),
    ("CR33", "West-Noord-Brabant", "West North Brabant", _L.SUBREGIO, "NL41"),
    ("CR36", "Zuidoost-Noord-Brabant", "South-east North Brabant", _L.SUBREGIO, "NL41"),
    ("CR37", "Noord-Limburg", "North Limburg", _L.SUBREGIO, "NL42"),
    ("CR38", "Midden-Limburg", "Central Limburg", _L.SUBREGIO, "NL42"),
    ("CR39", "Zuid-Limburg", "South Limburg", _L.SUBREGIO, "NL42"),
    ("GM0014", "Groningen", "Groningen (city)", _L.GEMEENTE, "CR03"),
    ("GM0080", "Leeuwarden", "Leeuwarden", _L.GEMEENTE, "NL12"),
    ("GM0153", "Enschede", "Enschede", _L.GEMEENTE, "CR12"),
    ("GM0267", "Nijkerk", "Nijkerk", _L.GEMEENTE, "CR13"),
    ("GM0268", "Nijmegen", "Nijmegen", _L.GEMEENTE, "CR15"),
    ("GM0307", "Amersfoort", "Amersfoort", _L.GEMEENTE, "CR17"),
    ("GM0344", "Utrecht", "Utrecht (city)", _L.GEMEENTE, "CR17"),
    ("GM0363", "Amsterdam", "Amsterdam", _L.GEMEENTE, "CR23"),
    ("GM0402", "Hilversum", "Hilversum", _L.GEMEENTE, "CR24"),
    ("GM0505", "Dordrecht", "Dordrecht", _L.GEMEENTE, "CR30"),
    ("GM0518", "'s-Gravenhage", "The Hague", _L.GEMEENTE, "CR26"),
    ("GM0599", "Rotterdam", "Rotterdam", _L.GEMEENTE, "CR29"),
    ("GM0758", "Breda", "Breda", _L.GEMEENTE, "CR33"),
    ("GM0772", "Eindhoven", "Eindhoven", _L.GEMEENTE, "CR36"),
    ("GM0917", "Heerlen", "Heerlen", _L.GEMEENTE, "CR39"),
    ("GM0935", "Maastricht", "Maastricht", _L.GEMEENTE, "CR39"),
    ("GM0957", "Roermond", "Roermond", _L.GEMEENTE, "CR38"),
    ("GM0971", "Stein", "Stein (incl. Urmond)", _L.GEMEENTE, "CR39"),
    ("GM0983", "Venlo", "Venlo", _L.GEMEENTE, "CR37"),
    ("GM0988", "Weert", "Weert", _L.GEMEENTE, "CR38"),
    ("GM1883", "Sittard-Geleen", "Sittard-Geleen", _L.GEMEENTE, "CR39"),
    ("SITE-CHEMELOT", "Chemelot Site", "Chemelot industrial site", _L.SITE, "GM1883"),
    ("SITE-BCC", "Brightlands Chemelot Campus", "Brightlands Chemelot Campus", _L.SITE, "GM1883"),
)

REGIONS: dict[str, Region] = {row[0]: Region(*row) for row in _ROWS}

# Provinces that share a border; used for "neighbouring province" proximity.
NEIGHBOUR_PROVINCES: dict[str, frozenset[str]] = {
    "NL11": frozenset({"NL12", "NL13"}),
    "NL12": frozenset({"NL11", "NL13", "NL21", "NL23", "NL32"}),
    "NL13": frozenset({"NL11", "NL12", "NL21"}),
    "NL21": frozenset({"NL12", "NL13", "NL22", "NL23"}),
    "NL22": frozenset({"NL21", "NL23", "NL31", "NL33", "NL41", "NL42"}),
    "NL23": frozenset({"NL12", "NL21", "NL22", "NL31", "NL32"}),
    "NL31": frozenset({"NL22", "NL23", "NL32", "NL33"}),
    "NL32": frozenset({"NL12", "NL23", "NL31", "NL33"}),
    "NL33": frozenset({"NL22", "NL31", "NL32", "NL34", "NL41"}),
    "NL34": frozenset({"NL33", "NL41"}),
    "NL41": frozenset({"NL22", "NL33", "NL34", "NL42"}),
    "NL42": frozenset({"NL22", "NL41"}),
}


def is_known_region(code: str) -> bool:
    return code in REGIONS


@cache
def region_ancestors(code: str) -> tuple[str, ...]:
    """The region itself first, then each parent up to EU."""
    chain: list[str] = []
    current: str | None = code
    while current is not None:
        chain.append(current)
        current = REGIONS[current].parent
    return tuple(chain)


def region_at_level(code: str, level: RegionLevel) -> str | None:
    return next((c for c in region_ancestors(code) if REGIONS[c].level is level), None)


def region_label(code: str) -> str:
    return REGIONS[code].name_nl if code in REGIONS else code
