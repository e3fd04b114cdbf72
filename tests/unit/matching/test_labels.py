"""The ENoLL label in matching (issue 19, docs/labelling.md): the registry's partner.label-awarded
is projected onto the partner (any sequence, the latest year kept, the node's sequence not
moved) and shown as M15, a context criterion of weight 0: present with a label, left out
without one, never a reason, and the score is the same."""

from __future__ import annotations

from dataclasses import replace

from livinglab_contracts import AnyEvent, parse_event
from livinglab_contracts.examples import example_event
from matching.domain import criteria_scores as c
from matching.domain.graph_state import GraphState
from matching.domain.learning import LearnedWeights
from matching.domain.matcher import partner_criteria, partner_for_initiative, weighted_score
from matching.domain.profiles import PartnerProfile
from matching.domain.projection import to_row
from matching.domain.taxonomy import default_taxonomy

from tests.unit.matching.builders import initiative, partner

TAX = default_taxonomy()
LABELLED = {"enoll_member_type": "effective", "enoll_label_year": 2026}


def award(sequence: int = 1, **data: object) -> AnyEvent:
    raw = example_event("partner.label-awarded", sequence=sequence)
    raw["data"] |= data
    return parse_event(raw)


def vista(graph: GraphState) -> PartnerProfile:
    found = graph.profile("vista-college")
    assert isinstance(found, PartnerProfile)
    return found


def test_the_award_is_a_label_row_on_the_partner() -> None:
    row = to_row(award())
    assert row is not None and row.kind == "partner.label"
    assert row.values == {
        "id": "vista-college",
        "seq": 1,
        "label_year": 2026,
        "props": {"enoll_member_type": "effective", "enoll_label_year": 2026},
    }


def test_the_label_is_kept_whatever_the_sequence_and_does_not_move_it() -> None:
    graph = GraphState()
    registered = parse_event(example_event("partner.registered"))
    updated = parse_event(example_event("partner.updated", sequence=2))
    graph.apply([registered, updated, award(sequence=1)])  # written before the update landed
    found = vista(graph)
    assert (found.enoll_member_type, found.enoll_label_year) == ("effective", 2026)
    assert graph.nodes["vista-college"]["seq"] == 2
    graph.apply([parse_event(example_event("partner.updated", sequence=3))])
    assert vista(graph).enoll_member_type == "effective"  # an owner's update keeps it


def test_the_latest_label_year_wins_in_any_order() -> None:
    for order in ((2025, 2026), (2026, 2025)):
        graph = GraphState()
        graph.apply([parse_event(example_event("partner.registered"))])
        types = {2025: "accepted_to_grow", 2026: "adherent"}
        graph.apply([award(label_year=year, member_type=types[year]) for year in order])
        assert (vista(graph).enoll_member_type, vista(graph).enoll_label_year) == (
            "adherent",
            2026,
        )


def test_an_award_before_the_registration_leaves_a_placeholder() -> None:
    graph = GraphState()
    graph.apply([award()])
    assert graph.nodes["vista-college"]["pending"] is True
    graph.apply([parse_event(example_event("partner.registered"))])
    assert vista(graph).enoll_label_year == 2026 and not vista(graph).pending


def test_m15_shows_the_label_as_context_and_changes_no_score() -> None:
    plain = partner_for_initiative(partner(), initiative(), TAX, 0.0)
    labelled = partner_for_initiative(partner(**LABELLED), initiative(), TAX, 0.0)
    assert plain is not None and labelled is not None
    assert "M15" not in {r.id for r in plain.criteria}  # left out without a label
    m15 = next(r for r in labelled.criteria if r.id == "M15")
    assert (m15.subscore, m15.weight, m15.stance) == (1.0, 0.0, c.NEUTRAL)
    assert m15.evidence == ("p-province", "enoll:effective:2026")
    assert m15.reason_nl == (
        "ENoLL-lid (Effective, 2026): kwaliteitsborging via het Europese netwerk van living labs"
    )
    assert m15.reason_en == (
        "ENoLL member (Effective, 2026): quality assurance through the European Network of "
        "Living Labs"
    )
    assert labelled.score == plain.score
    assert "M15" not in labelled.top_reasons_en and "ENoLL" not in labelled.top_reasons_en
    assert (labelled.top_reasons_nl, labelled.top_reasons_en) == (
        plain.top_reasons_nl,
        plain.top_reasons_en,
    )
    assert [r for r in labelled.criteria if r.id != "M15"] == list(plain.criteria)
    assert labelled.fingerprint() != plain.fingerprint()  # what it says changed: announced


def test_weight_0_keeps_the_score_also_under_learned_weights() -> None:
    results = partner_criteria(partner(**LABELLED), initiative(), TAX)
    assert results is not None
    without = [r for r in results if r.id != "M15"]
    learned = LearnedWeights(9, {"M15": 1.5, "M1": 1.25})
    assert weighted_score(results) == weighted_score(without)
    assert weighted_score(results, learned) == weighted_score(without, learned)


def test_other_member_types_read_by_name() -> None:
    label = c.enoll_label(
        replace(partner(), enoll_member_type="accepted_to_grow", enoll_label_year=2025)
    )
    assert label is not None and label.reason_en.startswith("ENoLL member (Accepted to Grow, 2025)")
    assert c.enoll_label(partner()) is None
