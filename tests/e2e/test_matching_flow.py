"""A small CoP network posted through the registry ends in explainable matches, and changes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.e2e.conftest import System

# test_duplicates and test_quiet_logs import post_all and wait_for from here.
from tests.e2e.coordinator_network import criterion, post_all, wait_for
from tests.support.events import event, unique

pytestmark = pytest.mark.e2e


def match_between(
    client: httpx.Client, subject: str, other: str, status: str = "proposed"
) -> dict[str, Any] | None:
    page = client.get(
        "/v1/matches",
        params={
            "partner" if subject.startswith("p-") else "initiative": subject,
            "status": status,
            "limit": 200,
        },
    ).json()
    return next((m for m in page["items"] if other in m["subject_ids"]), None)


@pytest.fixture(scope="module")
def cop_network(system: System) -> dict[str, str]:
    ids = {
        name: unique(name)
        for name in ("i-cop", "i-table", "p-vista", "p-zuyd", "p-province", "p-vmbo", "p-company")
    }
    events = [
        event(
            "initiative.registered",
            ids["i-cop"],
            {
                "initiative_id": ids["i-cop"],
                "name": "CoP Chemelot",
                "kind": "community_of_practice",
                "themes": ["procesindustrie", "circulaire-economie"],
                "regions": ["CR39"],
                "status": "active",
            },
        ),
        event(
            "partner.registered",
            ids["p-vista"],
            {
                "partner_id": ids["p-vista"],
                "name": "VISTA college",
                "kind": "roc",
                "education_levels_offered": ["mbo"],
                "themes": ["procestechniek"],
                "regions": ["CR39"],
            },
        ),
        event(
            "partner.registered",
            ids["p-zuyd"],
            {
                "partner_id": ids["p-zuyd"],
                "name": "Zuyd Hogeschool",
                "kind": "hogeschool",
                "education_levels_offered": ["hbo"],
                "themes": ["procesindustrie"],
                "regions": ["GM0917"],
            },
        ),
        event(
            "partner.registered",
            ids["p-province"],
            {
                "partner_id": ids["p-province"],
                "name": "Provincie Limburg",
                "kind": "provincie",
                "themes": ["procesindustrie"],
                "regions": ["NL42"],
            },
        ),
        event(
            "partner.registered",
            ids["p-vmbo"],
            {
                "partner_id": ids["p-vmbo"],
                "name": "vmbo Sittard-Geleen",
                "kind": "school_vo",
                "education_levels_offered": ["vmbo"],
                "themes": ["procestechniek"],
                "regions": ["GM1883"],
            },
        ),
        event(
            "partner.registered",
            ids["p-company"],
            {
                "partner_id": ids["p-company"],
                "name": "Chemelot procesbedrijf",
                "kind": "grootbedrijf",
                "themes": ["circulaire-economie"],
                "regions": ["SITE-CHEMELOT"],
            },
        ),
        event(
            "partner.joined-initiative",
            ids["p-vista"],
            {
                "partner_id": ids["p-vista"],
                "initiative_id": ids["i-cop"],
                "role": "lead",
                "since": "2021-01-01",
            },
            2,
        ),
        event(
            "partner.joined-initiative",
            ids["p-zuyd"],
            {
                "partner_id": ids["p-zuyd"],
                "initiative_id": ids["i-cop"],
                "role": "partner",
                "since": "2021-01-01",
            },
            2,
        ),
        event(
            "partner.joined-initiative",
            ids["p-company"],
            {
                "partner_id": ids["p-company"],
                "initiative_id": ids["i-cop"],
                "role": "partner",
                "since": "2021-01-01",
            },
            2,
        ),
        event(
            "initiative.registered",
            ids["i-table"],
            {
                "initiative_id": ids["i-table"],
                "name": "Innovatietafel 2B",
                "kind": "innovation_table",
                "parent_id": ids["i-cop"],
                "code": "2B",
                "themes": ["circulaire-economie"],
                "regions": ["CR39"],
                "status": "active",
            },
        ),
    ]
    with system.registry_client() as client:
        post_all(client, events)
    return ids


def test_missing_government_partner_is_proposed_with_reasons(
    system: System, cop_network: dict[str, str]
) -> None:
    with system.matching_client() as client:
        match = wait_for(
            lambda: (
                (m := match_between(client, cop_network["p-province"], cop_network["i-cop"]))
                and criterion(m, "M2")["subscore"] == 1.0
                and m
            ),
            what="province -> CoP match",
        )
    criteria = {c["id"]: c for c in match["criteria"]}
    assert criteria["M2"]["subscore"] == 1.0
    assert match["subject_names"] == ["Provincie Limburg", "CoP Chemelot"]
    assert criteria["M2"]["reason_en"] == (
        "brings government (province), which CoP Chemelot does not have yet"
    )
    assert criteria["M2"]["reason_nl"] == "brengt overheid (provincie), die CoP Chemelot nog mist"
    assert match["kind"] == "partner_to_initiative"
    assert match["algorithm_version"]
    assert "M2" in match["top_reasons_en"]


def test_vmbo_school_fills_the_missing_pathway_link(
    system: System, cop_network: dict[str, str]
) -> None:
    with system.matching_client() as client:
        # Events arrive in several batches; the match is updated once VISTA's membership is in.
        match = wait_for(
            lambda: (
                (m := match_between(client, cop_network["p-vmbo"], cop_network["i-cop"]))
                and criterion(m, "M4")["subscore"] == 1.0
                and m
            ),
            what="vmbo -> CoP match with the pathway criterion at 1.0",
        )
    m4 = criterion(match, "M4")
    assert "vmbo" in m4["reason_nl"] and "VISTA college" in m4["reason_en"]


def test_members_are_not_proposed_to_their_own_initiative(
    system: System, cop_network: dict[str, str]
) -> None:
    with system.matching_client() as client:
        wait_for(
            lambda: match_between(client, cop_network["p-province"], cop_network["i-cop"]),
            what="matches",
        )
        assert match_between(client, cop_network["p-vista"], cop_network["i-cop"]) is None


def test_leaving_the_parent_withdraws_the_table_match_that_rested_on_it(
    system: System, cop_network: dict[str, str]
) -> None:
    with system.matching_client() as client:
        wait_for(
            lambda: match_between(client, cop_network["p-company"], cop_network["i-table"]),
            what="company -> innovation table match",
        )
    with system.registry_client() as registry:
        post_all(
            registry,
            [
                event(
                    "partner.left-initiative",
                    cop_network["p-company"],
                    {
                        "partner_id": cop_network["p-company"],
                        "initiative_id": cop_network["i-cop"],
                        "until": "2026-06-01",
                        "reason": "focus elders",
                    },
                    3,
                )
            ],
        )
    with system.matching_client() as client:
        withdrawn = wait_for(
            lambda: match_between(
                client, cop_network["p-company"], cop_network["i-table"], status="withdrawn"
            ),
            what="withdrawn table match",
        )
        assert withdrawn["reason_code"] == "partner_left"
        assert match_between(client, cop_network["p-company"], cop_network["i-table"]) is None
