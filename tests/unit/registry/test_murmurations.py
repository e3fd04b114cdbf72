"""A Murmurations profile per living lab (issue 19): the fields the register can fill, checked
against the constraints Murmurations' organizations_schema-v1.0.0 puts on them, and the routes.

MURMURATIONS_CONSTRAINTS is this project's own transcription of those constraints (types,
patterns, enums, limits) for the fields the profile uses, read from the schema library's
organizations_schema-v1.0.0 as revised on 2024-05-03 and its field definitions. The official
files are not vendored (GPL-3.0) and the online index could not be reached from here, so this
test cannot prove that the index accepts the profile; it proves the profile keeps to the
constraints as transcribed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jsonschema_rs
from registry.domain.murmurations import SCHEMA, living_labs, murmurations_profile

from tests.unit.registry.builders import parsed, raw, view_of
from tests.unit.registry.test_api import Api, api, error

__all__ = ["api"]  # the fixture, imported for this module
BASE = "http://registry/v1"
URL = {"type": "string", "maxLength": 2000, "pattern": "^https?://.*"}
MURMURATIONS_CONSTRAINTS: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["linked_schemas", "name"],
    "additionalProperties": False,  # only fields organizations_schema-v1.0.0 defines
    "properties": {
        "linked_schemas": {
            "type": "array",
            "minItems": 1,
            "uniqueItems": True,
            "items": {
                "type": "string",
                "pattern": r"^[a-z][a-z0-9_]{7,97}-v[0-9]+\.[0-9]+\.[0-9]+$",
            },
        },
        "name": {"type": "string", "maxLength": 200},
        "nickname": {"type": "string"},
        "primary_url": URL,
        "tags": {
            "type": "array",
            "minItems": 1,
            "maxItems": 100,
            "uniqueItems": True,
            "items": {"type": "string", "maxLength": 100},
        },
        "urls": {
            "type": "array",
            "uniqueItems": True,
            "items": {
                "type": "object",
                "required": ["url"],
                "properties": {"name": {"type": "string"}, "url": URL},
            },
        },
        "description": {"type": "string"},
        "mission": {"type": "string"},
        "status": {"enum": ["active", "completed", "cancelled", "on_hold", "in_planning"]},
        "full_address": {"type": "string"},
        "country_iso_3166": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "geolocation": {
            "type": "object",
            "required": ["lat", "lon"],
            "properties": {
                "lat": {"type": "number", "minimum": -90, "maximum": 90},
                "lon": {"type": "number", "minimum": -180, "maximum": 180},
            },
        },
        "image": URL,
        "header_image": URL,
        "images": {"type": "array"},
        "rss": URL,
        "relationships": {
            "type": "array",
            "uniqueItems": True,
            "items": {
                "type": "object",
                "required": ["predicate_url", "object_url"],
                "properties": {"predicate_url": URL, "object_url": URL},
            },
        },
        "starts_at": {"type": "number"},
        "ends_at": {"type": "number"},
        "contact_details": {"type": "object"},
        "telephone": {"type": "string"},
        "geographic_scope": {"enum": ["local", "regional", "national", "international"]},
        "unique_id": {"type": "string"},
    },
}
VALIDATOR = jsonschema_rs.Draft7Validator(MURMURATIONS_CONSTRAINTS)
LAB = {
    "initiative_id": "lab-heerlen",
    "name": "Living Lab Heerlen",
    "aliases": ["LLH"],
    "kind": "living_lab",
    "regions": ["CR39", "GM0917"],
    "themes": ["zorg", "circulaire-economie"],
    "website": "https://livinglab-heerlen.example.org",
    "start_date": "2022-03-01",
    "description": "Bewoners, zorg en onderwijs testen samen.",
}


def _joined(partner_id: str, until: str | None = None) -> Any:
    data = {"partner_id": partner_id, "initiative_id": "lab-heerlen", "role": "partner"}
    event = parsed("partner.joined-initiative", subject=partner_id, sequence=2, data=data)
    if until is None:
        return event
    left = {"partner_id": partner_id, "initiative_id": "lab-heerlen", "until": until}
    return [event, parsed("partner.left-initiative", subject=partner_id, sequence=3, data=left)]


def _partner(partner_id: str, **data: Any) -> Any:
    return parsed("partner.registered", subject=partner_id, data={"partner_id": partner_id} | data)


def _lab_network() -> Any:
    events = [
        parsed("initiative.registered", subject="lab-heerlen", data=LAB),
        parsed("initiative.registered"),  # cop-limburg, a community of practice: no profile
        parsed(
            "initiative.registered",
            subject="lab-hidden",
            data=LAB | {"initiative_id": "lab-hidden", "opt_in": False},
        ),
        _partner("vista-college", website="https://www.vistacollege.nl"),
        _partner("zuyd", name="Zuyd"),
        _partner("hidden-bv", name="Hidden BV", opt_in=False),
        _partner("gone-bv", name="Gone BV", website="https://gone.example.org"),
        _joined("vista-college"),
        _joined("zuyd"),
        _joined("hidden-bv"),
        *_joined("gone-bv", until="2024-01-01"),
    ]
    return view_of(*events)


def test_only_published_living_labs_get_a_profile() -> None:
    view = _lab_network()
    assert [lab.id for lab in living_labs(view.aggregates.values())] == ["lab-heerlen"]


def test_the_profile_fills_what_the_register_knows_and_keeps_to_the_schema() -> None:
    view = _lab_network()
    lab = view.aggregates["lab-heerlen"]
    partners = {p.id: p for p in view.of_type("partner")}
    profile = murmurations_profile(lab, partners, BASE)

    errors = [str(e) for e in VALIDATOR.iter_errors(profile)]
    assert errors == [], errors
    assert profile["linked_schemas"] == [SCHEMA] == ["organizations_schema-v1.0.0"]
    assert (profile["name"], profile["nickname"]) == ("Living Lab Heerlen", "LLH")
    assert profile["primary_url"] == "https://livinglab-heerlen.example.org"
    assert profile["tags"] == [
        "living lab",
        "zorg",
        "circulaire-economie",
        "Zuid-Limburg",
        "Heerlen",
    ]
    assert profile["urls"] == [
        {"name": "Livinglab register", "url": f"{BASE}/initiatives/lab-heerlen"}
    ]
    assert profile["description"] == "Bewoners, zorg en onderwijs testen samen."
    assert profile["status"] == "active"
    # Both regions lie in the Netherlands; a COROP region reaches wider than a municipality.
    assert (profile["country_iso_3166"], profile["geographic_scope"]) == ("NL", "regional")
    assert profile["starts_at"] == datetime(2022, 3, 1, tzinfo=UTC).timestamp()
    assert profile["unique_id"] == "lab-heerlen"
    # Current, published members: by their website, else their register URL; the opted-out
    # partner and the one that left are not named.
    assert profile["relationships"] == [
        {"predicate_url": "https://schema.org/member", "object_url": "https://www.vistacollege.nl"},
        {"predicate_url": "https://schema.org/member", "object_url": f"{BASE}/partners/zuyd"},
    ]
    # Not in the register, so not in the profile.
    assert "geolocation" not in profile and "contact_details" not in profile
    assert "ends_at" not in profile


def test_a_closed_lab_without_website_or_regions_is_still_a_valid_profile() -> None:
    bare = {
        "initiative_id": "lab-bare",
        "name": "Kaal lab",
        "kind": "living_lab",
        "regions": [],
        "themes": [],
        "website": None,
    }
    view = view_of(
        parsed("initiative.registered", subject="lab-bare", data=bare),
        parsed(
            "initiative.closed",
            subject="lab-bare",
            sequence=2,
            data={
                "initiative_id": "lab-bare",
                "closed_on": "2025-06-30",
                "reason": "goals_reached",
            },
        ),
    )
    profile = murmurations_profile(view.aggregates["lab-bare"], {}, BASE)
    assert VALIDATOR.is_valid(profile), [str(e) for e in VALIDATOR.iter_errors(profile)]
    assert profile["tags"] == ["living lab"]
    assert profile["status"] == "completed"
    assert profile["ends_at"] == datetime(2025, 6, 30, tzinfo=UTC).timestamp()
    assert "primary_url" not in profile and "country_iso_3166" not in profile


async def test_the_routes_list_and_serve_profiles_to_any_key(api: Api) -> None:
    key = await api.key()
    for event in (
        raw("initiative.registered", subject="lab-heerlen", data=LAB),
        raw("initiative.registered"),
        raw("partner.registered", data={"website": "https://www.vistacollege.nl"}),
        raw(
            "partner.joined-initiative",
            sequence=2,
            data={"initiative_id": "lab-heerlen", "role": "partner"},
        ),
    ):
        response = await api.client.post("/v1/events", json=event, headers=key)
        assert response.status_code == 202, response.text

    listed = await api.client.get("/v1/murmurations/living-labs", headers=key)
    assert listed.status_code == 200, listed.text
    assert listed.json() == {
        "linked_schema": "organizations_schema-v1.0.0",
        "profiles": [
            {
                "initiative_id": "lab-heerlen",
                "name": "Living Lab Heerlen",
                "url": "http://registry/v1/murmurations/living-labs/lab-heerlen",
            }
        ],
    }
    served = await api.client.get("/v1/murmurations/living-labs/lab-heerlen", headers=key)
    assert served.status_code == 200, served.text
    profile = served.json()
    assert VALIDATOR.is_valid(profile)
    assert profile["relationships"] == [
        {"predicate_url": "https://schema.org/member", "object_url": "https://www.vistacollege.nl"}
    ]
    assert profile["urls"][0]["url"] == "http://registry/v1/initiatives/lab-heerlen"

    other_kind = await api.client.get("/v1/murmurations/living-labs/cop-limburg", headers=key)
    unknown = await api.client.get("/v1/murmurations/living-labs/nothing", headers=key)
    assert error(other_kind) == error(unknown) == (404, "not_found")
    assert error(await api.client.get("/v1/murmurations/living-labs")) == (401, "unauthorized")
