"""docs/matching.md tells users the criteria and their weights: it must say what the code does."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from matching.domain import criteria_scores as c
from matching.domain.candidates import NetworkCandidates
from matching.domain.proposals import Proposals
from matching.domain.taxonomy import default_taxonomy

from eval.evaluate import Settings, build_network, demo_events

DOC = Path(__file__).resolve().parents[3] / "docs" / "matching.md"
ROW = re.compile(r"^\| (M\d+) \| [^|]+ \| ([0-9.]+) \|", re.MULTILINE)


def test_the_documented_criteria_and_weights_are_the_codes() -> None:
    documented = {cid: float(weight) for cid, weight in ROW.findall(DOC.read_text())}
    assert len(documented) >= 10, "the criteria table of docs/matching.md was not found"
    net = build_network(demo_events(), default_taxonomy())
    settings = Settings()
    judge = Proposals(net, NetworkCandidates(net, settings.candidate_limit), 0.0, settings.k)
    used: dict[str, float] = {}
    for node_id in net:
        for pair in judge.pairs_of(node_id):
            for result in judge.criteria(pair) or ():
                # M6/M7 weigh 0 where a side did not declare them: the documented weight is
                # the one they have when they apply.
                used[result.id] = max(used.get(result.id, 0.0), result.weight)
    # M15 (an ENoLL label) applies only to a labelled partner; the demo network has none.
    labelled = replace(
        next(iter(net.partners.values())), enoll_member_type="effective", enoll_label_year=2026
    )
    label = c.enoll_label(labelled)
    assert label is not None
    used["M15"] = label.weight
    assert used == documented
