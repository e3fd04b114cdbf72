"""The matches the batch in flight is saving, laid over what the next batch reads.

The worker decides batch N+1 (re-scores it in memory, service_layer.handlers) while batch N is
still being written and committed. N+1 takes the stored state of matches from the worker's
ledger (domain.match_ledger), which N's rows already advanced; what it reads of the graph (the
ledger's start, the snapshots of withdrawals, coordinators' decisions) it reads in a
transaction of its own, which sees the graph as it was before N, or after it if N commits
meanwhile. N saves only matches the worker itself decided, and the worker keeps those rows
until N+1 is decided: laid over what N+1 read, they give what the graph says once N has
committed, whichever moment the read saw. (A batch that another worker or coordinator feedback
may have changed is never decided ahead: see MatchingService.decide.)"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import orjson

from matching.domain.match_changes import Change, Stored
from matching.domain.match_ledger import MatchLedger, saved_state
from matching.service_layer.rescoring import MatchReads


class WholeReads(MatchReads, Protocol):
    """Match reads that can also give every match of the namespace (a ledger's start)."""

    async def all_stored(self) -> dict[str, Stored]: ...


class InFlight:
    def __init__(self) -> None:
        self.stored: dict[str, Stored] = {}
        self.snapshot_json: dict[str, str] = {}  # JSON, parsed only for a withdrawal

    def hold(self, saved: Sequence[tuple[Change, dict[str, Any]]]) -> None:
        """The rows of the batch now in flight (a change and the graph row saving it)."""
        self.stored = {}
        self.snapshot_json = {}
        for change, row in saved:
            # a coordinator's decision reaches a match only with a batch decided alone
            feedback = change.stored.feedback if change.stored is not None else None
            self.stored[row["match_id"]] = saved_state(row, feedback)
            self.snapshot_json[row["match_id"]] = row["snapshot"]

    def clear(self) -> None:
        """Nothing in flight (a batch written alone, or a failure: read the graph as it is)."""
        self.hold(())

    def __len__(self) -> int:
        return len(self.stored)


class OverlaidReads:
    """A reader's match reads (in transactions of their own) with the batch in flight laid
    over them."""

    def __init__(self, reader: WholeReads, in_flight: InFlight) -> None:
        self._reader = reader
        self._in_flight = in_flight

    async def all_stored(self) -> dict[str, Stored]:
        return await self._reader.all_stored() | self._in_flight.stored

    async def stored_by_id(self, ids: Iterable[str]) -> dict[str, Stored]:
        wanted = set(ids)
        held = {i: s for i in wanted if (s := self._in_flight.stored.get(i)) is not None}
        return await self._reader.stored_by_id(wanted - held.keys()) | held

    async def stored_for_subjects(self, ids: Iterable[str]) -> dict[str, Stored]:
        wanted = set(ids)
        found = await self._reader.stored_for_subjects(wanted)
        for match_id, stored in self._in_flight.stored.items():
            if wanted.isdisjoint(stored.subject_ids):
                continue
            if stored.status == "proposed":
                found[match_id] = stored
            else:
                found.pop(match_id, None)
        return found

    async def decisions(self) -> list[tuple[str, tuple[str, str, str], bool]]:
        return await self._reader.decisions()

    async def snapshots(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = set(ids)
        held = {i: orjson.loads(s) for i in wanted if (s := self._in_flight.snapshot_json.get(i))}
        return await self._reader.snapshots(wanted - held.keys()) | held


class LedgerReads:
    """The stored states from the worker's ledger (domain.match_ledger); decisions and the
    snapshots of withdrawals from `rest`."""

    def __init__(self, ledger: MatchLedger, rest: MatchReads) -> None:
        self._ledger = ledger
        self._rest = rest

    async def stored_by_id(self, ids: Iterable[str]) -> dict[str, Stored]:
        return self._ledger.by_id(ids)

    async def stored_for_subjects(self, ids: Iterable[str]) -> dict[str, Stored]:
        return self._ledger.proposed_for(ids)

    async def decisions(self) -> list[tuple[str, tuple[str, str, str], bool]]:
        return await self._rest.decisions()

    async def snapshots(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return await self._rest.snapshots(ids)
