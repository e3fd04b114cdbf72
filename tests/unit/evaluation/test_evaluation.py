"""`make eval` runs inside `make test`: the evaluation set from the source documents on the demo
network, scored in memory with the live service's settings (the demo integration test shows the
running service proposes exactly the same)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from matching.domain.candidates import PARTNER_TO_INITIATIVE, NetworkCandidates
from matching.domain.matcher import Match
from matching.domain.network import Network
from matching.domain.profiles import InitiativeProfile, PartnerProfile
from matching.domain.proposals import Proposals
from matching.domain.taxonomy import default_taxonomy

from eval.evaluate import (
    Settings,
    build_network,
    demo_events,
    load_cases,
    proposals_of,
    run,
)

TAX = default_taxonomy()


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    return run()


def test_the_set_has_thirty_cases_or_more_with_negatives_and_quotes() -> None:
    cases = load_cases()
    assert len(cases) >= 30 and sum(c.negative for c in cases) >= 8
    assert len({c.id for c in cases}) == len(cases)
    network = build_network(demo_events(), TAX)
    for case in cases:
        assert case.quote and case.question and case.source in {"000", "001", "002", "003", "004"}
        assert bool(case.expect) != bool(case.forbid) or (not case.forbid and case.relevant)
        named = {case.subject, *case.expect, *case.forbid, *case.relevant.get("ids", ())}
        assert named <= set(network), (case.id, named - set(network))


def test_the_figures_reach_the_targets_and_every_negative_is_absent(
    report: dict[str, object],
) -> None:
    metrics = report["metrics"]
    assert isinstance(metrics, dict)
    assert metrics["negatives_clean"] == metrics["negatives"]
    assert metrics["precision_at_5"] >= 0.8
    assert metrics["recall_at_10"] >= 0.8


def test_no_subject_gets_more_than_k_proposals(report: dict[str, object]) -> None:
    assert report["most_per_subject"] <= Settings().k  # type: ignore[operator]


def _unrelated(network: Network, count: int) -> None:
    """`count` partners and initiatives in Noord-Limburg (Venlo) on healthy, self-reliant
    citizens: registered, in one region, on a theme no demo organisation works on."""
    for n in range(count // 2):
        network.put(
            PartnerProfile(
                id=f"test-partner-{n:02d}",
                name=f"Testbedrijf {n}",
                kind="mkb",
                helix="bedrijfsleven",
                themes=("vitale-burgers",),
                regions=("GM0983",),
                pending=False,
            )
        )
        network.put(
            InitiativeProfile(
                id=f"test-initiative-{n:02d}",
                name=f"Testwijkproject {n}",
                kind="platform",
                status="active",
                themes=("vitale-burgers",),
                regions=("GM0983",),
                pending=False,
            )
        )


def test_thirty_unrelated_registrations_in_one_region_add_a_bounded_number_of_proposals() -> None:
    """Each newcomer can take part in at most k proposals of a kind, so 30 newcomers can add at
    most 30 * k * 2 (partner-initiative and initiative-initiative) whatever the network; here
    they share nothing with the demo, so they may only pair among themselves."""
    settings = Settings()
    network = build_network(demo_events(), TAX)
    before = {m.match_id for m in proposals_of(network, settings)}
    _unrelated(network, 30)
    after = proposals_of(network, settings)
    added = {m.match_id for m in after} - before
    assert len(added) <= 30 * settings.k * 2
    newcomers = {m.match_id for m in after if any(s.startswith("test-") for s in m.subject_ids)}
    assert added == newcomers  # nothing between demo nodes changed
    assert before - {m.match_id for m in after} == set()  # and no demo proposal was pushed out
    # Among themselves: at most k per newcomer and kind, counted once per pair.
    assert len(added) <= 30 * settings.k


def test_a_lower_threshold_proposes_more_and_a_higher_fewer() -> None:
    network = build_network(demo_events(), TAX)
    counts = [
        len(proposals_of(network, replace(Settings(), min_score=floor)))
        for floor in (0.2, 0.3, 0.5)
    ]
    assert counts[0] >= counts[1] >= counts[2]


def _near(match: Match) -> bool:
    return next(r.subscore for r in match.criteria if r.id == "M3") >= 0.6


def _nearby_gap(matches: list[Match]) -> tuple[float, int]:
    """Mean score of nearby partner proposals minus that of far ones, and how many are far."""
    partners = [m for m in matches if m.kind == PARTNER_TO_INITIATIVE]
    near = [m.score for m in partners if _near(m)]
    far = [m.score for m in partners if not _near(m)]
    return sum(near) / len(near) - sum(far) / len(far), len(far)


def test_decisions_move_the_ranking_the_way_the_coordinators_decided() -> None:
    """Simulation on the demo: a coordinator reviews 12 partner proposals, accepts those nearby
    and declines the others. The learned weights then rank nearby partners higher and propose
    fewer far ones."""
    settings = Settings()
    network = build_network(demo_events(), TAX)
    candidates = NetworkCandidates(network, settings.candidate_limit)
    plain = Proposals(network, candidates, settings.min_score, settings.k)
    before = plain.all()
    reviewed = sorted(
        (m for m in before if m.kind == PARTNER_TO_INITIATIVE), key=lambda m: m.match_id
    )[:12]
    decisions = [(m.match_id, (m.kind, *m.subject_ids), _near(m)) for m in reviewed]
    learned = plain.learn(decisions)  # type: ignore[arg-type]
    assert learned.active and learned.factor("M3") > 1.0
    after = Proposals(network, candidates, settings.min_score, settings.k, learned=learned).all()
    (gap_before, far_before), (gap_after, far_after) = _nearby_gap(before), _nearby_gap(after)
    assert gap_after > gap_before and far_after < far_before
