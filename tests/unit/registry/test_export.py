"""Open data export: what is published, CSV that parses, JSON-LD that a JSON-LD processor expands,
and the API's refusals (in process, with an in-memory publisher)."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from pyld import jsonld
from registry.domain.export import (
    CSV_COLUMNS,
    BadMoment,
    parse_as_of,
    published,
    to_csv,
    to_jsonld,
)
from registry.domain.view import RegistryView
from registry.entrypoints import export_routes

from tests.unit.registry.builders import parsed, raw, view_of
from tests.unit.registry.test_api import Api, api, error

__all__ = ["api"]  # the fixture, imported for this module
SCHEMA = "https://schema.org/"
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
KVK = {"external_ids": {"kvk": "14080231", "brin": "25LX", "enoll_member": True}}


def _network_with_an_opted_out_partner() -> list[Any]:
    view = view_of(
        parsed("initiative.registered"),
        parsed("partner.registered", data={**KVK, "website": "https://www.vistacollege.nl"}),
        parsed("partner.joined-initiative", sequence=2),
        parsed(
            "partner.registered",
            subject="hidden-bv",
            data={"partner_id": "hidden-bv", "name": "Hidden BV", "kind": "mkb", "opt_in": False},
        ),
        parsed(
            "partner.joined-initiative",
            subject="hidden-bv",
            sequence=2,
            data={"partner_id": "hidden-bv", "role": "partner"},
        ),
        parsed("need.published"),
        # An offer of the opted-out partner: it follows its publisher's consent, so not exported.
        parsed(
            "offer.published",
            subject="offer-hidden",
            data={"need_offer_id": "offer-hidden", "publisher_id": "hidden-bv"},
        ),
        # An offer of the initiative: exported, offered by the initiative.
        parsed(
            "offer.published",
            subject="offer-cop-stages",
            data={
                "need_offer_id": "offer-cop-stages",
                "publisher_id": "cop-limburg",
                "publisher_type": "initiative",
                "type": "internship_student",
                "title": "Stageplaatsen bij de CoP",
                "quantity": 12,
                "valid_until": "2026-12-31",
                "target_groups": [],
            },
        ),
    )
    return list(view.aggregates.values())


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_the_header_and_one_row_per_published_initiative_and_partner() -> None:
    register = published(_network_with_an_opted_out_partner(), LICENCE, NOW)
    text = to_csv(register)
    rows = _rows(text)
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert [(row["type"], row["id"]) for row in rows] == [
        ("initiative", "cop-limburg"),
        ("partner", "vista-college"),
        ("need", "need-procestechnologen"),
        ("offer", "offer-cop-stages"),
    ]
    initiative, vista, need, offer = rows
    # Lists are JSON arrays; the opted-out member is not named anywhere.
    assert json.loads(initiative["members"]) == ["vista-college"]
    assert json.loads(initiative["regions"]) == ["CR39"]
    assert (vista["kvk"], vista["brin"], vista["ror"]) == ("14080231", "25LX", "")
    assert (vista["enoll_member"], vista["helix"]) == ("true", "onderwijs")
    assert json.loads(vista["member_of"]) == ["cop-limburg"]
    assert vista["website"] == "https://www.vistacollege.nl"
    assert {row["licence"] for row in rows} == {LICENCE}
    assert "hidden" not in text.casefold()
    # Needs and offers of published partners and initiatives, in the same columns where they
    # fit (kind = the need/offer type, name = the title, start/end = the validity).
    assert (need["kind"], need["name"], need["status"]) == (
        "staff_demand",
        "Procestechnologen gezocht",
        "open",
    )
    assert (need["publisher_id"], need["quantity"], need["start_date"]) == (
        "vista-college",
        "20",
        "2026-01-01",
    )
    assert json.loads(need["regions"]) == ["CR39"]
    assert (need["helix"], need["enoll_member"], need["member_of"]) == ("", "", "")
    assert (offer["publisher_id"], offer["end_date"], offer["quantity"]) == (
        "cop-limburg",
        "2026-12-31",
        "12",
    )
    # The opted-out partner's offer is not exported either.
    assert "offer-hidden" not in text


def test_person_ids_and_funding_are_never_exported() -> None:
    view = view_of(
        parsed(
            "initiative.registered",
            data={"coordinator_id": "person-7f3a", "funding_ends_on": "2024-12-31"},
        )
    )
    register = published(view.aggregates.values(), LICENCE, NOW)
    for text in (to_csv(register), json.dumps(to_jsonld(register, "http://r/v1", "Register"))):
        assert "person-7f3a" not in text and "2024-12-31" not in text


def test_jsonld_expands_to_schema_org_organizations_projects_and_identifiers() -> None:
    register = published(_network_with_an_opted_out_partner(), LICENCE, NOW)
    document = to_jsonld(register, "http://registry/v1", "Register")

    [dataset] = jsonld.expand(json.loads(json.dumps(document)))

    assert dataset["@type"] == [f"{SCHEMA}Dataset"]
    assert dataset[f"{SCHEMA}license"] == [{"@id": LICENCE}]
    parts = {part["@id"]: part for part in dataset[f"{SCHEMA}hasPart"]}
    assert sorted(parts) == [
        "http://registry/v1/initiatives/cop-limburg",
        "http://registry/v1/needs-offers/need-procestechnologen",
        "http://registry/v1/needs-offers/offer-cop-stages",
        "http://registry/v1/partners/vista-college",
    ]
    vista = parts["http://registry/v1/partners/vista-college"]
    assert vista["@type"] == [f"{SCHEMA}Organization"]
    identifiers = {
        item[f"{SCHEMA}propertyID"][0]["@value"]: item[f"{SCHEMA}value"][0]["@value"]
        for item in vista[f"{SCHEMA}identifier"]
    }
    assert identifiers == {"livinglab": "vista-college", "KvK": "14080231", "BRIN": "25LX"}
    assert all(item["@type"] == [f"{SCHEMA}PropertyValue"] for item in vista[f"{SCHEMA}identifier"])
    assert vista[f"{SCHEMA}url"] == [{"@id": "https://www.vistacollege.nl"}]
    [role] = vista[f"{SCHEMA}memberOf"]
    assert role["@type"] == [f"{SCHEMA}OrganizationRole"]
    assert role[f"{SCHEMA}roleName"] == [{"@value": "lead"}]
    assert role[f"{SCHEMA}memberOf"] == [{"@id": "http://registry/v1/initiatives/cop-limburg"}]
    cop = parts["http://registry/v1/initiatives/cop-limburg"]
    assert cop["@type"] == [f"{SCHEMA}Project"]
    assert [m[f"{SCHEMA}member"][0]["@id"] for m in cop[f"{SCHEMA}member"]] == [
        "http://registry/v1/partners/vista-college"
    ]


def test_jsonld_needs_are_demands_its_publisher_seeks_and_offers_are_offers() -> None:
    register = published(_network_with_an_opted_out_partner(), LICENCE, NOW)
    document = to_jsonld(register, "http://registry/v1", "Register")
    [dataset] = jsonld.expand(json.loads(json.dumps(document)))
    parts = {part["@id"]: part for part in dataset[f"{SCHEMA}hasPart"]}
    assert "http://registry/v1/needs-offers/offer-hidden" not in parts

    need = parts["http://registry/v1/needs-offers/need-procestechnologen"]
    assert need["@type"] == [f"{SCHEMA}Demand"]
    assert need[f"{SCHEMA}name"] == [{"@value": "Procestechnologen gezocht"}]
    assert need[f"{SCHEMA}category"] == [{"@value": "staff_demand"}]
    assert need[f"{SCHEMA}areaServed"] == [{"@value": "CR39"}]
    assert need[f"{SCHEMA}validFrom"] == [{"@value": "2026-01-01"}]
    [quantity] = need[f"{SCHEMA}eligibleQuantity"]
    assert quantity["@type"] == [f"{SCHEMA}QuantitativeValue"]
    assert quantity[f"{SCHEMA}value"] == [{"@value": 20}]
    # The partner seeks it (JSON-LD @reverse: the triple <vista> schema:seeks <need>).
    assert need["@reverse"] == {
        f"{SCHEMA}seeks": [{"@id": "http://registry/v1/partners/vista-college"}]
    }
    details = {
        (d[f"{SCHEMA}propertyID"][0]["@value"], d[f"{SCHEMA}value"][0]["@value"])
        for d in need[f"{SCHEMA}additionalProperty"]
    }
    assert ("status", "open") in details and ("theme", "procestechnologen") in details

    offer = parts["http://registry/v1/needs-offers/offer-cop-stages"]
    assert offer["@type"] == [f"{SCHEMA}Offer"]
    assert offer[f"{SCHEMA}offeredBy"] == [{"@id": "http://registry/v1/initiatives/cop-limburg"}]
    assert offer[f"{SCHEMA}validThrough"] == [{"@value": "2026-12-31"}]


def test_a_fulfilled_offer_is_exported_with_its_status() -> None:
    view = view_of(
        parsed("partner.registered"),
        parsed("offer.published", data={"publisher_id": "vista-college"}),
        parsed("need-offer.withdrawn", sequence=2),
    )
    rows = _rows(to_csv(published(view.aggregates.values(), LICENCE, NOW)))
    assert [(r["type"], r["id"], r["status"]) for r in rows[1:]] == [
        ("offer", "offer-zij-instroom", "fulfilled")
    ]


def test_every_jsonld_term_expands_so_nothing_is_dropped_silently() -> None:
    register = published(_network_with_an_opted_out_partner(), LICENCE, NOW)
    document = json.loads(json.dumps(to_jsonld(register, "http://registry/v1", "Register")))

    def terms(value: Any) -> set[str]:
        if isinstance(value, list):
            return set().union(*(terms(item) for item in value))
        if isinstance(value, dict):
            own = {key for key in value if not key.startswith("@")}
            nested = (terms(item) for key, item in value.items() if key != "@context")
            return own.union(*nested)
        return set()

    used = terms(document)
    # A processor drops a term its context does not define; here each one becomes schema.org's.
    assert {f"{SCHEMA}{term}" for term in used} == terms(jsonld.expand(document))
    assert {"identifier", "memberOf", "member", "areaServed", "knowsAbout"} <= used
    assert {"seeks", "offeredBy", "category", "validFrom", "eligibleQuantity"} <= used


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-01T12:00:00Z", datetime(2026, 5, 1, 12, tzinfo=UTC)),
        ("2026-05-01T14:00:00.250+02:00", datetime(2026, 5, 1, 12, 0, 0, 250_000, tzinfo=UTC)),
        ("2026-05-01", datetime(2026, 5, 1, tzinfo=UTC)),
    ],
)
def test_as_of_reads_rfc3339_date_times_and_dates(text: str, expected: datetime) -> None:
    assert parse_as_of(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("yesterday", "not an RFC 3339 date-time or a date"),
        ("2026-13-01", "not an RFC 3339 date-time or a date"),
        ("2026-05-01T12:00:00", "needs its zone"),
        ("2027-01-01T00:00:00Z", "lies in the future"),
        ("0001-01-01T00:00:00+05:00", "before the year 1"),
    ],
)
def test_as_of_refusals_say_why(text: str, reason: str) -> None:
    with pytest.raises(BadMoment, match=reason):
        parse_as_of(text, NOW)


# Through the API ----------------------------------------------------------------------------------


async def _post(api: Api, headers: dict[str, str], *events: dict[str, Any]) -> None:
    for event in events:
        response = await api.client.post("/v1/events", json=event, headers=headers)
        assert response.status_code == 202, response.text


async def test_the_api_serves_csv_and_jsonld_with_the_licence(api: Api) -> None:
    key = await api.key()
    await _post(api, key, raw("initiative.registered"), raw("partner.registered", data=KVK))

    as_csv = await api.client.get("/v1/export", params={"format": "csv"}, headers=key)
    assert as_csv.status_code == 200, as_csv.text
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_csv.headers["link"] == f'<{LICENCE}>; rel="license"'
    assert [row["id"] for row in _rows(as_csv.text)] == ["cop-limburg", "vista-college"]

    as_jsonld = await api.client.get("/v1/export", headers=key)
    assert as_jsonld.headers["content-type"].startswith("application/ld+json")
    [dataset] = jsonld.expand(as_jsonld.json())
    assert len(dataset[f"{SCHEMA}hasPart"]) == 2
    assert dataset[f"{SCHEMA}hasPart"][1]["@id"] == "http://registry/v1/partners/vista-college"


async def test_the_api_refuses_bad_requests_precisely(api: Api) -> None:
    key = await api.key()
    assert error(await api.client.get("/v1/export")) == (401, "unauthorized")
    bad_format = await api.client.get("/v1/export", params={"format": "xml"}, headers=key)
    assert bad_format.status_code == 422
    naive = await api.client.get("/v1/export", params={"as_of": "2026-05-01T12:00"}, headers=key)
    assert error(naive) == (422, "invalid_request")
    assert naive.json()["error"]["message"] == (
        "as_of '2026-05-01T12:00': a date-time needs its zone, Z or an offset like +01:00 "
        "(e.g. 2026-05-01T12:00:00Z or 2026-05-01)"
    )
    assert naive.json()["error"]["details"][0]["field"] == "as_of"


async def test_one_as_of_export_at_a_time_and_a_second_is_refused_at_once(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = asyncio.Event(), asyncio.Event()

    async def held_replay(bootstrap: str, prefix: str, moment: datetime) -> RegistryView:
        started.set()
        await release.wait()
        return view_of(parsed("partner.registered"))

    monkeypatch.setattr(export_routes, "register_at", held_replay)
    key = await api.key()
    params = {"format": "csv", "as_of": "2026-01-01"}
    first = asyncio.create_task(api.client.get("/v1/export", params=params, headers=key))
    await started.wait()

    second = await api.client.get("/v1/export", params=params, headers=key)
    assert error(second) == (503, "as_of_unavailable")
    assert second.json()["error"]["message"] == ("another as_of export is being built; retry later")
    assert second.headers["Retry-After"] == "5"

    release.set()
    answered = await first
    assert answered.status_code == 200, answered.text
    assert [row["id"] for row in _rows(answered.text)] == ["vista-college"]
    # The slot is free again.
    assert (await api.client.get("/v1/export", params=params, headers=key)).status_code == 200
