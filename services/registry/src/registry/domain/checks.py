"""Whether an event fits the current state and its references exist (pure; used by admission)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date
from typing import Any

from registry.domain.events import RegistryEvent
from registry.domain.view import RegistryView


def state_problem(state: dict[str, Any], event: RegistryEvent) -> tuple[str, str] | None:
    """A transition the current state does not allow, as (field, message)."""
    if event.aggregate_type == "initiative" and state.get("status") == "closed":
        return "subject", f"initiative '{event.subject}' is closed; register a successor instead"
    if (
        event.action == "initiative.status-changed"
        and state.get("status") != event.data["from_status"]
    ):
        return (
            "data.from_status",
            f"from_status '{event.data['from_status']}' does not match the current status "
            f"'{state.get('status')}'",
        )
    memberships = state.get("memberships", {})
    current = memberships.get(event.data.get("initiative_id", ""))
    active = current is not None and current.get("until") is None
    if event.action in ("partner.joined-initiative", "partner.membership-requested") and active:
        return (
            "data.initiative_id",
            f"partner is already a member of '{event.data['initiative_id']}'",
        )
    if event.action == "partner.left-initiative" and not active:
        return (
            "data.initiative_id",
            f"partner is not a current member of '{event.data['initiative_id']}'",
        )
    if event.aggregate_type == "need_offer" and state.get("status") != "open":
        return "subject", f"'{event.subject}' is already {state.get('status')}"
    until = state.get("valid_until")
    if (
        event.action == "need-offer.confirmed"
        and isinstance(until, str)
        and event.time.astimezone(UTC).date() > date.fromisoformat(until)
    ):
        return "subject", f"'{event.subject}' expired after {until}; publish a new one"
    return None


def reference_problems(view: RegistryView, event: RegistryEvent) -> Iterator[tuple[str, str]]:
    """References to aggregates that do not exist (or are closed), as (field, message)."""

    def exists(aggregate_id: str, aggregate_type: str) -> bool:
        found = view.aggregates.get(aggregate_id)
        return found is not None and found.type == aggregate_type

    data = event.data
    parent, successor = data.get("parent_id"), data.get("successor_id")
    if event.action == "initiative.registered" and parent and not exists(parent, "initiative"):
        yield "data.parent_id", f"unknown parent initiative '{data['parent_id']}'"
    if event.action == "initiative.closed" and successor and not exists(successor, "initiative"):
        yield "data.successor_id", f"unknown successor initiative '{data['successor_id']}'"
    if event.action in ("partner.joined-initiative", "partner.membership-requested"):
        initiative = view.aggregates.get(data["initiative_id"])
        if initiative is None or initiative.type != "initiative":
            yield "data.initiative_id", f"unknown initiative '{data['initiative_id']}'"
        elif initiative.state.get("status") == "closed":
            yield "data.initiative_id", f"initiative '{data['initiative_id']}' is closed"
    if event.action == "partner.merged" and not exists(data["survivor_id"], "partner"):
        yield "data.survivor_id", f"unknown partner '{data['survivor_id']}'"
    if event.action in ("need.published", "offer.published"):
        publisher_type = data.get("publisher_type", "partner")
        if not exists(data["publisher_id"], publisher_type):
            yield "data.publisher_id", f"unknown {publisher_type} '{data['publisher_id']}'"
