"""Levels of the region tree, from the EU down to a single site or campus."""

from __future__ import annotations

from enum import StrEnum


class RegionLevel(StrEnum):
    SUPRANATIONAL = "supranational"
    COUNTRY = "country"
    LANDSDEEL = "landsdeel"
    PROVINCIE = "provincie"
    SUBREGIO = "subregio"
    GEMEENTE = "gemeente"
    PLAATS = "plaats"
    SITE = "site"
