"""Scores candidate pairs into explainable matches: hard filters, criteria, gates, weighted sum.

Criteria that do not apply to a kind of match are left out and the remaining weights are
renormalised, so scores of different kinds stay on the same 0..1 scale. Unknown data stays in
the sum with 0, so missing data never raises a score. A match needs a substantive argument
(the gate of each kind): a specific shared theme, an answered need, or a missing helix or
pathway link filled from nearby. Only arguments for the match become its reasons; context
such as capacity (M12), the collaboration type (M13) or an ENoLL label (M15) never does.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import NamedTuple, TypeVar

from matching.domain import criteria_scores as c
from matching.domain.criteria_scores import FOR, CriterionResult, Measure
from matching.domain.labels import GAINS
from matching.domain.learning import NONE as NO_LEARNING
from matching.domain.learning import LearnedWeights
from matching.domain.network import text_of
from matching.domain.profiles import InitiativeProfile, NeedOfferProfile, PartnerProfile
from matching.domain.taxonomy import Taxonomy

ALGORITHM_VERSION = "2026.12-1"
MATCH_NAMESPACE = uuid.UUID("8a4f3d1e-2b6c-4e8f-9a0d-1c2b3d4e5f60")
MATCHABLE_STATUSES = frozenset({"active", "pilot"})
# Shown with their sub-score, never given as a reason (M15, the ENoLL label, weighs 0 as well).
CONTEXT_ONLY = frozenset({"M12", "M13", "M15"})
STRONG_THEME = 0.6  # M1 reaches it only with a specific theme both sides name


@dataclass(frozen=True)
class Match:
    match_id: str
    kind: str
    subject_ids: tuple[str, str]
    subject_names: tuple[str, str]
    score: float
    criteria: tuple[CriterionResult, ...]
    top_reasons_nl: str
    top_reasons_en: str
    regions: tuple[str, ...]
    themes: tuple[str, ...]
    algorithm_version: str = ALGORITHM_VERSION

    def fingerprint(self) -> str:
        """What counts as a change (see _fingerprint)."""
        return self._fingerprint

    @cached_property
    def _fingerprint(self) -> str:
        """What counts as a change: the score to 3 decimals, each sub-score to 2, and a digest of
        what the match says (names, reasons, evidence, regions, themes). The contract announces
        match.updated when "the score or reasons" change, and a replay rebuilds today's wording."""
        parts = [f"{self.score:.3f}"] + [f"{r.id}={r.subscore:.2f}" for r in self.criteria]
        said = (
            self.subject_names,
            [(r.id, r.reason_nl, r.reason_en, r.evidence) for r in self.criteria],
            self.top_reasons_nl,
            self.top_reasons_en,
            self.regions,
            self.themes,
        )
        return "|".join([*parts, hashlib.sha256(repr(said).encode()).hexdigest()[:12]])


@lru_cache(maxsize=1 << 18)  # re-scoring asks for the same pairs' ids again and again
def match_id(kind: str, a: str, b: str) -> str:
    """Deterministic, so a replay from offset 0 produces the very same ids."""
    first, second = (a, b) if kind == "partner_to_initiative" else tuple(sorted((a, b)))
    return str(uuid.uuid5(MATCH_NAMESPACE, f"{kind}:{first}:{second}"))


Criterion = TypeVar("Criterion", CriterionResult, Measure)


def _weighted(results: Sequence[Criterion], learned: LearnedWeights) -> Sequence[Criterion]:
    if not learned.active:
        return results
    return [r._replace(weight=round(r.weight * learned.factor(r.id), 4)) for r in results]


def weighted_score(results: Sequence[Criterion], learned: LearnedWeights = NO_LEARNING) -> float:
    """Σ weight × sub-score / Σ weight over the criteria that apply, to 4 decimals."""
    results = _weighted(results, learned)
    total_weight = sum(r.weight for r in results)
    return round(sum(r.weight * r.subscore for r in results) / total_weight, 4)


def _is_argument(result: CriterionResult | Measure) -> bool:
    return result.stance == FOR and result.id not in CONTEXT_ONLY


def _reasons(results: Sequence[CriterionResult]) -> list[CriterionResult]:
    arguments = [r for r in results if _is_argument(r)]
    return sorted(arguments, key=lambda r: (-r.weight * r.subscore, r.id))[:3]


def _score_if_proposable(
    measures: Sequence[Measure], min_score: float, learned: LearnedWeights
) -> float | None:
    """The score `_assemble` gives the same criteria, or None where it makes no match."""
    score = weighted_score(measures, learned)
    if score < min_score or not any(_is_argument(m) for m in measures):
        return None
    return score


def _assemble(
    kind: str,
    subjects: tuple[tuple[str, str], tuple[str, str]],
    results: Sequence[CriterionResult],
    regions: Sequence[str],
    themes: Sequence[str],
    min_score: float,
    gains: tuple[str, str] = ("", ""),
    learned: LearnedWeights = NO_LEARNING,
) -> Match | None:
    results = _weighted(results, learned)
    score = weighted_score(results)
    ranked = _reasons(results)
    if score < min_score or not ranked:
        return None
    top_nl = "Voorgesteld omdat: " + "; ".join(f"{r.reason_nl} ({r.id})" for r in ranked) + "."
    top_en = "Suggested because: " + "; ".join(f"{r.reason_en} ({r.id})" for r in ranked) + "."
    if gains[0]:
        top_nl, top_en = f"{top_nl} {gains[0]}", f"{top_en} {gains[1]}"
    if learned.active:
        nl, en = learned.sentence()
        top_nl, top_en = f"{top_nl} {nl}", f"{top_en} {en}"
    (a, a_name), (b, b_name) = subjects
    return Match(
        match_id(kind, a, b),
        kind,
        (a, b),
        (a_name, b_name),
        score,
        tuple(results),
        top_nl,
        top_en,
        tuple(sorted(set(regions))),
        tuple(sorted(set(themes))),
    )


def _by_id(results: Sequence[CriterionResult]) -> dict[str, CriterionResult]:
    return {r.id: r for r in results}


class GateInputs(NamedTuple):
    """What the gate looks at: the stances of the substantive criteria of a pair."""

    answers_need: bool  # M5 argues for it
    theme: float  # M1 sub-score
    related: bool  # M1 or M14 argues for it
    words: bool  # M14 argues for it
    nearby: bool  # M3 from the same province up
    pathway: bool  # M4 argues for it
    far_apart: bool  # both placed, neither national, not even neighbouring provinces


def _worth_proposing(gate: GateInputs, table: bool) -> bool:
    """The gate. An answered need is enough on its own; so is a specific shared theme, unless
    the two work far apart (joining an initiative in another province is rarely practical: 003
    asks to limit physical distance; exchange across regions is what initiative pairs are for).
    From nearby, also a related theme, shared words or the missing link of the learning pathway;
    for an innovation table, whose candidates all sit at its parent already, only a specific
    theme or shared words. A missing helix alone is never enough: every initiative lacks
    someone."""
    if gate.answers_need:
        return True
    if gate.theme >= STRONG_THEME and not gate.far_apart:
        return True
    if table:
        return gate.words
    return gate.nearby and (gate.related or gate.pathway)


def _far_apart(
    partner: PartnerProfile, initiative: InitiativeProfile, proximity: float, tax: Taxonomy
) -> bool:
    return (
        bool(partner.regions and initiative.regions)
        and not c.is_national(partner.regions, tax)
        and not c.is_national(initiative.regions, tax)
        and proximity < 0.3
    )


def gate_of(
    results: Sequence[CriterionResult],
    partner: PartnerProfile,
    initiative: InitiativeProfile,
    tax: Taxonomy,
) -> GateInputs:
    """The gate's inputs read off a partner's full criteria for an initiative."""
    r = _by_id(results)
    return GateInputs(
        answers_need="M5" in r and r["M5"].stance == FOR,
        theme=r["M1"].subscore,
        related=r["M1"].stance == FOR or r["M14"].stance == FOR,
        words=r["M14"].stance == FOR,
        nearby=r["M3"].stance == FOR,
        pathway="M4" in r and r["M4"].stance == FOR,
        far_apart=_far_apart(partner, initiative, r["M3"].subscore, tax),
    )


def partner_gate(
    partner: PartnerProfile, initiative: InitiativeProfile, tax: Taxonomy
) -> GateInputs:
    """The same inputs as `gate_of`, from the criteria's cores alone: no reasons, no evidence.
    Most candidate pairs fail the gate, so they never cost the wording of nine criteria."""
    if partner.themes and initiative.themes:
        theme, theme_stance, *_ = c.theme_facts(initiative.themes, partner.themes, tax, True)
    else:
        theme, theme_stance = 0.0, c.UNKNOWN
    if partner.regions and initiative.regions:
        proximity = c.proximity(initiative.regions, partner.regions, tax)[0]
    else:
        proximity = 0.0
    ours = initiative.memo("text_stems", lambda: frozenset(_text_words(initiative)))
    words = c.shares_words(ours, partner.stems)
    return GateInputs(
        answers_need=bool(initiative.needs) and _answers(*c.best_answer(initiative, partner, tax)),
        theme=theme,
        related=theme_stance == FOR or words,
        words=words,
        nearby=proximity >= c.NEARBY,
        pathway=_has_pathway(partner, initiative) and c.extends_pathway(initiative, partner),
        far_apart=_far_apart(partner, initiative, proximity, tax),
    )


def _text_words(initiative: InitiativeProfile) -> dict[str, str]:
    """Stem -> word of what the initiative says of itself and asks for, kept with the profile
    (the first word in sorted order when two words share a stem)."""
    return initiative.memo("text_words", lambda: dict(sorted(text_of(initiative), reverse=True)))


def _answers(score: float, need: NeedOfferProfile | None) -> bool:
    return need is not None and score >= c.ANSWERS


def _has_pathway(partner: PartnerProfile, initiative: InitiativeProfile) -> bool:
    # a table's levels are its remit, set by its parent; the pathway is the parent's work
    return partner.helix == "onderwijs" and initiative.kind != "innovation_table"


def _groups_and_urgency(
    ours: InitiativeProfile, theirs: PartnerProfile | InitiativeProfile, evidence: tuple[str, ...]
) -> list[CriterionResult]:
    """M6 shared target groups and M7 shared urgency (challenges), as shares of `ours`."""
    return [
        c.overlap(
            "M6",
            ("Doelgroepen", "Target groups"),
            c.W_GROUPS,
            ours.target_groups,
            theirs.target_groups,
            ("doelgroepen", "target groups"),
            evidence,
        ),
        c.overlap(
            "M7",
            ("Gedeelde urgentie", "Shared urgency"),
            c.W_URGENCY,
            ours.challenges,
            theirs.challenges,
            ("uitdagingen", "challenges"),
            evidence,
        ),
    ]


def is_open_to_partners(initiative: InitiativeProfile) -> bool:
    """Active and pilot initiatives; an idea only when it asks for something (a published need):
    finding partners is exactly what an idea needs."""
    if initiative.status in MATCHABLE_STATUSES:
        return True
    return initiative.status == "idea" and bool(initiative.needs)


def scoring_facts(initiative: InitiativeProfile) -> tuple[object, ...]:
    """Everything scoring reads of an initiative except which members it has: the profile
    without its member list, and what the criteria take from the members (the helixes at the
    table, the pathway's steps and who first holds each). Two versions with
    the same facts score every candidate that did not join or leave in between the same, so a
    member joining does not re-score all the initiative's candidates (proposals.Proposals)."""

    def facts() -> tuple[object, ...]:
        steps, pathway = c.pathway_of(initiative)
        return (
            replace(initiative, members=(), _derived={}),
            initiative.covered_helixes(),
            steps,
            tuple((step, m.partner_id, m.name) for step, m in sorted(pathway.items())),
        )

    return initiative.memo("scoring facts", facts)


def partner_facts(partner: PartnerProfile) -> tuple[object, ...]:
    """Everything scoring reads of a partner except which initiatives it is in: the profile
    without them, and its load as capacity (M12) counts it. A partner joining one more
    initiative then does not re-score all its other candidates (proposals.Proposals)."""
    return partner.memo(
        "scoring facts",
        lambda: (
            replace(partner, active_memberships=frozenset(), _derived={}),
            max(len(partner.active_memberships), c.CAPACITY_THRESHOLD),
        ),
    )


# Profile freshness (docs/freshness.md): the registry marks a profile stale; its owner's
# confirmation (or update) clears the mark.
STALE_EXCLUSION = "F1: stale: its owner has not confirmed it within the freshness period"
# A duplicate merged into another partner (partner.merged): its survivor is matched instead.
MERGED_EXCLUSION = "F1: merged into another partner (a duplicate registration)"


def partner_excluded(partner: PartnerProfile, initiative: InitiativeProfile) -> str | None:
    """Why a hard filter keeps this partner from this initiative, or None."""
    if partner.pending or initiative.pending:
        return "F1: not yet registered by its own system (only referenced)"
    if partner.stale or initiative.stale:
        return STALE_EXCLUSION
    if partner.merged_into is not None:
        return MERGED_EXCLUSION
    if not partner.opt_in or not initiative.opt_in:
        return "F1: opted out of matching"
    if not is_open_to_partners(initiative):
        return f"F1: the initiative is {initiative.status} and asks for nothing"
    if partner.id in initiative.active_member_ids:
        return "F2: already a member"
    if initiative.kind == "innovation_table" and partner.id not in initiative.parent_members:
        return "an innovation table is a working group of its parent's members"
    return None


def partner_criteria(
    partner: PartnerProfile, initiative: InitiativeProfile, tax: Taxonomy
) -> list[CriterionResult] | None:
    """The criteria of a partner for an initiative, or None when a hard filter excludes it."""
    if partner_excluded(partner, initiative) is not None:
        return None
    return _partner_results(partner, initiative, tax)


def _partner_results(
    partner: PartnerProfile, initiative: InitiativeProfile, tax: Taxonomy
) -> list[CriterionResult]:
    evidence = (partner.id, initiative.id)
    results = [
        c.theme_fit(initiative.themes, partner.themes, tax, evidence, focus_on_theirs=True),
        c.helix_complementarity(initiative, partner),
        c.regional_proximity(initiative.regions, partner.regions, tax, evidence),
    ]
    if _has_pathway(partner, initiative):
        results.append(c.pathway_continuity(initiative, partner))
    if initiative.needs:
        results.append(c.answers_need(initiative, partner, tax))
    results.append(c.shared_words(_text_words(initiative), partner.stems, evidence))
    results += [
        *_groups_and_urgency(initiative, partner, evidence),
        c.capacity(partner),
    ]
    label = c.enoll_label(partner)  # left out when the partner holds no label
    if label is not None:
        results.append(label)
    return results


def partner_measures(
    partner: PartnerProfile, initiative: InitiativeProfile, tax: Taxonomy
) -> list[Measure]:
    """The numbers of `_partner_results`, criterion by criterion in the same order (the sums
    must add up in the same order to give the very same score), without any wording."""
    measures = [
        c.theme_measure(initiative.themes, partner.themes, tax, focus_on_theirs=True),
        c.helix_measure(initiative, partner),
        c.proximity_measure(initiative.regions, partner.regions, tax),
    ]
    if _has_pathway(partner, initiative):
        measures.append(c.pathway_measure(initiative, partner))
    if initiative.needs:
        measures.append(c.need_measure(initiative, partner, tax))
    measures += [
        c.words_measure(_text_words(initiative), partner.stems),
        c.overlap_measure("M6", c.W_GROUPS, initiative.target_groups, partner.target_groups),
        c.overlap_measure("M7", c.W_URGENCY, initiative.challenges, partner.challenges),
        c.capacity_measure(partner),
    ]
    label = c.enoll_measure(partner)
    if label is not None:
        measures.append(label)
    return measures


def partner_score(
    partner: PartnerProfile,
    initiative: InitiativeProfile,
    tax: Taxonomy,
    min_score: float,
    learned: LearnedWeights = NO_LEARNING,
) -> float | None:
    """The score of `partner_for_initiative`, or None where it gives no match, without building
    a single reason: ranking needs the number, and most pairs that pass the gate are never
    proposed (only the k best of both ends are)."""
    if not _worth_scoring(partner, initiative, tax):
        return None
    return _score_if_proposable(partner_measures(partner, initiative, tax), min_score, learned)


def _worth_scoring(partner: PartnerProfile, initiative: InitiativeProfile, tax: Taxonomy) -> bool:
    """No hard filter keeps the two apart, and the gate lets them in."""
    return partner_excluded(partner, initiative) is None and _worth_proposing(
        partner_gate(partner, initiative, tax), initiative.kind == "innovation_table"
    )


def partner_for_initiative(
    partner: PartnerProfile,
    initiative: InitiativeProfile,
    tax: Taxonomy,
    min_score: float,
    learned: LearnedWeights = NO_LEARNING,
) -> Match | None:
    if not _worth_scoring(partner, initiative, tax):
        return None
    results = _partner_results(partner, initiative, tax)
    gain_nl, gain_en = GAINS.get(partner.helix, ("", ""))
    return _assemble(
        "partner_to_initiative",
        ((partner.id, partner.name), (initiative.id, initiative.name)),
        results,
        (*partner.regions, *initiative.regions),
        (*partner.themes, *initiative.themes),
        min_score,
        (f"{partner.name} krijgt er {gain_nl} voor terug.", f"{partner.name} gains {gain_en}.")
        if gain_nl
        else ("", ""),
        learned,
    )


def initiatives_excluded(a: InitiativeProfile, b: InitiativeProfile) -> str | None:
    """Why a hard filter keeps these two initiatives apart, or None."""
    if a.id == b.id:
        return "the same initiative"
    if a.pending or b.pending:
        return "F1: not yet registered by its own system (only referenced)"
    if a.stale or b.stale:
        return STALE_EXCLUSION
    if not a.opt_in or not b.opt_in:
        return "F1: opted out of matching"
    if a.status not in MATCHABLE_STATUSES or b.status not in MATCHABLE_STATUSES:
        return "F1: only active and pilot initiatives are paired"
    if a.parent_id == b.id or b.parent_id == a.id:
        return "a part already meets its whole"
    if a.parent_id and a.parent_id == b.parent_id and a.kind == b.kind == "innovation_table":
        return "tables of one initiative already align at its table meetings"
    return None


def initiative_criteria(
    a: InitiativeProfile, b: InitiativeProfile, tax: Taxonomy
) -> list[CriterionResult] | None:
    """The criteria of two initiatives (in id order), or None when a hard filter excludes them."""
    a, b = sorted((a, b), key=lambda i: i.id)  # M6/M7 shares are one-sided
    if initiatives_excluded(a, b) is not None:
        return None
    evidence = (a.id, b.id)
    results: list[CriterionResult] = [
        c.theme_fit(a.themes, b.themes, tax, evidence),
        c.nodal_distance(a.regions, b.regions, tax, evidence),
        *_groups_and_urgency(a, b, evidence),
    ]
    results.append(c.shared_words(a.terms, b.terms, evidence))
    fit = c.collaboration_fit(a, b)
    if fit is not None:
        results.append(fit)
    return results


def initiative_pair(
    a: InitiativeProfile,
    b: InitiativeProfile,
    tax: Taxonomy,
    min_score: float,
    learned: LearnedWeights = NO_LEARNING,
) -> Match | None:
    """Nodal network: initiatives on one specific theme learn from each other (003, 004)."""
    a, b = sorted((a, b), key=lambda i: i.id)
    results = initiative_criteria(a, b, tax)
    if results is None or results[0].subscore < STRONG_THEME:  # a specific theme both name
        return None
    return _assemble(
        "initiative_to_initiative",
        ((a.id, a.name), (b.id, b.name)),
        results,
        (*a.regions, *b.regions),
        (*a.themes, *b.themes),
        min_score,
        (
            f"Beide leren van elkaars aanpak: {a.name} en {b.name}.",
            f"Both learn from each other's approach: {a.name} and {b.name}.",
        ),
        learned,
    )


def need_offer_excluded(need: NeedOfferProfile, offer: NeedOfferProfile) -> str | None:
    """Why a hard filter keeps this need and this offer apart, or None."""
    if need.direction != "need" or offer.direction != "offer":
        return "F3: a need meets an offer"
    if need.status != "open" or offer.status != "open":
        return "F3: only open needs and offers are matched"
    if need.pending or offer.pending:
        return "F1: not yet registered by its own system (only referenced)"
    if need.stale or offer.stale:
        return STALE_EXCLUSION
    if need.publisher_id == offer.publisher_id:
        return "both published by the same organisation"
    return None


def need_criteria(
    need: NeedOfferProfile, offer: NeedOfferProfile, tax: Taxonomy
) -> list[CriterionResult] | None:
    """The criteria of a need and an offer, or None when a hard filter excludes them."""
    if need_offer_excluded(need, offer) is not None:
        return None
    evidence = (need.id, offer.id)
    regions_a = (need.region,) if need.region else ()
    regions_b = (offer.region,) if offer.region else ()
    results = [c.need_offer_fit(need, offer, tax)]
    if not (c.is_national(regions_a, tax) or c.is_national(regions_b, tax)):
        # a need or offer for the whole country is not about place: M3 does not apply
        results.append(c.regional_proximity(regions_a, regions_b, tax, evidence))
    results += [
        c.overlap(
            "M6",
            ("Doelgroepen", "Target groups"),
            c.W_GROUPS,
            need.target_groups,
            offer.target_groups,
            ("doelgroepen", "target groups"),
            evidence,
        ),
    ]
    return results


def need_for_offer(
    need: NeedOfferProfile,
    offer: NeedOfferProfile,
    tax: Taxonomy,
    min_score: float,
    learned: LearnedWeights = NO_LEARNING,
) -> Match | None:
    results = need_criteria(need, offer, tax)
    if results is None or results[0].stance != FOR:
        return None
    regions_a = (need.region,) if need.region else ()
    regions_b = (offer.region,) if offer.region else ()
    return _assemble(
        "need_to_offer",
        ((need.id, need.title), (offer.id, offer.title)),
        results,
        (*regions_a, *regions_b),
        (*need.themes, *offer.themes),
        min_score,
        (
            f"{offer.publisher_name} vindt een afnemer voor '{offer.title}'.",
            f"{offer.publisher_name} finds a taker for '{offer.title}'.",
        ),
        learned,
    )
