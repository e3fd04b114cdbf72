"""The matcher: hard filters, the content + structural gate, min_score, renormalised weights,
deterministic ids and the fingerprint that decides what counts as a change."""

from __future__ import annotations

import uuid
from dataclasses import replace

import pytest
from matching.domain import matcher
from matching.domain.matcher import Match, match_id
from matching.domain.profiles import Member
from matching.domain.taxonomy import default_taxonomy

from tests.unit.matching.builders import CHEMELOT, initiative, need_offer, offer, partner, school

TAX = default_taxonomy()


def propose(candidate: object = None, target: object = None, floor: float = 0.0) -> Match | None:
    return matcher.partner_for_initiative(
        candidate or partner(),  # type: ignore[arg-type]
        target or initiative(),  # type: ignore[arg-type]
        TAX,
        floor,
    )


def subscores(match: Match | None) -> dict[str, float]:
    assert match is not None
    return {r.id: r.subscore for r in match.criteria}


# Hard filters ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("candidate", "target"),
    [
        (partner(opt_in=False), initiative()),  # F1: only who wants takes part
        (partner(), initiative(opt_in=False)),
        (partner(pending=True), initiative()),  # referenced, never registered
        (partner(), initiative(pending=True)),
        (partner(), initiative(status="idea")),  # F1: active or pilot only
        (partner(), initiative(status="sustained")),
        (partner(), initiative(status="closed")),
    ],
)
def test_filters_drop_pairs_that_did_not_opt_in_or_are_not_active(
    candidate: object, target: object
) -> None:
    assert propose(candidate, target) is None


def test_pilot_initiatives_are_matchable() -> None:
    assert propose(partner(), initiative(status="pilot")) is not None


def test_a_current_member_is_not_proposed_but_one_that_left_may_be_invited_again() -> None:
    at_table = Member("p-province", "Provincie Limburg", "overheid")
    assert propose(partner(), initiative(members=(*initiative().members, at_table))) is None
    left = replace(at_table, active=False)
    assert propose(partner(), initiative(members=(*initiative().members, left))) is not None


def test_only_members_of_the_parent_are_candidates_for_an_innovation_table() -> None:
    table = initiative(
        id="i-table",
        name="Innovatietafel 2B",
        kind="innovation_table",
        parent_id="i-cop",
        parent_members=frozenset({"p-province"}),
        parent_helixes=frozenset({"overheid"}),
        members=(CHEMELOT,),
    )
    outsider = partner(id="p-gemeente", name="Gemeente Sittard-Geleen")
    assert propose(outsider, table) is None
    match = propose(partner(), table)
    assert match is not None
    m2 = next(r for r in match.criteria if r.id == "M2")
    assert m2.evidence[-1] == "member_of:i-cop"


# Gate, minimum score, weights --------------------------------------------------------------------


def test_a_specific_shared_theme_is_reason_enough() -> None:
    # Adds no helix (business is there) and its region is unknown, but works on the same thing.
    company = partner(id="p-bv", name="BV", kind="mkb", helix="bedrijfsleven", regions=())
    match = propose(company)
    assert match is not None
    m3 = next(r for r in match.criteria if r.id == "M3")
    assert (m3.subscore, m3.reason_en) == (0.0, "region unknown")
    assert "(M3)" not in match.top_reasons_en  # missing data is never a reason


def test_a_missing_helix_nearby_without_any_shared_subject_is_not_proposed() -> None:
    # Adds government (M2) in the same province (M3) but works on nothing the initiative does.
    assert propose(partner(themes=("zorg",))) is None


def test_a_missing_pathway_link_from_nearby_is_reason_enough() -> None:
    match = propose(school(themes=()))
    assert match is not None and "(M4)" in match.top_reasons_en


def test_a_far_away_school_filling_a_pathway_gap_without_a_shared_theme_is_not_proposed() -> None:
    assert propose(school(themes=(), regions=("GM0014",))) is None


def test_answering_a_published_need_is_reason_enough() -> None:
    need = need_offer(
        id="n-zorg",
        type="partner_in_sector",
        title="ziekenhuizen betrekken",
        publisher_id="i-cop",
        themes=("ziekenhuizen",),
        region="GM0935",
    )
    hospital = partner(
        id="p-mumc",
        name="Ziekenhuis",
        kind="zorginstelling",
        helix="maatschappij",
        themes=("zorg",),
        regions=("GM0935",),
    )
    match = propose(hospital, initiative(needs=(need,)))
    assert match is not None
    assert "answers the need 'ziekenhuizen betrekken' that CoP Chemelot published (M5)" in (
        match.top_reasons_en
    )


def test_a_partner_of_a_sector_already_at_the_table_does_not_answer_a_broadening_need() -> None:
    need = need_offer(id="n-sector", type="partner_in_sector", publisher_id="i-cop", themes=())
    company = partner(id="p-bv", kind="mkb", helix="bedrijfsleven", themes=("zorg",))
    assert propose(company, initiative(needs=(need,))) is None


def test_an_idea_is_matched_only_when_it_asks_for_partners() -> None:
    need = need_offer(id="n-p", type="partner_in_sector", publisher_id="i-cop", themes=())
    assert propose(partner(), initiative(status="idea")) is None
    assert propose(partner(), initiative(status="idea", needs=(need,))) is not None


def test_min_score_is_a_floor() -> None:
    assert propose(floor=0.79) is not None  # score 0.7923
    assert propose(floor=0.80) is None


def test_score_is_the_weighted_sum_renormalised_over_the_criteria_that_apply() -> None:
    government = propose()
    assert subscores(government) == {
        "M1": 1.0,
        "M2": 1.0,
        "M3": 0.6,
        "M14": 0.0,
        "M6": 0.0,
        "M7": 0.0,
        "M12": 1.0,
    }
    # (0.18 + 0.14 + 0.12 * 0.6 + 0.02) / (0.18 + 0.14 + 0.12 + 0.06 + 0.02): unknown texts
    # (M14) stay in the sum with nothing; target groups (M6) and challenges (M7), which most
    # profiles leave out, weigh 0 when a side did not declare them
    assert government is not None and government.score == 0.7923
    assert {r.id: r.weight for r in government.criteria}["M6"] == 0.0

    vmbo = propose(school())  # education partners are also scored on the pathway (M4)
    assert list(subscores(vmbo)) == ["M1", "M2", "M3", "M4", "M14", "M6", "M7", "M12"]
    # (0.18 * 0.4 + 0.12 * 0.8 + 0.14 + 0.02) / 0.66
    assert vmbo is not None and vmbo.score == 0.497


WORDS = (("campus", "campus"), ("chemelot", "chemelot"), ("proces", "proces"))


def test_a_perfect_candidate_scores_one() -> None:
    perfect = partner(
        themes=("procesindustrie", "circulaire-economie"),
        regions=("GM0935",),
        target_groups=("upgrader",),
        challenges=("krimp",),
        terms=WORDS,
    )
    target = initiative(
        regions=("GM0935",), target_groups=("upgrader",), challenges=("krimp",), terms=WORDS
    )
    match = propose(perfect, target)
    assert match is not None
    assert match.score == 1.0


def test_top_reasons_name_the_three_strongest_criteria_in_both_languages() -> None:
    match = propose(school())
    assert match is not None
    assert match.top_reasons_nl.startswith(
        "Voorgesteld omdat: vult de ontbrekende vo (vmbo/havo)-schakel naast VISTA college (M4); "
        "beide in Zuid-Limburg (M3); verwant thema 'procestechniek (PT)' (M1). "
        "vmbo Sittard-Geleen krijgt er een betekenisvolle context"
    )
    assert match.top_reasons_en.startswith(
        "Suggested because: fills the missing vo (vmbo/havo) link next to VISTA college (M4); "
        "both in South Limburg (M3); related theme 'process technology (PT)' (M1). "
        "vmbo Sittard-Geleen gains a meaningful context"
    )
    assert match.subject_ids == ("p-vmbo", "i-cop")
    assert match.subject_names == ("vmbo Sittard-Geleen", "CoP Chemelot")
    assert match.regions == ("CR39", "GM1883")


# Initiative pairs and need/offer pairs -----------------------------------------------------------


def nodal_pair() -> tuple[object, object]:
    a = initiative(id="i-a", target_groups=("upgrader", "docent"), regions=("CR39",))
    b = initiative(
        id="i-b", target_groups=("upgrader",), regions=("NL11",), themes=("procesindustrie",)
    )
    return a, b


def test_initiative_pairs_do_not_depend_on_which_side_was_touched() -> None:
    a, b = nodal_pair()
    forward = matcher.initiative_pair(a, b, TAX, 0.0)  # type: ignore[arg-type]
    backward = matcher.initiative_pair(b, a, TAX, 0.0)  # type: ignore[arg-type]
    assert forward is not None
    assert forward == backward  # same score, reasons and evidence, not just the same id
    assert forward.subject_ids == ("i-a", "i-b")
    assert subscores(forward)["M3"] == 1.0  # different regions: the nodal point


@pytest.mark.parametrize(
    "other",
    [
        {"id": "i-a"},  # itself
        {"parent_id": "i-a"},  # its own table
        {"parent_id": "i-cop", "kind": "innovation_table"},  # a sibling table: they align anyway
        {"status": "idea"},
        {"opt_in": False},
        {"themes": ("innovatie",)},  # only a generic theme in common
    ],
)
def test_initiative_pairs_skip_self_family_and_inactive(other: dict[str, object]) -> None:
    a = initiative(id="i-a", parent_id="i-cop", kind="innovation_table", regions=("CR39",))
    b = initiative(**({"id": "i-b", "regions": ("NL11",)} | other))
    if "themes" in other:
        a = replace(a, themes=("innovatie",))
    assert matcher.initiative_pair(a, b, TAX, 0.0) is None


def test_sibling_pilots_of_one_programme_on_one_theme_are_paired() -> None:
    college = initiative(
        id="energy-college",
        kind="learning_community",
        parent_id="lc",
        themes=("wind-op-zee", "geothermie"),
        regions=("NL1",),
    )
    career = initiative(
        id="career", kind="pilot", parent_id="lc", themes=("wind-op-zee",), regions=()
    )
    match = matcher.initiative_pair(college, career, TAX, 0.0)
    assert match is not None and "shares theme 'offshore wind energy' (M1)" in match.top_reasons_en


def test_need_and_offer_match_with_type_fit_and_region() -> None:
    match = matcher.need_for_offer(need_offer(), offer(), TAX, 0.0)
    assert match is not None and match.kind == "need_to_offer"
    assert subscores(match) == {"M5": 1.0, "M3": 0.8, "M6": 0.0}
    assert match.subject_ids == ("n-operators", "o-bbl-pt")


@pytest.mark.parametrize(
    ("need", "supply"),
    [
        (offer(), need_offer()),  # direction swapped
        (need_offer(), offer(type="buddy")),  # F3: another kind of request
        (need_offer(), offer(publisher_id="p-chemelot")),  # talking to itself
        (need_offer(status="fulfilled"), offer()),
        (need_offer(), offer(pending=True)),
    ],
)
def test_need_offer_filters(need: object, supply: object) -> None:
    assert matcher.need_for_offer(need, supply, TAX, 0.0) is None  # type: ignore[arg-type]


def test_need_and_offer_without_region_score_nothing_for_proximity() -> None:
    match = matcher.need_for_offer(need_offer(region=None), offer(), TAX, 0.0)
    assert match is not None
    m3 = next(r for r in match.criteria if r.id == "M3")
    assert (m3.subscore, m3.reason_nl, m3.reason_en) == (0.0, "regio onbekend", "region unknown")


# Ids and fingerprints ----------------------------------------------------------------------------


def test_match_ids_are_deterministic_uuid5_so_a_replay_finds_the_same_match() -> None:
    # Pinned: changing the namespace or the format would orphan every stored match on upgrade.
    assert match_id("partner_to_initiative", "p-province", "i-cop") == (
        "7e0fa74a-aa08-5279-b86e-1bbcdb27e36d"
    )
    assert uuid.UUID(match_id("need_to_offer", "n", "o")).version == 5
    assert propose() is not None and propose().match_id == propose().match_id  # type: ignore[union-attr]


def test_match_ids_ignore_order_except_for_partner_to_initiative() -> None:
    assert match_id("initiative_to_initiative", "i-a", "i-b") == match_id(
        "initiative_to_initiative", "i-b", "i-a"
    )
    assert match_id("need_to_offer", "n", "o") == match_id("need_to_offer", "o", "n")
    assert match_id("partner_to_initiative", "x", "y") != match_id(
        "partner_to_initiative", "y", "x"
    )
    assert match_id("need_to_offer", "x", "y") != match_id("initiative_to_initiative", "x", "y")


def test_fingerprint_is_stable_for_equal_inputs() -> None:
    first, again = propose(), propose()
    assert first is not None and again is not None
    assert first.fingerprint() == again.fingerprint()
    assert first.fingerprint().startswith(
        "0.792|M1=1.00|M2=1.00|M3=0.60|M14=0.00|M6=0.00|M7=0.00|M12=1.00|"
    )


@pytest.mark.parametrize(
    "changed",
    [
        partner(regions=("CR39",)),  # a score
        partner(name="Provincie Limburg (PL)"),  # only the wording of the reasons
        partner(regions=("NL42", "NL11")),  # only the regions the match is filed under
    ],
)
def test_fingerprint_changes_with_scores_and_with_what_the_match_says(changed: object) -> None:
    before, after = propose(), propose(changed)
    assert before is not None and after is not None
    assert after.fingerprint() != before.fingerprint()


def test_a_member_joining_with_a_helix_and_level_already_there_changes_no_match_of_others() -> None:
    """A join re-announced every match of the initiative while evidence listed all members;
    the evidence is now what the reasons rest on, so nothing that was said changes."""
    before = initiative()
    after = initiative(members=(*before.members, Member("p-dsm", "DSM", "bedrijfsleven")))
    for candidate in (partner(), school()):
        old = matcher.partner_for_initiative(candidate, before, TAX, 0.0)
        new = matcher.partner_for_initiative(candidate, after, TAX, 0.0)
        assert old is not None and new is not None
        assert new.fingerprint() == old.fingerprint()


def test_a_member_bringing_the_missing_helix_changes_what_the_match_says() -> None:
    before = initiative()
    after = initiative(members=(*before.members, Member("p-gemeente", "Gemeente", "overheid")))
    old = matcher.partner_for_initiative(partner(), before, TAX, 0.0)
    new = matcher.partner_for_initiative(partner(), after, TAX, 0.0)
    assert old is not None and new is not None
    assert new.fingerprint() != old.fingerprint()


def test_scoring_facts_ignore_a_member_that_changes_nothing_scoring_reads() -> None:
    before = initiative()  # VISTA (onderwijs, mbo) and Chemelot (bedrijfsleven)
    later = initiative(members=(*before.members, Member("p-zz-company", "ZZ", "bedrijfsleven")))
    assert matcher.scoring_facts(later) == matcher.scoring_facts(before)


@pytest.mark.parametrize(
    "joining",
    [
        Member("p-gemeente", "Gemeente", "overheid"),  # a helix the table lacked
        Member("p-dsm", "DSM", "bedrijfsleven", ("mbo",)),  # now first to hold mbo (M4's text)
        Member("p-zuyd", "Zuyd", "onderwijs", ("hbo",)),  # a new step of the pathway
    ],
)
def test_scoring_facts_change_with_a_member_a_criterion_reads(joining: Member) -> None:
    before = initiative()
    later = initiative(
        members=tuple(sorted((*before.members, joining), key=lambda m: m.partner_id))
    )
    assert matcher.scoring_facts(later) != matcher.scoring_facts(before)


def test_partner_facts_ignore_joining_while_the_load_is_within_capacity() -> None:
    def busy(load: int) -> object:
        joined = frozenset(f"i-{n}" for n in range(load))
        return matcher.partner_facts(partner(active_memberships=joined))

    assert busy(0) == busy(3) == busy(5)
    assert busy(6) != busy(5)  # M12 now counts it against the partner
    assert busy(7) != busy(6)
