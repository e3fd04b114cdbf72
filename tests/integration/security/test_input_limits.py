"""Oversized, overfull, overdeep and odd input against the running services: a precise 4xx in
the one error shape (or acceptance, verbatim, of real-world text), never a 500 or a hang.

Per-key rate limiting (429 + Retry-After) is proven in
tests/integration/registry/test_keys_and_owners.py and not repeated here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import orjson
import pytest

from tests.integration.registry.harness import (
    MAX_BATCH_BODY_BYTES,
    MAX_BATCH_ITEMS,
    MAX_BODY_BYTES,
)
from tests.integration.security.conftest import Abused, error_of
from tests.support.processes import ServiceProcess
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration

DEEP = 10_000


def _post_raw(client: httpx.Client, path: str, body: bytes) -> httpx.Response:
    return client.post(path, content=body, headers={"Content-Type": "application/json"})


def _partner_bytes(abused: Abused, name_json: bytes) -> bytes:
    """A partner.registered event whose `data.name` is the given raw JSON text."""
    event = abused.network().event("partner.registered", name="@@")
    return orjson.dumps(event).replace(b'"@@"', name_json)


def _nested(levels: int) -> bytes:
    return b'{"a":' * levels + b"1" + b"}" * levels


# --- registry: POST /v1/events and /v1/events:batch -------------------------------------------


@pytest.mark.parametrize(
    ("name_json", "expected"),
    [
        (b'"' + b"x" * 201 + b'"', (422, "invalid_event", "data.name", "string_too_long")),
        (b'"a\\u0000b"', (422, "invalid_event", "data.name", "control_character")),
        (b'"\\u200b\\u200b"', (422, "invalid_event", "data.name", "no_visible_character")),
        (b'"\\ud800"', (400, "malformed_json", None, None)),
        (b'"\xff\xfe"', (400, "malformed_json", None, None)),
        (b"1e400", (400, "malformed_json", None, None)),
        (b"9" * 400, (400, "malformed_json", None, None)),
        (b'"x", "name": "' + b"y" * 201 + b'"', (422, "invalid_event", "data.name",
                                                  "string_too_long")),
    ],
    ids=["overlong", "nul", "zero-width-only", "lone-surrogate", "not-utf8", "1e400",
         "huge-int", "duplicate-key-last-invalid"],
)  # fmt: skip
def test_registry_refuses_odd_text_precisely(
    abused: Abused, name_json: bytes, expected: tuple[int, str, str | None, str | None]
) -> None:
    status, code, field, rule = expected
    with abused.registry_client() as client:
        response = _post_raw(client, "/v1/events", _partner_bytes(abused, name_json))
    assert error_of(response) == (status, code), response.text
    if field is not None:
        details = response.json()["error"]["details"]
        assert {"field": field, "rule": rule} in [
            {"field": d["field"], "rule": d["rule"]} for d in details
        ]


@pytest.mark.parametrize(
    "name",
    [
        "Zuyd \U0001f393\U0001f3ed",
        "\u05d1\u05d9\u05ea \u202bRTL\u202c",
        "Caf\u00e9\u200bZero width",
        "\U0001f600" * 200,
    ],
    ids=["emoji", "rtl", "zero-width-inside", "200-emoji"],
)
def test_registry_accepts_real_world_unicode(abused: Abused, name: str) -> None:
    event = abused.network().event("partner.registered", name=name)
    with abused.registry_client() as client:
        response = client.post("/v1/events", json=event)
    assert response.status_code == 202, response.text


def test_registry_keeps_the_last_of_duplicated_keys(abused: Abused) -> None:
    body = _partner_bytes(abused, b'"' + b"y" * 300 + b'", "name": "Last wins"')
    with abused.registry_client() as client:
        accepted = _post_raw(client, "/v1/events", body)
        assert accepted.status_code == 202, accepted.text
        # The same id with the value a duplicate-blind reader would keep is the same event.
        again = _post_raw(client, "/v1/events", orjson.dumps(orjson.loads(body)))
    assert (again.status_code, again.json()["duplicate"]) == (200, True)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"[" * DEEP + b"]" * DEEP, (400, "malformed_json")),
        (_nested(DEEP), (400, "malformed_json")),
        (b'{"data": ' + _nested(DEEP) + b"}", (400, "malformed_json")),
    ],
    ids=["deep-array", "deep-object", "deep-data"],
)
@pytest.mark.parametrize("path", ["/v1/events", "/v1/events:batch"])
def test_registry_refuses_deep_and_large_bodies(
    abused: Abused, path: str, body: bytes, expected: tuple[int, str]
) -> None:
    with abused.registry_client() as client:
        response = _post_raw(client, path, body)
    assert error_of(response) == expected, response.text


@pytest.mark.parametrize(
    ("path", "limit"),
    [("/v1/events", MAX_BODY_BYTES), ("/v1/events:batch", MAX_BATCH_BODY_BYTES)],
)
def test_registry_refuses_a_body_over_its_documented_limit(
    abused: Abused, path: str, limit: int
) -> None:
    with abused.registry_client() as client:
        response = _post_raw(client, path, b" " * (limit + 1))
    assert error_of(response) == (413, "body_too_large"), response.text


def test_registry_refuses_an_overfull_batch_and_list(abused: Abused) -> None:
    network = abused.network()
    batch = [network.event("partner.registered") for _ in range(MAX_BATCH_ITEMS + 1)]
    too_many_aliases = network.event("partner.registered", aliases=["a"] * 51)
    with abused.registry_client() as client:
        overfull = client.post("/v1/events:batch", json=batch)
        long_list = client.post("/v1/events", json=too_many_aliases)
    assert error_of(overfull) == (413, "batch_too_large")
    assert error_of(long_list) == (422, "invalid_event")
    assert long_list.json()["error"]["details"][0]["field"] == "data.aliases"


# --- matching: query, path and body -----------------------------------------------------------

LONG = "a" * 5000


@pytest.mark.parametrize(
    ("path", "params", "expected"),
    [
        ("/v1/matches", {"limit": 0}, (422, "invalid_request")),
        ("/v1/matches", {"limit": 201}, (422, "invalid_request")),
        ("/v1/matches", {"limit": -1}, (422, "invalid_request")),
        ("/v1/matches", {"offset": -1}, (422, "invalid_request")),
        ("/v1/matches", {"offset": 100_001}, (422, "invalid_request")),
        ("/v1/matches", {"offset": "9" * 400}, (422, "invalid_request")),
        ("/v1/matches", {"min_score": "1e400"}, (422, "invalid_request")),
        ("/v1/matches", {"min_score": "nan"}, (422, "invalid_request")),
        ("/v1/matches", {"region": "XX99"}, (422, "invalid_request")),
        ("/v1/matches", {"theme": "no-such-theme"}, (422, "invalid_request")),
        ("/v1/matches", {"region": LONG}, (422, "invalid_request")),
        ("/v1/matches", {"initiative": LONG}, (422, "invalid_request")),
        ("/v1/matches", {"partner": "a\x00b"}, (422, "invalid_request")),
        ("/v1/matches", {"theme": "\u202eenergie"}, (422, "invalid_request")),
        ("/v1/reports/gaps", {"region": LONG}, (422, "invalid_request")),
        ("/v1/reports/gaps", {"theme": "unknown"}, (422, "invalid_request")),
        (f"/v1/matches/{LONG}", {}, (422, "invalid_request")),
        (f"/v1/network/{LONG}", {}, (422, "invalid_request")),
        ("/v1/network/%F0%9F%98%80", {}, (422, "invalid_request")),
        ("/v1/matches/unknown-match", {}, (404, "not_found")),
    ],
)
def test_matching_refuses_bad_filters_precisely(
    abused: Abused, path: str, params: dict[str, Any], expected: tuple[int, str]
) -> None:
    with abused.matching_client() as client:
        response = client.get(path, params=params)
    assert error_of(response) == expected, response.text


def test_matching_names_the_unknown_region_and_theme(abused: Abused) -> None:
    with abused.matching_client() as client:
        region = client.get("/v1/matches", params={"region": "XX99"}).json()["error"]
        theme = client.get("/v1/reports/gaps", params={"theme": "nope"}).json()["error"]
    assert region["details"][0] | {"message": ""} == {
        "field": "region",
        "rule": "unknown_region",
        "message": "",
    }
    assert (theme["details"][0]["field"], theme["details"][0]["rule"]) == ("theme", "unknown_theme")


@pytest.mark.parametrize(
    ("path", "params", "rule", "says"),
    [
        ("/v1/reports/gaps", {"region": "Limburg"}, "region_code_form", "use 'NL42' (Limburg)"),
        ("/v1/matches", {"region": "Sittard-Geleen"}, "region_code_form", "use 'GM1883'"),
        ("/v1/matches", {"theme": "Procesindustrie"}, "theme_slug_form", "use 'procesindustrie'"),
    ],
)
def test_matching_names_the_code_for_a_known_name_as_the_registry_does(
    abused: Abused, path: str, params: dict[str, str], rule: str, says: str
) -> None:
    with abused.matching_client() as client:
        response = client.get(path, params=params)
    assert response.status_code == 422, response.text
    detail = response.json()["error"]["details"][0]
    assert detail["rule"] == rule and says in detail["message"], detail


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (_nested(DEEP), (400, "malformed_json")),
        (b'{"decision": "accepted", "reason": "\\ud800"}', (422, "invalid_request")),
        (b'{"decision": "accepted", "reason": "' + b"r" * 501 + b'"}', (422, "invalid_request")),
        (b'{"decision": "accepted", "reason": "' + b"r" * MAX_BODY_BYTES + b'"}',
         (413, "body_too_large")),
    ],
    ids=["deep", "lone-surrogate", "long-reason", "over-64KiB"],
)  # fmt: skip
def test_matching_feedback_refuses_bad_bodies(
    abused: Abused, body: bytes, expected: tuple[int, str]
) -> None:
    with abused.matching_client() as client:
        response = _post_raw(client, "/v1/matches/some-match/feedback", body)
    assert error_of(response) == expected, response.text


# --- notifications: subscriptions and deliveries ----------------------------------------------


def _subscription(**fields: Any) -> bytes:
    return orjson.dumps({"name": "abuse", **fields})


@pytest.mark.parametrize(
    ("make_body", "expected"),
    [
        (lambda: _nested(DEEP), (400, "malformed_json")),
        (lambda: b"[" * DEEP + b"]" * DEEP, (400, "malformed_json")),
        (lambda: b'{"name": "\\ud800"}', (422, "invalid_request")),
        (lambda: b'{"name": "x", "filters": {"min_score": 1e400}}', (422, "invalid_request")),
        (lambda: _subscription(name="n" * 101), (422, "invalid_request")),
        (lambda: _subscription(filters={"regions": ["CR39"] * 51}), (422, "invalid_request")),
        (lambda: _subscription(filters={"subject_ids": ["a"] * 201}), (422, "invalid_request")),
        (lambda: _subscription(filters={"regions": ["XX99"]}), (422, "invalid_request")),
        (lambda: _subscription(filters={"themes": ["t" * 61]}), (422, "invalid_request")),
        (lambda: _subscription(filters={"min_score": 2}), (422, "invalid_request")),
        (lambda: _subscription(webhook={"url": "https://x.example/" + "p" * 2000}),
         (422, "invalid_request")),
        (lambda: _subscription(email={"address": "a" * 300 + "@example.org"}),
         (422, "invalid_request")),
        (lambda: b'{"name": "' + b"n" * MAX_BODY_BYTES + b'"}', (413, "body_too_large")),
        (lambda: b'{"name": "ok", "name": "' + b"n" * 101 + b'"}', (422, "invalid_request")),
    ],
    ids=["deep-object", "deep-array", "lone-surrogate", "1e400", "long-name", "51-regions",
         "201-subjects", "unknown-region", "long-theme", "score-2", "long-url", "long-email",
         "over-64KiB", "duplicate-key-last-invalid"],
)  # fmt: skip
def test_notifications_refuses_bad_subscriptions(
    abused: Abused, make_body: Callable[[], bytes], expected: tuple[int, str]
) -> None:
    with abused.notifications_client() as client:
        response = _post_raw(client, "/v1/subscriptions", make_body())
    assert error_of(response) == expected, response.text


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"offset": "9" * 400}, {"match_id": LONG}],
)
def test_notifications_refuses_bad_delivery_queries(abused: Abused, params: dict[str, Any]) -> None:
    with abused.notifications_client() as client:
        response = client.get("/v1/subscriptions/0123-abcd/deliveries", params=params)
    assert error_of(response) == (422, "invalid_request"), response.text


@pytest.mark.parametrize("subscription_id", [LONG, "not hex", "%00"])
def test_notifications_refuses_bad_subscription_ids(abused: Abused, subscription_id: str) -> None:
    with abused.notifications_client() as client:
        response = client.get(f"/v1/subscriptions/{subscription_id}")
    assert error_of(response) == (422, "invalid_request"), response.text


# --- unicode normal forms and line separators, end to end ---------------------------------------

NFD_NAME = "Cafe\u0301 Ma\u0308rz"  # 'Café März' typed with combining accents
NFC_NAME = "Caf\u00e9 M\u00e4rz"


def test_a_name_sent_in_nfd_is_stored_shown_and_found_in_nfc(abused: Abused) -> None:
    network = abused.network()
    partner_id = network.id("vista-college")
    event = network.event("partner.registered", name=f"{NFD_NAME} {network.tag}")
    with abused.registry_client() as client:
        accepted = client.post("/v1/events", json=event)
        assert accepted.status_code == 202, accepted.text
        # The same event id with the name in NFC is the same event, not a conflicting body.
        in_nfc = event | {"data": event["data"] | {"name": f"{NFC_NAME} {network.tag}"}}
        same = client.post("/v1/events", json=in_nfc)
        assert (same.status_code, same.json().get("duplicate")) == (200, True), same.text
        shown = client.get(f"/v1/partners/{partner_id}").json()["name"]
        found = {
            form: [p["id"] for p in client.get("/v1/partners", params={"q": q}).json()["items"]]
            for form, q in (("nfc", f"{NFC_NAME} {network.tag}"), ("nfd", NFD_NAME))
        }
    assert shown == f"{NFC_NAME} {network.tag}"
    assert partner_id in found["nfc"] and partner_id in found["nfd"], found
    with abused.matching_client() as client:
        node = eventually(
            lambda: client.get(f"/v1/network/{partner_id}").json().get("nodes"), "projection"
        )
    assert node[0]["name"] == f"{NFC_NAME} {network.tag}"


@pytest.mark.parametrize(
    ("data", "field", "rule"),
    [
        ({"name": "two\u2028lines"}, "data.name", "line_break"),
        ({"legal_form": "B.V.\x1b[2J"}, "data.legal_form", "control_character"),
        ({"aliases": ["ok", "tab\there"]}, "data.aliases[1]", "control_character"),
        ({"website": "https://vista.example/\x00"}, "data.website", "string_pattern_mismatch"),
    ],
    ids=["line-separator", "escape-sequence", "tab-in-alias", "nul-in-url"],
)
def test_registry_refuses_breaks_and_controls_in_one_line_text(
    abused: Abused, data: dict[str, Any], field: str, rule: str
) -> None:
    event = abused.network().event("partner.registered", **data)
    with abused.registry_client() as client:
        response = client.post("/v1/events", json=event)
    assert error_of(response) == (422, "invalid_event"), response.text
    assert (field, rule) in [(d["field"], d["rule"]) for d in response.json()["error"]["details"]]


# --- matching: feedback on a real match, the dashboard's files ---------------------------------


@pytest.fixture(scope="module")
def real_match(abused: Abused) -> str:
    """A match the worker proposed between a partner and an initiative of a network of its own."""
    network = abused.network()
    # The example partner, here also working on the initiative's own theme: a sure match.
    events = [
        network.event("partner.registered", themes=["procestechniek", "procesindustrie"]),
        network.event("initiative.registered"),
    ]
    with abused.registry_client() as client:
        for event in events:
            response = client.post("/v1/events", json=event)
            assert response.status_code == 202, response.text
    partner = network.id("vista-college")
    with abused.matching_client() as client:
        items = eventually(
            lambda: client.get("/v1/matches", params={"partner": partner}).json()["items"],
            "a proposed match",
        )
    return str(items[0]["match_id"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"decision": "accepted", "reason": "a\x00b"}, (422, "control_character")),
        ({"decision": "declined", "reason": "csi \x9b"}, (422, "control_character")),
        ({"decision": "accepted", "reason": "r" * 501}, (422, "string_too_long")),
        ({"decision": "accepted", "reasn": "typo"}, (422, "extra_forbidden")),
        ({"decision": "maybe"}, (422, "enum")),
        ({"decision": "accepted", "reason": "Past goed:\n- vmbo\n- mbo \u2705"}, (202, None)),
    ],
    ids=["nul", "c1-control", "long", "unknown-key", "unknown-decision", "multi-line-emoji"],
)
def test_matching_feedback_on_a_real_match_refuses_what_the_contract_refuses(
    abused: Abused, real_match: str, body: dict[str, Any], expected: tuple[int, str | None]
) -> None:
    """Control characters in the reason were a 500 (the event failed the contract after the API
    model let it through); now the API model is the contract's text type."""
    status, rule = expected
    with abused.matching_client() as client:
        response = client.post(f"/v1/matches/{real_match}/feedback", json=body)
    assert response.status_code == status, response.text
    if rule is not None:
        assert error_of(response) == (422, "invalid_request")
        assert rule in [d["rule"] for d in response.json()["error"]["details"]]


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/%00",
        "/dashboard/a%00.js",
        "/dashboard/" + "x" * 5000,
        "/dashboard/" + "/".join(["d" * 250] * 20),
        "/dashboard/%2e%2e/%2e%2e/pyproject.toml",
        "/dashboard/..%2f..%2fpyproject.toml",
        "/dashboard/%5c..%5c..%5cpyproject.toml",
    ],
    ids=["nul", "nul-inside", "long-name", "long-path", "dot-dot", "encoded-slash", "backslash"],
)
def test_dashboard_files_outside_or_unnamable_are_not_found(abused: Abused, path: str) -> None:
    """A NUL or an over-long name in the path was a 500; traversal never leaves dashboard/dist."""
    response = httpx.get(abused.matching.url + path, timeout=30)
    # 404 with the dashboard built (make test builds it), 503 'dashboard_not_built' without it.
    assert error_of(response) in [(404, "not_found"), (503, "dashboard_not_built")], response.text


# --- methods and strict numbers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "path", "allow"),
    [
        ("notifications", "/v1/subscriptions", "GET, HEAD, POST"),
        ("notifications", "/v1/subscriptions/0123-abcd", "GET, HEAD, DELETE"),
        ("registry", "/v1/admin/keys", "GET, HEAD, POST"),
        ("matching", "/v1/matches/x/feedback", "POST"),
    ],
)
def test_a_wrong_method_is_a_405_that_lists_every_method_of_the_resource(
    abused: Abused, service: str, path: str, allow: str
) -> None:
    """Starlette named only the first route's methods (`Allow: POST` for /v1/subscriptions)."""
    process: ServiceProcess = getattr(abused, service)
    response = httpx.request("PATCH", process.url + path, timeout=30)
    assert error_of(response) == (405, "method_not_allowed")
    assert response.headers["Allow"] == allow


@pytest.mark.parametrize(
    ("body", "field", "rule"),
    [
        ({"filters": {"min_score": False}}, "filters.min_score", "float_type"),
        ({"filters": {"min_score": "0.5"}}, "filters.min_score", "float_type"),
        ({"name": "a\x00b"}, "name", "control_character"),
        ({"name": "two\u2029paragraphs"}, "name", "line_break"),
        ({"name": "n" * 101}, "name", "string_too_long"),
    ],
)
def test_notifications_refuses_odd_scores_and_names_at_the_field(
    abused: Abused, body: dict[str, Any], field: str, rule: str
) -> None:
    """`false` was read as a score of 0.0; a NUL or line break went into e-mails."""
    with abused.notifications_client() as client:
        response = client.post("/v1/subscriptions", json=body)
    assert error_of(response) == (422, "invalid_request"), response.text
    assert (field, rule) in [(d["field"], d["rule"]) for d in response.json()["error"]["details"]]


def test_notifications_keeps_a_subscription_name_in_nfc(abused: Abused) -> None:
    with abused.notifications_client() as client:
        created = client.post("/v1/subscriptions", json={"name": NFD_NAME})
        assert created.status_code == 201, created.text
        client.delete(f"/v1/subscriptions/{created.json()['subscription_id']}")
    assert created.json()["name"] == NFC_NAME
