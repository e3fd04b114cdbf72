"""Scores candidate pairs into explainable matches: hard filters, criteria, gates, weighted sum.

Criteria that do not apply to a kind of match are left out and the remaining weights are
renormalised, so scores of different kinds stay on the same 0..1 scale. A match is proposed only
when a content criterion (M1 theme or M5 need-offer) and a structural one (M2 helix, M3 region,
M4 pathway) are both above zero: "factoren werken alleen in onderlinge samenhang" (domain 4.2).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from matching.domain import criteria_scores as c
from matching.domain.criteria_scores import CriterionResult
from matching.domain.profiles import InitiativeProfile, NeedOfferProfile, PartnerProfile
from matching.domain.taxonomy import Taxonomy

ALGORITHM_VERSION = "2026.11-1"
MATCH_NAMESPACE = uuid.UUID("8a4f3d1e-2b6c-4e8f-9a0d-1c2b3d4e5f60")
CONTENT = frozenset({"M1", "M5"})
STRUCTURAL = frozenset({"M2", "M3", "M4"})
MATCHABLE_STATUSES = frozenset({"active", "pilot"})


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


def match_id(kind: str, a: str, b: str) -> str:
    """Deterministic, so a replay from offset 0 produces the very same ids."""
    first, second = (a, b) if kind == "partner_to_initiative" else tuple(sorted((a, b)))
    return str(uuid.uuid5(MATCH_NAMESPACE, f"{kind}:{first}:{second}"))


def _assemble(
    kind: str,
    subjects: tuple[tuple[str, str], tuple[str, str]],
    results: Sequence[CriterionResult],
    regions: Sequence[str],
    themes: Sequence[str],
    min_score: float,
) -> Match | None:
    ids = {r.id for r in results if r.subscore > 0}
    if not ids & CONTENT or not ids & STRUCTURAL:
        return None
    total_weight = sum(r.weight for r in results)
    score = round(sum(r.weight * r.subscore for r in results) / total_weight, 4)
    if score < min_score:
        return None
    ranked = sorted((r for r in results if r.subscore > 0), key=lambda r: -r.weight * r.subscore)[
        :3
    ]
    top_nl = "Voorgesteld omdat: " + "; ".join(f"{r.reason_nl} ({r.id})" for r in ranked) + "."
    top_en = "Suggested because: " + "; ".join(f"{r.reason_en} ({r.id})" for r in ranked) + "."
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


def partner_for_initiative(
    partner: PartnerProfile, initiative: InitiativeProfile, tax: Taxonomy, min_score: float
) -> Match | None:
    if partner.pending or initiative.pending or not partner.opt_in or not initiative.opt_in:
        return None  # F1
    if initiative.status not in MATCHABLE_STATUSES:
        return None  # F1
    if any(m.partner_id == partner.id for m in initiative.active_members()):
        return None  # F2: already at the table
    if initiative.kind == "innovation_table" and partner.id not in initiative.parent_members:
        return None  # tables are working groups of their parent's members
    evidence = (partner.id, initiative.id)
    results = [
        c.theme_fit(initiative.themes, partner.themes, tax, evidence),
        c.helix_complementarity(initiative, partner),
        c.regional_proximity(initiative.regions, partner.regions, tax, evidence),
        c.overlap(
            "M6",
            ("Doelgroepen", "Target groups"),
            0.05,
            initiative.target_groups,
            partner.target_groups,
            ("doelgroepen", "target groups"),
            evidence,
        ),
        c.overlap(
            "M7",
            ("Gedeelde urgentie", "Shared urgency"),
            0.05,
            initiative.challenges,
            partner.challenges,
            ("uitdagingen", "challenges"),
            evidence,
        ),
        c.capacity(partner),
    ]
    if partner.helix == "onderwijs":
        results.insert(3, c.pathway_continuity(initiative, partner))
    if initiative.kind == "innovation_table":
        results[1] = _with_parent_evidence(results[1], initiative)
    return _assemble(
        "partner_to_initiative",
        ((partner.id, partner.name), (initiative.id, initiative.name)),
        results,
        (*partner.regions, *initiative.regions),
        (*partner.themes, *initiative.themes),
        min_score,
    )


def _with_parent_evidence(result: CriterionResult, table: InitiativeProfile) -> CriterionResult:
    """A table candidate rests on its membership of the parent initiative: keep that as evidence."""
    return CriterionResult(
        result.id,
        result.label_nl,
        result.label_en,
        result.subscore,
        result.weight,
        result.reason_nl,
        result.reason_en,
        (*result.evidence, f"member_of:{table.parent_id}"),
    )


def initiative_pair(
    a: InitiativeProfile, b: InitiativeProfile, tax: Taxonomy, min_score: float
) -> Match | None:
    """Nodal network: initiatives on one theme, ideally in other regions, learn from each other."""
    a, b = sorted((a, b), key=lambda i: i.id)  # M1 reasons and M6/M7 shares are one-sided
    if a.id == b.id or a.pending or b.pending or not a.opt_in or not b.opt_in:
        return None
    if a.status not in MATCHABLE_STATUSES or b.status not in MATCHABLE_STATUSES:
        return None
    if a.parent_id == b.id or b.parent_id == a.id or (a.parent_id and a.parent_id == b.parent_id):
        return None  # tables of one initiative already share their parent
    evidence = (a.id, b.id)
    results: list[CriterionResult] = [
        c.theme_fit(a.themes, b.themes, tax, evidence),
        c.nodal_distance(a.regions, b.regions, tax, evidence),
        c.overlap(
            "M6",
            ("Doelgroepen", "Target groups"),
            0.05,
            a.target_groups,
            b.target_groups,
            ("doelgroepen", "target groups"),
            evidence,
        ),
        c.overlap(
            "M7",
            ("Gedeelde urgentie", "Shared urgency"),
            0.05,
            a.challenges,
            b.challenges,
            ("uitdagingen", "challenges"),
            evidence,
        ),
    ]
    fit = c.collaboration_fit(a, b)
    if fit is not None:
        results.append(fit)
    return _assemble(
        "initiative_to_initiative",
        ((a.id, a.name), (b.id, b.name)),
        results,
        (*a.regions, *b.regions),
        (*a.themes, *b.themes),
        min_score,
    )


def need_for_offer(
    need: NeedOfferProfile, offer: NeedOfferProfile, tax: Taxonomy, min_score: float
) -> Match | None:
    if need.direction != "need" or offer.direction != "offer" or need.type != offer.type:
        return None  # F3
    if need.status != "open" or offer.status != "open" or need.pending or offer.pending:
        return None
    if need.publisher_id == offer.publisher_id:
        return None
    evidence = (need.id, offer.id)
    regions_a = (need.region,) if need.region else ()
    regions_b = (offer.region,) if offer.region else ()
    results = [
        c.need_offer_fit(need, offer, tax),
        c.regional_proximity(regions_a, regions_b, tax, evidence),
        c.overlap(
            "M6",
            ("Doelgroepen", "Target groups"),
            0.05,
            need.target_groups,
            offer.target_groups,
            ("doelgroepen", "target groups"),
            evidence,
        ),
    ]
    if not regions_a or not regions_b:
        results[1] = CriterionResult(
            "M3",
            "Regionale nabijheid",
            "Regional proximity",
            0.1,
            0.12,
            "regio niet opgegeven: landelijk",
            "no region given: national",
            evidence,
        )
    return _assemble(
        "need_to_offer",
        ((need.id, need.title), (offer.id, offer.title)),
        results,
        (*regions_a, *regions_b),
        (*need.themes, *offer.themes),
        min_score,
    )
