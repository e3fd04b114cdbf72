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
