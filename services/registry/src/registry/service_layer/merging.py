"""A coordinator merges a possible duplicate into its survivor (partner.merged, issue 19).

Coordinators post no events of their own, so the registry writes the merge as an ordinary event
under a source naming the coordinator's key (as for their membership answers,
service_layer/coordinator_consent.py) and admits it like any other: the coordinator stands in
for the duplicate's owner for this one event. The duplicate's owner may post the same event
itself through /v1/events. Asking again for a merge that was made answers with that event, as a
duplicate.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

from livinglab_common.keys import Principal

from registry.domain.merging import merged_into
from registry.domain.view import RegistryView
from registry.service_layer.coordinator_consent import coordinator_source
from registry.service_layer.submission import Accepted, Submission


class CoordinatorMerge:
    def __init__(self, view: RegistryView, submission: Submission) -> None:
        self._view = view
        self._submission = submission

    async def merge(
        self, duplicate_id: str, survivor_id: str, reason: str, by: Principal
    ) -> Accepted:
        duplicate = self._view.aggregates.get(duplicate_id)
        made = self._made(duplicate_id, survivor_id)
        if made is not None:
            return made
        source = coordinator_source(by)
        event = {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": source,
            "type": "nl.livinglab.partner.merged.v1",
            "time": datetime.now(UTC).isoformat(),
            "subject": duplicate_id,
            "sequence": duplicate.sequence + 1 if duplicate is not None else 1,
            "data": {"partner_id": duplicate_id, "survivor_id": survivor_id, "reason": reason},
        }
        acting = replace(by, sources=(source,), granted_aggregates=frozenset({duplicate_id}))
        return await self._submission.submit(event, acting)

    def _made(self, duplicate_id: str, survivor_id: str) -> Accepted | None:
        """The merge event, when this very merge was made already."""
        duplicate = self._view.aggregates.get(duplicate_id)
        if merged_into(duplicate) != survivor_id or duplicate is None:
            return None
        source, event_id = duplicate.state.get("merge_event") or ("", "")
        recorded = self._view.events.get((source, event_id))
        if recorded is None:
            return None
        at = recorded.position
        return Accepted(event_id, at.topic, at.partition, at.offset, duplicate=True)
