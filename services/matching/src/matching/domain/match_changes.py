"""Which matches are new, changed or gone after re-scoring a neighbourhood (pure).

Recomputing with identical inputs yields no change, so each change is emitted exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from matching.domain.matcher import Match


@dataclass(frozen=True, slots=True)
class Stored:
    """A match as the graph remembers it (its last announced snapshot included)."""

    match_id: str
    status: str  # proposed | withdrawn | unknown (feedback seen before the match)
    revision: int
    fingerprint: str = ""
    score: float = 0.0
    feedback: str | None = None
    subject_ids: tuple[str, ...] = ()
    kind: str = ""
    snapshot: dict[str, Any] = field(default_factory=dict)  # loaded only for withdrawals


@dataclass(frozen=True)
class Change:
    action: str  # proposed | updated | withdrawn
    match_id: str
    revision: int
    match: Match | None = None  # the fresh match (proposed, updated)
    stored: Stored | None = None  # what was announced before (updated, withdrawn)
    reason_code: str = ""


def diff(
    stored: Mapping[str, Stored],
    fresh: Iterable[Match],
    covered: Iterable[str],
    reason_for: Mapping[str, str] | None = None,
) -> list[Change]:
    """`covered` are the stored match ids this re-scoring was responsible for; any of them not in
    `fresh` is withdrawn, with the reason from `reason_for` (default: no longer meets criteria)."""
    changes: list[Change] = []
    fresh_by_id = {m.match_id: m for m in fresh}
    for match in fresh_by_id.values():
        before = stored.get(match.match_id)
        if before is not None and before.feedback == "declined":
            if before.status == "proposed":
                changes.append(
                    Change(
                        "withdrawn", match.match_id, before.revision + 1, None, before, "declined"
                    )
                )
            continue
        if before is None or before.status != "proposed":
            revision = (before.revision if before else 0) + 1
            changes.append(Change("proposed", match.match_id, revision, match, before))
        elif before.fingerprint != match.fingerprint():
            changes.append(Change("updated", match.match_id, before.revision + 1, match, before))
    reasons = reason_for or {}
    for match_id in sorted(set(covered) - set(fresh_by_id)):
        before = stored.get(match_id)
        if before is not None and before.status == "proposed":
            reason = reasons.get(match_id, "no_longer_meets_criteria")
            changes.append(Change("withdrawn", match_id, before.revision + 1, None, before, reason))
    return changes
