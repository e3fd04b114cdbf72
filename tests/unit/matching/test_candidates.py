"""Candidate generation: every rule finds the same pair from either side, and truncation keeps the
first ids, so what a live worker re-scores does not depend on which side of a pair it touched."""

from __future__ import annotations

import pytest
from matching.domain.candidates import (
    INITIATIVE_TO_INITIATIVE,
    NEED_TO_OFFER,
    PARTNER_TO_INITIATIVE,
    NetworkCandidates,
    Pair,
)
from matching.domain.network import Network
from matching.domain.taxonomy import default_taxonomy

from eval.evaluate import build_network, demo_events
from tests.unit.matching.builders import (
    initiative,
    need_offer,
    offer,
    partner,
    school,
    tiny_taxonomy,
)

TAX = tiny_taxonomy()
UNLIMITED = 10**6  # larger than any network here: truncation never interferes


@pytest.fixture(scope="module")
def demo() -> Network:
    return build_network(demo_events(), default_taxonomy())


def one_sided(net: Network, limit: int = UNLIMITED) -> list[tuple[str, Pair]]:
    """(node, pair) where the node finds the pair but its other side does not."""
    candidates = NetworkCandidates(net, limit)
    found = []
    for node_id in sorted(net):
        for pair in sorted(candidates.pairs_of(node_id)):
            _, a, b = pair
            other = b if node_id == a else a
            if pair not in candidates.pairs_of(other):
                found.append((node_id, pair))
    return found


# Symmetry ----------------------------------------------------------------------------------------


def test_the_demo_network_has_candidates_of_every_kind(demo: Network) -> None:
    candidates = NetworkCandidates(demo, UNLIMITED)
    kinds = {p[0] for n in demo for p in candidates.pairs_of(n)}
    assert kinds == {PARTNER_TO_INITIATIVE, INITIATIVE_TO_INITIATIVE, NEED_TO_OFFER}


def test_every_pair_names_its_node_in_the_order_of_its_kind(demo: Network) -> None:
    candidates = NetworkCandidates(demo, UNLIMITED)
    for node_id in demo:
        for kind, a, b in candidates.pairs_of(node_id):
            assert node_id in (a, b)
            if kind == PARTNER_TO_INITIATIVE:
                assert a in demo.partners and b in demo.initiatives
            elif kind == INITIATIVE_TO_INITIATIVE:
                assert a < b and a in demo.initiatives and b in demo.initiatives
            else:
                assert demo.need_offers[a].direction == "need"
                assert demo.need_offers[b].direction == "offer"


def test_candidates_on_the_demo_network_are_symmetric(demo: Network) -> None:
    assert one_sided(demo) == []


def test_a_partner_is_not_a_need_candidate_through_another_need_of_the_initiative() -> None:
    """Minimal form of the demo's one-sided pair (europese-unie -> cop-limburg): the initiative
    asks for funding in P1 (government answers it, but not from P2) and for a partner in sector
    in P2 (which the need rule leaves to themes). Both sides must agree on the pair."""
    net = Network(TAX)
    net.put(partner(id="p-gov", helix="overheid", kind="provincie", themes=(), regions=("P2",)))
    funding = need_offer(id="n-funding", type="funding", themes=(), region="T1")
    sector = need_offer(id="n-sector", type="partner_in_sector", themes=(), region="P2")
    net.put(initiative(id="i-1", themes=(), regions=(), members=(), needs=(funding, sector)))
    assert one_sided(net) == []


# Truncation --------------------------------------------------------------------------------------


def test_a_partner_keeps_the_first_initiatives_by_id() -> None:
    net = Network(TAX)
    net.put(partner(id="p-1", themes=("bread",), regions=()))
    for name in ["i-7", "i-2", "i-9", "i-1", "i-5", "i-3"]:  # not in id order
        net.put(initiative(id=name, themes=("bread",), regions=(), members=()))
    pairs = NetworkCandidates(net, limit=3).pairs_of("p-1")
    assert pairs == {(PARTNER_TO_INITIATIVE, "p-1", i) for i in ["i-1", "i-2", "i-3"]}


def test_each_rule_keeps_its_own_first_ids() -> None:
    net = Network(TAX)
    net.put(school(id="p-1", themes=("bread",), regions=("T1",)))
    for name in ["a-3", "a-1", "a-2"]:  # same theme, elsewhere
        net.put(initiative(id=name, themes=("cheese",), regions=("P3",), members=()))
    for name in ["z-3", "z-1", "z-2"]:  # other theme, same province, a step the school adds
        net.put(initiative(id=name, themes=("care",), regions=("S2",), members=(), levels=("hbo",)))
    pairs = NetworkCandidates(net, limit=2).pairs_of("p-1")
    found = {b for _, _, b in pairs}
    assert found == {"a-1", "a-2", "z-1", "z-2"}


def test_an_initiative_keeps_the_first_other_initiatives_by_id_and_never_itself() -> None:
    net = Network(TAX)
    for name in ["i-4", "i-0", "i-3", "i-1", "i-2"]:
        net.put(initiative(id=name, themes=("bread",), regions=(), members=()))
    pairs = NetworkCandidates(net, limit=2).pairs_of("i-1")
    assert pairs == {
        (INITIATIVE_TO_INITIATIVE, "i-0", "i-1"),
        (INITIATIVE_TO_INITIATIVE, "i-1", "i-2"),
    }


def test_a_need_keeps_the_first_compatible_offers_by_id() -> None:
    net = Network(TAX)
    net.put(need_offer(id="n-1", type="staff_demand", publisher_id="p-a"))
    for name in ["o-4", "o-2", "o-3", "o-1"]:
        net.put(offer(id=name, type="staff_demand", publisher_id="p-b"))
    net.put(offer(id="o-0", type="funding", publisher_id="p-b"))  # incompatible: never found
    pairs = NetworkCandidates(net, limit=2).pairs_of("n-1")
    assert pairs == {(NEED_TO_OFFER, "n-1", "o-1"), (NEED_TO_OFFER, "n-1", "o-2")}


def test_without_truncation_the_limit_does_not_matter(demo: Network) -> None:
    big, bigger = NetworkCandidates(demo, 1_000), NetworkCandidates(demo, UNLIMITED)
    assert all(big.pairs_of(n) == bigger.pairs_of(n) for n in demo)


# Nearby ------------------------------------------------------------------------------------------


def test_nearby_alone_makes_candidates_of_schools_that_add_a_missing_step_only() -> None:
    """The gate lets a nearby pair in with a related theme, shared words, an answered need (each
    a rule of its own) or a link of the learning pathway: only the last needs the pathway rule,
    and only a school that teaches a step the initiative lacks, next to one it covers, is one."""
    net = Network(TAX)
    net.put(initiative(id="i-near", themes=("care",), regions=("S2",), members=(), levels=("hbo",)))
    net.put(
        initiative(id="i-covered", themes=("care",), regions=("S2",), members=(), levels=("vmbo",))
    )
    net.put(initiative(id="i-nolevels", themes=("care",), regions=("S2",), members=(), levels=()))
    net.put(initiative(id="i-far", themes=("care",), regions=("P3",), members=(), levels=("hbo",)))
    net.put(
        initiative(
            id="i-table",
            kind="innovation_table",
            themes=("care",),
            regions=("S2",),
            members=(),
            levels=("hbo",),
        )
    )
    net.put(partner(id="p-gov", themes=("bread",), regions=("T1",)))
    net.put(school(id="p-school", themes=("bread",), regions=("T1",)))
    net.put(school(id="p-nolevels", themes=("bread",), regions=("T1",), levels=()))
    candidates = NetworkCandidates(net, UNLIMITED)

    def partners_of(initiative_id: str) -> set[str]:
        return {
            a for kind, a, _ in candidates.pairs_of(initiative_id) if kind == PARTNER_TO_INITIATIVE
        }

    assert partners_of("i-near") == {"p-school"}
    assert candidates.pairs_of("p-school") == {(PARTNER_TO_INITIATIVE, "p-school", "i-near")}
    assert candidates.pairs_of("p-gov") == set() == candidates.pairs_of("p-nolevels")
    for elsewhere in ("i-covered", "i-nolevels", "i-far", "i-table"):
        assert partners_of(elsewhere) == set()
    assert one_sided(net) == []
