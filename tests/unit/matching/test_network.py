"""Network: profiles plus inverted indexes that follow every re-put, and the theme/region rules
candidate generation builds on."""

from __future__ import annotations

import pytest
from matching.domain.network import Network, provinces, related_themes
from matching.domain.taxonomy import default_taxonomy

from tests.unit.matching.builders import initiative, need_offer, partner, tiny_taxonomy

TAX = tiny_taxonomy()
REAL = default_taxonomy()


# related_themes ----------------------------------------------------------------------------------


def test_a_sector_theme_brings_its_group_and_siblings_but_not_other_groups() -> None:
    assert related_themes(["bread"], TAX) == {"bread", "food", "cheese"}
    assert related_themes(["food"], TAX) == {"food", "bread", "cheese"}
    assert related_themes(["care"], TAX) == {"care"}  # a group without members


def test_a_real_sector_theme_brings_its_whole_group() -> None:
    group = REAL.theme_parent["procestechniek"]
    assert group is not None
    siblings = {t for t, parent in REAL.theme_parent.items() if parent == group}
    assert related_themes(["procestechniek"], REAL) == {group, *siblings}
    assert "lasrobotica" not in related_themes(["procestechniek"], REAL)


@pytest.mark.parametrize("generic", ["innovatie", "leven-lang-ontwikkelen", "vakmanschap"])
def test_a_generic_theme_is_only_related_to_itself(generic: str) -> None:
    assert related_themes([generic], REAL) == {generic}


@pytest.mark.parametrize("slug", ["onderwijs-arbeidsmarkt", "zij-instroom", "lerarentekort"])
def test_the_cross_cutting_group_and_its_leaves_are_only_related_to_themselves(slug: str) -> None:
    assert related_themes([slug], REAL) == {slug}


def test_related_themes_is_symmetric_over_the_whole_taxonomy() -> None:
    """Candidate rules look from both sides, so 'related' must not depend on the direction."""
    one_sided = [
        (a, b)
        for a in REAL.theme_parent
        for b in related_themes([a], REAL)
        if a not in related_themes([b], REAL)
    ]
    assert one_sided == []


def test_related_themes_of_several_slugs_is_the_union() -> None:
    assert related_themes(["bread", "care"], TAX) == {"bread", "food", "cheese", "care"}


# provinces ---------------------------------------------------------------------------------------


def test_a_gemeente_or_subregion_stands_for_its_province() -> None:
    assert provinces(["T1"], TAX) == {"P1"}
    assert provinces(["S2"], TAX) == {"P1"}
    assert provinces(["T2", "S1", "P1"], TAX) == {"P1"}


def test_a_province_stands_for_itself_and_so_does_anything_above_it() -> None:
    assert provinces(["P2", "NL"], TAX) == {"P2", "NL"}
    assert provinces([], TAX) == set()


def test_real_codes_resolve_to_their_province() -> None:
    assert provinces(["GM1883", "CR39"], REAL) == {"NL42"}


# put / re-put ------------------------------------------------------------------------------------


def test_a_partner_is_found_under_each_of_its_keys() -> None:
    net = Network(TAX)
    net.put(partner(id="p-1", themes=("bread", "care"), regions=("T1",), facilities=("lab",)))
    assert net.having("Partner", "theme", ["bread"]) == {"p-1"}
    assert net.having("Partner", "theme", ["care"]) == {"p-1"}
    assert net.having("Partner", "province", ["P1"]) == {"p-1"}
    assert net.having("Partner", "helix", ["overheid"]) == {"p-1"}
    assert net.having("Partner", "facility", ["yes"]) == {"p-1"}
    assert net.having("Initiative", "theme", ["bread"]) == set()  # labels are separate
    assert list(net) == ["p-1"]


def test_re_putting_a_partner_moves_it_between_keys_and_forgets_the_old_ones() -> None:
    net = Network(TAX)
    net.put(partner(id="p-stays", themes=("bread",), regions=("S1",)))
    net.put(partner(id="p-moves", themes=("bread",), regions=("T1",), facilities=("lab",)))

    moved = partner(id="p-moves", themes=("care",), regions=("P2",), helix="onderwijs")
    net.put(moved)

    assert net.partners["p-moves"] is moved
    assert net.having("Partner", "theme", ["bread"]) == {"p-stays"}
    assert net.having("Partner", "theme", ["care"]) == {"p-moves"}
    assert net.having("Partner", "province", ["P1"]) == {"p-stays"}
    assert net.having("Partner", "province", ["P2"]) == {"p-moves"}
    assert net.having("Partner", "helix", ["overheid"]) == {"p-stays"}
    assert net.having("Partner", "facility", ["yes"]) == set()
    assert sorted(net) == ["p-moves", "p-stays"]


def test_re_putting_an_initiative_forgets_its_old_parent_and_needs() -> None:
    net = Network(TAX)
    need = need_offer(id="n-1", type="funding", themes=("cheese",), publisher_id="i-1")
    net.put(initiative(id="i-1", themes=("bread",), regions=(), parent_id="i-a", needs=(need,)))
    assert net.children("i-a") == {"i-1"}
    assert net.having("Initiative", "need_type", ["funding"]) == {"i-1"}
    assert net.having("Initiative", "need_theme", ["cheese"]) == {"i-1"}

    net.put(initiative(id="i-1", themes=("bread",), regions=(), parent_id="i-b", needs=()))

    assert net.children("i-a") == set()
    assert net.children("i-b") == {"i-1"}
    assert net.having("Initiative", "need_type", ["funding"]) == set()
    assert net.having("Initiative", "need_theme", ["cheese"]) == set()
    assert net.having("Initiative", "theme", ["bread"]) == {"i-1"}


def test_a_need_is_indexed_by_type_only_while_open() -> None:
    net = Network(TAX)
    net.put(need_offer(id="n-1", type="staff_demand", publisher_id="p-1"))
    assert net.having("NeedOffer", "need", ["staff_demand"]) == {"n-1"}

    net.put(need_offer(id="n-1", type="staff_demand", publisher_id="p-1", status="fulfilled"))
    assert net.having("NeedOffer", "need", ["staff_demand"]) == set()

    net.put(need_offer(id="n-1", type="staff_demand", publisher_id="p-1", pending=True))
    assert net.having("NeedOffer", "need", ["staff_demand"]) == set()


def test_having_is_the_union_over_the_values_asked() -> None:
    net = Network(TAX)
    net.put(partner(id="p-1", themes=("bread",)))
    net.put(partner(id="p-2", themes=("cheese",)))
    net.put(partner(id="p-3", themes=("care",)))
    assert net.having("Partner", "theme", ["bread", "cheese"]) == {"p-1", "p-2"}
    assert net.having("Partner", "theme", []) == set()
