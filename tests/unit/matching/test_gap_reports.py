"""Gap reports: the helix categories an initiative lacks and the broken links in its pathway."""

from __future__ import annotations

from typing import Any

import pytest
from matching.domain.gap_reports import covered_steps, gap_of, pathway_gaps


def row(levels: list[str] | None = None, *members: tuple[str, list[str]]) -> dict[str, Any]:
    return {
        "id": "i-cop",
        "name": "CoP Chemelot",
        "levels": levels,
        "members": [{"helix": helix, "levels": lv} for helix, lv in members],
    }


def test_an_mbo_hbo_community_misses_the_vo_link_upstream_and_three_helixes() -> None:
    gap = gap_of(row(None, ("onderwijs", ["mbo"]), ("onderwijs", ["hbo"]), ("bedrijfsleven", [])))
    assert gap.initiative_id == "i-cop" and gap.name == "CoP Chemelot"
    assert gap.missing_helix == ("onderzoek", "overheid", "maatschappij")
    assert gap.covered_levels == ("mbo", "hbo")
    assert gap.pathway_gaps == ("vo",)  # Ad between mbo and hbo is optional, never a gap


def test_an_initiative_without_members_misses_every_helix() -> None:
    gap = gap_of(row(["vmbo"]))
    assert gap.missing_helix == (
        "onderwijs",
        "onderzoek",
        "bedrijfsleven",
        "overheid",
        "maatschappij",
    )
    assert gap.covered_levels == ("vo",) and gap.pathway_gaps == ("po",)


def test_levels_of_the_initiative_and_of_its_members_both_count() -> None:
    gap = gap_of(row(["po"], ("onderwijs", ["mbo-4", "post_initieel"])))
    assert gap.covered_levels == ("po", "mbo")
    assert gap.pathway_gaps == ("vo",)


@pytest.mark.parametrize(
    ("levels", "gaps"),
    [
        (["mbo", "hbo"], ("vo",)),
        (["vmbo", "havo", "mbo"], ("po",)),
        (["po", "mbo"], ("vo",)),
        (["vmbo", "wo"], ("po", "mbo", "hbo")),
        (["po", "vo", "mbo", "hbo", "wo"], ()),
        (["ad"], ("mbo",)),
        ([], ()),
        (["post_initieel"], ()),
    ],
)
def test_pathway_gaps_are_the_missing_links_inside_and_just_upstream(
    levels: list[str], gaps: tuple[str, ...]
) -> None:
    assert pathway_gaps(covered_steps(levels)) == gaps


def proposal(partner_id: str, helix: str, score: float, levels: list[str] | None = None) -> dict:  # type: ignore[type-arg]
    return {
        "partner_id": partner_id,
        "name": partner_id.upper(),
        "helix": helix,
        "levels": levels or [],
        "score": score,
        "match_id": f"m-{partner_id}",
        "top_reasons_en": f"Suggested because: {partner_id}",
        "top_reasons_nl": f"Voorgesteld omdat: {partner_id}",
    }


def test_a_helix_of_the_parents_members_is_covered_for_an_innovation_table() -> None:
    table = row(None, ("bedrijfsleven", [])) | {"parent_helixes": ["overheid", "onderwijs"]}
    assert gap_of(table).missing_helix == ("onderzoek", "maatschappij")


def test_each_gap_suggests_up_to_three_proposed_partners_that_fill_it_best_first() -> None:
    proposed = [
        proposal("gemeente", "overheid", 0.5),
        proposal("provincie", "overheid", 0.7),
        proposal("rijk", "overheid", 0.4),
        proposal("eu", "overheid", 0.3),
        proposal("vmbo", "onderwijs", 0.6, ["vmbo"]),
        proposal("lab", "onderzoek", 0.2),
    ]
    gap = gap_of(row(None, ("onderwijs", ["mbo"]), ("bedrijfsleven", [])), proposed)
    by_gap: dict[str, list[str]] = {}
    for s in gap.suggestions:
        by_gap.setdefault(s.gap, []).append(s.partner_id)
    assert by_gap == {
        "helix:onderzoek": ["lab"],
        "helix:overheid": ["provincie", "gemeente", "rijk"],  # three, best score first
        "level:vo": ["vmbo"],  # the school that offers the missing vmbo link
    }
    vmbo = next(s for s in gap.suggestions if s.partner_id == "vmbo")
    assert (vmbo.match_id, vmbo.reasons_en) == ("m-vmbo", "Suggested because: vmbo")


def test_a_gap_nobody_is_proposed_for_lists_no_suggestion() -> None:
    gap = gap_of(row(None, ("onderwijs", ["mbo"])), [proposal("bv", "bedrijfsleven", 0.5)])
    assert [s.gap for s in gap.suggestions] == ["helix:bedrijfsleven"]
    assert "maatschappij" in gap.missing_helix
