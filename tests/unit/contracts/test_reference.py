"""Reference data: the region and theme trees are sound, and every name the seeds use is known."""

from __future__ import annotations

import re

import pytest
from livinglab_contracts.reference.education import (
    PATHWAY_NAMES,
    EducationLevel,
    education_ancestors,
    mbo_level,
    pathway_step,
)
from livinglab_contracts.reference.helix import HELIX_OF_KIND, Helix, PartnerKind, helix_of
from livinglab_contracts.reference.regions import (
    NEIGHBOUR_PROVINCES,
    REGIONS,
    RegionLevel,
    is_known_region,
    region_ancestors,
    region_at_level,
    region_children,
    region_descendants,
    region_label,
    resolve_region,
)
from livinglab_contracts.reference.themes import (
    THEMES,
    is_known_theme,
    resolve_theme,
    theme_ancestors,
    theme_children,
    theme_label,
)

LEVEL_ORDER = list(RegionLevel)
CODE_FORMS = {
    RegionLevel.PROVINCIE: r"^NL[1-4][1-6]$",
    RegionLevel.SUBREGIO: r"^CR[0-4][0-9]$",
    RegionLevel.GEMEENTE: r"^GM[0-9]{4}$",
    RegionLevel.SITE: r"^SITE-[A-Z-]+$",
}
# Every place or region named in domain.md section 3.9 (and 3.3/3.4), by its seed spelling.
SEED_REGIONS = {
    "Limburg": "NL42", "Provincie Limburg": "NL42", "Regio Limburg": "NL42",
    "Noord-Limburg": "CR37", "Midden-Limburg": "CR38", "Zuid-Limburg": "CR39",
    "Chemelot": "SITE-CHEMELOT", "Brightlands Chemelot Campus": "SITE-BCC",
    "Urmond": "PL-URMOND", "Business Center Stein": "SITE-BUSINESS-CENTER-STEIN",
    "Stein": "GM0971", "Sittard-Geleen": "GM1883", "Maastricht": "GM0935", "Heerlen": "GM0917",
    "Amsterdam": "GM0363", "Amersfoort": "GM0307", "Nijmegen": "GM0268", "Groningen": "NL11",
    "Twente": "CR12", "Noord-Holland": "NL32", "Kop van Noord-Holland": "CR18",
    "Rotterdam": "GM0599", "Nijkerk": "GM0267", "Friesland": "NL12", "Noord-Nederland": "NL1",
    "Hilversum": "GM0402", "Den Haag": "GM0518", "Nederland": "NL", "EU": "EU",
    "Zeeland": "NL34", "Dordrecht": "GM0505", "Eindhoven": "GM0772", "Brainport": "CR36",
    "Utrecht": "NL35", "Breda": "GM0758", "Venlo": "GM0983", "Leeuwarden": "GM0080",
}  # fmt: skip


def test_every_region_has_a_known_parent_one_level_or_more_above_it() -> None:
    for region in REGIONS.values():
        if region.parent is None:
            assert region.code == "EU"
            continue
        parent = REGIONS[region.parent]
        assert LEVEL_ORDER.index(parent.level) < LEVEL_ORDER.index(region.level), region.code


@pytest.mark.parametrize(("level", "form"), CODE_FORMS.items())
def test_codes_have_the_form_of_their_code_system(level: RegionLevel, form: str) -> None:
    codes = [r.code for r in REGIONS.values() if r.level is level]
    assert codes and all(re.match(form, c) for c in codes)


def test_limburg_has_its_three_subregions_and_31_municipalities() -> None:
    assert region_children("NL42") == ("CR37", "CR38", "CR39")
    municipalities = [c for c in region_descendants("NL42") if c.startswith("GM")]
    assert len(municipalities) == 31
    assert REGIONS["CR39"].nuts == "NL423" and REGIONS["NL42"].cbs == "PV31"


def test_ancestors_run_from_a_site_up_to_the_eu() -> None:
    assert region_ancestors("SITE-CHEMELOT") == (
        "SITE-CHEMELOT", "GM1883", "CR39", "NL42", "NL4", "NL", "EU",
    )  # fmt: skip
    assert region_at_level("PL-URMOND", RegionLevel.SUBREGIO) == "CR39"
    assert region_at_level("NL42", RegionLevel.GEMEENTE) is None
    with pytest.raises(KeyError):
        region_ancestors("XX")


@pytest.mark.parametrize(("name", "code"), SEED_REGIONS.items())
def test_every_region_the_seeds_name_resolves_to_a_code(name: str, code: str) -> None:
    assert resolve_region(name) == code and is_known_region(code)


def test_codes_from_other_tables_resolve_to_registry_codes() -> None:
    assert resolve_region("PV31") == "NL42" and resolve_region("nl423") == "CR39"
    assert resolve_region("NL31") == "NL35"  # NUTS 2016 Utrecht, renumbered in 2021
    assert resolve_region("Atlantis") is None and not is_known_region("PV31")


def test_neighbour_provinces_are_symmetric_provinces() -> None:
    for province, neighbours in NEIGHBOUR_PROVINCES.items():
        assert REGIONS[province].level is RegionLevel.PROVINCIE
        assert all(province in NEIGHBOUR_PROVINCES[n] for n in neighbours)
    assert set(NEIGHBOUR_PROVINCES) == {
        r.code for r in REGIONS.values() if r.level is RegionLevel.PROVINCIE
    }


def test_labels_come_in_dutch_and_english() -> None:
    assert region_label("GM0518") == "'s-Gravenhage" and region_label("GM0518", "en") == "The Hague"
    assert region_label("XX") == "XX"
    assert theme_label("zorg", "en") == "care" and theme_label("nope") == "nope"


def test_the_theme_tree_has_groups_with_leaves_and_slug_ids() -> None:
    for theme in THEMES.values():
        assert re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", theme.slug)
        assert theme.parent is None or THEMES[theme.parent].parent is None
    assert theme_ancestors("procestechniek") == ("procestechniek", "chemie-procesindustrie")
    assert "circulaire-economie" in theme_children("circulariteit-klimaat")
    assert is_known_theme("zij-instroom") and not is_known_theme("Zij-instroom")
    assert resolve_theme("Circulaire economie") == "circulaire-economie"


def test_every_partner_kind_has_a_helix_and_every_helix_has_kinds() -> None:
    assert set(HELIX_OF_KIND) == set(PartnerKind)
    assert set(HELIX_OF_KIND.values()) == set(Helix)
    assert helix_of("roc") is Helix.ONDERWIJS and helix_of(PartnerKind.LECTORAAT) is Helix.ONDERZOEK
    assert helix_of("provincie") is Helix.OVERHEID and helix_of("mkb") is Helix.BEDRIJFSLEVEN


def test_the_education_chain_runs_po_vo_mbo_ad_hbo_wo() -> None:
    assert PATHWAY_NAMES == ("po", "vo", "mbo", "ad", "hbo", "wo")
    assert [pathway_step(EducationLevel(name)) for name in PATHWAY_NAMES] == list(range(6))
    assert pathway_step(EducationLevel.VMBO) == pathway_step(EducationLevel.VO)
    assert education_ancestors(mbo_level(4)) == (EducationLevel.MBO_4, EducationLevel.MBO)
    assert pathway_step(EducationLevel.POST_INITIEEL) is None
