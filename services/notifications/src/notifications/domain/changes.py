"""A match change as the notification service sees it: what happened, to which match, and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from livinglab_contracts import EVENT_SPECS, MATCHES_TOPIC, AnyEvent, event_json
from livinglab_contracts.matches import MatchProposed, MatchSnapshot, MatchUpdated, MatchWithdrawn


class ChangeKind(StrEnum):
    PROPOSED = "proposed"
    UPDATED = "updated"
    WITHDRAWN = "withdrawn"
    # Not a match change: a freshness reminder from the registry (domain/reminders.py), kept in
    # the same ledger so it is delivered once.
    REMINDER = "reminder"


KIND_BY_MODEL: dict[type[MatchSnapshot], ChangeKind] = {
    MatchProposed: ChangeKind.PROPOSED,
    MatchUpdated: ChangeKind.UPDATED,
    MatchWithdrawn: ChangeKind.WITHDRAWN,
}
MODEL_BY_KIND = {kind: model for model, kind in KIND_BY_MODEL.items()}
MATCH_EVENT_TYPES: tuple[str, ...] = tuple(
    spec.type
    for spec in EVENT_SPECS
    if spec.topic == MATCHES_TOPIC and spec.data_model in KIND_BY_MODEL
)


@dataclass(frozen=True)
class MatchChange:
    event_id: str
    event_type: str
    kind: ChangeKind
    match: MatchSnapshot
    event: dict[str, Any]  # the CloudEvent as JSON, exactly what webhooks and the feed carry

    @property
    def match_id(self) -> str:
        return self.match.match_id

    @property
    def revision(self) -> int:
        return self.match.revision


def change_from_event(event: AnyEvent) -> MatchChange:
    """Only for events decoded with `allowed_types=MATCH_EVENT_TYPES`."""
    data = event.data
    return MatchChange(
        event_id=event.id,
        event_type=event.type,
        kind=KIND_BY_MODEL[type(data)],
        match=data,
        event=event_json(event),
    )


def snapshot_of(kind: ChangeKind, event: dict[str, Any]) -> MatchSnapshot:
    """Reads the match back from a stored CloudEvent (the ledger keeps the JSON, not objects)."""
    return MODEL_BY_KIND[kind].model_validate(event["data"])
