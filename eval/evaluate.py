"""Runs the evaluation cases against the matcher on the demo network, in memory (no servers).

The network is built with the projection the live service uses (GraphState applies the same
rows the worker writes to Neo4j) and scored with the same candidate rules, scoring and
proposal limits, so what is measured here is what `GET /v1/matches` returns on the demo.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from livinglab_contracts import AnyEvent, parse_event
from matching.config import Settings as MatchingSettings
from matching.domain.candidates import NetworkCandidates
from matching.domain.graph_state import GraphState
from matching.domain.matcher import Match
from matching.domain.network import Network
from matching.domain.profiles import InitiativeProfile, NeedOfferProfile, PartnerProfile
from matching.domain.proposals import Proposals
from matching.domain.taxonomy import Taxonomy, default_taxonomy, pathway_step

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "eval" / "cases.yaml"
DEMO_EVENTS = ROOT / "demo" / "events"


_LIVE = MatchingSettings.model_fields


@dataclass(frozen=True)
class Settings:
    """The live service's defaults, so the evaluation measures what `make run` serves."""

    min_score: float = _LIVE["min_score"].default
    k: int = _LIVE["max_proposals_per_subject"].default
    candidate_limit: int = _LIVE["candidate_limit"].default


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    quote: str
    question: str
    subject: str
    kind: str
    expect: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    relevant: dict[str, Any] = field(default_factory=dict)

    @property
    def negative(self) -> bool:
        return bool(self.forbid)


def load_cases(path: Path = CASES) -> list[Case]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Case(
            id=c["id"],
            source=str(c["source"]),
            quote=c["quote"],
            question=c["question"],
            subject=c["query"]["subject"],
            kind=c["query"]["kind"],
            expect=tuple(c.get("expect") or ()),
            forbid=tuple(c.get("forbid") or ()),
            relevant=dict(c.get("relevant") or {}),
        )
        for c in raw
    ]


def demo_events(folder: Path = DEMO_EVENTS) -> list[AnyEvent]:
    events = []
    for path in sorted(folder.glob("*.ndjson")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                events.append(parse_event(json.loads(line)))
    return events


def build_network(events: Sequence[AnyEvent], tax: Taxonomy) -> Network:
    state = GraphState()
    state.apply(events)
    network = Network(tax)
    for node_id in sorted(state.nodes):
        network.put(state.profile(node_id))
    return network


def proposals_of(network: Network, settings: Settings) -> list[Match]:
    candidates = NetworkCandidates(network, settings.candidate_limit)
    return Proposals(network, candidates, settings.min_score, settings.k).all()


def answer(case: Case, proposals: Iterable[Match]) -> list[Match]:
    """What `GET /v1/matches?<subject>&kind=` returns: its proposals, best score first."""
    found = [m for m in proposals if m.kind == case.kind and case.subject in m.subject_ids]
    return sorted(found, key=lambda m: (-m.score, m.match_id))


def counterpart(case: Case, match: Match) -> str:
    a, b = match.subject_ids
    return b if a == case.subject else a


def _levels_fit(wanted: Iterable[str], have: Iterable[str]) -> bool:
    steps = {pathway_step(x) for x in wanted} - {None}
    have = set(have)
    return bool(set(wanted) & have) or bool(steps & ({pathway_step(x) for x in have} - {None}))


def is_relevant(case: Case, node_id: str, network: Network, tax: Taxonomy) -> bool:
    if node_id in case.expect or node_id in case.relevant.get("ids", ()):
        return True
    rule = {k: v for k, v in case.relevant.items() if k != "ids"}
    if not rule:
        return False
    node: PartnerProfile | InitiativeProfile | NeedOfferProfile | None = (
        network.partners.get(node_id)
        or network.initiatives.get(node_id)
        or network.need_offers.get(node_id)
    )
    if node is None:
        return False
    kind = getattr(node, "kind", getattr(node, "type", ""))
    themes = set(node.themes)
    below = themes | {p for t in themes if (p := tax.theme_parent.get(t)) is not None}
    levels = getattr(node, "levels", ())
    regions: tuple[str, ...] = (
        ((node.region,) if node.region else ())
        if isinstance(node, NeedOfferProfile)
        else node.regions
    )
    checks = {
        "partner_kinds": lambda v: kind in v,
        "initiative_kinds": lambda v: kind in v,
        "helix": lambda v: getattr(node, "helix", None) in v,
        "themes_any": lambda v: bool(set(v) & below),
        "levels_any": lambda v: _levels_fit(v, levels),
        "regions_within": lambda v: any(code in tax.region_chain(r) for r in regions for code in v),
    }
    return all(checks[key](value) for key, value in rule.items() if key in checks)


@dataclass(frozen=True)
class Outcome:
    case: Case
    ranked: list[tuple[str, float, str]]  # counterpart, score, top reasons (en)
    precision_at_5: float | None
    recall_at_10: float | None
    reciprocal_rank: float | None
    forbidden_found: tuple[str, ...]

    @property
    def passed(self) -> bool:
        if self.case.negative:
            return not self.forbidden_found
        return bool(self.recall_at_10) if self.case.expect else bool(self.precision_at_5)


def evaluate(case: Case, proposals: list[Match], network: Network, tax: Taxonomy) -> Outcome:
    found = answer(case, proposals)
    ranked = [(counterpart(case, m), m.score, m.top_reasons_en) for m in found]
    ids = [r[0] for r in ranked]
    if case.negative:
        bad = tuple(i for i in case.forbid if i in ids)
        return Outcome(case, ranked, None, None, None, bad)
    top5 = ids[:5]
    precision = sum(is_relevant(case, i, network, tax) for i in top5) / len(top5) if top5 else 0.0
    recall = rr = None
    if case.expect:
        recall = sum(1 for e in case.expect if e in ids[:10]) / len(case.expect)
        rank = next((n for n, i in enumerate(ids, 1) if i in case.expect), None)
        rr = 1 / rank if rank else 0.0
    return Outcome(case, ranked, precision, recall, rr, ())


def _mean(values: Iterable[float | None]) -> float:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 4) if kept else 0.0


def run(settings: Settings = Settings(), cases_path: Path = CASES) -> dict[str, Any]:
    tax = default_taxonomy()
    network = build_network(demo_events(), tax)
    proposals = proposals_of(network, settings)
    outcomes = [evaluate(c, proposals, network, tax) for c in load_cases(cases_path)]
    positives = [o for o in outcomes if not o.case.negative]
    per_subject: dict[tuple[str, str], int] = {}
    for m in proposals:
        for s in m.subject_ids:
            per_subject[(s, m.kind)] = per_subject.get((s, m.kind), 0) + 1
    return {
        "settings": settings.__dict__,
        "network": {
            "partners": len(network.partners),
            "initiatives": len(network.initiatives),
            "need_offers": len(network.need_offers),
        },
        "proposals": len(proposals),
        "proposals_by_kind": {
            k: sum(1 for m in proposals if m.kind == k) for k in sorted({m.kind for m in proposals})
        },
        "most_per_subject": max(per_subject.values(), default=0),
        "metrics": {
            "precision_at_5": _mean(o.precision_at_5 for o in positives),
            "recall_at_10": _mean(o.recall_at_10 for o in positives),
            "mrr": _mean(o.reciprocal_rank for o in positives),
            "negatives_clean": sum(1 for o in outcomes if o.case.negative and o.passed),
            "negatives": sum(1 for o in outcomes if o.case.negative),
            "positives": len(positives),
            "passed": sum(1 for o in outcomes if o.passed),
        },
        "cases": [
            {
                "id": o.case.id,
                "source": o.case.source,
                "question": o.case.question,
                "query": {"subject": o.case.subject, "kind": o.case.kind},
                "negative": o.case.negative,
                "passed": o.passed,
                "precision_at_5": o.precision_at_5,
                "recall_at_10": o.recall_at_10,
                "reciprocal_rank": o.reciprocal_rank,
                "forbidden_found": list(o.forbidden_found),
                "expected_ranks": {
                    e: next((n for n, r in enumerate(o.ranked, 1) if r[0] == e), None)
                    for e in (o.case.expect or o.case.forbid)
                },
                "top": [{"id": i, "score": s, "reasons": r} for i, s, r in o.ranked[:5]],
            }
            for o in outcomes
        ],
    }
