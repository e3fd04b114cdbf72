"""The network as scoring sees it, held in memory: profiles plus inverted indexes (pure).

The indexes answer "who shares this theme / province / need type" in time that follows the
answer, not the size of the network: each posting is kept sorted by id, so the first few
holders of a set of values are found by merging the postings, without reading them whole.
The worker keeps one Network up to date from the graph; the evaluation builds one from the
demo events. Both then use the same candidate rules.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from livinglab_contracts.reference.education import PATHWAY_STEP
from matching.domain.criteria_scores import pathway_of
from matching.domain.profiles import InitiativeProfile, NeedOfferProfile, PartnerProfile
from matching.domain.taxonomy import LEVEL_PROVINCIE, Taxonomy, pathway_step
from matching.domain.text import Term
from matching.domain.vocabulary import CROSS_CUTTING_GROUP, GENERIC_THEMES

Key = tuple[str, str]  # (facet, value), e.g. ("theme", "procestechniek")
NOWHERE = "-"  # the province value of a partner that names no region


def related_themes(slugs: Iterable[str], tax: Taxonomy) -> set[str]:
    """The themes that count as related to these for finding candidates: the theme itself and,
    in a sector group, its group and siblings (cross-cutting and generic themes only exact)."""
    found: set[str] = set()
    for slug in slugs:
        found.add(slug)
        if slug in GENERIC_THEMES:
            continue
        parent = tax.theme_parent.get(slug)
        group = slug if parent is None else parent
        if group == CROSS_CUTTING_GROUP:
            continue
        found.add(group)
        found |= tax.theme_children(group)
    return found


def pathway_links(partner: PartnerProfile, tax: Taxonomy) -> set[str]:
    """Where and which step of a learning pathway (M4) the partner can be a link of, as
    "province|step": a school that names the levels it teaches, in each of its provinces."""
    if partner.helix != "onderwijs":
        return set()
    steps = {s for lvl in partner.levels if (s := pathway_step(lvl)) is not None}
    return {f"{p}|{s}" for p in provinces(partner.regions, tax) for s in steps}


def pathway_gaps(initiative: InitiativeProfile, tax: Taxonomy) -> set[str]:
    """Where and which steps the initiative's pathway lacks, as "province|step": the steps a
    school nearby would add (M4 argues for it only next to a step already covered). An
    innovation table has none: its levels are its parent's remit."""
    if initiative.kind == "innovation_table":
        return set()
    covered = pathway_of(initiative)[0]
    if not covered:
        return set()
    missing = set(PATHWAY_STEP.values()) - covered
    return {f"{p}|{s}" for p in provinces(initiative.regions, tax) for s in missing}


def text_of(initiative: InitiativeProfile) -> set[Term]:
    """What an initiative says of itself and of what it asks for (its open needs)."""
    return set(initiative.terms) | {t for need in initiative.needs for t in need.terms}


def provinces(regions: Iterable[str], tax: Taxonomy) -> set[str]:
    """Province of each region; regions above province level (NL, EU) stand for themselves."""
    return {tax.region_at(code, LEVEL_PROVINCIE) or code for code in regions}


@dataclass
class Network:
    tax: Taxonomy
    partners: dict[str, PartnerProfile] = field(default_factory=dict)
    initiatives: dict[str, InitiativeProfile] = field(default_factory=dict)
    need_offers: dict[str, NeedOfferProfile] = field(default_factory=dict)
    _index: dict[str, dict[Key, list[str]]] = field(  # label -> key -> ids, sorted
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )
    _keys: dict[tuple[str, str], set[Key]] = field(default_factory=dict)

    # -- writing --------------------------------------------------------------------------------

    def put_partner(self, profile: PartnerProfile) -> None:
        self.partners[profile.id] = profile
        keys = {("theme", t) for t in profile.themes}
        keys |= {("province", p) for p in provinces(profile.regions, self.tax) or {NOWHERE}}
        keys |= {("helix", profile.helix), ("kind", profile.kind)}
        steps = {s for lvl in profile.levels if (s := pathway_step(lvl)) is not None}
        keys |= {("step", str(s)) for s in steps}
        keys |= {("pathway_link", link) for link in pathway_links(profile, self.tax)}
        keys |= {("facility", "yes")} if profile.facilities else set()
        keys |= {("term", stem) for stem, _ in profile.terms}
        self._reindex("Partner", profile.id, keys)

    def put_initiative(self, profile: InitiativeProfile) -> None:
        self.initiatives[profile.id] = profile
        keys = {("theme", t) for t in profile.themes}
        keys |= {("province", p) for p in provinces(profile.regions, self.tax)}
        if profile.parent_id:
            keys.add(("parent", profile.parent_id))
        keys |= {("term", stem) for stem, _ in text_of(profile)}
        keys |= {("pathway_gap", gap) for gap in pathway_gaps(profile, self.tax)}
        for need in profile.needs:
            keys.add(("need_type", need.type))
            keys |= {("need_theme", t) for t in need.themes}
        self._reindex("Initiative", profile.id, keys)

    def put_need_offer(self, profile: NeedOfferProfile) -> None:
        self.need_offers[profile.id] = profile
        keys: set[Key] = set()
        if profile.status == "open" and not profile.pending and not profile.stale:
            keys.add((profile.direction, profile.type))
        self._reindex("NeedOffer", profile.id, keys)

    def put(self, profile: PartnerProfile | InitiativeProfile | NeedOfferProfile) -> None:
        if isinstance(profile, PartnerProfile):
            self.put_partner(profile)
        elif isinstance(profile, InitiativeProfile):
            self.put_initiative(profile)
        else:
            self.put_need_offer(profile)

    def _reindex(self, label: str, node_id: str, keys: set[Key]) -> None:
        index = self._index[label]
        old = self._keys.get((label, node_id), set())
        for key in old - keys:
            posting = index[key]
            del posting[bisect.bisect_left(posting, node_id)]
            if not posting:
                del index[key]
        for key in keys - old:
            bisect.insort(index[key], node_id)
        self._keys[(label, node_id)] = keys

    # -- reading --------------------------------------------------------------------------------

    def having(self, label: str, facet: str, values: Iterable[str]) -> set[str]:
        """Ids of `label` nodes with any of these values of the facet."""
        index = self._index[label]
        found: set[str] = set()
        for value in values:
            found.update(index.get((facet, value), ()))
        return found

    def first(
        self,
        label: str,
        facet: str,
        values: Iterable[str],
        limit: int,
        accept: Callable[[str], bool] | None = None,
    ) -> list[str]:
        """The first `limit` ids (in id order) of `label` nodes with any of these values of the
        facet and, if given, that `accept` accepts: read from the merged sorted postings."""
        index = self._index[label]
        postings = [index[(facet, v)] for v in set(values) if (facet, v) in index]
        merged: Iterable[str] = postings[0] if len(postings) == 1 else heapq.merge(*postings)
        found: list[str] = []
        last = None
        for node_id in merged:
            if len(found) >= limit:
                break
            if node_id != last and (accept is None or accept(node_id)):
                found.append(node_id)
            last = node_id
        return found

    def posting(self, label: str, key: Key) -> Sequence[str]:
        return self._index[label].get(key, ())

    def children(self, initiative_id: str) -> set[str]:
        return self.having("Initiative", "parent", [initiative_id])

    def profile(self, node_id: str) -> PartnerProfile | InitiativeProfile | NeedOfferProfile | None:
        return (
            self.partners.get(node_id)
            or self.initiatives.get(node_id)
            or self.need_offers.get(node_id)
        )

    def __contains__(self, node_id: object) -> bool:
        return (
            node_id in self.partners or node_id in self.initiatives or node_id in self.need_offers
        )

    def __iter__(self) -> Iterator[str]:
        yield from self.partners
        yield from self.initiatives
        yield from self.need_offers
