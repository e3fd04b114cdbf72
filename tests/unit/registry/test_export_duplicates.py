"""Possible duplicate partners: shared KvK/BRIN/ROR numbers or websites across different ids."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from registry.domain.duplicates import possible_duplicates, website_key
from registry.domain.records import Aggregate

from tests.unit.registry.builders import OTHER_SOURCE, raw
from tests.unit.registry.test_api import Api, api, error

__all__ = ["api"]  # the fixture, imported for this module
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def partner(partner_id: str, source: str = "/systems/a", **state: Any) -> Aggregate:
    return Aggregate(partner_id, "partner", source, 1, {"name": partner_id, **state}, WHEN, WHEN)


def ids(kvk: str | None = None, brin: str | None = None, ror: str | None = None) -> Any:
    return {"external_ids": {"kvk": kvk, "brin": brin, "ror": ror, "enoll_member": False}}


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.Vistacollege.nl/over-ons", "vistacollege.nl"),
        ("http://vistacollege.nl:8080", "vistacollege.nl"),
        ("https://vistacollege.nl./", "vistacollege.nl"),
        ("https://www.linkedin.com/company/vista-college/", "linkedin.com/company/vista-college"),
        ("https://www.facebook.com/", None),
    ],
)
def test_a_website_is_compared_by_its_host_or_on_shared_hosts_by_its_page(
    url: str, key: str | None
) -> None:
    assert website_key(url) == key


def test_partners_sharing_a_kvk_number_across_sources_are_one_group() -> None:
    groups = possible_duplicates(
        [
            partner("vista", **ids(kvk="14080231")),
            partner("vista-college-nl", OTHER_SOURCE, **ids(kvk="14080231")),
            partner("zuyd", **ids(kvk="14080999")),
        ]
    )
    [group] = groups
    assert [p.id for p in group.partners] == ["vista", "vista-college-nl"]
    [evidence] = group.evidence
    assert (evidence.kind, evidence.value, evidence.partner_ids) == (
        "kvk",
        "14080231",
        ("vista", "vista-college-nl"),
    )


def test_evidence_links_partners_through_one_another_into_one_group() -> None:
    # a and b share a BRIN, b and c a website: one organisation, three ids.
    groups = possible_duplicates(
        [
            partner("a", **ids(brin="25LX")),
            partner("b", website="https://www.school.nl", **ids(brin="25LX")),
            partner("c", website="http://school.nl/contact", **ids(ror="02jz4aj89")),
            partner("d", **ids(ror="03abcde12")),
        ]
    )
    [group] = groups
    assert [p.id for p in group.partners] == ["a", "b", "c"]
    assert [(e.kind, e.value) for e in group.evidence] == [
        ("brin", "25LX"),
        ("website", "school.nl"),
    ]


def test_partners_with_nothing_in_common_or_only_a_platform_home_page_are_not_listed() -> None:
    assert (
        possible_duplicates(
            [
                partner("a", website="https://www.linkedin.com/", **ids(kvk="11111111")),
                partner("b", website="https://linkedin.com", **ids(kvk="22222222")),
                partner("c"),
            ]
        )
        == []
    )


async def test_only_coordinators_see_duplicates_with_their_evidence(api: Api) -> None:
    partner_key = await api.key()
    other_key = await api.key(system="other-crm", sources=[OTHER_SOURCE])
    coordinator = await api.key(system="coordinator", role="coordinator", sources=[])
    same_kvk = {"external_ids": {"kvk": "14080231"}}
    for headers, event in (
        (partner_key, raw("partner.registered", data=same_kvk)),
        (
            other_key,
            raw(
                "partner.registered",
                source=OTHER_SOURCE,
                subject="vista-nl",
                data={"partner_id": "vista-nl", "name": "Vista", **same_kvk},
            ),
        ),
    ):
        response = await api.client.post("/v1/events", json=event, headers=headers)
        assert response.status_code == 202, response.text

    assert error(await api.client.get("/v1/duplicates", headers=partner_key)) == (
        403,
        "forbidden",
    )
    listed = await api.client.get("/v1/duplicates", headers=coordinator)
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert body["total"] == 1
    [group] = body["groups"]
    assert [p["id"] for p in group["partners"]] == ["vista-college", "vista-nl"]
    assert group["sources"] == sorted([OTHER_SOURCE, "/systems/vista-crm"])
    assert group["evidence"] == [
        {"kind": "kvk", "value": "14080231", "partner_ids": ["vista-college", "vista-nl"]}
    ]
