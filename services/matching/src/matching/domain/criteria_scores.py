"""The matching criteria of domain.md 4.2: each returns a sub-score in [0, 1] with its reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matching.domain.profiles import InitiativeProfile, NeedOfferProfile, PartnerProfile
from matching.domain.taxonomy import (
    LEVEL_PROVINCIE,
    LEVEL_SUBREGIO,
    Taxonomy,
    pathway_step,
)

HELIX_NL = {
    "onderwijs": "onderwijs",
    "onderzoek": "onderzoek",
    "bedrijfsleven": "bedrijfsleven",
    "overheid": "overheid",
    "maatschappij": "maatschappij",
}
HELIX_EN = {
    "onderwijs": "education",
    "onderzoek": "research",
    "bedrijfsleven": "business",
    "overheid": "government",
    "maatschappij": "civil society",
}
STEP_NAMES = ("po", "vo (vmbo/havo)", "mbo", "Ad", "hbo", "wo")


@dataclass(frozen=True)
class CriterionResult:
    id: str
    label_nl: str
    label_en: str
    subscore: float
    weight: float
    reason_nl: str
    reason_en: str
    evidence: tuple[str, ...] = ()


def _names(items: Sequence[str]) -> str:
    return ", ".join(f"'{i}'" for i in items)


def theme_fit(
    ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy, evidence: tuple[str, ...]
) -> CriterionResult:
    """M1: exact 1.0, sibling 0.6, parent/child 0.4; averaged over both sides' themes."""

    def similarity(a: str, b: str) -> float:
        if a == b:
            return 1.0
        pa, pb = tax.theme_parent.get(a), tax.theme_parent.get(b)
        if pa is not None and pa == pb:
            return 0.6
        return 0.4 if pa == b or pb == a else 0.0

    def best(side: Sequence[str], other: Sequence[str]) -> list[float]:
        return [max((similarity(a, b) for b in other), default=0.0) for a in side]

    scores = best(ours, theirs) + best(theirs, ours)
    subscore = round(sum(scores) / len(scores), 4) if scores else 0.0
    shared = sorted(set(ours) & set(theirs))
    related = sorted({b for a in ours for b in theirs if 0 < similarity(a, b) < 1} - set(shared))
    if shared:
        nl = f"deelt thema {_names([tax.theme_nl(s) for s in shared])}"
        en = f"shares theme {_names([tax.theme_en(s) for s in shared])}"
    elif related:
        nl = f"verwant thema {_names([tax.theme_nl(s) for s in related])}"
        en = f"related theme {_names([tax.theme_en(s) for s in related])}"
    else:
        nl, en = "geen gedeeld thema", "no shared theme"
    return CriterionResult(
        "M1",
        "Thema-fit",
        "Theme fit",
        subscore,
        0.18,
        nl,
        en,
        evidence + tuple(f"theme:{s}" for s in shared or related),
    )


def helix_complementarity(
    initiative: InitiativeProfile, candidate: PartnerProfile
) -> CriterionResult:
    """M2: does the candidate bring a helix category the initiative's members lack?"""
    members = initiative.active_members()
    covered = {m.helix for m in members}
    evidence = (candidate.id, initiative.id, *(m.partner_id for m in members))
    if candidate.helix in covered:
        holders = [m.name for m in members if m.helix == candidate.helix][:3]
        return CriterionResult(
            "M2",
            "Helix-aanvulling",
            "Helix complementarity",
            0.0,
            0.14,
            f"{initiative.name} heeft al {HELIX_NL[candidate.helix]} ({', '.join(holders)})",
            f"{initiative.name} already has {HELIX_EN[candidate.helix]} ({', '.join(holders)})",
            evidence,
        )
    after = sorted(covered | {candidate.helix})
    nl = (
        f"voegt {HELIX_NL[candidate.helix]} toe ({candidate.name}), die {initiative.name} mist; "
        f"daarna: {', '.join(HELIX_NL[h] for h in after)}"
    )
    en = (
        f"adds {HELIX_EN[candidate.helix]} ({candidate.name}), which {initiative.name} lacks; "
        f"then covers {', '.join(HELIX_EN[h] for h in after)}"
    )
    return CriterionResult(
        "M2", "Helix-aanvulling", "Helix complementarity", 1.0, 0.14, nl, en, evidence
    )


_PROXIMITY_BY_LEVEL = {"site": 1.0, "gemeente": 1.0, LEVEL_SUBREGIO: 0.8, LEVEL_PROVINCIE: 0.6}


def _proximity(a: str, b: str, tax: Taxonomy) -> tuple[float, str, str]:
    chain_b = tax.region_chain(b)
    common = next((c for c in tax.region_chain(a) if c in chain_b), None)
    if common is None:
        return 0.0, "geen gedeelde regio", "no shared region"
    score = _PROXIMITY_BY_LEVEL.get(tax.region_level[common])
    if score is not None:
        return score, f"beide in {tax.region_nl(common)}", f"both in {tax.region_en(common)}"
    pa, pb = tax.region_at(a, LEVEL_PROVINCIE), tax.region_at(b, LEVEL_PROVINCIE)
    if pa and pb and pb in tax.neighbour_provinces.get(pa, frozenset()):
        return (
            0.3,
            f"buurprovincies {tax.region_nl(pa)} en {tax.region_nl(pb)}",
            f"neighbouring provinces {tax.region_en(pa)} and {tax.region_en(pb)}",
        )
    if tax.region_level[common] == "supranational":
        return (
            0.0,
            "geen gedeelde regio binnen Nederland",
            "no shared region within the Netherlands",
        )
    return 0.1, "beide in Nederland", "both in the Netherlands"


def regional_proximity(
    ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy, evidence: tuple[str, ...]
) -> CriterionResult:
    """M3: same site/municipality 1.0, subregion 0.8, province 0.6, neighbour 0.3, NL 0.1."""
    found = [_proximity(a, b, tax) for a in ours for b in theirs]
    best = max(found, key=lambda r: r[0]) if found else (0.0, "regio onbekend", "region unknown")
    return CriterionResult(
        "M3",
        "Regionale nabijheid",
        "Regional proximity",
        best[0],
        0.12,
        best[1],
        best[2],
        evidence + tuple(f"region:{r}" for r in (*ours[:1], *theirs[:1])),
    )


def nodal_distance(
    ours: Sequence[str], theirs: Sequence[str], tax: Taxonomy, evidence: tuple[str, ...]
) -> CriterionResult:
    """M3 for initiative pairs: exchange across regions is the point, so distance counts."""
    near = regional_proximity(ours, theirs, tax, evidence)
    if near.subscore >= 0.6:
        return CriterionResult(
            "M3",
            "Knooppuntnetwerk",
            "Nodal network",
            0.3,
            0.12,
            f"{near.reason_nl}: leren van elkaar in dezelfde regio",
            f"{near.reason_en}: learning from each other in the same region",
            near.evidence,
        )
    return CriterionResult(
        "M3",
        "Knooppuntnetwerk",
        "Nodal network",
        1.0,
        0.12,
        "bewuste verbinding over regiogrenzen heen, voor kennisuitwisseling",
        "deliberate link across regions, for knowledge exchange",
        near.evidence,
    )


def _adjacent(a: int, b: int) -> bool:
    """Neighbours on po-vo-mbo-(Ad)-hbo-wo; Ad is optional, so mbo and hbo are neighbours too."""
    return abs(a - b) == 1 or {a, b} == {2, 4}


def pathway_continuity(initiative: InitiativeProfile, candidate: PartnerProfile) -> CriterionResult:
    """M4: does the candidate fill a gap in po-vo-mbo-hbo-wo next to what the initiative covers?"""
    members = initiative.active_members()
    covered = {s for lvl in initiative.levels for s in [pathway_step(lvl)] if s is not None}
    holders: dict[int, str] = {}
    for member in members:
        for lvl in member.levels:
            step = pathway_step(lvl)
            if step is not None:
                covered.add(step)
                holders.setdefault(step, member.name)
    offered = {s for lvl in candidate.levels for s in [pathway_step(lvl)] if s is not None}
    new = sorted(offered - covered)
    evidence = (candidate.id, initiative.id, *(m.partner_id for m in members if m.levels))
    if not new or not covered:
        nl = "geen nieuwe schakel in de doorlopende leerlijn"
        en = "adds no new link to the learning pathway"
        return CriterionResult(
            "M4", "Doorlopende leerlijn", "Learning pathway", 0.0, 0.14, nl, en, evidence
        )
    adjacent = [s for s in new if any(_adjacent(s, c) for c in covered)]
    step = adjacent[0] if adjacent else new[0]
    neighbour = next((holders[c] for c in sorted(holders) if _adjacent(step, c)), None)
    via = f" naast {neighbour}" if neighbour else ""
    via_en = f" next to {neighbour}" if neighbour else ""
    if adjacent:
        return CriterionResult(
            "M4",
            "Doorlopende leerlijn",
            "Learning pathway",
            1.0,
            0.14,
            f"vult de ontbrekende {STEP_NAMES[step]}-schakel{via}",
            f"fills the missing {STEP_NAMES[step]} link{via_en}",
            evidence,
        )
    return CriterionResult(
        "M4",
        "Doorlopende leerlijn",
        "Learning pathway",
        0.6,
        0.14,
        f"voegt {STEP_NAMES[step]} toe aan de leerlijn (niet aansluitend)",
        f"adds {STEP_NAMES[step]} to the pathway (not adjacent)",
        evidence,
    )


def overlap(
    criterion: str,
    label: tuple[str, str],
    weight: float,
    ours: Sequence[str],
    theirs: Sequence[str],
    what: tuple[str, str],
    evidence: tuple[str, ...],
) -> CriterionResult:
    """M6 target groups, M7 shared challenges: the share of the initiative's items shared."""
    shared = sorted(set(ours) & set(theirs))
    subscore = round(len(shared) / len(set(ours)), 4) if ours and shared else 0.0
    if shared:
        return CriterionResult(
            criterion,
            label[0],
            label[1],
            subscore,
            weight,
            f"beide richten zich op {what[0]}: {', '.join(shared)}",
            f"both address {what[1]}: {', '.join(shared)}",
            evidence,
        )
    return CriterionResult(
        criterion,
        label[0],
        label[1],
        0.0,
        weight,
        f"geen gedeelde {what[0]}",
        f"no shared {what[1]}",
        evidence,
    )


def capacity(candidate: PartnerProfile, threshold: int = 5) -> CriterionResult:
    """M12: over-committed partners score lower; a named coordinator scores higher."""
    load = len(candidate.active_memberships)
    subscore = max(0.0, 1.0 - max(0, load - threshold) / 10)
    if candidate.has_coordinator:
        subscore = min(1.0, subscore + 0.2)
    nl = f"{candidate.name} zit in {load} initiatieven" + (
        " en heeft een coördinator" if candidate.has_coordinator else ""
    )
    en = f"{candidate.name} is in {load} initiatives" + (
        " and has a coordinator" if candidate.has_coordinator else ""
    )
    return CriterionResult(
        "M12", "Capaciteit", "Capacity", round(subscore, 4), 0.02, nl, en, (candidate.id,)
    )


def collaboration_fit(a: InitiativeProfile, b: InitiativeProfile) -> CriterionResult | None:
    """M13: operational with operational, strategic with strategic."""
    if not a.collaboration_type or not b.collaboration_type:
        return None
    same = a.collaboration_type == b.collaboration_type
    return CriterionResult(
        "M13",
        "Samenwerkingsvorm",
        "Collaboration type",
        1.0 if same else 0.5,
        0.01,
        f"{a.collaboration_type} en {b.collaboration_type}",
        f"{a.collaboration_type} and {b.collaboration_type}",
        (a.id, b.id),
    )


def need_offer_fit(
    need: NeedOfferProfile, offer: NeedOfferProfile, tax: Taxonomy
) -> CriterionResult:
    """M5: same type x theme fit x level fit x period overlap x quantity coverage."""
    evidence = (need.id, offer.id, need.publisher_id, offer.publisher_id)
    themes = (
        theme_fit(need.themes, offer.themes, tax, ()).subscore
        if need.themes and offer.themes
        else 0.5
    )
    levels = (
        1.0 if not need.levels or not offer.levels or set(need.levels) & set(offer.levels) else 0.5
    )
    start = (
        max(d for d in (need.valid_from, offer.valid_from) if d)
        if need.valid_from or offer.valid_from
        else None
    )
    ends = [d for d in (need.valid_until, offer.valid_until) if d]
    period = 0.0 if start and ends and min(ends) < start else 1.0
    quantity = min(1.0, offer.quantity / need.quantity) if need.quantity and offer.quantity else 1.0
    subscore = round(themes * levels * period * quantity, 4) if need.type == offer.type else 0.0
    nl = (
        f"{need.publisher_name} zoekt '{need.title}'; {offer.publisher_name} biedt '{offer.title}'"
        f" (type {need.type})"
    )
    en = (
        f"{need.publisher_name} needs '{need.title}'; {offer.publisher_name} offers '{offer.title}'"
        f" (type {need.type})"
    )
    if quantity < 1.0:
        nl += f", dekt {offer.quantity} van {need.quantity}"
        en += f", covers {offer.quantity} of {need.quantity}"
    return CriterionResult("M5", "Vraag-aanbod", "Need-offer fit", subscore, 0.18, nl, en, evidence)
