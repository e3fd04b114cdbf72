"""Small profile builders for the pure matching domain: a CoP-like network, no I/O."""

from __future__ import annotations

from typing import Any

from matching.domain.profiles import InitiativeProfile, Member, NeedOfferProfile, PartnerProfile
from matching.domain.taxonomy import Taxonomy

VISTA = Member("p-vista", "VISTA college", "onderwijs", ("mbo",))
ZUYD = Member("p-zuyd", "Zuyd Hogeschool", "onderwijs", ("hbo",))
CHEMELOT = Member("p-chemelot", "Chemelot BV", "bedrijfsleven")


def partner(**overrides: Any) -> PartnerProfile:
    values: dict[str, Any] = {
        "id": "p-province",
        "name": "Provincie Limburg",
        "kind": "provincie",
        "helix": "overheid",
        "themes": ("procesindustrie",),
        "regions": ("NL42",),
    }
    return PartnerProfile(**(values | overrides))


def school(**overrides: Any) -> PartnerProfile:
    values: dict[str, Any] = {
        "id": "p-vmbo",
        "name": "vmbo Sittard-Geleen",
        "kind": "school_vo",
        "helix": "onderwijs",
        "themes": ("procestechniek",),
        "regions": ("GM1883",),
        "levels": ("vmbo",),
    }
    return PartnerProfile(**(values | overrides))


def initiative(**overrides: Any) -> InitiativeProfile:
    values: dict[str, Any] = {
        "id": "i-cop",
        "name": "CoP Chemelot",
        "kind": "community_of_practice",
        "status": "active",
        "themes": ("procesindustrie", "circulaire-economie"),
        "regions": ("CR39",),
        "members": (VISTA, CHEMELOT),
    }
    return InitiativeProfile(**(values | overrides))


def need_offer(**overrides: Any) -> NeedOfferProfile:
    values: dict[str, Any] = {
        "id": "n-operators",
        "direction": "need",
        "type": "staff_demand",
        "title": "procesoperators",
        "publisher_id": "p-chemelot",
        "publisher_name": "Chemelot BV",
        "themes": ("procesoperator",),
        "region": "GM1883",
    }
    return NeedOfferProfile(**(values | overrides))


def offer(**overrides: Any) -> NeedOfferProfile:
    values: dict[str, Any] = {
        "id": "o-bbl-pt",
        "direction": "offer",
        "type": "staff_demand",
        "title": "bbl PT zij-instroom",
        "publisher_id": "p-vista",
        "publisher_name": "VISTA college",
        "themes": ("procesoperator",),
        "region": "CR39",
    }
    return need_offer(**(values | overrides))


def tiny_taxonomy() -> Taxonomy:
    """A hand-built tree: two theme groups, one province with two subregions and a neighbour."""
    return Taxonomy(
        theme_parent={"food": None, "bread": "food", "cheese": "food", "care": None},
        theme_names={
            "food": ("voeding", "food"),
            "bread": ("brood", "bread"),
            "cheese": ("kaas", "cheese"),
            "care": ("zorg", "care"),
        },
        region_parent={
            "NL": None,
            "P1": "NL",
            "P2": "NL",
            "P3": "NL",
            "S1": "P1",
            "S2": "P1",
            "T1": "S1",
            "T2": "S1",
        },
        region_level={
            "NL": "country",
            "P1": "provincie",
            "P2": "provincie",
            "P3": "provincie",
            "S1": "subregio",
            "S2": "subregio",
            "T1": "gemeente",
            "T2": "gemeente",
        },
        region_names={
            "NL": ("Nederland", "the Netherlands"),
            "P1": ("Eerste", "First"),
            "P2": ("Tweede", "Second"),
            "P3": ("Derde", "Third"),
            "S1": ("Zuid", "South"),
            "S2": ("Noord", "North"),
            "T1": ("Stad", "Town"),
            "T2": ("Dorp", "Village"),
        },
        neighbour_provinces={"P1": frozenset({"P2"}), "P2": frozenset({"P1"})},
    )
