"""What the registry's view keeps per event and per aggregate (plain data, no behaviour)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Position:
    topic: str
    partition: int
    offset: int


@dataclass(frozen=True)
class Recorded:
    event_id: str
    digest: str
    position: Position
    aggregate_id: str


@dataclass
class Aggregate:
    id: str
    type: str
    owner_source: str
    sequence: int
    state: dict[str, Any]
    created_at: datetime
    updated_at: datetime
    event_count: int = 1
