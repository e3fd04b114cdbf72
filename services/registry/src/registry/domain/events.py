"""The registry's reading of contract events: what each one does to the current state (pure)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from livinglab_common.errors import ApiError, ErrorDetail
from livinglab_contracts import (
    REGISTRY_EVENT_TYPES,
    AnyEvent,
    ContractViolation,
    canonical_json,
    event_spec,
    parse_event,
)

if TYPE_CHECKING:
    from registry.domain.view import RegistryView


# What a membership request and its confirmation must agree on (domain/consent.py).
MEMBERSHIP_TERMS = ("role", "helix", "since", "commitment_hours", "co_investment_eur")


@dataclass(frozen=True)
class RegistryEvent:
    """A validated registry event plus what admission needs to know about it."""

    id: str
    type: str
    action: str  # e.g. "partner.joined-initiative"
    source: str
    subject: str
    sequence: int
    time: datetime
    aggregate_type: str
    topic: str
    creates: bool
    data: dict[str, Any]
    canonical: bytes


def from_contract(event: AnyEvent) -> RegistryEvent:
    spec = event_spec(event)
    return RegistryEvent(
        id=event.id,
        type=event.type,
        action=spec.base_type.removeprefix("nl.livinglab."),
        source=event.source,
        subject=event.subject,
        sequence=event.sequence,
        time=event.time,
        aggregate_type=spec.aggregate_type,
        topic=spec.topic,
        creates=spec.creates,
        data=event.data.model_dump(mode="json"),
        canonical=canonical_json(event),
    )


def parse_registry_event(raw: Mapping[str, Any]) -> RegistryEvent:
    try:
        return from_contract(parse_event(raw, allowed_types=REGISTRY_EVENT_TYPES))
    except ContractViolation as violation:
        details = [ErrorDetail(**v.as_dict()) for v in violation.violations]
        first = violation.violations[0]
        status = 422
        raise ApiError(
            status, "invalid_event", f"event refused: {first.field}: {first.message}", details
        ) from None


def _members(view: RegistryView, initiative_id: str) -> dict[str, Any]:
    initiative = view.aggregates.get(initiative_id)
    if initiative is None:
        return {}
    members: dict[str, Any] = initiative.state.setdefault("members", {})
    return members


def _requests(view: RegistryView, initiative_id: str) -> dict[str, Any]:
    initiative = view.aggregates.get(initiative_id)
    if initiative is None:
        return {}
    requests: dict[str, Any] = initiative.state.setdefault("membership_requests", {})
    return requests


def _request_of(event: RegistryEvent) -> dict[str, Any]:
    """A pending membership as the API shows it; `terms` are what the confirmation repeats."""
    side = event.data.get("requested_by", "partner")
    return {
        "status": "requested",
        "requested_by": side,
        "awaiting": "initiative" if side == "partner" else "partner",
        "requested_by_source": event.source,
        "requested_at": event.time.isoformat(),
        "terms": {name: event.data.get(name) for name in MEMBERSHIP_TERMS},
    }


def apply_to_state(view: RegistryView, state: dict[str, Any], event: RegistryEvent) -> None:
    data = {
        k: v
        for k, v in event.data.items()
        if k not in ("partner_id", "initiative_id", "need_offer_id")
    }
    match event.action:
        case "initiative.registered":
            state.update(data)
            members = state.setdefault("members", {})
            requests = state.setdefault("membership_requests", {})
            # A replay may read a membership (partners topic) before this registration.
            for partner in view.of_type("partner"):
                joined = partner.state.get("memberships", {}).get(event.subject)
                if joined is not None:
                    members.setdefault(partner.id, joined)
                asked = partner.state.get("membership_requests", {}).get(event.subject)
                if asked is not None:
                    requests.setdefault(partner.id, asked)
        case "partner.registered":
            state.update(data)
            state.setdefault("memberships", {})
        case "need.published" | "offer.published":
            state.update(data)
            state["direction"] = "need" if event.action == "need.published" else "offer"
            state["status"] = "open"
        case "initiative.updated" | "partner.updated":
            state.update({k: v for k, v in data.items() if v is not None})
        case "initiative.status-changed":
            state["status"] = data["to_status"]
        case "initiative.closed":
            state.update(status="closed", closed_on=data["closed_on"], close_reason=data["reason"])
            if data.get("successor_id"):
                state["successor_id"] = data["successor_id"]
        case "partner.joined-initiative":
            membership = {
                "role": data["role"],
                "helix": data.get("helix") or state.get("helix") or _default_helix(state),
                "since": data["since"],
                "until": None,
            }
            initiative_id = event.data["initiative_id"]
            state.setdefault("memberships", {})[initiative_id] = membership
            _members(view, initiative_id)[event.subject] = membership
            # A confirmed request is the membership now; only open or declined ones are listed.
            state.setdefault("membership_requests", {}).pop(initiative_id, None)
            _requests(view, initiative_id).pop(event.subject, None)
        case "partner.membership-requested":
            request = _request_of(event)
            state.setdefault("membership_requests", {})[event.data["initiative_id"]] = request
            _requests(view, event.data["initiative_id"])[event.subject] = request
        case "partner.membership-declined":
            request = state.setdefault("membership_requests", {}).get(event.data["initiative_id"])
            if request is not None:
                request.update(
                    status="declined",
                    awaiting=None,
                    declined_by_source=event.source,
                    declined_at=event.time.isoformat(),
                    reason=data.get("reason"),
                )
        case "partner.left-initiative":
            initiative_id = event.data["initiative_id"]
            membership = state.setdefault("memberships", {}).get(initiative_id)
            if membership is not None:
                membership["until"] = data["until"]
                membership["left_reason"] = data.get("reason")
            member = _members(view, initiative_id).get(event.subject)
            if member is not None and member is not membership:
                member["until"] = data["until"]
        case "need-offer.withdrawn":
            state["status"] = data["reason"]


def _default_helix(state: dict[str, Any]) -> str | None:
    from livinglab_contracts.reference.vocabulary import PartnerKind, helix_of

    kind = state.get("kind")
    return helix_of(PartnerKind(kind)).value if kind else None


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
    if event.action in ("need.published", "offer.published"):
        publisher_type = data.get("publisher_type", "partner")
        if not exists(data["publisher_id"], publisher_type):
            yield "data.publisher_id", f"unknown {publisher_type} '{data['publisher_id']}'"
