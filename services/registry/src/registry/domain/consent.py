"""The consent rule for references between aggregates of different systems (pure).

No system changes what another system's aggregate says, or how it appears, without that owner's
consent. A membership joins two aggregates, so it needs both owners: one side requests
(partner.membership-requested), the other confirms with partner.joined-initiative on the same
terms; a system that controls both sides posts the membership at once. Publishing in the name of
another system's partner or initiative, and registering under another system's parent, need the
owner itself to post it (or a key an administrator granted that aggregate). Each owner may always
end a reference to its own aggregate: leave or remove a membership, decline a request, withdraw a
need or offer published in its name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from livinglab_common.keys import Principal

from registry.domain.events import MEMBERSHIP_TERMS, RegistryEvent
from registry.domain.records import Aggregate
from registry.domain.view import RegistryView

# Events about a partner that the owner of the initiative they name may post as well.
MEMBERSHIP_ACTIONS = (
    "partner.joined-initiative",
    "partner.left-initiative",
    "partner.membership-requested",
    "partner.membership-declined",
)


@dataclass(frozen=True)
class ConsentProblem:
    status: int
    code: str
    field: str
    message: str


def controls(aggregate: Aggregate | None, event: RegistryEvent, principal: Principal) -> bool:
    """The poster speaks for `aggregate`: it owns it under the event's source, or was granted it."""
    if aggregate is None:
        return False
    return aggregate.owner_source == event.source or aggregate.id in principal.granted_aggregates


def speaks_through_reference(
    view: RegistryView, event: RegistryEvent, subject: Aggregate, principal: Principal
) -> bool:
    """May post about another system's `subject` because the event is about its own aggregate
    that `subject` refers to (its initiative in a membership, its partner as a publisher)."""
    if event.action in MEMBERSHIP_ACTIONS:
        return controls(view.aggregates.get(event.data["initiative_id"]), event, principal)
    if event.action in ("need-offer.withdrawn", "need-offer.confirmed"):
        publisher = subject.state.get("publisher_id")
        return isinstance(publisher, str) and controls(
            view.aggregates.get(publisher), event, principal
        )
    return False


def pending_request(partner: Aggregate | None, initiative_id: str) -> dict[str, Any] | None:
    if partner is None:
        return None
    request = partner.state.get("membership_requests", {}).get(initiative_id)
    if request is None or request.get("status") != "requested":
        return None
    found: dict[str, Any] = request
    return found


def consent_problem(
    view: RegistryView, event: RegistryEvent, principal: Principal
) -> ConsentProblem | None:
    """Why the event needs a consent it does not have, or None."""
    data = event.data
    match event.action:
        case "initiative.registered" if data.get("parent_id"):
            return _owner_only(view, event, principal, "data.parent_id", "register under")
        case "need.published" | "offer.published":
            return _owner_only(
                view, event, principal, "data.publisher_id", "publish in the name of"
            )
        case "partner.membership-requested":
            return _request_problem(view, event, principal)
        case "partner.joined-initiative":
            return _membership_problem(view, event, principal)
        case "partner.membership-declined":
            if pending_request(view.aggregates.get(event.subject), data["initiative_id"]) is None:
                return ConsentProblem(
                    409,
                    "no_pending_request",
                    "data.initiative_id",
                    f"no pending membership request of '{event.subject}' for "
                    f"'{data['initiative_id']}'",
                )
    return None


def _owner_only(
    view: RegistryView, event: RegistryEvent, principal: Principal, field: str, verb: str
) -> ConsentProblem | None:
    referenced_id = event.data[field.removeprefix("data.")]
    referenced = view.aggregates.get(referenced_id)
    if referenced is None or controls(referenced, event, principal):
        return None  # an unknown reference is refused as such (reference_problems)
    return ConsentProblem(
        403,
        "consent_required",
        field,
        f"'{referenced_id}' belongs to another system; only its owner (or a key an administrator "
        f"granted it) may {verb} it",
    )


def _request_problem(
    view: RegistryView, event: RegistryEvent, principal: Principal
) -> ConsentProblem | None:
    side = event.data.get("requested_by", "partner")
    asked_for = event.subject if side == "partner" else event.data["initiative_id"]
    if not controls(view.aggregates.get(asked_for), event, principal):
        return ConsentProblem(
            403,
            "consent_required",
            "data.requested_by",
            f"a request is made by the side the poster owns; this key does not speak for the "
            f"{side} '{asked_for}'",
        )
    if pending_request(view.aggregates.get(event.subject), event.data["initiative_id"]):
        return ConsentProblem(
            409,
            "request_pending",
            "data.initiative_id",
            "a request for this membership is already pending; it is confirmed, declined or "
            "withdrawn (partner.membership-declined) first",
        )
    return None


def _membership_problem(
    view: RegistryView, event: RegistryEvent, principal: Principal
) -> ConsentProblem | None:
    partner = view.aggregates.get(event.subject)
    initiative_id = event.data["initiative_id"]
    own_partner = controls(partner, event, principal)
    own_initiative = controls(view.aggregates.get(initiative_id), event, principal)
    if own_partner and own_initiative:
        return None
    request = pending_request(partner, initiative_id)
    other = "initiative" if own_partner else "partner"
    if request is None or request["requested_by"] != other:
        return ConsentProblem(
            403,
            "consent_required",
            "data.initiative_id",
            f"'{initiative_id}' and '{event.subject}' belong to different systems: the membership "
            f"needs the {other}'s owner too; post partner.membership-requested, and the other "
            "side confirms with partner.joined-initiative on the same terms",
        )
    differing = [
        name for name in MEMBERSHIP_TERMS if event.data.get(name) != request["terms"].get(name)
    ]
    if differing:
        return ConsentProblem(
            409,
            "terms_differ",
            f"data.{differing[0]}",
            f"the confirmation must repeat the request's terms; differs in {', '.join(differing)}",
        )
    return None
