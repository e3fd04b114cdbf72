"""A partner's score for an initiative computed without its wording (what ranking reads) is
the score of the match built with all its reasons (what a proposal shows), pair for pair."""

from __future__ import annotations

from livinglab_contracts import parse_event
from matching.domain.learning import NONE as NO_LEARNING
from matching.domain.learning import LearnedWeights
from matching.domain.matcher import (
    partner_criteria,
    partner_for_initiative,
    partner_measures,
    partner_score,
)
from matching.domain.network import Network
from matching.domain.taxonomy import default_taxonomy

from bench.synthetic import Network as SyntheticNetwork
from eval.evaluate import build_network, demo_events

TAX = default_taxonomy()
# learned weights that move every criterion, some up, some down
LEARNED = LearnedWeights(
    40,
    {"M1": 1.3, "M2": 0.7, "M3": 1.6, "M4": 0.5, "M5": 1.2, "M6": 1.9, "M7": 0.6, "M14": 2.0},
)


def _disagreements(net: Network) -> tuple[int, list[str]]:
    """Every partner against every initiative (not only candidates, so no rule hides a case),
    at a few thresholds: 0 lets in pairs without any argument for them."""
    compared, wrong = 0, []
    for partner_id, partner in sorted(net.partners.items()):
        for initiative_id, initiative in sorted(net.initiatives.items()):
            criteria = partner_criteria(partner, initiative, TAX)
            if criteria is not None:
                worded = [(r.id, r.subscore, r.weight, r.stance) for r in criteria]
                if worded != [tuple(m) for m in partner_measures(partner, initiative, TAX)]:
                    wrong.append(f"measures of {partner_id} -> {initiative_id}")
            for learned in (NO_LEARNING, LEARNED):
                for floor in (0.0, 0.3, 0.5):
                    match = partner_for_initiative(partner, initiative, TAX, floor, learned)
                    score = partner_score(partner, initiative, TAX, floor, learned)
                    compared += match is not None
                    if score != (None if match is None else match.score):
                        wrong.append(f"{partner_id} -> {initiative_id} at {floor}: {score}")
    return compared, wrong


def test_scores_without_wording_are_the_matches_scores_on_the_demo() -> None:
    compared, wrong = _disagreements(build_network(demo_events(), TAX))
    assert compared > 300
    assert wrong == []


def test_scores_without_wording_are_the_matches_scores_on_a_synthetic_network() -> None:
    raw = SyntheticNetwork(seed=5, tag="score").network(400, 30)
    compared, wrong = _disagreements(build_network([parse_event(e) for e in raw], TAX))
    assert compared > 1000
    assert wrong == []
