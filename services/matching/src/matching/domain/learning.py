"""Weights learned from coordinators' decisions (pure).

Every accepted or declined match is an example: its criterion sub-scores and the decision. A
logistic model P(accept) = σ(b + Σ β_c · s_c), fitted with a fixed number of gradient steps and
an L2 penalty that keeps β near 0 when there are few decisions, says which criteria the
coordinators of this network value more or less than the starting weights do. Each weight is
multiplied by 1 + β_c, kept within [0.5, 2] and rounded to 0.1 so that one more decision does not
re-score the whole network for a negligible change. The same decisions on the same network give
the same weights, so a replay scores as the live service did.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

MIN_DECISIONS = 5  # fewer decisions teach nothing reliable: the starting weights apply
STEPS = 300
RATE = 0.5
PENALTY = 0.5  # L2, per decision-weighted example: pulls β towards 0
LOWEST, HIGHEST, STEP = 0.5, 2.0, 0.1


@dataclass(frozen=True)
class Decision:
    match_id: str
    subscores: Mapping[str, float]  # criterion id -> sub-score, as the match scores now
    accepted: bool


@dataclass(frozen=True)
class LearnedWeights:
    decisions: int = 0
    multipliers: Mapping[str, float] = field(default_factory=dict)  # criterion id -> factor

    def factor(self, criterion: str) -> float:
        return self.multipliers.get(criterion, 1.0)

    @cached_property  # asked for every pair scored
    def active(self) -> bool:
        return any(m != 1.0 for m in self.multipliers.values())

    def same_effect(self, other: LearnedWeights) -> bool:
        """Scores and explanations are the same under both (inactive weights change nothing)."""
        if not self.active and not other.active:
            return True
        return (self.decisions, dict(self.multipliers)) == (
            other.decisions,
            dict(other.multipliers),
        )

    def sentence(self) -> tuple[str, str]:
        n = self.decisions
        return (
            f"Gewichten geleerd van {n} beslissingen van coördinatoren.",
            f"Weights learned from {n} coordinator decisions.",
        )


NONE = LearnedWeights()


def learn(decisions: Sequence[Decision]) -> LearnedWeights:
    if len(decisions) < MIN_DECISIONS:
        return LearnedWeights(len(decisions))
    ordered = sorted(decisions, key=lambda d: d.match_id)
    criteria = sorted({c for d in ordered for c in d.subscores})
    beta = dict.fromkeys(criteria, 0.0)
    bias = 0.0
    n = len(ordered)
    for _ in range(STEPS):
        grad = dict.fromkeys(criteria, 0.0)
        grad_bias = 0.0
        for d in ordered:
            z = bias + sum(beta[c] * d.subscores.get(c, 0.0) for c in criteria)
            error = 1 / (1 + math.exp(-z)) - (1.0 if d.accepted else 0.0)
            grad_bias += error / n
            for c in criteria:
                grad[c] += error * d.subscores.get(c, 0.0) / n
        bias -= RATE * grad_bias
        for c in criteria:
            beta[c] -= RATE * (grad[c] + PENALTY * beta[c] / math.sqrt(n))
    return LearnedWeights(n, {c: _multiplier(beta[c]) for c in criteria})


def _multiplier(beta: float) -> float:
    factor = min(HIGHEST, max(LOWEST, 1.0 + beta))
    return round(round(factor / STEP) * STEP, 2)
