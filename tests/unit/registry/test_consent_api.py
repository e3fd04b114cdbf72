"""The consent rule through the HTTP API in process: states shown, coordinators answering."""

from __future__ import annotations

from typing import Any

from tests.unit.registry.builders import raw
from tests.unit.registry.test_api import Api, api, error

__all__ = ["api"]  # the fixture, imported for this module
OTHER = "/systems/other-crm"  # owns the initiative; vista-crm (the default key) owns the partner


async def _setup(api: Api) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    partner_key = await api.key()
    initiative_key = await api.key(system="other-crm", sources=[OTHER])
    coordinator = await api.key(system="coordinator", role="coordinator", sources=[])
    posted = [
        (initiative_key, raw("initiative.registered", source=OTHER)),
        (partner_key, raw("partner.registered")),
        (partner_key, raw("partner.membership-requested", sequence=2)),
    ]
    for headers, event in posted:
        response = await api.client.post("/v1/events", json=event, headers=headers)
        assert response.status_code == 202, response.text
    return partner_key, initiative_key, coordinator


async def _initiative(api: Api, headers: dict[str, str]) -> dict[str, Any]:
    response = await api.client.get("/v1/initiatives/cop-limburg", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_coordinator_confirms_a_request_for_the_initiatives_side(api: Api) -> None:
    partner_key, _, coordinator = await _setup(api)
    pending = await _initiative(api, coordinator)
    assert pending["members"] == {}
    assert pending["membership_requests"]["vista-college"]["status"] == "requested"
    path = "/v1/partners/vista-college/membership-requests/cop-limburg"
    # Partner systems answer with events, not here.
    assert error(await api.client.post(f"{path}/confirm", headers=partner_key)) == (
        403,
        "forbidden",
    )
    confirmed = await api.client.post(f"{path}/confirm", headers=coordinator)
    assert confirmed.status_code == 202, confirmed.text
    shown = await _initiative(api, coordinator)
    assert shown["members"]["vista-college"]["role"] == "lead"
    assert shown["membership_requests"] == {}
    # Nothing is left to answer.
    assert error(await api.client.post(f"{path}/decline", headers=coordinator)) == (
        409,
        "no_pending_request",
    )


async def test_a_coordinator_declines_with_a_reason_and_the_state_says_so(api: Api) -> None:
    _, _, coordinator = await _setup(api)
    path = "/v1/partners/vista-college/membership-requests/cop-limburg/decline"
    declined = await api.client.post(path, json={"reason": "no seat"}, headers=coordinator)
    assert declined.status_code == 202, declined.text
    request = (await _initiative(api, coordinator))["membership_requests"]["vista-college"]
    assert (request["status"], request["reason"]) == ("declined", "no seat")
    assert request["declined_by_source"].startswith("/coordinators/")


async def test_a_coordinator_cannot_accept_an_invitation_for_the_partner(api: Api) -> None:
    partner_key = await api.key()
    initiative_key = await api.key(system="other-crm", sources=[OTHER])
    coordinator = await api.key(system="coordinator", role="coordinator", sources=[])
    invite = raw(
        "partner.membership-requested",
        sequence=2,
        source=OTHER,
        data={"requested_by": "initiative"},
    )
    for headers, event in (
        (initiative_key, raw("initiative.registered", source=OTHER)),
        (partner_key, raw("partner.registered")),
        (initiative_key, invite),
    ):
        response = await api.client.post("/v1/events", json=event, headers=headers)
        assert response.status_code == 202, response.text
    path = "/v1/partners/vista-college/membership-requests/cop-limburg/confirm"
    assert error(await api.client.post(path, headers=coordinator)) == (409, "no_pending_request")
