"""What the graph holds of each match, kept in the worker's memory (pure).

Re-scoring a batch needs the stored state of the matches it can touch: the proposed matches of
the nodes that changed (what it may withdraw) and every pair it re-scored (a revision to
continue). Read from Neo4j that was ~13,000 ids per 2,700 events, 860 of them found, 30–100 ms
a batch. The worker saves every match change itself, so it can keep that state as it saves it:
read whole once (service_layer.handlers), then advanced by each batch's rows. It holds no
snapshot (withdrawals, far fewer, read theirs) and is only trusted while this worker is the one
writing: any other path drops it (see MatchingService).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from matching.domain.match_changes import Stored


def saved_state(row: Mapping[str, Any], feedback: str | None) -> Stored:
    """The state a saved match row leaves in the graph (announcements.row; saving never
    touches a coordinator's feedback, so the match keeps the one it had)."""
    return Stored(
        match_id=row["match_id"],
        status=row["status"],
        revision=row["revision"],
        fingerprint=row["fingerprint"],
        score=row["score"],
        feedback=feedback,
        subject_ids=tuple(row["subject_ids"]),
        kind=row["kind"],
    )


class MatchLedger:
    def __init__(self, stored: Iterable[Stored] = ()) -> None:
        self._by_id: dict[str, Stored] = {}
        self._proposed_by_subject: dict[str, set[str]] = {}
        for state in stored:
            self.put(state)

    def __len__(self) -> int:
        return len(self._by_id)

    def states(self) -> dict[str, Stored]:
        """Every match it holds, by id (a copy)."""
        return dict(self._by_id)

    def put(self, state: Stored) -> None:
        before = self._by_id.get(state.match_id)
        if before is not None and before.status == "proposed":
            for subject in before.subject_ids:
                self._proposed_by_subject[subject].discard(state.match_id)
        self._by_id[state.match_id] = state
        if state.status == "proposed":
            for subject in state.subject_ids:
                self._proposed_by_subject.setdefault(subject, set()).add(state.match_id)

    def save(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """The rows a batch saves (service_layer.announcements.row)."""
        for row in rows:
            before = self._by_id.get(row["match_id"])
            self.put(saved_state(row, before.feedback if before is not None else None))

    def note_feedback(self, match_id: str, feedback: str) -> None:
        """A coordinator's decision, as the projection stores it: on the match, or on a match
        the graph does not know yet (status unknown, revision 0)."""
        before = self._by_id.get(match_id)
        self.put(
            replace(before, feedback=feedback)
            if before is not None
            else Stored(match_id=match_id, status="unknown", revision=0, feedback=feedback)
        )

    def by_id(self, ids: Iterable[str]) -> dict[str, Stored]:
        by_id = self._by_id
        return {i: state for i in ids if (state := by_id.get(i)) is not None}

    def proposed_for(self, subject_ids: Iterable[str]) -> dict[str, Stored]:
        """The proposed matches that suggest one of these nodes (what a change can withdraw)."""
        found: dict[str, Stored] = {}
        for subject in subject_ids:
            for match_id in self._proposed_by_subject.get(subject, ()):
                found[match_id] = self._by_id[match_id]
        return found
