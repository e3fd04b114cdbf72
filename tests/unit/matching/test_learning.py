"""Weights learned from coordinators' decisions: a regularised logistic fit over sub-scores."""

from __future__ import annotations

import random

from matching.domain import matcher
from matching.domain.learning import MIN_DECISIONS, Decision, LearnedWeights, learn
from matching.domain.taxonomy import default_taxonomy

from tests.unit.matching.builders import initiative, partner

TAX = default_taxonomy()


def nearby_is_what_they_accept(n: int) -> list[Decision]:
    """A coordinator who accepts what is close by and declines what is far away."""
    rng = random.Random(7)
    found = []
    for i in range(n):
        m3 = rng.choice([0.1, 0.3, 0.6, 0.8, 1.0])
        subscores = {"M1": rng.choice([0.4, 1.0]), "M2": rng.choice([0.0, 1.0]), "M3": m3}
        found.append(Decision(f"m-{i:03d}", subscores, accepted=m3 >= 0.6))
    return found


def test_fewer_decisions_than_the_minimum_teach_nothing() -> None:
    learned = learn(nearby_is_what_they_accept(MIN_DECISIONS - 1))
    assert not learned.active and learned.decisions == MIN_DECISIONS - 1


def test_decisions_raise_the_weight_of_what_the_coordinators_value() -> None:
    learned = learn(nearby_is_what_they_accept(30))
    assert learned.active and learned.decisions == 30
    assert learned.factor("M3") > 1.0
    assert learned.factor("M3") > learned.factor("M1") and learned.factor("M3") > learned.factor(
        "M2"
    )
    for factor in learned.multipliers.values():
        assert 0.5 <= factor <= 2.0 and round(factor * 10) == factor * 10  # steps of 0.1


def test_the_same_decisions_in_any_order_teach_the_same_weights() -> None:
    decisions = nearby_is_what_they_accept(20)
    assert learn(decisions) == learn(list(reversed(decisions)))


def test_learned_weights_change_the_score_and_say_so_in_the_explanation() -> None:
    learned = LearnedWeights(12, {"M3": 2.0, "M1": 0.5})
    before = matcher.partner_for_initiative(partner(), initiative(), TAX, 0.0)
    after = matcher.partner_for_initiative(partner(), initiative(), TAX, 0.0, learned)
    assert before is not None and after is not None
    weights = {r.id: r.weight for r in after.criteria}
    assert (weights["M3"], weights["M1"]) == (0.24, 0.09)
    assert after.score != before.score
    assert after.top_reasons_en.endswith("Weights learned from 12 coordinator decisions.")
    assert after.top_reasons_nl.endswith("Gewichten geleerd van 12 beslissingen van coördinatoren.")
    assert "learned" not in before.top_reasons_en
