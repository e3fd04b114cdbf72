"""Filtering and paging the current-state view for the read endpoints (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from registry.domain.freshness import FRESHNESS
from registry.domain.merging import MERGED_NAMES, aliases_of
from registry.domain.view import Aggregate


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    status: str | None = None
    region: str | None = None
    theme: str | None = None
    education_level: str | None = None
    text: str | None = None
    member: str | None = None
    stale: bool | None = None  # profile freshness (docs/freshness.md)


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


def _contains(values: Any, wanted: str) -> bool:
    return isinstance(values, list) and wanted in values


def matches(aggregate: Aggregate, filters: Filters) -> bool:
    state = aggregate.state
    checks = (
        filters.kind is None or state.get("kind") == filters.kind,
        filters.status is None or state.get("status") == filters.status,
        filters.region is None or _contains(state.get("regions"), filters.region),
        filters.theme is None or _contains(state.get("themes"), filters.theme),
        filters.education_level is None
        or _contains(state.get("education_levels"), filters.education_level)
        or _contains(state.get("education_levels_offered"), filters.education_level),
        filters.member is None or _current_member(state.get("members", {}), filters.member),
        filters.text is None or _text_hit(state, filters.text),
        filters.stale is None or ("stale_since" in state.get(FRESHNESS, {})) is filters.stale,
    )
    return all(checks)


def _current_member(members: dict[str, Any], partner_id: str) -> bool:
    membership = members.get(partner_id)
    return membership is not None and membership.get("until") is None


def _text_hit(state: dict[str, Any], text: str) -> bool:
    needle = text.casefold()
    names = [state.get("name", ""), *aliases_of(state)]
    return any(needle in str(name).casefold() for name in names)


def page(aggregates: Iterable[Aggregate], filters: Filters, limit: int, offset: int) -> Page:
    selected = sorted(
        (a for a in aggregates if matches(a, filters)),
        key=lambda a: (str(a.state.get("name", "")).casefold(), a.id),
    )
    window = selected[offset : offset + limit]
    return Page([present(a) for a in window], len(selected), limit, offset)


def present(aggregate: Aggregate) -> dict[str, Any]:
    state = {k: v for k, v in aggregate.state.items() if k not in (FRESHNESS, MERGED_NAMES)}
    fresh = aggregate.state.get(FRESHNESS, {})
    if MERGED_NAMES in aggregate.state:  # a survivor of merges (domain/merging.py)
        state["aliases"] = aliases_of(aggregate.state)
    return {
        **state,
        "id": aggregate.id,
        "owner_source": aggregate.owner_source,
        "sequence": aggregate.sequence,
        "created_at": aggregate.created_at.isoformat(),
        "updated_at": aggregate.updated_at.isoformat(),
        # Profile freshness (docs/freshness.md)
        "last_confirmed": fresh.get("last_confirmed", aggregate.created_at.isoformat()),
        "stale": "stale_since" in fresh,
        "stale_since": fresh.get("stale_since"),
        "stale_reason": fresh.get("stale_reason"),
        "confirmation_requested_at": fresh.get("confirmation_requested_at"),
    }
