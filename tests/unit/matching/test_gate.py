"""The gate read from the criteria's cores (what scoring asks first, for every candidate pair)
is the gate read from the full criteria (what a proposal explains and diagnose shows)."""

from __future__ import annotations

from livinglab_contracts import parse_event
from matching.domain.candidates import PARTNER_TO_INITIATIVE, NetworkCandidates
from matching.domain.matcher import gate_of, partner_criteria, partner_gate
from matching.domain.network import Network
from matching.domain.taxonomy import default_taxonomy

from bench.synthetic import Network as SyntheticNetwork
from eval.evaluate import build_network, demo_events

TAX = default_taxonomy()


def _gate_mismatches(net: Network) -> tuple[int, list[str]]:
    candidates = NetworkCandidates(net, 50)
    compared, wrong = 0, []
    for initiative_id in sorted(net.initiatives):
        for kind, partner_id, _ in sorted(candidates.pairs_of(initiative_id)):
            if kind != PARTNER_TO_INITIATIVE:
                continue
            partner, initiative = net.partners[partner_id], net.initiatives[initiative_id]
            full = partner_criteria(partner, initiative, TAX)
            if full is None:
                continue  # a hard filter: the gate is never asked
            compared += 1
            if partner_gate(partner, initiative, TAX) != gate_of(full, partner, initiative, TAX):
                wrong.append(f"{partner_id} -> {initiative_id}")
    return compared, wrong


def test_the_gate_from_cores_is_the_gate_from_full_criteria_on_the_demo() -> None:
    compared, wrong = _gate_mismatches(build_network(demo_events(), TAX))
    assert compared > 500
    assert wrong == []


def test_the_gate_from_cores_is_the_gate_from_full_criteria_on_a_synthetic_network() -> None:
    raw = SyntheticNetwork(seed=3, tag="gate").network(600, 30)
    compared, wrong = _gate_mismatches(build_network([parse_event(e) for e in raw], TAX))
    assert compared > 1000
    assert wrong == []


def _pathway_pairs_missed(net: Network) -> tuple[int, list[str]]:
    """Pairs the gate lets in through a link of the learning pathway, from nearby, that no
    candidate rule finds (every partner against every initiative: the rule must not rely on
    the gate's other reasons)."""
    candidates = NetworkCandidates(net, 10_000)
    checked, missed = 0, []
    for partner_id, partner in sorted(net.partners.items()):
        for initiative_id, initiative in sorted(net.initiatives.items()):
            gate = partner_gate(partner, initiative, TAX)
            if not (gate.pathway and gate.nearby):
                continue
            checked += 1
            pair = (PARTNER_TO_INITIATIVE, partner_id, initiative_id)
            if pair not in candidates.pairs_of(partner_id) & candidates.pairs_of(initiative_id):
                missed.append(f"{partner_id} -> {initiative_id}")
    return checked, missed


def test_the_pathway_rule_finds_every_pair_the_gate_lets_in_for_a_pathway_link() -> None:
    for net in (
        build_network(demo_events(), TAX),
        build_network(
            [parse_event(e) for e in SyntheticNetwork(seed=3, tag="gate").network(600, 30)], TAX
        ),
    ):
        checked, missed = _pathway_pairs_missed(net)
        assert checked > 20
        assert missed == []
