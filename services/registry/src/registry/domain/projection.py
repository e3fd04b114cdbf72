"""What each accepted event does to the current state of the register (pure).

Memberships and membership requests live on the partner and, as members and requests, on the
initiative. A replay reads the partners topic and the initiatives topic side by side, so a
membership may come before its initiative's registration: it is kept as unplaced, by initiative,
until the registration arrives. The registration looks up only its own unplaced entries, so its
cost does not grow with the register.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, Protocol

from livinglab_contracts.reference.vocabulary import PartnerKind, helix_of

from registry.domain import freshness, merging
from registry.domain.events import MEMBERSHIP_TERMS, RegistryEvent
from registry.domain.records import Aggregate

Entries = dict[str, dict[str, Any]]  # partner id -> membership or request


class Register(Protocol):
    """The parts of the view a transition touches besides the aggregate's own state."""

    @property
    def aggregates(self) -> MutableMapping[str, Aggregate]: ...

    @property
    def unplaced_members(self) -> dict[str, Entries]: ...

    @property
    def unplaced_requests(self) -> dict[str, Entries]: ...

    @property
    def unplaced_merges(self) -> dict[str, dict[str, merging.Carried]]: ...


def _entries(register: Register, initiative_id: str, kind: str) -> Entries:
    """The initiative's members or requests, or its unplaced ones while it is not registered."""
    initiative = register.aggregates.get(initiative_id)
    if initiative is not None:
        entries: Entries = initiative.state.setdefault(kind, {})
        return entries
    unplaced = register.unplaced_members if kind == "members" else register.unplaced_requests
    return unplaced.setdefault(initiative_id, {})


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


def apply_to_state(register: Register, state: dict[str, Any], event: RegistryEvent) -> None:
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
            for partner_id, joined in register.unplaced_members.pop(event.subject, {}).items():
                members.setdefault(partner_id, joined)
            for partner_id, asked in register.unplaced_requests.pop(event.subject, {}).items():
                requests.setdefault(partner_id, asked)
        case "partner.registered":
            state.update(data)
            state.setdefault("memberships", {})
            for duplicate_id, carried in merging.placed_merges(register, event.subject).items():
                _hand_over(register, event.subject, duplicate_id, carried)
        case "partner.merged":
            carried = merging.merge_duplicate(state, event)
            for initiative_id in carried["memberships"]:
                ended = state["memberships"][initiative_id]
                member = _entries(register, initiative_id, "members").get(event.subject)
                if member is not None and member is not ended:
                    member.update(until=ended["until"], left_reason=ended["left_reason"])
            _hand_over(register, data["survivor_id"], event.subject, carried)
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
            _entries(register, initiative_id, "members")[event.subject] = membership
            # A confirmed request is the membership now; only open or declined ones are listed.
            state.setdefault("membership_requests", {}).pop(initiative_id, None)
            _entries(register, initiative_id, "membership_requests").pop(event.subject, None)
        case "partner.membership-requested":
            request = _request_of(event)
            initiative_id = event.data["initiative_id"]
            state.setdefault("membership_requests", {})[initiative_id] = request
            _entries(register, initiative_id, "membership_requests")[event.subject] = request
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
            else:  # only in a replay: a membership a merge gave it, read before the merge
                state["memberships"][initiative_id] = merging.left_early(data)
            member = _entries(register, initiative_id, "members").get(event.subject)
            if member is not None and member is not membership:
                member["until"] = data["until"]
        case "need-offer.withdrawn":
            state["status"] = data["reason"]
    _freshness(state, event)


def _hand_over(
    register: Register, survivor_id: str, duplicate_id: str, carried: merging.Carried
) -> None:
    def members_of(initiative_id: str) -> Entries:
        return _entries(register, initiative_id, "members")

    merging.hand_over(register, members_of, survivor_id, duplicate_id, carried)


def _freshness(state: dict[str, Any], event: RegistryEvent) -> None:
    """Profile freshness (domain/freshness.py): confirmations, reminders, stale marks."""
    if event.action in freshness.CONFIRMING:
        freshness.confirm(state, event.time, event.sequence)
    elif event.action.endswith(".confirmation-requested"):
        freshness.note_requested(state, event.data, event.time, event.sequence)
    elif event.action.endswith(".marked-stale"):
        freshness.note_stale(state, event.data, event.time, event.sequence)


def _default_helix(state: dict[str, Any]) -> str | None:
    kind = state.get("kind")
    return helix_of(PartnerKind(kind)).value if kind else None
