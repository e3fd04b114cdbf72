"""Admission rules for one parsed event against the current view (pure).

Order matters. The source comes first: events are identified by (source, id) as CloudEvents
says, and a key may only learn about ids under sources it may claim. Then a replayed event comes
back as a duplicate before any other rule can refuse it, so clients that retry after a timeout
always learn where their event landed.
"""

from __future__ import annotations

from dataclasses import dataclass

from livinglab_common.keys import Principal
from livinglab_contracts.catalog import REGISTRY_WRITTEN_TYPES

from registry.domain.checks import reference_problems, state_problem
from registry.domain.consent import consent_problem, controls, speaks_through_reference
from registry.domain.events import RegistryEvent
from registry.domain.merging import merged_into, merged_reference
from registry.domain.records import Aggregate, Recorded
from registry.domain.view import RegistryView


@dataclass(frozen=True)
class Admit:
    pass


@dataclass(frozen=True)
class Duplicate:
    recorded: Recorded


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    field: str
    message: str


Decision = Admit | Duplicate | Refusal


def admit(view: RegistryView, event: RegistryEvent, digest: str, principal: Principal) -> Decision:
    if event.source not in principal.sources:
        allowed = ", ".join(principal.sources) or "none"
        return Refusal(
            403,
            "source_not_allowed",
            "source",
            f"this API key may not claim source '{event.source}' (allowed: {allowed})",
        )
    if event.type in REGISTRY_WRITTEN_TYPES:
        return Refusal(
            403,
            "registry_only",
            "type",
            f"'{event.type}' is written by the registry itself (docs/freshness.md, "
            "docs/labelling.md); "
            "an owner confirms a profile with the matching '...confirmed' event",
        )
    seen = view.events.get((event.source, event.id))
    if seen is not None:
        if seen.digest == digest:
            return Duplicate(seen)
        return Refusal(
            409,
            "duplicate_id_different_body",
            "id",
            f"event id '{event.id}' was already accepted from source '{event.source}' with a "
            "different body; use a new id for a new event",
        )
    aggregate = view.aggregates.get(event.subject)
    if event.creates:
        if aggregate is not None:
            return Refusal(
                409,
                "already_registered",
                "subject",
                f"{event.aggregate_type} '{event.subject}' is already registered; "
                "send an update event instead",
            )
    else:
        refusal = _update_refusal(view, event, aggregate, principal)
        if refusal is not None:
            return refusal
    for field, message in reference_problems(view, event):
        return Refusal(422, "unknown_reference", field, message)
    merged = merged_reference(view.aggregates, event)
    if merged is not None:
        return Refusal(409, "merged", *merged)
    problem = consent_problem(view, event, principal)
    if problem is not None:
        return Refusal(problem.status, problem.code, problem.field, problem.message)
    return Admit()


def _update_refusal(
    view: RegistryView, event: RegistryEvent, aggregate: Aggregate | None, principal: Principal
) -> Refusal | None:
    if aggregate is None or aggregate.type != event.aggregate_type:
        return Refusal(
            422,
            "unknown_aggregate",
            "subject",
            f"{event.aggregate_type} '{event.subject}' is not registered yet",
        )
    survivor = merged_into(aggregate)
    if survivor is not None:
        return Refusal(
            409,
            "merged",
            "subject",
            f"partner '{event.subject}' was merged into '{survivor}' and takes no further "
            f"events; post them about '{survivor}'",
        )
    owner = controls(aggregate, event, principal)
    if not owner and not speaks_through_reference(view, event, aggregate, principal):
        return Refusal(
            403,
            "not_owner",
            "subject",
            f"{event.aggregate_type} '{event.subject}' belongs to source "
            f"'{aggregate.owner_source}'; ask an administrator for a grant",
        )
    if event.sequence <= aggregate.sequence:
        return Refusal(
            409,
            "stale_sequence",
            "sequence",
            f"sequence {event.sequence} is not after the last accepted sequence "
            f"{aggregate.sequence} of '{event.subject}'",
        )
    if not owner and event.sequence != aggregate.sequence + 1:
        # Another system may not move the owner's sequence far ahead (it could lock it out).
        return Refusal(
            409,
            "sequence_not_next",
            "sequence",
            f"'{event.subject}' belongs to another system: send the next sequence, "
            f"{aggregate.sequence + 1}",
        )
    problem = state_problem(aggregate.state, event)
    if problem is not None:
        field, message = problem
        return Refusal(409, "invalid_state", field, message)
    return None
