"""Diagnosis: each candidate's verdict tells the same story as scoring and proposing."""

from __future__ import annotations

import pytest
from matching.domain import diagnosis
from matching.domain.candidates import NetworkCandidates
from matching.domain.graph_state import partner_profile
from matching.domain.network import Network
from matching.domain.proposals import Proposals
from matching.domain.taxonomy import default_taxonomy

from eval.evaluate import Settings, build_network, demo_events

TAX = default_taxonomy()
DEFAULT = Settings()


@pytest.fixture(scope="module")
def demo() -> Network:
    return build_network(demo_events(), TAX)


def proposals(net: Network, k: int = DEFAULT.k) -> Proposals:
    return Proposals(net, NetworkCandidates(net, DEFAULT.candidate_limit), DEFAULT.min_score, k)


def test_every_verdict_agrees_with_scoring_and_proposing(demo: Network) -> None:
    judge = proposals(demo)
    proposed = judge.all()
    outcomes: set[str] = set()
    for subject in sorted(demo)[::4]:
        found = diagnosis.diagnose(judge, subject, limit=10**6)
        assert found.candidates == len(judge.pairs_of(subject)) == len(found.verdicts)
        mine = {s for m in proposed if subject in m.subject_ids for s in m.subject_ids}
        shown = {v.counterpart for v in found.verdicts if v.outcome == diagnosis.PROPOSED}
        assert shown == mine - {subject}, subject
        for v in found.verdicts:
            outcomes.add(v.outcome)
            if v.outcome == diagnosis.EXCLUDED:
                assert v.score is None and v.why
            elif v.outcome == diagnosis.BELOW_THRESHOLD:
                assert v.score is not None and v.score < DEFAULT.min_score
            elif v.outcome == diagnosis.OUTRANKED:
                assert v.score is not None and v.score >= DEFAULT.min_score
                assert f"not among the {DEFAULT.k} best of" in v.why
        scores = [v.score for v in found.verdicts if v.score is not None]
        assert scores == sorted(scores, reverse=True)  # the nearest first
    # The demo shows every way a candidate can end (guards the checks above).
    assert outcomes == {
        diagnosis.PROPOSED,
        diagnosis.EXCLUDED,
        diagnosis.NO_ARGUMENT,
        diagnosis.BELOW_THRESHOLD,
        diagnosis.OUTRANKED,
    }


def test_a_second_company_like_the_first_is_told_it_was_outranked_and_by_whom() -> None:
    """With room for one partner per initiative, a lab and process company in Sittard-Geleen
    that scores well enough for CoP gets no proposal there: its diagnosis says it is not
    among CoP's best, naming CoP."""
    demo = build_network(demo_events(), TAX)
    company = {
        "id": "test-company-2",
        "name": "Test company 2",
        "kind": "grootbedrijf",
        "helix": "bedrijfsleven",
        "themes": ["laboratorium", "procestechniek"],
        "regions": ["GM1883"],
        "pending": False,
    }
    demo.put(partner_profile(company, []))
    judge = proposals(demo, k=1)
    judge.all()
    found = diagnosis.diagnose(judge, "test-company-2")
    cop = next(v for v in found.verdicts if v.counterpart == "cop-limburg")
    assert cop.outcome == diagnosis.OUTRANKED
    assert "CoP: Community of Practice" in cop.why
