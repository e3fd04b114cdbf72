"""Each node's best-ranked counterparts per kind of match, kept between batches (pure).

A match is proposed when it is among the k best of both its subjects (domain.proposals). When
one node changes, each of its counterparts sees one pair move: keeping every node's ranking
means that move is placed in the counterpart's list, instead of re-scoring all of the
counterpart's other pairs to find out where it lands. So the work per change follows the
changed node's candidates, not the size of the network.

A list keeps the `depth` best entries (more than k, so a member that falls out of the k best
is replaced from the list itself) and a bound: every pair of the node outside the list ranks
at or below it. Only when a list falls below k entries while pairs outside it may exist is it
uncertain, and the node is ranked afresh from its candidates.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

# (-score, counterpart id): the smaller ranks higher; equal scores by counterpart id, so both
# a full ranking and an incremental one order ties the same way.
Key = tuple[float, str]


@dataclass(slots=True)
class Ranked:
    entries: list[Key] = field(default_factory=list)  # best first
    bound: Key | None = None  # pairs outside `entries` rank at or below it; None: there are none


class Rankings:
    def __init__(self, k: int, depth: int | None = None) -> None:
        self.k = k
        self.depth = max(depth or 2 * k, k)
        self._lists: dict[tuple[str, str], Ranked] = {}

    def __len__(self) -> int:
        return len(self._lists)

    def has(self, node_id: str, kind: str) -> bool:
        return (node_id, kind) in self._lists

    def fill(self, node_id: str, kind: str, scored: Iterable[tuple[float, str]]) -> None:
        """Ranks the node afresh from (score, counterpart) of all its scored pairs."""
        ordered = sorted({(-score, other) for score, other in scored})
        kept, rest = ordered[: self.depth], ordered[self.depth :]
        self._lists[(node_id, kind)] = Ranked(kept, rest[0] if rest else None)

    def top(self, node_id: str, kind: str) -> list[str]:
        """The node's k best counterparts for this kind, best first ([] if never ranked)."""
        ranked = self._lists.get((node_id, kind))
        return [other for _, other in ranked.entries[: self.k]] if ranked else []

    def entries(self, node_id: str, kind: str) -> list[str]:
        ranked = self._lists.get((node_id, kind))
        return [other for _, other in ranked.entries] if ranked else []

    def place(self, node_id: str, kind: str, other: str, score: float | None) -> bool:
        """Moves one pair of a ranked node to its new score (None: no longer a match).
        Returns False when the list became uncertain and the node must be ranked afresh."""
        ranked = self._lists.get((node_id, kind))
        if ranked is None:
            return False
        entries = ranked.entries
        for index, (_, who) in enumerate(entries):
            if who == other:
                del entries[index]
                break
        if score is not None:
            key = (-score, other)
            if ranked.bound is None or key < ranked.bound:
                bisect.insort(entries, key)
                if len(entries) > self.depth:
                    ranked.bound = entries.pop()
        # A pair now below the bound is outside the list, as the bound promises.
        return len(entries) >= self.k or ranked.bound is None

    def forget(self, node_id: str, kind: str) -> None:
        self._lists.pop((node_id, kind), None)

    def clear(self) -> None:
        self._lists.clear()
