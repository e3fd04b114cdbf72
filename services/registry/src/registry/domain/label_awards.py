"""Which labelling decisions still have to reach the partners topic (issue 19, pure).

A coordinator's decision admitting a lab (any member type but not_admitted) is a label of its
host partner. The labelling topic is the registry's own, so the registry writes the label as
`partner.label-awarded` on the partners topic, which matching and a replay read
(docs/labelling.md). One event per application: its id is derived from the application id, so
whether it was written is a look-up in the view's accepted events, after a restart or a takeover
as well, and a copy written twice in a takeover race is the same event.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from livinglab_contracts.freshness import REGISTRY_SOURCE
from livinglab_contracts.label_awards import NETWORK
from livinglab_contracts.labelling import MemberType

from registry.domain.labelling import Application, ApplicationState, LabellingBook
from registry.domain.merging import merged_into
from registry.domain.records import Aggregate

_AWARD_IDS = uuid.UUID("5d3b8f4e-9a61-4c2e-8b7a-2f6e1c9d0a47")
TYPE = "nl.livinglab.partner.label-awarded.v1"


def award_id(application_id: str) -> str:
    return str(uuid.uuid5(_AWARD_IDS, application_id))


@dataclass(frozen=True)
class Award:
    application_id: str
    partner_id: str  # the host partner, or its survivor when it was merged
    member_type: str
    label_year: int
    lab_name: str
    decided_at: datetime

    @property
    def event_id(self) -> str:
        return award_id(self.application_id)


def _holder(aggregates: Mapping[str, Aggregate], partner_id: str) -> str | None:
    """The partner that holds the label now: the host, or the survivor it was merged into."""
    seen: set[str] = set()
    while partner_id not in seen:
        seen.add(partner_id)
        aggregate = aggregates.get(partner_id)
        if aggregate is None or aggregate.type != "partner":
            return None
        survivor = merged_into(aggregate)
        if survivor is None:
            return partner_id
        partner_id = survivor
    return None


def _decided_at(application: Application) -> datetime:
    return next(
        at for state, at in application.entered_state_at if state is ApplicationState.DECIDED
    )


def due_awards(
    book: LabellingBook,
    aggregates: Mapping[str, Aggregate],
    written: Callable[[str], bool],
) -> list[Award]:
    """Decisions admitting a lab whose label-awarded event is not written yet (`written` asks
    by event id), in application order."""
    found = []
    for application in book.applications.values():
        decision = application.decision
        if decision is None or decision.member_type is MemberType.NOT_ADMITTED:
            continue
        if written(award_id(application.application_id)):
            continue
        holder = _holder(aggregates, application.submitted.host_partner_id)
        if holder is None:
            continue
        found.append(
            Award(
                application.application_id,
                holder,
                decision.member_type.value,
                application.year,
                application.submitted.lab_name,
                _decided_at(application),
            )
        )
    return found


def award_event(award: Award, aggregate: Aggregate) -> dict[str, Any]:
    """The CloudEvent: about the partner, at its current sequence (it does not move it), at
    the time of the decision (the same in every copy of it)."""
    return {
        "specversion": "1.0",
        "id": award.event_id,
        "source": REGISTRY_SOURCE,
        "type": TYPE,
        "time": award.decided_at.isoformat(),
        "subject": award.partner_id,
        "sequence": aggregate.sequence,
        "data": {
            "partner_id": award.partner_id,
            "network": NETWORK,
            "member_type": award.member_type,
            "label_year": award.label_year,
            "lab_name": award.lab_name,
            "application_id": award.application_id,
        },
    }
