"""A labelling application from submitted to decided through HTTP, with three evaluators, blind
scoring and its audit trail; then a fresh registry rebuilds the same states from the topic."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from livinglab_contracts.labelling import labelling_criteria

from tests.integration.registry.harness import issue_key, new_partner, registry_env
from tests.support.processes import ServiceProcess

CRITERIA = [c.id for c in labelling_criteria().criteria]


def scores(value: int) -> list[dict[str, Any]]:
    return [{"criterion_id": c, "score": value, "motivation": f"seen {c}"} for c in CRITERIA]


def client(url: str, token: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers={"X-API-Key": token}, timeout=30)


def error_code(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


def test_an_application_goes_from_submitted_to_decided_and_replays(
    registry: ServiceProcess, registry_topics: str, kafka_bootstrap: str
) -> None:
    tag = uuid.uuid4().hex[:8]
    url = registry.url
    coordinator = client(url, issue_key(url, system=f"coord-{tag}", role="coordinator")["token"])
    evaluators = {
        name: client(url, issue_key(url, system=f"{name}-{tag}", role="evaluator")["token"])
        for name in ("eval-a", "eval-b", "eval-c")
    }
    host = new_partner(url)
    applicant = client(url, host.token)
    registered = host.network.event("partner.registered")
    assert applicant.post("/v1/events", json=registered).status_code == 202
    host_id = registered["data"]["partner_id"]
    wave, app = f"wave-{tag}", f"app-{tag}"

    assert error_code(applicant.post("/v1/labelling/waves", json={})) == (403, "forbidden")
    opened = coordinator.post(
        "/v1/labelling/waves", json={"wave_id": wave, "year": 2026, "deadline": "2099-12-31"}
    )
    assert opened.status_code == 201, opened.text
    incomplete = {
        "application_id": app,
        "wave_id": wave,
        "lab_name": "Brightlands Living Lab",
        "host_partner_id": f"nobody-{tag}",
        "legal_address": "Urmonderbaan 22, Geleen",
        "website": "https://example.org",
        "contact": "labs@example.org",
        "self_assessment": scores(3)[:-1],
    }
    unknown_host = applicant.post(
        "/v1/labelling/applications", json=incomplete | {"self_assessment": scores(3)}
    )
    assert error_code(unknown_host) == (422, "unknown_partner")
    incomplete["host_partner_id"] = host_id
    refused = applicant.post("/v1/labelling/applications", json=incomplete)
    assert error_code(refused) == (422, "invalid_step")
    assert "criteria not scored: VAL4" in refused.json()["error"]["message"]
    submitted = applicant.post(
        "/v1/labelling/applications", json=incomplete | {"self_assessment": scores(3)}
    )
    assert submitted.status_code == 201, submitted.text
    assert submitted.json()["status"] == "submitted"

    path = f"/v1/labelling/applications/{app}"
    early = evaluators["eval-a"].post(f"{path}/scores", json={"scores": scores(4)})
    assert error_code(early) == (409, "not_assigned")
    by_evaluator = evaluators["eval-a"].post(f"{path}/evaluators", json={"evaluator_id": "x"})
    assert error_code(by_evaluator) == (403, "forbidden")
    for name in evaluators:
        assigned = coordinator.post(f"{path}/evaluators", json={"evaluator_id": f"{name}-{tag}"})
        assert assigned.status_code == 201, assigned.text
    assert [
        a["application_id"] for a in evaluators["eval-b"].get("/v1/labelling/queue").json()
    ] == [app]

    assert (
        evaluators["eval-a"].post(f"{path}/scores", json={"scores": scores(4)}).status_code == 201
    )
    again = evaluators["eval-a"].post(f"{path}/scores", json={"scores": scores(4)})
    assert error_code(again) == (409, "already_scored")
    assert evaluators["eval-a"].get("/v1/labelling/queue").json() == []
    # Blind: each evaluator sees only their own scores, the coordinator none, until all scored.
    assert list(evaluators["eval-a"].get(path).json()["scores"]) == [f"eval-a-{tag}"]
    assert evaluators["eval-b"].get(path).json()["scores"] == {}
    assert coordinator.get(path).json()["scores"] == {}
    premature = coordinator.post(f"{path}/decision", json={"member_type": "adherent"})
    assert error_code(premature) == (409, "scores_missing")

    assert (
        evaluators["eval-b"].post(f"{path}/scores", json={"scores": scores(3)}).status_code == 201
    )
    assert (
        evaluators["eval-c"].post(f"{path}/scores", json={"scores": scores(3)}).status_code == 201
    )
    evaluated = coordinator.get(path).json()
    assert evaluated["status"] == "evaluated"
    assert len(evaluated["scores"]) == 3
    assert len(evaluators["eval-a"].get(path).json()["scores"]) == 3
    assert evaluated["proposed_member_type"] == "adherent"  # every category mean 3.33

    decided = coordinator.post(f"{path}/decision", json={"member_type": "adherent"})
    assert decided.status_code == 201, decided.text
    final = decided.json()
    assert final["status"] == "decided"
    assert final["decision"]["member_type"] == "adherent"
    assert final["decision"]["decided_by"] == f"coord-{tag}"
    assert [(e["step"], e["actor"]) for e in final["audit"]] == [
        ("submitted", "it-partner"),
        *[("evaluator_assigned", f"coord-{tag}")] * 3,
        *[("score_submitted", f"{name}-{tag}") for name in evaluators],
        ("decision_recorded", f"coord-{tag}"),
    ]
    assert set(final["seconds_in_state"]) == {
        "submitted",
        "under_evaluation",
        "evaluated",
        "decided",
    }
    labels = coordinator.get(f"/v1/partners/{host_id}").json()["labels"]
    assert labels == [
        {
            "application_id": app,
            "lab_name": "Brightlands Living Lab",
            "member_type": "adherent",
            "label_year": 2026,
        }
    ]
    twice = coordinator.post(f"{path}/decision", json={"member_type": "effective"})
    assert error_code(twice) == (409, "already_decided")

    # Replay: a fresh registry process reads the labelling topic and answers the same.
    before = coordinator.get(path).json()
    replayed = ServiceProcess(
        "registry", registry_env(registry_topics, kafka_bootstrap), name="registry-labelling-replay"
    ).start()
    try:
        token = coordinator.headers["X-API-Key"]
        with client(replayed.url, token) as fresh:
            after = fresh.get(path).json()
    finally:
        replayed.stop()
    timeless = ("seconds_in_state",)
    assert {k: v for k, v in after.items() if k not in timeless} == {
        k: v for k, v in before.items() if k not in timeless
    }
