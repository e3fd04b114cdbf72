"""Rebuilding the graph without telling subscribers anything twice (pure).

Matches are announced on `matching.matches.v1`; the graph only remembers what it announced. A
rebuild into an emptied namespace (replaying every topic from offset 0) therefore starts from
what the topic says was announced last for each match (its *history*), and replays *quietly*:
records that were already in the topics when the rebuild began (below the *mark*) update the
graph but announce nothing. Once the worker reaches records beyond the mark, each match the
quiet replay touched is *settled*: compared with what subscribers last heard and announced only
if it differs, with the next revision after the announced one. Revisions therefore never go
back and an id (match:revision) never names two contents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# What a quiet replay may change without it being news: the revision and the score before it.
_NOT_CONTENT = frozenset({"revision", "previous_score"})


@dataclass(frozen=True)
class Announced:
    """The last announcement of one match on the matches topic."""

    match_id: str
    status: str  # proposed (proposed or updated) | withdrawn
    revision: int
    data: dict[str, Any]

    @classmethod
    def from_event(cls, event_type: str, data: Mapping[str, Any]) -> Announced:
        status = "withdrawn" if ".withdrawn." in event_type else "proposed"
        return cls(str(data["match_id"]), status, int(data["revision"]), dict(data))


def latest(announcements: Iterable[Announced]) -> dict[str, Announced]:
    """The announcement with the highest revision per match (the topic may hold repeats)."""
    found: dict[str, Announced] = {}
    for a in announcements:
        if a.match_id not in found or a.revision > found[a.match_id].revision:
            found[a.match_id] = a
    return found


def is_quiet(positions: Iterable[tuple[str, int, int]], mark: Mapping[str, int] | None) -> bool:
    """True when every (topic, partition, offset) was already in its topic when the rebuild
    began: the batch replays history. An empty mark (no rebuild) is never quiet."""
    if not mark:
        return False
    return all(
        offset < mark.get(f"{topic}/{partition}", 0) for topic, partition, offset in positions
    )


@dataclass(frozen=True)
class Unsettled:
    """A match the quiet replay touched (or only the history knows), as the graph has it now."""

    match_id: str
    pending: str  # seeded (only the history knows it) | quiet (the replay touched it)
    status: str  # proposed | withdrawn
    revision: int  # the announced revision (0 when never announced)
    snapshot: dict[str, Any]  # what the graph says about it now
    announced: Announced | None
    reason_code: str = ""


@dataclass(frozen=True)
class Settlement:
    """What to announce for an unsettled match: nothing (action None), or one change."""

    match_id: str
    status: str
    revision: int
    action: str | None = None
    data: dict[str, Any] | None = None
    reason_code: str = ""


def same_content(left: Mapping[str, Any], right: Mapping[str, Any]) -> bool:
    return {k: v for k, v in left.items() if k not in _NOT_CONTENT} == {
        k: v for k, v in right.items() if k not in _NOT_CONTENT
    }


def settle(match: Unsettled) -> Settlement:
    """Compares what the graph says now with what subscribers last heard."""
    # A seeded match the replay never found again is gone, whatever the history said.
    status = "withdrawn" if match.pending == "seeded" else match.status
    heard = match.announced.status if match.announced else None
    following = match.revision + 1
    if status == "proposed":
        if heard != "proposed":
            return Settlement(match.match_id, status, following, "proposed", dict(match.snapshot))
        assert match.announced is not None
        if same_content(match.snapshot, match.announced.data):
            return Settlement(match.match_id, status, match.revision)
        data = dict(match.snapshot) | {"previous_score": match.announced.data["score"]}
        return Settlement(match.match_id, status, following, "updated", data)
    if heard == "proposed":
        assert match.announced is not None
        data = {k: v for k, v in match.announced.data.items() if k != "previous_score"}
        reason = match.reason_code or "no_longer_meets_criteria"
        return Settlement(match.match_id, "withdrawn", following, "withdrawn", data, reason)
    return Settlement(match.match_id, "withdrawn", match.revision)
