"""The CloudEvents distributed-tracing extension (contract 1.4): `traceparent` and `tracestate`
are accepted when they are W3C Trace Context, refused with the rule they break otherwise, kept
as sent, and left out of what "same id, same body" compares."""

from __future__ import annotations

from typing import Any

import jsonschema_rs
import pytest
from livinglab_contracts import (
    CONTRACT_VERSION,
    canonical_json,
    canonical_of,
    comparable_of,
    parse_event,
)
from livinglab_contracts.schemas import json_schema
from livinglab_contracts.upcasting import UPCASTERS

from tests.unit.contracts.builders import raw, refusal

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
OTHER_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"


def test_the_contract_is_1_4() -> None:
    assert CONTRACT_VERSION == "1.4.0"


def test_both_attributes_are_kept_as_sent() -> None:
    tracestate = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"
    event = parse_event(raw("partner.registered", traceparent=TRACEPARENT, tracestate=tracestate))
    assert (event.traceparent, event.tracestate) == (TRACEPARENT, tracestate)
    assert b'"traceparent":"' + TRACEPARENT.encode() in canonical_json(event)


@pytest.mark.parametrize(
    "value",
    [
        TRACEPARENT,
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",  # a later version
        "00-00000000000000000000000000000001-0000000000000001-ff",
    ],
)
def test_a_w3c_traceparent_is_accepted(value: str) -> None:
    assert parse_event(raw("partner.registered", traceparent=value)).traceparent == value


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01", "traceparent_format"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", "traceparent_format"),
        ("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01", "traceparent_format"),
        (f"{TRACEPARENT}-extra", "traceparent_format"),
        (f" {TRACEPARENT}", "traceparent_format"),
        ("", "traceparent_format"),
        ("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "traceparent_version"),
        ("00-00000000000000000000000000000000-00f067aa0ba902b7-01", "traceparent_trace_id"),
        ("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "traceparent_parent_id"),
        (1, "string_type"),
    ],
)
def test_a_malformed_traceparent_is_refused_at_its_name(value: object, rule: str) -> None:
    [problem] = refusal(raw("partner.registered", traceparent=value))
    assert (problem["field"], problem["rule"]) == ("traceparent", rule)
    if rule == "traceparent_format":
        assert "version-traceid-parentid-flags" in problem["message"]


@pytest.mark.parametrize(
    "value",
    [
        "congo=t61rcWkgMzE",
        "rojo=00f067aa0ba902b7, congo=t61rcWkgMzE",
        "tenant@vendor=a b,,x=1 ",
        ",".join(f"k{n}=v" for n in range(32)),
    ],
)
def test_a_w3c_tracestate_is_accepted(value: str) -> None:
    assert parse_event(raw("partner.registered", tracestate=value)).tracestate == value


@pytest.mark.parametrize(
    ("value", "rule", "says"),
    [
        ("Congo=1", "tracestate_member", "member 1 'Congo=1'"),
        ("a=1,b", "tracestate_member", "member 2 'b'"),
        ("a=x=y", "tracestate_member", "member 1"),
        ("a=1,a=2", "tracestate_duplicate_key", "key 'a' twice"),
        (",".join(f"k{n}=v" for n in range(33)), "tracestate_too_many_members", "at most 32"),
        ("a=" + "x" * 511, "tracestate_too_long", "at most 512 characters"),
    ],
)
def test_a_malformed_tracestate_is_refused_with_what_is_wrong(
    value: str, rule: str, says: str
) -> None:
    [problem] = refusal(raw("partner.registered", tracestate=value))
    assert (problem["field"], problem["rule"]) == ("tracestate", rule)
    assert says in problem["message"]


def test_the_json_schema_refuses_what_the_parser_refuses() -> None:
    validator = jsonschema_rs.Draft202012Validator(
        json_schema("nl.livinglab.partner.registered.v1")
    )
    assert validator.is_valid(raw("partner.registered", traceparent=TRACEPARENT, tracestate="a=1"))
    for bad in (
        {"traceparent": TRACEPARENT.upper()},
        {"traceparent": "00-00000000000000000000000000000000-00f067aa0ba902b7-01"},
        {"traceparent": "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
        {"tracestate": "A=1"},
        {"tracestate": "a=" + "x" * 511},
    ):
        assert not validator.is_valid(raw("partner.registered", **bad)), bad


def test_same_id_same_body_does_not_compare_the_trace_attributes() -> None:
    plain = parse_event(raw("partner.registered")).model_dump(mode="json")
    traced = parse_event(
        raw("partner.registered", traceparent=TRACEPARENT, tracestate="a=1")
    ).model_dump(mode="json")
    retraced = parse_event(raw("partner.registered", traceparent=OTHER_TRACEPARENT)).model_dump(
        mode="json"
    )
    assert comparable_of(plain) == comparable_of(traced) == comparable_of(retraced)
    assert comparable_of(plain) == canonical_of(plain)  # no trace: the canonical bytes
    assert canonical_of(traced) != canonical_of(plain)  # the record keeps them
    changed = parse_event(raw("partner.registered", sequence=2, traceparent=TRACEPARENT))
    assert comparable_of(changed.model_dump(mode="json")) != comparable_of(plain)


def test_an_upcast_event_keeps_its_trace_context(monkeypatch: pytest.MonkeyPatch) -> None:
    def upcast_v0_v1(event: dict[str, Any]) -> dict[str, Any]:
        return event | {"type": "nl.livinglab.partner.registered.v1"}

    monkeypatch.setitem(UPCASTERS, ("nl.livinglab.partner.registered", 0), upcast_v0_v1)
    old = raw("partner.registered", type="nl.livinglab.partner.registered.v0")
    event = parse_event(old | {"traceparent": TRACEPARENT, "tracestate": "a=1"})
    assert (event.type, event.traceparent, event.tracestate) == (
        "nl.livinglab.partner.registered.v1",
        TRACEPARENT,
        "a=1",
    )
