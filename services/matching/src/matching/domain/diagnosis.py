"""Why a subject has the proposals it has, and why not others: each candidate's verdict (pure).

A coordinator looking at a school with no proposals asks what stopped them. Every candidate
pair the candidate rules find (domain.candidates) ends in one of five ways, in this order:
excluded by a hard filter, no substantive argument (the gate of its kind), a score below the
threshold, outranked (not among the k best of one of its two subjects), or proposed. The
verdicts use the same functions as scoring, so they cannot tell a different story.
"""

from __future__ import annotations

from dataclasses import dataclass

from matching.domain import matcher
from matching.domain.candidates import INITIATIVE_TO_INITIATIVE, PARTNER_TO_INITIATIVE, Pair
from matching.domain.proposals import Proposals

PROPOSED = "proposed"
EXCLUDED = "excluded"
NO_ARGUMENT = "no_argument"
BELOW_THRESHOLD = "below_threshold"
OUTRANKED = "outranked"

_GATES = {
    PARTNER_TO_INITIATIVE: "no substantive argument: it needs an answered need, or a specific"
    " theme both name (and not far apart), or from nearby a related theme, shared words or the"
    " missing link of the learning pathway (a missing helix alone is never enough)",
    INITIATIVE_TO_INITIATIVE: "no substantive argument: initiatives are paired on a specific"
    " theme both name",
    "need_to_offer": "no substantive argument: the offer's type does not answer the need's",
}


@dataclass(frozen=True)
class Verdict:
    kind: str
    counterpart: str
    counterpart_name: str
    outcome: str
    score: float | None  # the weighted score, when the pair passed the hard filters
    why: str


@dataclass(frozen=True)
class Diagnosis:
    subject: str
    subject_name: str
    candidates: int
    outcomes: dict[str, int]
    verdicts: list[Verdict]  # the nearest candidates first


def _name(proposals: Proposals, node_id: str) -> str:
    net = proposals.network
    if node_id in net.partners:
        return net.partners[node_id].name
    if node_id in net.initiatives:
        return net.initiatives[node_id].name
    if node_id in net.need_offers:
        return net.need_offers[node_id].title
    return node_id


def _excluded(proposals: Proposals, pair: Pair) -> str | None:
    net = proposals.network
    kind, a, b = pair
    if kind == PARTNER_TO_INITIATIVE:
        return matcher.partner_excluded(net.partners[a], net.initiatives[b])
    if kind == INITIATIVE_TO_INITIATIVE:
        return matcher.initiatives_excluded(net.initiatives[a], net.initiatives[b])
    return matcher.need_offer_excluded(net.need_offers[a], net.need_offers[b])


def verdict(proposals: Proposals, subject: str, pair: Pair) -> Verdict:
    kind, a, b = pair
    other = b if a == subject else a
    name = _name(proposals, other)
    excluded = _excluded(proposals, pair)
    if excluded is not None:
        return Verdict(kind, other, name, EXCLUDED, None, excluded)
    match = proposals.score(pair)
    if match is None:
        criteria = proposals.criteria(pair)
        score = matcher.weighted_score(criteria, proposals.learned) if criteria else None
        if score is not None and score < proposals.min_score:
            why = f"score {score:.2f} is below the threshold {proposals.min_score:.2f}"
            return Verdict(kind, other, name, BELOW_THRESHOLD, score, why)
        said = [f"{r.label_en}: {r.reason_en}" for r in criteria or () if r.id in ("M1", "M3")]
        why = _GATES[kind] + (f" (here: {'; '.join(said)})" if said else "")
        return Verdict(kind, other, name, NO_ARGUMENT, score, why)
    if proposals.proposed(pair) is not None:
        return Verdict(kind, other, name, PROPOSED, match.score, match.top_reasons_en)
    k = proposals.k
    losers = [
        side
        for side, counterpart in ((subject, other), (other, subject))
        if counterpart not in proposals.ranked(side, kind)
    ]
    names = " and ".join(_name(proposals, side) for side in losers) or "either subject"
    why = f"score {match.score:.2f}, but not among the {k} best of {names}"
    return Verdict(kind, other, name, OUTRANKED, match.score, why)


def diagnose(proposals: Proposals, subject: str, limit: int = 20) -> Diagnosis:
    """Every candidate of the subject, judged; the `limit` nearest (highest scores) listed."""
    verdicts = [verdict(proposals, subject, pair) for pair in sorted(proposals.pairs_of(subject))]
    outcomes: dict[str, int] = {}
    for found in verdicts:
        outcomes[found.outcome] = outcomes.get(found.outcome, 0) + 1
    verdicts.sort(key=lambda v: (v.score is None, -(v.score or 0.0), v.counterpart))
    return Diagnosis(subject, _name(proposals, subject), len(verdicts), outcomes, verdicts[:limit])
