"""Proposals: the k best of both subjects, and an incremental update that ends where a full
re-scoring of the same network ends."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import pytest
from livinglab_contracts import AnyEvent
from matching.domain.candidates import (
    INITIATIVE_TO_INITIATIVE,
    PARTNER_TO_INITIATIVE,
    NetworkCandidates,
    Pair,
)
from matching.domain.graph_state import GraphState
from matching.domain.matcher import Match, match_id
from matching.domain.network import Network
from matching.domain.proposals import Proposals
from matching.domain.rankings import Rankings
from matching.domain.taxonomy import Taxonomy, default_taxonomy

from eval.evaluate import Settings, build_network, demo_events
from tests.unit.matching.builders import initiative, partner

TAX = default_taxonomy()
DEFAULT = Settings()  # what the evaluation (and the service's defaults) use


@pytest.fixture(scope="module")
def events() -> list[AnyEvent]:
    return demo_events()


@pytest.fixture(scope="module")
def demo(events: list[AnyEvent]) -> Network:
    return build_network(events, TAX)


def proposals(
    net: Network,
    k: int = DEFAULT.k,
    limit: int = DEFAULT.candidate_limit,
    min_score: float = DEFAULT.min_score,
    rankings: Rankings | None = None,
    memo: dict[Pair, Any] | None = None,
) -> Proposals:
    return Proposals(net, NetworkCandidates(net, limit), min_score, k, memo, rankings=rankings)


def ids(matches: Sequence[Match]) -> set[str]:
    return {m.match_id for m in matches}


def pair_of(match: Match) -> Pair:
    return (match.kind, *match.subject_ids)


# The k best of both subjects ---------------------------------------------------------------------


@pytest.mark.parametrize("k", [1, 2, 3, 10])
def test_no_subject_has_more_than_k_proposals_of_a_kind(demo: Network, k: int) -> None:
    found = proposals(demo, k).all()
    assert found, "the demo network should propose something"
    per_subject = Counter((s, m.kind) for m in found for s in m.subject_ids)
    assert max(per_subject.values()) <= k
    assert len(ids(found)) == len(found)  # no match twice


@pytest.mark.parametrize("k", [1, 3, 10])
def test_a_match_is_proposed_exactly_when_it_is_among_the_best_of_both_subjects(
    demo: Network, k: int
) -> None:
    found = ids(proposals(demo, k).all())
    judge = proposals(demo, k)  # a second instance: nothing cached from all()
    pairs = {p for n in demo for p in judge.pairs_of(n)}
    expected = {
        m.match_id
        for kind, a, b in pairs
        if (m := judge.score((kind, a, b))) is not None
        and m.match_id in judge.best_of(a, kind)
        and m.match_id in judge.best_of(b, kind)
    }
    assert found == expected


def test_a_small_k_leaves_scored_matches_unproposed(demo: Network) -> None:
    """Guards the tests above: on the demo, being scored is not enough to be proposed."""
    judge = proposals(demo, k=1)
    scored = {m.match_id for n in demo for p in judge.pairs_of(n) if (m := judge.score(p))}
    assert ids(judge.all()) < scored


# Incremental == full -----------------------------------------------------------------------------


def profile_in(net: Network, node_id: str) -> object:
    return net.partners.get(node_id) or net.initiatives.get(node_id) or net.need_offers.get(node_id)


def rescore(
    proposed: dict[str, Match],
    net: Network,
    changed: set[str],
    limit: int,
    k: int,
    min_score: float = DEFAULT.min_score,
    before: frozenset[Pair] = frozenset(),
    rankings: Rankings | None = None,
    new: frozenset[str] = frozenset(),
    memo: dict[Pair, Any] | None = None,
) -> None:
    """What the worker does after a batch (Rescorer.changes): re-decide every affected pair,
    with what was proposed to a changed subject as `known`, the changed nodes' candidate pairs
    from before the change (`before`) as `left`, the changed nodes the network did not have
    before (`new`), with the rankings and scores kept from earlier batches (the worker's) or
    none (as after a restart)."""
    fresh = proposals(net, k, limit, min_score, rankings, memo)
    known = {pair_of(m) for m in proposed.values() if changed & set(m.subject_ids)}
    for pair in fresh.update(changed, known, new, left=before):
        match = fresh.proposed(pair)
        if match is not None:
            proposed[match.match_id] = match
        else:
            proposed.pop(match_id(*pair), None)


def replay_in_batches(
    events: Sequence[AnyEvent], tax: Taxonomy, size: int, limit: int, k: int, keep: bool = True
) -> tuple[Network, dict[str, Match]]:
    state, net = GraphState(), Network(tax)
    kept = Rankings(k) if keep else None
    memo: dict[Pair, Any] | None = {} if keep else None  # scores kept across batches, too
    proposed: dict[str, Match] = {}
    for start in range(0, len(events), size):
        written = state.apply(events[start : start + size])
        changed = {
            node_id
            for node_id in written | state.quoting(written)
            if state.profile(node_id) != profile_in(net, node_id)
        }
        candidates = NetworkCandidates(net, limit)
        before = frozenset(p for node_id in changed for p in candidates.pairs_of(node_id))
        new = frozenset(node_id for node_id in changed if node_id not in net)
        for node_id in sorted(changed):
            net.put(state.profile(node_id))
        rescore(proposed, net, changed, limit, k, before=before, rankings=kept, new=new, memo=memo)
    return net, proposed


def differences(incremental: dict[str, Match], full: list[Match]) -> list[str]:
    """Matches proposed on one side only, and matches whose score or reasons differ (an
    update the incremental path missed)."""
    by_id = {m.match_id: m for m in full}
    both = by_id | incremental
    return sorted(
        [
            f"only {'incremental' if mid in incremental else 'full'}: {pair_of(m)}"
            for mid, m in both.items()
            if (mid in incremental) != (mid in by_id)
        ]
        + [
            f"stale: {pair_of(m)}"
            for mid, m in incremental.items()
            if mid in by_id and m.fingerprint() != by_id[mid].fingerprint()
        ]
    )


@pytest.mark.parametrize(
    ("size", "limit", "k", "keep"),
    [
        pytest.param(40, DEFAULT.candidate_limit, DEFAULT.k, True, id="defaults-chunks-of-40"),
        pytest.param(1, DEFAULT.candidate_limit, DEFAULT.k, True, id="one-event-at-a-time"),
        pytest.param(40, DEFAULT.candidate_limit, 1, True, id="k1"),
        pytest.param(7, DEFAULT.candidate_limit, 2, True, id="k2-chunks-of-7"),
        pytest.param(40, DEFAULT.candidate_limit, DEFAULT.k, False, id="rankings-lost-each-batch"),
    ],
)
def test_incremental_updates_end_where_a_full_rescoring_ends(
    events: list[AnyEvent], size: int, limit: int, k: int, keep: bool
) -> None:
    net, proposed = replay_in_batches(events, TAX, size, limit, k, keep)
    rebuilt = build_network(events, TAX)  # the network itself caught up with the events
    assert (net.partners, net.initiatives, net.need_offers) == (
        rebuilt.partners,
        rebuilt.initiatives,
        rebuilt.need_offers,
    )
    full = proposals(net, k, limit).all()
    assert differences(proposed, full) == []


def test_the_default_limit_does_not_truncate_candidates_on_the_demo(demo: Network) -> None:
    """Incremental == full holds below the candidate limit. Above it a newcomer can push a pair
    out of a node's truncated list without touching either of its subjects, and a live build
    keeps that proposal until one of them changes (see domain/candidates.py)."""
    cut, whole = NetworkCandidates(demo, DEFAULT.candidate_limit), NetworkCandidates(demo, 10**6)
    assert all(cut.pairs_of(n) == whole.pairs_of(n) for n in demo)


@pytest.mark.parametrize("keep", [True, False], ids=["rankings-kept", "rankings-lost"])
def test_a_node_that_stops_being_a_candidate_frees_a_slot_of_its_old_counterpart(
    keep: bool,
) -> None:
    """With k=1: b's best is x, but x prefers d, so neither b-x nor b-c is proposed. When x moves
    to an unrelated theme, b-x stops being a candidate, b's best becomes c, and b-c is
    proposed by a full re-scoring. Only x changed, and b is no longer a counterpart of x."""
    a, b, c, d, z = "procestechniek", "lasrobotica", "zorg", "logistiek", "waterbouw"
    shared = ("zij_instromer",)  # x and d also share a target group: x prefers d over b
    net = Network(TAX)
    net.put(initiative(id="i-b", themes=(a, b)))
    net.put(initiative(id="i-c", themes=(a, c)))
    net.put(initiative(id="i-d", themes=(d,), target_groups=shared))
    net.put(initiative(id="i-x", themes=(a, b, d), target_groups=shared))
    kept = Rankings(1)
    first = proposals(net, k=1, min_score=0.0, rankings=kept)
    before = {m.match_id: m for m in first.all()}
    b_c = match_id(INITIATIVE_TO_INITIATIVE, "i-b", "i-c")
    assert {pair_of(m) for m in before.values()} == {(INITIATIVE_TO_INITIATIVE, "i-d", "i-x")}

    pairs = frozenset(NetworkCandidates(net, DEFAULT.candidate_limit).pairs_of("i-x"))
    net.put(initiative(id="i-x", themes=(z,), target_groups=shared))
    after = proposals(net, k=1, min_score=0.0).all()
    assert b_c in ids(after)

    proposed = dict(before)
    rescore(
        proposed,
        net,
        {"i-x"},
        DEFAULT.candidate_limit,
        k=1,
        min_score=0.0,
        before=pairs,
        rankings=kept if keep else None,
    )
    assert differences(proposed, after) == []


def test_a_memo_kept_across_batches_never_serves_a_score_of_an_old_profile() -> None:
    """The worker keeps scores between batches; a changed profile must be scored afresh."""
    net = Network(TAX)
    net.put(initiative(id="i-a", themes=("procestechniek",), regions=("CR39",)))
    net.put(initiative(id="i-b", themes=("procestechniek",), regions=("NL11",)))
    memo: dict[Pair, Any] = {}
    pair = (INITIATIVE_TO_INITIATIVE, "i-a", "i-b")
    first = Proposals(net, NetworkCandidates(net), 0.0, 10, memo).score(pair)
    assert first is not None and pair in memo
    net.put(initiative(id="i-b", themes=("zorg",), regions=("NL11",)))
    assert Proposals(net, NetworkCandidates(net), 0.0, 10, memo).score(pair) is None
    net.put(initiative(id="i-b", themes=("procestechniek",), regions=("NL11",)))
    again = Proposals(net, NetworkCandidates(net), 0.0, 10, memo).score(pair)
    assert again == first


def _partner_pair_scores(changes: list[dict[str, Any]]) -> list[tuple[float | None, str]]:
    """The score and M12 text of a partner's pair after each change of the partner, scored
    with a memo kept across them (as the worker does) and afresh (as a replay does)."""
    net = Network(TAX)
    net.put(initiative())
    memo: dict[Pair, Any] = {}
    pair = (PARTNER_TO_INITIATIVE, "p-province", "i-cop")
    found = []
    for change in changes:
        net.put(partner(**change))
        kept = Proposals(net, NetworkCandidates(net), 0.0, 10, memo).score(pair)
        fresh = Proposals(net, NetworkCandidates(net), 0.0, 10).score(pair)
        assert (kept.fingerprint() if kept else None) == (fresh.fingerprint() if fresh else None)
        found.append((kept.score if kept else None, kept.criteria[-1].reason_en if kept else ""))
    return found


def test_a_kept_score_follows_a_partner_that_changed_what_scoring_reads() -> None:
    scores = _partner_pair_scores(
        [
            {},
            {"active_memberships": frozenset({"i-x"})},  # within capacity: the same score
            {"themes": ("zorg",)},  # another theme: another score
            {"active_memberships": frozenset(f"i-{n}" for n in range(8))},  # over capacity
            {"name": "Provincie"},  # a new name in every text
        ]
    )
    assert scores[0] == scores[1]
    assert len({s for s in scores[1:]}) == 4
