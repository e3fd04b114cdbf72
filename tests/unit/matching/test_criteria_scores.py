"""Each matching criterion (domain.md 4.2): its sub-score and the Dutch and English reasons."""

from __future__ import annotations

from datetime import date

import pytest
from matching.domain import criteria_scores as c
from matching.domain.profiles import Member
from matching.domain.taxonomy import default_taxonomy

from tests.unit.matching.builders import (
    CHEMELOT,
    VISTA,
    ZUYD,
    initiative,
    need_offer,
    offer,
    partner,
    school,
    tiny_taxonomy,
)

TAX = default_taxonomy()
TINY = tiny_taxonomy()


# M1 theme fit ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs", "expected"),
    [
        (["bread"], ["bread"], 1.0),  # exact
        (["bread"], ["cheese"], 0.4),  # siblings under 'food': 0.6 * 0.4 + 0.4 * 0.4
        (["food"], ["cheese"], 0.5),  # group and member
        (["bread"], ["care"], 0.0),  # other tree
        (["bread", "care"], ["bread"], 1.0),  # the narrower side's whole focus is shared
        (["bread", "care"], ["bread", "cheese"], 0.8),  # 0.6 * 1 + 0.4 * (1 + 0) / 2
        (["food", "care"], ["food", "care"], 0.5),  # whole groups say less than a theme
        ([], ["bread"], 0.0),  # unknown
    ],
)
def test_theme_fit_weighs_the_best_shared_theme_and_the_narrower_sides_focus(
    ours: list[str], theirs: list[str], expected: float
) -> None:
    assert c.theme_fit(ours, theirs, TINY, ()).subscore == expected


def test_theme_fit_names_the_shared_themes_in_both_languages() -> None:
    result = c.theme_fit(
        ["procesindustrie", "circulaire-economie"], ["circulaire-economie"], TAX, ("p", "i")
    )
    assert result.id == "M1" and result.weight == 0.18
    assert result.reason_nl == "deelt thema 'circulaire economie'"
    assert result.reason_en == "shares theme 'circular economy'"
    assert result.evidence == ("p", "i", "theme:circulaire-economie")


def test_theme_fit_names_the_related_theme_when_nothing_is_shared() -> None:
    result = c.theme_fit(["chemie-procesindustrie"], ["procestechniek"], TAX, ())
    assert (result.subscore, result.stance) == (0.5, c.FOR)
    assert result.reason_nl == "verwant thema 'procestechniek (PT)'"
    assert result.reason_en == "related theme 'process technology (PT)'"
    assert result.evidence == ("theme:procestechniek",)


def test_siblings_in_a_sector_are_related_weaker_than_a_shared_theme() -> None:
    result = c.theme_fit(["procesindustrie"], ["procestechniek"], TAX, ())
    assert result.subscore == 0.4 and result.stance == c.FOR


def test_a_generic_theme_weighs_less_and_is_never_an_argument() -> None:
    generic = c.theme_fit(["innovatie"], ["innovatie"], TAX, ())
    specific = c.theme_fit(["wind-op-zee"], ["wind-op-zee"], TAX, ())
    assert generic.subscore < 0.5 < specific.subscore
    assert (generic.stance, specific.stance) == (c.NEUTRAL, c.FOR)
    assert generic.reason_en == "only the generic theme 'innovation'"


def test_cross_cutting_education_themes_are_not_related_by_their_group() -> None:
    assert c.theme_fit(["zij-instroom"], ["communicatie"], TAX, ()).subscore == 0.0


def test_unknown_themes_score_nothing_and_say_so() -> None:
    result = c.theme_fit([], ["procestechniek"], TAX, ())
    assert (result.subscore, result.stance) == (0.0, c.UNKNOWN)
    assert (result.reason_nl, result.reason_en) == ("thema's onbekend", "themes unknown")


def test_theme_fit_says_so_when_no_theme_is_shared() -> None:
    result = c.theme_fit(["zorg"], ["logistiek"], TAX, ())
    assert (result.subscore, result.reason_nl, result.reason_en) == (
        0.0,
        "geen gedeeld thema",
        "no shared theme",
    )


# M2 helix complementarity ------------------------------------------------------------------------


def test_helix_scores_one_for_a_missing_category_named_by_the_partners_kind() -> None:
    result = c.helix_complementarity(initiative(), partner())
    assert (result.id, result.subscore, result.weight, result.stance) == ("M2", 1.0, 0.14, c.FOR)
    assert result.reason_nl == "brengt overheid (provincie), die CoP Chemelot nog mist"
    assert result.reason_en == (
        "brings government (province), which CoP Chemelot does not have yet"
    )
    # the helixes at the table, not the list of members (a member joining with a helix
    # already there changes nothing the match says)
    assert result.evidence == ("p-province", "i-cop", "helix:bedrijfsleven", "helix:onderwijs")


def test_helix_labels_follow_the_kind_of_partner() -> None:
    topsector = partner(kind="topsector", helix="maatschappij", name="Topsector HTSM")
    result = c.helix_complementarity(initiative(), topsector)
    assert (
        result.reason_en
        == "brings civil society (top sector), which CoP Chemelot does not have yet"
    )


def test_helix_scores_zero_when_the_category_is_at_the_table() -> None:
    result = c.helix_complementarity(initiative(members=(VISTA, ZUYD, CHEMELOT)), school())
    assert (result.subscore, result.stance) == (0.0, c.NEUTRAL)
    assert result.reason_nl == "CoP Chemelot heeft al onderwijs aan tafel"
    assert result.reason_en == "CoP Chemelot already has education at the table"


def test_an_initiative_without_known_members_lacks_nothing_we_can_tell() -> None:
    result = c.helix_complementarity(initiative(members=()), partner())
    assert (result.subscore, result.stance) == (0.0, c.UNKNOWN)


def test_an_innovation_table_counts_its_parents_members_as_present() -> None:
    table = initiative(
        id="i-table",
        kind="innovation_table",
        members=(),
        parent_id="i-cop",
        parent_helixes=frozenset({"overheid", "onderwijs"}),
    )
    result = c.helix_complementarity(table, partner())
    assert result.subscore == 0.0 and "member_of:i-cop" in result.evidence


def test_helix_ignores_members_that_left() -> None:
    gone = Member("p-gemeente", "Gemeente Sittard-Geleen", "overheid", active=False)
    result = c.helix_complementarity(initiative(members=(VISTA, gone)), partner())
    assert result.subscore == 1.0
    assert "p-gemeente" not in result.evidence


# M3 regional proximity and nodal distance --------------------------------------------------------


@pytest.mark.parametrize(
    ("ours", "theirs", "score", "nl", "en"),
    [
        (["SITE-CHEMELOT"], ["GM1883"], 1.0, "beide in Sittard-Geleen", "both in Sittard-Geleen"),
        (["GM0935"], ["GM0935"], 1.0, "beide in Maastricht", "both in Maastricht"),
        (["GM0935"], ["GM0917"], 0.8, "beide in Zuid-Limburg", "both in South Limburg"),
        (["CR39"], ["GM0983"], 0.6, "beide in Limburg", "both in Limburg"),
        (
            ["NL42"],
            ["GM0772"],
            0.3,
            "buurprovincies Limburg en Noord-Brabant",
            "neighbouring provinces Limburg and North Brabant",
        ),
        (["GM0935"], ["GM0014"], 0.1, "beide in Nederland", "both in the Netherlands"),
        (
            ["EU"],
            ["NL42"],
            0.0,
            "geen gedeelde regio binnen Nederland",
            "no shared region within the Netherlands",
        ),
        (["NL11", "GM0935"], ["GM0917"], 0.8, "beide in Zuid-Limburg", "both in South Limburg"),
        ([], ["CR39"], 0.0, "regio onbekend", "region unknown"),
    ],
)
def test_regional_proximity_levels_and_reasons(
    ours: list[str], theirs: list[str], score: float, nl: str, en: str
) -> None:
    result = c.regional_proximity(ours, theirs, TAX, ())
    assert (result.id, result.weight) == ("M3", 0.12)
    assert (result.subscore, result.reason_nl, result.reason_en) == (score, nl, en)


def test_regional_proximity_on_a_hand_built_tree() -> None:
    assert c.regional_proximity(["T1"], ["T2"], TINY, ()).subscore == 0.8
    assert c.regional_proximity(["T1"], ["S2"], TINY, ()).subscore == 0.6
    assert c.regional_proximity(["T1"], ["P2"], TINY, ()).reason_en == (
        "neighbouring provinces First and Second"
    )
    assert c.regional_proximity(["T1"], ["P3"], TINY, ()).subscore == 0.1
    assert c.regional_proximity(["T1"], ["nowhere"], TINY, ()).reason_nl == "geen gedeelde regio"


def test_nodal_distance_values_links_across_regions_and_with_the_neighbours() -> None:
    far = c.nodal_distance(["CR39"], ["NL11"], TAX, ("a", "b"))
    near = c.nodal_distance(["GM0935"], ["GM0917"], TAX, ("a", "b"))
    assert (far.id, far.label_en, far.subscore, far.stance) == ("M3", "Nodal network", 1.0, c.FOR)
    assert far.reason_nl == "verbindt Limburg en Groningen, voor kennisuitwisseling"
    assert far.reason_en == "links Limburg and Groningen, for knowledge exchange"
    assert near.subscore == 0.6
    assert near.reason_nl == "beide in Zuid-Limburg: gluren bij de buren"
    assert near.reason_en == "both in South Limburg: learning from the neighbours"


@pytest.mark.parametrize(("ours", "theirs"), [([], ["CR39"]), (["NL"], ["CR39"]), (["EU"], ["NL"])])
def test_a_missing_or_national_region_is_not_a_link_across_regions(
    ours: list[str], theirs: list[str]
) -> None:
    result = c.nodal_distance(ours, theirs, TAX, ())
    assert result.subscore == 0.0 and result.stance != c.FOR


# M4 learning pathway -----------------------------------------------------------------------------


def test_pathway_fills_the_vmbo_link_upstream_of_the_mbo_member() -> None:
    result = c.pathway_continuity(initiative(), school())
    assert (result.id, result.subscore, result.weight) == ("M4", 1.0, 0.14)
    assert result.reason_nl == "vult de ontbrekende vo (vmbo/havo)-schakel naast VISTA college"
    assert result.reason_en == "fills the missing vo (vmbo/havo) link next to VISTA college"
    assert result.evidence == ("p-vmbo", "i-cop", "p-vista")


def test_pathway_treats_mbo_and_hbo_as_neighbours_because_ad_is_optional() -> None:
    result = c.pathway_continuity(
        initiative(members=(), levels=("mbo",)), school(levels=("hbo",), name="Zuyd")
    )
    assert result.subscore == 1.0
    assert result.reason_en == "fills the missing hbo link"  # no member holds mbo: no "next to"


def test_pathway_names_the_downstream_neighbour() -> None:
    result = c.pathway_continuity(initiative(members=(VISTA, ZUYD)), school(levels=("wo",)))
    assert result.subscore == 1.0
    assert result.reason_nl == "vult de ontbrekende wo-schakel naast Zuyd Hogeschool"


def test_pathway_scores_a_non_adjacent_level_lower() -> None:
    result = c.pathway_continuity(initiative(), school(levels=("wo",)))
    assert result.subscore == 0.6
    assert result.reason_nl == "voegt wo toe aan de leerlijn (niet aansluitend)"
    assert result.reason_en == "adds wo to the pathway (not adjacent)"


def test_pathway_scores_zero_without_a_new_link() -> None:
    result = c.pathway_continuity(initiative(members=(VISTA,)), school(levels=("mbo-4",)))
    assert (result.subscore, result.stance) == (0.0, c.NEUTRAL)
    assert result.reason_nl == "geen nieuwe schakel in de doorlopende leerlijn"
    assert result.reason_en == "adds no new link to the learning pathway"


@pytest.mark.parametrize(
    ("levels", "members"),
    [
        (("post_initieel",), (VISTA,)),  # not on the pathway: the candidate's step is unknown
        (("vmbo",), (CHEMELOT,)),  # the initiative covers no known level yet
    ],
)
def test_pathway_is_unknown_without_levels_on_either_side(
    levels: tuple[str, ...], members: tuple[Member, ...]
) -> None:
    result = c.pathway_continuity(initiative(members=members), school(levels=levels))
    assert (result.subscore, result.stance) == (0.0, c.UNKNOWN)
    assert result.reason_en.startswith("education levels of ")


def test_pathway_ignores_levels_of_members_that_left() -> None:
    left = Member("p-vo", "Graaf Huyn College", "onderwijs", ("vmbo",), active=False)
    assert c.pathway_continuity(initiative(members=(VISTA, left)), school()).subscore == 1.0


# M5 need-offer fit -------------------------------------------------------------------------------


def test_need_offer_fit_is_one_for_same_type_theme_level_period_and_quantity() -> None:
    result = c.need_offer_fit(
        need_offer(quantity=5, levels=("mbo",), valid_from=date(2026, 1, 1)),
        offer(quantity=5, levels=("mbo",), valid_until=date(2026, 12, 31)),
        TAX,
    )
    assert (result.id, result.subscore, result.weight) == ("M5", 1.0, 0.18)
    assert result.reason_nl == (
        "Chemelot BV zoekt 'procesoperators'; VISTA college biedt 'bbl PT zij-instroom'"
    )
    assert result.reason_en == (
        "Chemelot BV needs 'procesoperators'; VISTA college offers 'bbl PT zij-instroom'"
    )
    assert result.evidence == ("n-operators", "o-bbl-pt", "p-chemelot", "p-vista")


def test_need_offer_fit_multiplies_partial_factors() -> None:
    # the type says what is asked; themes narrow it: procesoperator and procestechniek are
    # related (siblings, 0.4), which counts as 0.5 + 0.5 * 0.4
    assert c.need_offer_fit(need_offer(), offer(themes=("procestechniek",)), TAX).subscore == 0.7
    assert c.need_offer_fit(need_offer(themes=()), offer(), TAX).subscore == 0.7  # any theme
    assert c.need_offer_fit(need_offer(), offer(themes=()), TAX).subscore == 0.4  # unknown
    assert c.need_offer_fit(need_offer(), offer(themes=("zorg",)), TAX).subscore == 0.4
    assert (
        c.need_offer_fit(need_offer(levels=("hbo",)), offer(levels=("mbo",)), TAX).subscore == 0.3
    )
    assert (
        c.need_offer_fit(need_offer(levels=("mbo",)), offer(levels=("mbo-4",)), TAX).subscore == 1.0
    )


def test_a_partner_in_a_sector_must_work_on_the_sector() -> None:
    need = need_offer(type="partner_in_sector", themes=("ziekenhuizen",))
    assert (
        c.need_offer_fit(need, offer(type="partner_in_sector", themes=("zorg",)), TAX).stance
        == c.FOR
    )
    unrelated = offer(type="partner_in_sector", themes=("logistiek",))
    assert c.need_offer_fit(need, unrelated, TAX).subscore == 0.0


def test_shared_words_need_two_and_show_the_words_themselves() -> None:
    ours = (("lab", "labs"), ("lif", "living"), ("netwerk", "netwerk"))
    result = c.shared_words(ours, (("lab", "lab"), ("lif", "living")), ("a", "b"))
    assert (result.id, result.stance, result.subscore) == ("M14", c.FOR, 0.6667)
    assert result.reason_en == "the descriptions share 'labs', 'living'"
    assert c.shared_words(ours, (("lab", "lab"),), ()).stance == c.NEUTRAL
    assert c.shared_words((), ours, ()).stance == c.UNKNOWN


def test_a_staff_demand_meets_a_lateral_entry_trajectory() -> None:
    result = c.need_offer_fit(need_offer(), offer(type="zij_instroom_trajectory"), TAX)
    assert (result.subscore, result.stance) == (0.8, c.FOR)


def test_kinds_of_need_and_offer_that_do_not_fit_argue_against() -> None:
    result = c.need_offer_fit(need_offer(), offer(type="buddy"), TAX)
    assert (result.subscore, result.stance) == (0.0, c.AGAINST)


def test_need_offer_fit_is_zero_when_the_periods_do_not_overlap() -> None:
    need = need_offer(valid_from=date(2027, 1, 1))
    assert c.need_offer_fit(need, offer(valid_until=date(2026, 6, 30)), TAX).subscore == 0.0


def test_need_offer_fit_reports_partial_quantity_coverage() -> None:
    result = c.need_offer_fit(need_offer(quantity=10), offer(quantity=4), TAX)
    assert result.subscore == 0.4
    assert result.reason_nl.endswith(", dekt 4 van 10")
    assert result.reason_en.endswith(", covers 4 of 10")


# M6 target groups and M7 shared urgency ----------------------------------------------------------


def test_overlap_is_the_share_of_the_initiatives_items_and_lists_them() -> None:
    result = c.overlap(
        "M6",
        ("Doelgroepen", "Target groups"),
        0.05,
        ["zij_instromer", "upgrader", "student_mbo_bbl"],
        ["upgrader", "zij_instromer", "docent"],
        ("doelgroepen", "target groups"),
        ("p", "i"),
    )
    assert (result.id, result.subscore, result.weight) == ("M6", 0.6667, 0.05)
    assert result.reason_nl == "beide richten zich op doelgroepen: upgrader, zij_instromer"
    assert result.reason_en == "both address target groups: upgrader, zij_instromer"


@pytest.mark.parametrize(
    ("ours", "theirs", "nl", "en"),
    [
        (["krimp"], ["imago"], "geen gedeelde uitdagingen", "no shared challenges"),
        ([], ["krimp"], "uitdagingen onbekend", "challenges unknown"),
    ],
)
def test_overlap_without_shared_items_is_zero(
    ours: list[str], theirs: list[str], nl: str, en: str
) -> None:
    result = c.overlap(
        "M7",
        ("Gedeelde urgentie", "Shared urgency"),
        0.05,
        ours,
        theirs,
        ("uitdagingen", "challenges"),
        (),
    )
    assert (result.subscore, result.reason_nl, result.reason_en) == (0.0, nl, en)


def test_shared_urgency_names_the_challenges() -> None:
    result = c.overlap(
        "M7",
        ("Gedeelde urgentie", "Shared urgency"),
        0.05,
        ["personeelstekort", "krimp"],
        ["krimp", "personeelstekort"],
        ("uitdagingen", "challenges"),
        (),
    )
    assert result.subscore == 1.0
    assert result.reason_nl == "beide richten zich op uitdagingen: krimp, personeelstekort"


# M12 capacity and M13 collaboration type ---------------------------------------------------------


@pytest.mark.parametrize(
    ("load", "coordinator", "expected"),
    [(2, False, 1.0), (9, False, 0.6), (9, True, 0.8), (20, False, 0.0), (20, True, 0.2)],
)
def test_capacity_penalises_load_above_five_and_rewards_a_coordinator(
    load: int, coordinator: bool, expected: float
) -> None:
    candidate = partner(
        active_memberships=frozenset(f"i-{n}" for n in range(load)), has_coordinator=coordinator
    )
    assert c.capacity(candidate).subscore == expected


def test_capacity_reason_names_the_partner_its_load_and_coordinator() -> None:
    busy = partner(active_memberships=frozenset(f"i-{n}" for n in range(7)), has_coordinator=True)
    result = c.capacity(busy)
    assert result.reason_nl == "Provincie Limburg zit al in 7 initiatieven en heeft een coördinator"
    assert result.reason_en == "Provincie Limburg is in 7 initiatives already and has a coordinator"
    assert c.capacity(partner()).reason_en == "Provincie Limburg is in 5 initiatives or fewer"


def test_capacity_says_the_same_for_any_load_up_to_the_threshold() -> None:
    """Joining one more initiative must not re-announce every other match of the partner."""
    said = {
        c.capacity(partner(active_memberships=frozenset(f"i-{n}" for n in range(load))))
        for load in range(6)
    }
    assert len(said) == 1


def test_collaboration_type_matches_or_mixes_and_is_left_out_when_unknown() -> None:
    operational = initiative(collaboration_type="operational")
    strategic = initiative(id="i-other", collaboration_type="strategic")
    same = c.collaboration_fit(operational, operational)
    mixed = c.collaboration_fit(operational, strategic)
    assert same is not None and mixed is not None
    assert (same.subscore, same.reason_nl) == (1.0, "beide operational")
    assert (mixed.subscore, mixed.reason_en, mixed.stance) == (
        0.5,
        "operational and strategic",
        c.AGAINST,
    )
    assert c.collaboration_fit(operational, initiative()) is None
