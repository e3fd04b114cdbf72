"""Drives a labelling application to its decision over HTTP (used by the label-award tests)."""

from __future__ import annotations

from typing import Any

import httpx
from livinglab_contracts.labelling import labelling_criteria

from tests.integration.registry.harness import issue_key

CRITERIA = [c.id for c in labelling_criteria().criteria]


def _scores(value: int) -> list[dict[str, Any]]:
    return [{"criterion_id": c, "score": value, "motivation": f"seen {c}"} for c in CRITERIA]


def _ok(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    found: dict[str, Any] = response.json()
    return found


def open_wave(url: str, tag: str, year: int = 2026) -> tuple[httpx.Client, list[httpx.Client]]:
    """Opens wave-<tag>; returns the coordinator's client and three evaluators' clients."""

    def client(**key: Any) -> httpx.Client:
        token = issue_key(url, **key)["token"]
        return httpx.Client(base_url=url, headers={"X-API-Key": token}, timeout=30)

    coordinator = client(system=f"coord-{tag}", role="coordinator")
    evaluators = [client(system=f"eval-{n}-{tag}", role="evaluator") for n in "abc"]
    wave = {"wave_id": f"wave-{tag}", "year": year, "deadline": "2099-12-31"}
    _ok(coordinator.post("/v1/labelling/waves", json=wave))
    return coordinator, evaluators


def decide(
    coordinator: httpx.Client,
    evaluators: list[httpx.Client],
    tag: str,
    application_id: str,
    host_partner_id: str,
    score: int,
    lab_name: str = "Brightlands Living Lab",
) -> str:
    """Applies (as the coordinator, on the host's behalf), assigns the three evaluators, has
    each score every criterion `score`, and records the rule's proposal; returns it."""
    _ok(
        coordinator.post(
            "/v1/labelling/applications",
            json={
                "application_id": application_id,
                "wave_id": f"wave-{tag}",
                "lab_name": lab_name,
                "host_partner_id": host_partner_id,
                "legal_address": "Urmonderbaan 22, Geleen",
                "website": "https://example.org",
                "contact": "labs@example.org",
                "self_assessment": _scores(3),
            },
        )
    )
    path = f"/v1/labelling/applications/{application_id}"
    for name in "abc":
        _ok(coordinator.post(f"{path}/evaluators", json={"evaluator_id": f"eval-{name}-{tag}"}))
    for evaluator in evaluators:
        _ok(evaluator.post(f"{path}/scores", json={"scores": _scores(score)}))
    proposed: str = coordinator.get(path).json()["proposed_member_type"]
    _ok(coordinator.post(f"{path}/decision", json={"member_type": proposed}))
    return proposed
