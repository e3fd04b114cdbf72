"""Which scored pairs become proposals: the k best of each subject, on both sides (pure).

A coordinator reviews what is proposed, so precision comes before volume: a match is proposed
only when it is among the `k` best of each of its two subjects for its kind (ties broken by the
counterpart's id). That bounds every subject's proposals by k, however many candidates it has.
Whether a pair is proposed depends only on the rankings of its two subjects, which
domain.rankings keeps: after a change, the changed nodes' pairs are re-scored and placed in
their counterparts' rankings, and only pairs that entered or left someone's k best can change
status (see `update`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

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
from matching.domain.rankings import Rankings

Profile = PartnerProfile | InitiativeProfile | NeedOfferProfile
P = TypeVar("P", PartnerProfile, InitiativeProfile)


class Scored:
    """A pair's score, and its match (reasons and all) once asked for. Ranking reads only the
    score; the match is built for the pairs that end up proposed, a small share of those that
    pass the gate. It is built from the very profiles the score came from."""

    __slots__ = ("match", "score", "sides")

    def __init__(
        self, score: float, sides: tuple[Profile, Profile], match: Match | None = None
    ) -> None:
        self.score = score
        self.sides = sides
        self.match = match


# A pair's score depends only on its two profiles: kept with the very profile objects it was
# computed from (the network replaces a profile object when the profile changes).
Memo = MutableMapping[Pair, tuple[Profile, Profile, Scored | None]]


class PairMemo(dict[Pair, tuple[Profile, Profile, Scored | None]]):
    """Scores kept between batches, at most `size` of them: when full it starts over. LRU
    bookkeeping (cachetools) cost more per lookup than the re-scoring it saved."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, pair: Pair, scored: tuple[Profile, Profile, Scored | None]) -> None:
        if len(self) >= self.size:
            self.clear()
        super().__setitem__(pair, scored)


def _still_holds(
    pair: Pair, kept: tuple[Profile, Profile, Scored | None], now: tuple[Profile, Profile]
) -> bool:
    """Whether a kept score is the pair's score now: computed from these very profiles, or an
    initiative of the pair changed only in members no criterion of the pair reads."""
    kind, a, b = pair
    for old, new in zip(kept[:2], now, strict=True):
        if old is new:
            continue
        if kind == NEED_TO_OFFER:
            return False
        if isinstance(old, InitiativeProfile) and isinstance(new, InitiativeProfile):
            if not _same_facts(old, new, matcher.scoring_facts):
                return False
            # a partner that joined or left is excluded or let in (F2)
            if kind == PARTNER_TO_INITIATIVE and (
                (a in old.active_member_ids) != (a in new.active_member_ids)
            ):
                return False
        elif isinstance(old, PartnerProfile) and isinstance(new, PartnerProfile):
            if not _same_facts(old, new, matcher.partner_facts):
                return False
            if (b in old.active_memberships) != (b in new.active_memberships):
                return False
        else:
            return False
    return True


@dataclass
class _FactsCheck:
    older: weakref.ref[Any] | None = None
    same: bool = False


def _same_facts(old: P, new: P, facts: Callable[[P], tuple[object, ...]]) -> bool:
    """facts(old) == facts(new), compared once per pair of versions: the answer is kept on the
    newer profile for the older one (a weak reference, so no chain of old versions stays
    alive)."""
    check = new.memo("same facts as", _FactsCheck)
    if check.older is None or check.older() is not old:
        check.older = weakref.ref(old)
        check.same = facts(old) == facts(new)
    return check.same


@dataclass
class Proposals:
    network: Network
    candidates: CandidateSource
    min_score: float
    k: int = 10
    memo: Memo | None = None  # scores kept across batches (the worker's), or none
    learned: LearnedWeights = NO_LEARNING
    _scored: dict[Pair, Scored | None] = field(default_factory=dict)
    _pairs: dict[str, set[Pair]] = field(default_factory=dict)
    rankings: Rankings | None = None  # kept across batches (the worker's), or a fresh one

    _ranks: Rankings = field(init=False)

    def __post_init__(self) -> None:
        self._ranks = self.rankings if self.rankings is not None else Rankings(self.k)

    @property
    def pairs_scored(self) -> int:
        """How many pairs this round scored (or took from the memo)."""
        return len(self._scored)

    def pairs_of(self, node_id: str) -> set[Pair]:
        if node_id not in self._pairs:
            self._pairs[node_id] = self.candidates.pairs_of(node_id)
        return self._pairs[node_id]

    def value(self, pair: Pair) -> float | None:
        """The pair's score, or None when it makes no match."""
        scored = self._scored_pair(pair)
        return None if scored is None else scored.score

    def score(self, pair: Pair) -> Match | None:
        """The pair's match, reasons and all, or None when it makes none."""
        scored = self._scored_pair(pair)
        if scored is None:
            return None
        if scored.match is None:
            scored.match = self._match(pair[0], scored.sides)
            assert scored.match is not None, f"{pair} scores but makes no match"
        return scored.match

    def _scored_pair(self, pair: Pair) -> Scored | None:
        if pair not in self._scored:
            self._scored[pair] = self._score(pair)
        return self._scored[pair]

    def _score(self, pair: Pair) -> Scored | None:
        sides = self._profiles(pair)
        if sides is None:
            return None
        if self.memo is not None:
            kept = self.memo.get(pair)
            if kept is not None and _still_holds(pair, kept, sides):
                return kept[2]
        scored = self._compute(pair[0], sides)
        if self.memo is not None:
            self.memo[pair] = (sides[0], sides[1], scored)
        return scored

    def _profiles(self, pair: Pair) -> tuple[Profile, Profile] | None:
        net = self.network
        _, a, b = pair
        first = net.partners.get(a) or net.initiatives.get(a) or net.need_offers.get(a)
        second = net.partners.get(b) or net.initiatives.get(b) or net.need_offers.get(b)
        return (first, second) if first is not None and second is not None else None

    def _compute(self, kind: str, sides: tuple[Profile, Profile]) -> Scored | None:
        """A partner's score for an initiative comes without its wording (most such pairs are
        never proposed); the rarer kinds are matched whole."""
        first, second = sides
        if kind == PARTNER_TO_INITIATIVE:
            if isinstance(first, PartnerProfile) and isinstance(second, InitiativeProfile):
                score = matcher.partner_score(
                    first, second, self.network.tax, self.min_score, self.learned
                )
                return None if score is None else Scored(score, sides)
            return None
        match = self._match(kind, sides)
        return None if match is None else Scored(match.score, sides, match)

    def _match(self, kind: str, sides: tuple[Profile, Profile]) -> Match | None:
        tax, floor, learned = self.network.tax, self.min_score, self.learned
        match sides:
            case (PartnerProfile() as partner, InitiativeProfile() as initiative) if (
                kind == PARTNER_TO_INITIATIVE
            ):
                return matcher.partner_for_initiative(partner, initiative, tax, floor, learned)
            case (InitiativeProfile() as a, InitiativeProfile() as b) if (
                kind == INITIATIVE_TO_INITIATIVE
            ):
                return matcher.initiative_pair(a, b, tax, floor, learned)
            case (NeedOfferProfile() as need, NeedOfferProfile() as offer) if kind == NEED_TO_OFFER:
                return matcher.need_for_offer(need, offer, tax, floor, learned)
        return None

    def criteria(self, pair: Pair) -> list[CriterionResult] | None:
        """The pair's criteria as the network stands, gate and threshold aside, or None when a
        hard filter excludes it."""
        net, tax = self.network, self.network.tax
        kind, a, b = pair
        if kind == PARTNER_TO_INITIATIVE and a in net.partners and b in net.initiatives:
            return matcher.partner_criteria(net.partners[a], net.initiatives[b], tax)
        if kind == INITIATIVE_TO_INITIATIVE and a in net.initiatives and b in net.initiatives:
            return matcher.initiative_criteria(net.initiatives[a], net.initiatives[b], tax)
        if kind == NEED_TO_OFFER and a in net.need_offers and b in net.need_offers:
            return matcher.need_criteria(net.need_offers[a], net.need_offers[b], tax)
        return None

    def subscores(self, pair: Pair) -> dict[str, float] | None:
        """The pair's criterion sub-scores (what a decision on it teaches), or None."""
        found = self.criteria(pair)
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

    # -- rankings ----------------------------------------------------------------------------

    def kinds_of(self, node_id: str) -> tuple[str, ...]:
        net = self.network
        if node_id in net.partners:
            return (PARTNER_TO_INITIATIVE,)
        if node_id in net.initiatives:
            return (PARTNER_TO_INITIATIVE, INITIATIVE_TO_INITIATIVE)
        return (NEED_TO_OFFER,) if node_id in net.need_offers else ()

    def pair_with(self, kind: str, node_id: str, other: str) -> Pair:
        """The pair of a node and a counterpart from its ranking, in the order of the kind."""
        if kind == PARTNER_TO_INITIATIVE:
            first_is_node = node_id in self.network.partners
        elif kind == NEED_TO_OFFER:
            need_offer = self.network.need_offers.get(node_id)
            first_is_node = need_offer is not None and need_offer.direction == "need"
        else:
            first_is_node = node_id < other
        return (kind, node_id, other) if first_is_node else (kind, other, node_id)

    def _rank(self, node_id: str, pairs: Iterable[Pair] | None = None) -> None:
        """Ranks a node afresh from its candidate pairs (or the given ones)."""
        by_kind: dict[str, list[tuple[float, str]]] = {k: [] for k in self.kinds_of(node_id)}
        for pair in self.pairs_of(node_id) if pairs is None else pairs:
            score = self.value(pair)
            if score is not None and pair[0] in by_kind:
                by_kind[pair[0]].append((score, pair[2] if pair[1] == node_id else pair[1]))
        for kind, scored in by_kind.items():
            self._ranks.fill(node_id, kind, scored)

    def ranked(self, node_id: str, kind: str) -> list[str]:
        """The node's k best counterparts for this kind, best first."""
        if not self._ranks.has(node_id, kind) and kind in self.kinds_of(node_id):
            self._rank(node_id)
        return self._ranks.top(node_id, kind)

    def best_of(self, node_id: str, kind: str) -> frozenset[str]:
        """Match ids among the k best of this node for this kind of match."""
        return frozenset(
            matcher.match_id(*self.pair_with(kind, node_id, o)) for o in self.ranked(node_id, kind)
        )

    def proposed(self, pair: Pair) -> Match | None:
        kind, a, b = pair
        if b not in self.ranked(a, kind) or a not in self.ranked(b, kind):
            return None
        return self.score(pair)

    def update(
        self,
        changed: Iterable[str],
        known: Iterable[Pair] = (),
        new: Iterable[str] = (),
        left: Iterable[Pair] = (),
    ) -> set[Pair]:
        """Re-ranks after these nodes changed; returns every pair whose proposal can have
        changed. `known` are pairs to look at again whatever the candidate rules now say (what
        was proposed before): one that is no longer a candidate leaves its counterpart's
        ranking, freeing a place. `left` are looked at again the same way (the changed nodes'
        candidate pairs from before the change) but returned only if they were or are among the
        k best of an end: a pair that was in neither end's k best was not proposed. `new` are
        changed nodes the network did not have before: they proposed nothing yet.

        A pair is proposed only among the k best of both its ends, and a pair of two unchanged
        nodes keeps its score: outside `known`, only pairs that entered or left an end's k best
        (or whose end's earlier k best are not known here) can have changed."""
        changed, new = set(changed), set(new)
        known, left = set(known), set(left) - set(known)
        pairs: set[Pair] = known | left
        for node_id in changed:
            pairs |= self.pairs_of(node_id)
            for kind in self.kinds_of(node_id):
                pairs |= {
                    self.pair_with(kind, node_id, o) for o in self._ranks.entries(node_id, kind)
                }
        ends = {(end, kind) for kind, a, b in pairs for end in (a, b)}
        before = {e: set(self._ranks.top(*e)) for e in ends if self._ranks.has(*e)}
        before |= {(end, kind): set() for end, kind in ends if end in new}
        for node_id in changed:
            self._rank(node_id)
        stale: set[str] = set()
        for pair in pairs:
            kind, a, b = pair
            mine = [x for x in (a, b) if x in changed]
            live = any(pair in self.pairs_of(x) for x in mine) if mine else True
            score = self.value(pair) if live else None
            for end, other in ((a, b), (b, a)):
                if end in changed or end in stale:
                    continue
                if not self._ranks.has(end, kind):
                    if kind not in self.kinds_of(end):
                        continue
                    self._rank(end)  # first seen since start: ranked from its candidates
                if not self._ranks.place(end, kind, other, score):
                    stale.add(end)
        for node_id in stale:
            self._rank(node_id)
        now = {e: set(self.ranked(*e)) for e in ends}
        # `known` holds every pair that was proposed or that the change can re-score; beyond
        # it, a proposal changes only where a pair entered or left an end's k best.
        found = known | {
            (kind, a, b)
            for kind, a, b in pairs - left
            if (a, kind) not in before or (b, kind) not in before
        }
        for pair in left:  # a plain loop: a generator per pair cost a few % of scoring
            kind, a, b = pair
            unknown = (a, kind) not in before or (b, kind) not in before
            if unknown or (
                b in before[(a, kind)]
                or b in now[(a, kind)]
                or a in before[(b, kind)]
                or a in now[(b, kind)]
            ):
                found.add(pair)
        for end, kind in ends:
            if (end, kind) in before:
                found |= {
                    self.pair_with(kind, end, o) for o in now[(end, kind)] ^ before[(end, kind)]
                }
            else:  # ranked for the first time: what it proposed before is not known here
                found |= {p for p in self.pairs_of(end) if p[0] == kind}
        return found

    def all(self) -> list[Match]:
        """Every proposal in the network: a full ranking (a replay, the evaluation)."""
        self._ranks.clear()
        pairs: set[Pair] = set()
        for node_id in self.network:
            pairs |= self.pairs_of(node_id)
        # A node is ranked over its pairs found from either side.
        of_node: dict[str, list[Pair]] = {node_id: [] for node_id in self.network}
        for pair in pairs:
            of_node[pair[1]].append(pair)
            of_node[pair[2]].append(pair)
        for node_id, found in of_node.items():
            self._rank(node_id, found)
        return [m for p in sorted(pairs) if (m := self.proposed(p)) is not None]
