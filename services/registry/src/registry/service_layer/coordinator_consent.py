"""A coordinator answers a pending membership request for the initiative's side.

Coordinators post no events of their own, so the registry writes the answer as an ordinary event
(partner.joined-initiative or partner.membership-declined) under a source naming the coordinator's
key, and admits it like any other: the coordinator stands in for the initiative's owner of this one
request only, so it can confirm what a partner asked, never what an initiative offered.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from livinglab_common.errors import ApiError
from livinglab_common.keys import Principal

from registry.domain.consent import pending_request
from registry.domain.view import RegistryView
from registry.service_layer.submission import Accepted, Submission

COORDINATOR_SOURCE = "/coordinators/"


def coordinator_source(principal: Principal) -> str:
    return COORDINATOR_SOURCE + principal.key_id


class CoordinatorConsent:
    def __init__(self, view: RegistryView, submission: Submission) -> None:
        self._view = view
        self._submission = submission

    async def confirm(self, partner_id: str, initiative_id: str, by: Principal) -> Accepted:
        request = self._awaiting_initiative(partner_id, initiative_id)
        terms = {k: v for k, v in request["terms"].items() if v is not None}
        data = {"partner_id": partner_id, "initiative_id": initiative_id, **terms}
        return await self._post("partner.joined-initiative", partner_id, data, by, initiative_id)

    async def decline(
        self, partner_id: str, initiative_id: str, reason: str | None, by: Principal
    ) -> Accepted:
        self._awaiting_initiative(partner_id, initiative_id)
        data: dict[str, Any] = {"partner_id": partner_id, "initiative_id": initiative_id}
        if reason:
            data["reason"] = reason
        return await self._post("partner.membership-declined", partner_id, data, by, initiative_id)

    def _awaiting_initiative(self, partner_id: str, initiative_id: str) -> dict[str, Any]:
        request = pending_request(self._view.aggregates.get(partner_id), initiative_id)
        if request is None or request["awaiting"] != "initiative":
            raise ApiError(
                409,
                "no_pending_request",
                f"no request of '{partner_id}' for '{initiative_id}' awaits the initiative's side",
            )
        return request

    async def _post(
        self, name: str, partner_id: str, data: dict[str, Any], by: Principal, initiative_id: str
    ) -> Accepted:
        partner = self._view.aggregates[partner_id]
        source = coordinator_source(by)
        event = {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": source,
            "type": f"nl.livinglab.{name}.v1",
            "time": datetime.now(UTC).isoformat(),
            "subject": partner_id,
            "sequence": partner.sequence + 1,
            "data": data,
        }
        acting = replace(by, sources=(source,), granted_aggregates=frozenset({initiative_id}))
        return await self._submission.submit(event, acting)
