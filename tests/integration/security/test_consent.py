"""Issue 16, D1: a system cannot attach its aggregates to another system's without that owner's
consent; a pending membership is shown as such and is no membership for matching."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from neo4j import Driver

from tests.integration.security.conftest import Abused, error_of
from tests.integration.security.lone_registry import System, new_system
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
TERMS = {"role": "lead", "since": "2021-01-01"}


def _post(system: System, event: dict[str, Any]) -> tuple[int, str]:
    with system.client() as client:
        response = client.post("/v1/events", json=event)
    if response.status_code < 400:
        return response.status_code, ""
    return error_of(response)


def _initiative(system: System, initiative_id: str) -> dict[str, Any]:
    with system.client() as client:
        response = client.get(f"/v1/initiatives/{initiative_id}")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def _graph(neo4j: Driver, namespace: str, partner_id: str, initiative_id: str) -> dict[str, Any]:
    """The partner's sequence in matching's graph and its MEMBER_OF edge to the initiative."""
    records, _, _ = neo4j.execute_query(
        "MATCH (p:Partner {uid: $ns + ':' + $p}) "
        "OPTIONAL MATCH (p)-[m:MEMBER_OF]->(:Initiative {uid: $ns + ':' + $i}) "
        "RETURN p.seq AS seq, m IS NOT NULL AS member, m.until AS until",
        ns=namespace,
        p=partner_id,
        i=initiative_id,
    )
    return dict(records[0]) if records else {}


def test_a_membership_in_another_systems_initiative_waits_for_its_owner(
    abused: Abused, neo4j: Driver
) -> None:
    a, b = new_system(abused.registry.url), new_system(abused.registry.url)
    initiative = b.network.event("initiative.registered")
    partner = a.network.event("partner.registered")
    initiative_id, partner_id = initiative["subject"], partner["subject"]
    assert _post(b, initiative)[0] == 202 and _post(a, partner)[0] == 202

    def membership(source: System, name: str, sequence: int, **data: Any) -> dict[str, Any]:
        event = a.network.event(name, sequence, initiative_id=initiative_id, **data)
        event["source"] = source.source
        return event

    # A cannot make its partner a member (let alone the lead) of B's initiative by itself.
    joined = membership(a, "partner.joined-initiative", 2, **TERMS)
    assert _post(a, joined) == (403, "consent_required")
    # It asks; the request is shown as pending on both sides and is no membership.
    assert _post(a, membership(a, "partner.membership-requested", 2, **TERMS))[0] == 202
    shown = _initiative(a, initiative_id)
    assert shown["members"] == {}
    request = shown["membership_requests"][partner_id]
    assert (request["status"], request["awaiting"]) == ("requested", "initiative")
    # Matching has read the request once it has read A's next event of the same partner.
    marker = a.network.event("partner.updated", 3, has_coordinator=False)
    assert _post(a, marker)[0] == 202
    graph = eventually(
        lambda: (
            (g := _graph(neo4j, abused.namespace, partner_id, initiative_id)).get("seq") == 3 and g
        ),
        "matching to read the partner's events",
    )
    assert graph["member"] is False

    # B confirms on the same terms, with the partner's next sequence: now it is a membership.
    assert _post(b, membership(b, "partner.joined-initiative", 4, **TERMS))[0] == 202
    assert _initiative(a, initiative_id)["members"][partner_id]["role"] == "lead"
    eventually(
        lambda: _graph(neo4j, abused.namespace, partner_id, initiative_id).get("member"),
        "the confirmed membership in matching's graph",
    )
    # B may always end a reference to its own initiative.
    left = membership(b, "partner.left-initiative", 5, until="2026-06-30")
    assert _post(b, left)[0] == 202
    eventually(
        lambda: _graph(neo4j, abused.namespace, partner_id, initiative_id).get("until"),
        "the removal in matching's graph",
    )


def test_publishing_as_or_registering_under_another_systems_aggregate_is_refused(
    abused: Abused,
) -> None:
    a, b = new_system(abused.registry.url), new_system(abused.registry.url)
    parent = b.network.event("initiative.registered")
    partner = b.network.event("partner.registered")
    assert _post(b, parent)[0] == 202 and _post(b, partner)[0] == 202
    need = a.network.event("need.published", publisher_id=partner["subject"])
    child = a.network.event(
        "initiative.registered", subject=a.network.id("child"), parent_id=parent["subject"]
    )
    assert _post(a, need) == (403, "consent_required")
    assert _post(a, child) == (403, "consent_required")
    # The owner itself may do both.
    need["source"] = b.source
    assert _post(b, need)[0] == 202


def test_a_coordinator_confirms_for_the_initiatives_side_and_matching_follows(
    abused: Abused, neo4j: Driver
) -> None:
    a, b = new_system(abused.registry.url), new_system(abused.registry.url)
    initiative = b.network.event("initiative.registered")
    partner = a.network.event("partner.registered")
    initiative_id, partner_id = initiative["subject"], partner["subject"]
    request = a.network.event(
        "partner.membership-requested", 2, initiative_id=initiative_id, **TERMS
    )
    for system, event in ((b, initiative), (a, partner), (a, request)):
        assert _post(system, event)[0] == 202
    path = f"/v1/partners/{partner_id}/membership-requests/{initiative_id}/confirm"
    with a.client() as client:
        by_partner_system = client.post(path)
    assert error_of(by_partner_system) == (403, "forbidden")
    coordinator = {"X-API-Key": abused.coordinator_key}
    with httpx.Client(base_url=abused.registry.url, headers=coordinator, timeout=30) as client:
        confirmed = client.post(path)
    assert confirmed.status_code == 202, confirmed.text
    assert _initiative(a, initiative_id)["members"][partner_id]["role"] == "lead"
    eventually(
        lambda: _graph(neo4j, abused.namespace, partner_id, initiative_id).get("member"),
        "the membership a coordinator confirmed in matching's graph",
    )
