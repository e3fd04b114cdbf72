"""Re-scores what a batch changed, on the worker's in-memory network, and turns the
differences with what was announced into changes.

The worker keeps the projection in memory (domain.graph_state): read whole from the graph at
its first batch, then advanced by applying each batch's rows as it writes them to Neo4j, and by
reading what other workers of the namespace wrote since this worker's last batch (nodes carry
the batch version `v`). Profiles come from that state, so a batch reads no profiles back. Only
nodes whose profile really changed are re-scored; each of their pairs then moves in the
counterpart's ranking, which the worker keeps between batches (domain.rankings). A node is
first ranked when a batch first reaches it, so a fresh worker spends its first batches ranking
what they touch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from livinglab_contracts import AnyEvent, event_spec

from matching.adapters.graph_reader import GraphReader
from matching.domain.candidates import NetworkCandidates, Pair
from matching.domain.diagnosis import Diagnosis, diagnose
from matching.domain.graph_state import GraphState
from matching.domain.learning import NONE as NO_LEARNING
from matching.domain.learning import LearnedWeights
from matching.domain.match_changes import Change, Stored, diff
from matching.domain.matcher import match_id
from matching.domain.network import Network
from matching.domain.proposals import PairMemo, Proposals
from matching.domain.rankings import Rankings
from matching.domain.taxonomy import Taxonomy

OUTRANKED = "outranked"
T = TypeVar("T")


class MatchReads(Protocol):
    """What re-scoring reads of the stored matches (adapters.graph_reader.GraphReader, or the
    same with the batch in flight laid over it: service_layer.in_flight)."""

    async def stored_by_id(self, ids: Iterable[str]) -> dict[str, Stored]: ...
    async def stored_for_subjects(self, ids: Iterable[str]) -> dict[str, Stored]: ...
    async def decisions(self) -> list[tuple[str, tuple[str, str, str], bool]]: ...
    async def snapshots(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]: ...


class CpuRunner(Protocol):
    """Runs a piece of pure computation: on the event loop, or in a thread (asyncio.to_thread)
    so the loop meanwhile writes the batch before this one."""

    def __call__(self, work: Callable[[], T], /) -> Awaitable[T]: ...


async def on_the_loop(work: Callable[[], T], /) -> T:
    return work()


def withdrawal_reasons(events: Sequence[AnyEvent]) -> dict[str, str]:
    """Per subject id, why its matches may end (default: no longer meets the criteria)."""
    reasons: dict[str, str] = {}
    for event in events:
        action = event_spec(event).base_type.removeprefix("nl.livinglab.")
        if action == "initiative.closed":
            reasons[event.subject] = "initiative_closed"
        elif action == "initiative.status-changed":
            reasons[event.subject] = "initiative_status_changed"
        elif action == "partner.left-initiative":
            reasons[event.subject] = "partner_left"
        elif action == "partner.joined-initiative":
            reasons[event.subject] = "now_member"
        elif action == "need-offer.withdrawn":
            reasons[event.subject] = "need_offer_withdrawn"
        elif action.endswith(".marked-stale"):
            reasons[event.subject] = "stale"
        elif action == "partner.merged":
            reasons[event.subject] = "merged"
    return reasons


def _pair(stored: Stored) -> Pair | None:
    if len(stored.subject_ids) != 2 or not stored.kind:
        return None
    return (stored.kind, stored.subject_ids[0], stored.subject_ids[1])


class Rescorer:
    def __init__(
        self,
        reader: GraphReader,
        taxonomy: Taxonomy,
        min_score: float,
        per_subject: int = 10,
        candidate_limit: int = 50,
        memo_size: int = 50_000,
    ) -> None:
        self._reader = reader
        self._taxonomy = taxonomy
        self._min_score = min_score
        self._per_subject = per_subject
        self._candidate_limit = candidate_limit
        self.network = Network(taxonomy)
        self._state = GraphState()
        self._seen: int | None = None  # the namespace's batch version this network reflects
        self._memo = PairMemo(memo_size)
        self._rankings = Rankings(per_subject)
        # Coordinators' decisions change only with feedback events: read again after those.
        self._decisions: list[tuple[str, Pair, bool]] | None = None
        self.learned: LearnedWeights = NO_LEARNING
        self.pairs_scored = 0  # by the latest changes(), for the worker's metrics
        # Bumped whenever the network is dropped: what was decided on an older one is void.
        self.generation = 0
        # Held while the network changes in a thread, so nothing reads it half-changed.
        self.guard = asyncio.Lock()

    @property
    def seen(self) -> int | None:
        """The namespace's batch version this network reflects (None: not read yet)."""
        return self._seen

    def invalidate(self) -> None:
        """After a failed batch the network may be ahead of what was saved: reload it."""
        self.network = Network(self._taxonomy)
        self._state = GraphState()
        self._seen = None
        self._memo.clear()
        self._rankings.clear()
        self._decisions = None
        self.learned = NO_LEARNING
        self.generation += 1

    async def catch_up(self, version: int) -> bool:
        """Under the namespace lock, before a batch: take in what other workers wrote. Returns
        whether anyone else may have written since this worker's last batch."""
        others_wrote = self._seen is None or version != self._seen
        if self._seen is None or version < self._seen:  # first batch, or a namespace reset
            self.invalidate()
            self._state = await self._reader.state()
            self._refresh(set(self._state.nodes))  # (no pairs before: empty)
        elif version > self._seen:
            written = await self._reader.written_since(self._seen)
            self._decisions = None  # another worker may have taken in feedback
            await self._reader.load(self._state, written)
            changed, before, new = self._refresh(written | self._state.quoting(written))
            # The other worker announced what this changed; here its rankings are brought along.
            self._proposals(self.learned).update(changed, left=before, new=new)
        self._seen = version
        return others_wrote

    def _proposals(self, learned: LearnedWeights) -> Proposals:
        candidates = NetworkCandidates(self.network, self._candidate_limit)
        return Proposals(
            self.network,
            candidates,
            self._min_score,
            self._per_subject,
            memo=self._memo,
            learned=learned,
            rankings=self._rankings,
        )

    def diagnose(self, subject: str, limit: int) -> Diagnosis | None:
        """Each candidate's verdict for this subject as the worker's network stands (None until
        the worker has read the network, at its first batch)."""
        if self._seen is None:
            return None
        net = self.network
        if not (
            subject in net.partners or subject in net.initiatives or subject in net.need_offers
        ):
            raise KeyError(subject)
        return diagnose(self._proposals(self.learned), subject, limit)

    def advance(self, version: int) -> None:
        self._seen = version

    def apply(
        self,
        events: Sequence[AnyEvent],
        batch_waves: Sequence[dict[str, list[dict[str, Any]]]] | None = None,
    ) -> None:
        """The batch's rows, as the worker writes them to Neo4j, applied to its state."""
        self._state.apply(events, batch_waves)

    def _refresh(self, ids: Iterable[str]) -> tuple[set[str], set[Pair], set[str]]:
        """Takes these nodes' profiles from the state into the network. Returns the ids whose
        profile changed, their candidate pairs from before the change (a counterpart that a node
        leaves behind gets a free place among its best, which another of its pairs may now
        take), and which of them the network did not have before."""
        net, state = self.network, self._state
        read = {node_id: state.profile(node_id) for node_id in ids if node_id in state.nodes}
        changed = {node_id for node_id, profile in read.items() if profile != net.profile(node_id)}
        candidates = NetworkCandidates(net, self._candidate_limit)
        before = {pair for node_id in changed for pair in candidates.pairs_of(node_id)}
        new = {node_id for node_id in changed if node_id not in net}
        for node_id in sorted(changed):
            net.put(read[node_id])
        return changed, before, new

    async def changes(
        self,
        written: Iterable[str],
        feedback_match_ids: Iterable[str] = (),
        reasons: Mapping[str, str] | None = None,
        rescore: Iterable[str] = (),
        reads: MatchReads | None = None,
        run: CpuRunner = on_the_loop,
    ) -> list[Change]:
        """Changes after a batch wrote `written`; `rescore` re-scores those nodes even if their
        profiles did not change (a check that the stored matches are what the graph implies).
        `reads` replaces the batch's reader (a batch decided ahead reads outside its
        transaction); `run` runs the pure parts (in a thread while a batch is being written)."""
        reader: MatchReads = reads or self._reader
        written = set(written)
        changed, before, new = await run(
            lambda: self._refresh(written | self._state.quoting(written))
        )
        changed |= set(rescore)
        feedback_match_ids = set(feedback_match_ids)
        has_feedback = bool(feedback_match_ids)
        stored: dict[str, Stored] = await reader.stored_by_id(feedback_match_ids)
        stored |= await reader.stored_for_subjects(changed)
        if self._decisions is None or has_feedback:
            self._decisions = await reader.decisions()
        learned = self._proposals(NO_LEARNING).learn(self._decisions)
        if not learned.same_effect(self.learned):
            # new weights change every score: re-score the whole network once
            self._memo.clear()
            self._rankings.clear()
            changed |= set(self.network)
            stored |= await reader.stored_for_subjects(changed)
        self.learned = learned
        proposals = self._proposals(learned)
        was_proposed = {p for s in stored.values() if (p := _pair(s)) is not None}
        pairs = await run(lambda: proposals.update(changed, was_proposed, new, left=before))
        self.pairs_scored = proposals.pairs_scored
        ids = {match_id(kind, a, b): (kind, a, b) for kind, a, b in pairs}
        stored |= await reader.stored_by_id(set(ids) - set(stored))
        fresh = await run(
            lambda: [m for p in sorted(pairs) if (m := proposals.proposed(p)) is not None]
        )
        why = dict(reasons or {})
        kept = {m.match_id for m in fresh}
        withdrawal = {  # for the proposed matches that go: the only ones `diff` asks about
            mid: next(
                (why[s] for s in s_.subject_ids if s in why),
                OUTRANKED
                if mid in ids and proposals.value(ids[mid]) is not None
                else "no_longer_meets_criteria",
            )
            for mid, s_ in stored.items()
            if s_.status == "proposed" and mid not in kept
        }
        found = diff(stored, fresh, stored.keys(), withdrawal)
        # Withdrawals repeat the last announced snapshot; only they need it loaded.
        withdrawn = [c.match_id for c in found if c.action == "withdrawn"]
        snapshots = await reader.snapshots(withdrawn)
        return [
            replace(c, stored=replace(c.stored, snapshot=snapshots.get(c.match_id, {})))
            if c.action == "withdrawn" and c.stored is not None
            else c
            for c in found
        ]
