"""Filters: regions and themes include everything beneath them; lists combine with AND."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from livinglab_contracts.reference.regions import REGIONS, region_ancestors
from livinglab_contracts.reference.themes import THEMES, theme_ancestors
from notifications.domain.filters import matches_filters, region_matches, theme_matches
from notifications.domain.subscriptions import Filters

from tests.unit.notifications.builders import change


def test_a_subregion_subscription_covers_its_municipalities_and_sites() -> None:
    assert region_matches(["CR39"], ["GM0935"])  # Maastricht is in Zuid-Limburg
    assert region_matches(["CR39"], ["SITE-CHEMELOT"])
    assert region_matches(["NL42"], ["GM1883"])  # Sittard-Geleen is in Limburg


def test_a_region_does_not_cover_its_neighbours_or_parents() -> None:
    assert not region_matches(["CR39"], ["GM0363"])  # Amsterdam
    assert not region_matches(["CR39"], ["CR38"])  # Midden-Limburg
    assert not region_matches(["CR39"], ["NL42"])  # the province is wider than the subscription


def test_a_theme_group_covers_its_themes_but_not_the_reverse() -> None:
    assert theme_matches(["energie"], ["geothermie"])
    assert not theme_matches(["geothermie"], ["energie"])
    assert not theme_matches(["energie"], ["procesindustrie"])


def test_unknown_codes_on_a_match_still_match_themselves() -> None:
    assert region_matches(["XX99"], ["XX99"])
    assert not region_matches(["CR39"], ["XX99"])


@given(st.sampled_from(sorted(REGIONS)))
def test_every_region_is_covered_by_each_of_its_ancestors(code: str) -> None:
    for ancestor in region_ancestors(code):
        assert region_matches([ancestor], [code])


@given(st.sampled_from(sorted(THEMES)))
def test_every_theme_is_covered_by_each_of_its_ancestors(slug: str) -> None:
    for ancestor in theme_ancestors(slug):
        assert theme_matches([ancestor], [slug])


def test_empty_filters_match_everything() -> None:
    assert matches_filters(Filters(), change().match)


def test_every_given_filter_must_hold() -> None:
    match = change(regions=["GM0935"], themes=["procesindustrie"], score=0.62).match
    assert matches_filters(Filters(regions=("CR39",), themes=("chemie-procesindustrie",)), match)
    assert not matches_filters(Filters(regions=("CR39",), themes=("energie",)), match)
    assert not matches_filters(Filters(regions=("CR39",), min_score=0.7), match)
    assert matches_filters(Filters(min_score=0.62), match)


def test_subject_and_kind_filters() -> None:
    match = change(subject_ids=["vista-college", "cop-limburg"], kind="partner_to_initiative").match
    assert matches_filters(Filters(subject_ids=("cop-limburg", "other")), match)
    assert not matches_filters(Filters(subject_ids=("other",)), match)
    assert matches_filters(Filters(kinds=("partner_to_initiative",)), match)  # type: ignore[arg-type]
    assert not matches_filters(Filters(kinds=("need_to_offer",)), match)  # type: ignore[arg-type]
