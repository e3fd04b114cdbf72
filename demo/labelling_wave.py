"""A labelling wave for the demo (issue 19): five applications at every stage of the workflow.

`make run` loads it after the network (scripts/load_demo.py) through the registry's labelling
routes, with the demo coordinator's key and three evaluator keys, so the applications can be
read at `GET /v1/labelling/applications`. The wave's year and deadline follow today's date: a
fixed deadline would refuse the applications once it had passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
from livinglab_contracts.labelling import labelling_criteria

WAVE_ID = "demo-wave"
EVALUATORS = ("demo-evaluator-anna", "demo-evaluator-bas", "demo-evaluator-chantal")


@dataclass(frozen=True)
class DemoApplication:
    application_id: str
    host_partner_id: str  # a partner of the demo network
    lab_name: str
    is_living_lab: bool
    scores: tuple[int, ...]  # one uniform score per evaluator who has scored, in EVALUATORS order
    evaluators: int  # how many are assigned
    decision: str | None  # the member type recorded, None while undecided


APPLICATIONS = (
    DemoApplication(
        "demo-app-brightlands",
        "brightlands",
        "Brightlands Smart Services Living Lab",
        True,
        (4, 4, 5),
        3,
        "effective",
    ),
    DemoApplication(
        "demo-app-chemelot", "chemelot", "Chemelot Circular Living Lab", True, (3, 3, 3), 3, None
    ),
    DemoApplication("demo-app-aeres", "aeres", "Aeres Groene Living Lab", True, (2,), 3, None),
    DemoApplication(
        "demo-app-bureaubas", "bureaubas", "Living Lab Zuid-Limburg", True, (), 0, None
    ),
    DemoApplication(
        "demo-app-accenture",
        "accenture",
        "Accenture Innovation Hub",
        False,
        (3, 2, 3),
        3,
        "innovation_partner",
    ),
)


def _scores(value: int, who: str) -> list[dict[str, Any]]:
    return [
        {"criterion_id": c.id, "score": value, "motivation": f"{who}: {c.name_en.lower()}"}
        for c in labelling_criteria().criteria
    ]


def _ok(response: httpx.Response) -> None:
    if response.status_code >= 300:
        raise RuntimeError(f"labelling demo step refused ({response.status_code}): {response.text}")


def load_wave(
    registry_url: str,
    coordinator_key: str,
    evaluator_keys: dict[str, str],
    hosts: dict[str, str] | None = None,
    wave_id: str = WAVE_ID,
    today: date | None = None,
) -> int:
    """Posts the wave's steps once; returns how many applications it added (0 when a previous
    run already did). `hosts` maps the demo's partner ids to others (tests use their own)."""
    day = today or date.today()
    hosts = hosts or {}
    with httpx.Client(
        base_url=registry_url, headers={"X-API-Key": coordinator_key}, timeout=30
    ) as coordinator:
        known = {a["application_id"] for a in coordinator.get("/v1/labelling/applications").json()}
        if f"{wave_id}-{APPLICATIONS[0].application_id}" in known:
            return 0
        _ok(
            coordinator.post(
                "/v1/labelling/waves",
                json={
                    "wave_id": wave_id,
                    "year": day.year,
                    "deadline": str(day + timedelta(days=60)),
                },
            )
        )
        for demo in APPLICATIONS:
            app_id = f"{wave_id}-{demo.application_id}"
            host = hosts.get(demo.host_partner_id, demo.host_partner_id)
            _ok(
                coordinator.post(
                    "/v1/labelling/applications",
                    json={
                        "application_id": app_id,
                        "wave_id": wave_id,
                        "lab_name": demo.lab_name,
                        "host_partner_id": host,
                        "legal_address": "Limburg, NL (demo)",
                        "website": "https://example.org/demo-lab",
                        "contact": "labs@example.org",
                        "is_living_lab": demo.is_living_lab,
                        "self_assessment": _scores(3, "self-assessment"),
                    },
                )
            )
            path = f"/v1/labelling/applications/{app_id}"
            for evaluator in EVALUATORS[: demo.evaluators]:
                _ok(coordinator.post(f"{path}/evaluators", json={"evaluator_id": evaluator}))
            for evaluator, value in zip(EVALUATORS, demo.scores, strict=False):
                with httpx.Client(
                    base_url=registry_url,
                    headers={"X-API-Key": evaluator_keys[evaluator]},
                    timeout=30,
                ) as scorer:
                    _ok(scorer.post(f"{path}/scores", json={"scores": _scores(value, evaluator)}))
            if demo.decision is not None:
                _ok(coordinator.post(f"{path}/decision", json={"member_type": demo.decision}))
    return len(APPLICATIONS)
