"""Which scored pairs become proposals: the k best of each subject, on both sides (pure).

A coordinator reviews what is proposed, so precision comes before volume: a match is proposed
only when it is among the `k` best of each of its two subjects for its kind (ties broken by
id). That bounds every subject's proposals by k, however many candidates it has. Whether a pair
is proposed depends only on the scores of its subjects' candidate pairs, so after a change only
the pairs of touched nodes and of their counterparts can change status (see `affected`).
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass, field

from matching.domain import matcher
from matching.domain.candidates import (
    INITIATIVE_TO_INITIATIVE,
    NEED_TO_OFFER,
    PARTNER_TO_INITIATIVE,
    CandidateSource,
    Pair,
)
from matching.domain.criteria_scores import CriterionResult
from matching.domain.learning import NONE as NO_LEARNING
from matching.domain.learning import Decision, LearnedWeights, learn
from matching.domain.matcher import Match
from matching.domain.network import Network
from matching.domain.profiles import InitiativeProfile, NeedOfferProfile, PartnerProfile

Profile = PartnerProfile | InitiativeProfile | NeedOfferProfile
# A pair's score depends only on its two profiles: kept with the very profile objects it was
# computed from (the network replaces a profile object when the profile changes).
Memo = MutableMapping[Pair, tuple[Profile, Profile, Match | None]]


@dataclass
class Proposals:
    network: Network
    candidates: CandidateSource
    min_score: float
    k: int = 10
    memo: Memo | None = None  # scores kept across batches (the worker's), or none
    learned: LearnedWeights = NO_LEARNING
    _scored: dict[Pair, Match | None] = field(default_factory=dict)
    _pairs: dict[str, set[Pair]] = field(default_factory=dict)
    _best: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    def pairs_of(self, node_id: str) -> set[Pair]:
        if node_id not in self._pairs:
            self._pairs[node_id] = self.candidates.pairs_of(node_id)
        return self._pairs[node_id]

    def score(self, pair: Pair) -> Match | None:
        if pair not in self._scored:
            self._scored[pair] = self._score(pair)
        return self._scored[pair]

    def _score(self, pair: Pair) -> Match | None:
        sides = self._profiles(pair)
        if sides is None:
            return None
        if self.memo is not None:
            kept = self.memo.get(pair)
            if kept is not None and kept[0] is sides[0] and kept[1] is sides[1]:
                return kept[2]
        match = self._compute(pair)
        if self.memo is not None:
            self.memo[pair] = (sides[0], sides[1], match)
        return match

    def _profiles(self, pair: Pair) -> tuple[Profile, Profile] | None:
        net = self.network
        _, a, b = pair
        first = net.partners.get(a) or net.initiatives.get(a) or net.need_offers.get(a)
        second = net.partners.get(b) or net.initiatives.get(b) or net.need_offers.get(b)
        return (first, second) if first is not None and second is not None else None

    def _compute(self, pair: Pair) -> Match | None:
        net, tax, floor, learned = self.network, self.network.tax, self.min_score, self.learned
        kind, a, b = pair
        if kind == PARTNER_TO_INITIATIVE:
            if a in net.partners and b in net.initiatives:
                return matcher.partner_for_initiative(
                    net.partners[a], net.initiatives[b], tax, floor, learned
                )
        elif kind == INITIATIVE_TO_INITIATIVE:
            if a in net.initiatives and b in net.initiatives:
                return matcher.initiative_pair(
                    net.initiatives[a], net.initiatives[b], tax, floor, learned
                )
        elif kind == NEED_TO_OFFER and a in net.need_offers and b in net.need_offers:
            return matcher.need_for_offer(
                net.need_offers[a], net.need_offers[b], tax, floor, learned
            )
        return None

    def subscores(self, pair: Pair) -> dict[str, float] | None:
        """The pair's criterion sub-scores as the network stands, gate or threshold aside (what
        a decision on it teaches), or None when a hard filter excludes it."""
        net, tax = self.network, self.network.tax
        kind, a, b = pair
        found: list[CriterionResult] | None = None
        if kind == PARTNER_TO_INITIATIVE and a in net.partners and b in net.initiatives:
            found = matcher.partner_criteria(net.partners[a], net.initiatives[b], tax)
        elif kind == INITIATIVE_TO_INITIATIVE and a in net.initiatives and b in net.initiatives:
            found = matcher.initiative_criteria(net.initiatives[a], net.initiatives[b], tax)
        elif kind == NEED_TO_OFFER and a in net.need_offers and b in net.need_offers:
            found = matcher.need_criteria(net.need_offers[a], net.need_offers[b], tax)
        return None if found is None else {r.id: r.subscore for r in found if r.weight > 0}

    def learn(self, decided: Iterable[tuple[str, Pair, bool]]) -> LearnedWeights:
        """The weights the coordinators' decisions (match id, pair, accepted) teach, from the
        pairs' sub-scores as the network stands now; a replay reaches the same."""
        found = [
            Decision(match_id, subscores, accepted)
            for match_id, pair, accepted in decided
            if (subscores := self.subscores(pair)) is not None
        ]
        return learn(found)

    def best_of(self, node_id: str, kind: str) -> frozenset[str]:
        """Match ids among the k best of this node for this kind of match."""
        key = (node_id, kind)
        if key not in self._best:
            found = [m for p in self.pairs_of(node_id) if p[0] == kind and (m := self.score(p))]
            found.sort(key=lambda m: (-m.score, m.match_id))
            self._best[key] = frozenset(m.match_id for m in found[: self.k])
        return self._best[key]

    def proposed(self, pair: Pair) -> Match | None:
        match = self.score(pair)
        if match is None:
            return None
        kind, a, b = pair
        if match.match_id in self.best_of(a, kind) and match.match_id in self.best_of(b, kind):
            return match
        return None

    def affected(self, touched: Iterable[str], known: Iterable[Pair] = ()) -> set[Pair]:
        """Every pair whose proposal can have changed when these nodes changed: their own pairs
        (and `known` ones, such as what was proposed before) and the pairs of their
        counterparts, whose rankings their changes may have moved."""
        pairs: set[Pair] = set(known)
        for node_id in touched:
            pairs |= self.pairs_of(node_id)
        counterparts = {x for _, a, b in pairs for x in (a, b)}
        for node_id in counterparts:
            pairs |= self.pairs_of(node_id)
        return pairs

    def all(self) -> list[Match]:
        """Every proposal in the network: a full re-scoring (a replay, the evaluation)."""
        pairs: set[Pair] = set()
        for node_id in self.network:
            pairs |= self.pairs_of(node_id)
        found = [m for p in sorted(pairs) if (m := self.proposed(p)) is not None]
        return found
