"""Candidate generation: which pairs are worth scoring at all (pure).

Every rule is a relation between two nodes, found from either side with the same result, so
re-scoring one side of a pair finds the same pairs as re-scoring the other:
- theme: they share a theme, or a sector theme group (generic themes only when identical);
- pathway: a school teaches a step of the learning pathway that the initiative lacks next to
  one it covers, in the initiative's province (a gap is filled from nearby; every other way a
  nearby pair can pass the gate, a related theme, shared words or an answered need, is a rule
  of its own);
- need: the initiative published a need the partner's kind can answer (in the need's province,
  or anywhere for a need without region), or a need on a theme the partner works on;
- text: the partner's name, aliases or facilities share two or more uncommon words (stemmed)
  with what the initiative or its needs say (a word is common above `limit` uses);
- table: the partner is a member of the innovation table's parent;
- need/offer: open, opposite directions, compatible types.
Each rule keeps at most `limit` candidates, the first by id, so the work per node is bounded
whatever the size of the network. Below the limit, re-scoring what changed ends where a full
re-scoring ends (tests/unit/matching/test_proposals.py). Above it the relation is no longer the
same from both sides: a node is ranked over the pairs found from either side (a full ranking,
domain.proposals.all) or, live, over those its changes and its counterparts' changes reached;
and a newcomer can push a pair out of a node's list without touching either of its subjects, so
a live build keeps that pair until one of them changes, where a rebuild would drop it.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from matching.domain.network import (
    NOWHERE,
    Network,
    pathway_gaps,
    pathway_links,
    provinces,
    related_themes,
    text_of,
)
from matching.domain.profiles import InitiativeProfile, NeedOfferProfile, PartnerProfile
from matching.domain.text import Term
from matching.domain.vocabulary import (
    NEED_ANSWERED_BY,
    compatible_need_types,
    compatible_offer_types,
)

PARTNER_TO_INITIATIVE = "partner_to_initiative"
INITIATIVE_TO_INITIATIVE = "initiative_to_initiative"
NEED_TO_OFFER = "need_to_offer"

Pair = tuple[str, str, str]  # (kind, first, second) in the order of the kind


class CandidateSource(Protocol):
    """The one interface candidate generation hides behind."""

    def pairs_of(self, node_id: str) -> set[Pair]: ...


def _first(ids: set[str], limit: int) -> list[str]:
    """The first `limit` ids in sorted order, without sorting all of them."""
    return heapq.nsmallest(limit, ids) if len(ids) > limit else sorted(ids)


def _answerable_types(partner: PartnerProfile) -> list[str]:
    return sorted(
        t
        for t, (helixes, kinds, facility) in NEED_ANSWERED_BY.items()
        if t != "partner_in_sector"
        and (partner.helix in helixes or partner.kind in kinds or (facility and partner.facilities))
    )


def _answers(
    net: Network, helixes: Iterable[str], kinds: Iterable[str], facility: bool
) -> Callable[[str], bool]:
    """Whether a partner's kind answers a need (domain.vocabulary.NEED_ANSWERED_BY)."""

    def fits(partner_id: str) -> bool:
        partner = net.partners[partner_id]
        return (
            partner.helix in helixes
            or partner.kind in kinds
            or bool(facility and partner.facilities)
        )

    return fits


@dataclass
class NetworkCandidates:
    network: Network
    limit: int = 50

    def pairs_of(self, node_id: str) -> set[Pair]:
        net = self.network
        if node_id in net.partners:
            return self._of_partner(net.partners[node_id])
        if node_id in net.initiatives:
            return self._of_initiative(net.initiatives[node_id])
        if node_id in net.need_offers:
            return self._of_need_offer(net.need_offers[node_id])
        return set()

    # -- partner -> initiatives -----------------------------------------------------------------

    def _of_partner(self, p: PartnerProfile) -> set[Pair]:
        net, tax, limit = self.network, self.network.tax, self.limit
        found: set[str] = set()
        themes = related_themes(p.themes, tax)
        found.update(net.first("Initiative", "theme", themes, limit))
        found.update(net.first("Initiative", "pathway_gap", pathway_links(p, tax), limit))
        found.update(self._needing(p))
        found.update(net.first("Initiative", "need_theme", themes, limit))
        found.update(_first(self._sharing_words(p.terms, "Initiative"), limit))
        tables: set[str] = set()
        for initiative_id in p.active_memberships:
            tables |= net.children(initiative_id)
        found.update(_first(tables, limit))
        return {(PARTNER_TO_INITIATIVE, p.id, i) for i in found}

    def _needing(self, p: PartnerProfile) -> list[str]:
        """Initiatives with a need of a type this partner's kind answers, nearby or national."""
        net = self.network
        answerable = _answerable_types(p)
        mine = provinces(p.regions, net.tax)

        def asks_me(initiative_id: str) -> bool:
            return any(
                n.type in answerable
                and (n.region is None or provinces([n.region], net.tax) & mine or not mine)
                for n in net.initiatives[initiative_id].needs
            )

        return net.first("Initiative", "need_type", answerable, self.limit, asks_me)

    # -- initiative -> partners and initiatives -------------------------------------------------

    def _of_initiative(self, i: InitiativeProfile) -> set[Pair]:
        net, tax, limit = self.network, self.network.tax, self.limit
        themes = related_themes(i.themes, tax)
        partners: set[str] = set()
        partners.update(net.first("Partner", "theme", themes, limit))
        partners.update(net.first("Partner", "pathway_link", pathway_gaps(i, tax), limit))
        need_themes = related_themes((t for n in i.needs for t in n.themes), tax)
        partners.update(net.first("Partner", "theme", need_themes, limit))
        partners.update(self._answering(i))
        partners.update(_first(self._sharing_words(text_of(i), "Partner"), limit))
        if i.parent_id:
            partners.update(_first(set(i.parent_members), limit))
        pairs: set[Pair] = {(PARTNER_TO_INITIATIVE, p, i.id) for p in partners}
        others = net.first("Initiative", "theme", themes, limit, lambda other: other != i.id)
        for other in others:
            first, second = sorted((i.id, other))
            pairs.add((INITIATIVE_TO_INITIATIVE, first, second))
        return pairs

    def _answering(self, i: InitiativeProfile) -> list[str]:
        """Partners whose kind answers one of the initiative's needs, in the need's province
        (or naming no region at all)."""
        net, found = self.network, set[str]()
        for need in i.needs:
            helixes, kinds, facility = NEED_ANSWERED_BY.get(need.type, ((), (), False))
            if need.type == "partner_in_sector":
                continue  # any kind answers it: found through the need's themes instead

            if need.region is not None:
                # From the province's postings: a need's province is usually the smaller set.
                nearby = provinces([need.region], net.tax) | {NOWHERE}
                fits = _answers(net, helixes, kinds, facility)
                found.update(net.first("Partner", "province", nearby, self.limit, fits))
            else:
                found.update(net.first("Partner", "helix", helixes, self.limit))
                found.update(net.first("Partner", "kind", kinds, self.limit))
                if facility:
                    found.update(net.first("Partner", "facility", ["yes"], self.limit))
        return _first(found, self.limit)

    def _sharing_words(self, words: Iterable[Term], other: str) -> set[str]:
        """Nodes of the `other` label sharing two or more uncommon words with these."""
        net, hits = self.network, Counter[str]()
        for stem, _ in words:
            key = ("term", stem)
            if len(net.posting("Partner", key)) + len(net.posting("Initiative", key)) > self.limit:
                continue  # a common word says nothing about a pair
            hits.update(net.posting(other, key))
        return {node_id for node_id, count in hits.items() if count >= 2}

    # -- need <-> offer -------------------------------------------------------------------------

    def _of_need_offer(self, n: NeedOfferProfile) -> set[Pair]:
        if n.status != "open" or n.pending or n.stale:
            return set()
        net = self.network
        if n.direction == "need":
            offers = net.first("NeedOffer", "offer", compatible_offer_types(n.type), self.limit)
            return {(NEED_TO_OFFER, n.id, o) for o in offers}
        needs = net.first("NeedOffer", "need", compatible_need_types(n.type), self.limit)
        return {(NEED_TO_OFFER, m, n.id) for m in needs}
