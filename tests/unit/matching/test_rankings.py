"""Rankings: a node's best counterparts kept between batches, moved one pair at a time, and
equal to ranking the node afresh from all its pairs."""

from __future__ import annotations

import random

from matching.domain.rankings import Rankings

KIND = "partner_to_initiative"


def fresh_top(scores: dict[str, float], k: int) -> list[str]:
    return [o for _, o in sorted((-s, o) for o, s in scores.items())][:k]


def test_a_filled_ranking_lists_the_k_best_with_ties_by_counterpart_id() -> None:
    rankings = Rankings(k=2, depth=3)
    rankings.fill("n", KIND, [(0.5, "c"), (0.9, "b"), (0.5, "a"), (0.1, "d")])
    assert rankings.top("n", KIND) == ["b", "a"]
    assert rankings.entries("n", KIND) == ["b", "a", "c"]


def test_moving_pairs_one_at_a_time_ends_where_ranking_afresh_ends() -> None:
    """Random moves (new pairs, better and worse scores, pairs that stop matching) on a list
    shorter than the pairs it ranks; whenever `place` says the list is uncertain, the node is
    ranked afresh, as Proposals does."""
    rng = random.Random(7)
    k, depth = 3, 5
    scores = {f"c{i}": round(rng.random(), 2) for i in range(12)}
    rankings = Rankings(k, depth)
    rankings.fill("n", KIND, [(s, o) for o, s in scores.items()])
    refills = 0
    for _ in range(2000):
        other = f"c{rng.randrange(16)}"
        if rng.random() < 0.2:
            scores.pop(other, None)
            certain = rankings.place("n", KIND, other, None)
        else:
            scores[other] = round(rng.random(), 2)
            certain = rankings.place("n", KIND, other, scores[other])
        if not certain:
            refills += 1
            rankings.fill("n", KIND, [(s, o) for o, s in scores.items()])
        assert rankings.top("n", KIND) == fresh_top(scores, k)
    assert 0 < refills < 2000  # both paths were taken


def test_a_node_never_ranked_has_no_top_and_cannot_be_moved() -> None:
    rankings = Rankings(k=2)
    assert rankings.top("n", KIND) == []
    assert not rankings.has("n", KIND)
    assert rankings.place("n", KIND, "x", 0.5) is False
