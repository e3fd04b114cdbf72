"""parse_event: every valid example is accepted and typed; every broken rule is named precisely."""

from __future__ import annotations

from typing import Any

import orjson
import pytest
from livinglab_contracts import (
    EVENT_SPECS,
    REGISTRY_EVENT_TYPES,
    ContractViolation,
    canonical_json,
    canonical_of,
    parse_event,
)
from livinglab_contracts.examples import EXAMPLE_NAMES, example_event, example_events
from livinglab_contracts.initiatives import InitiativeRegistered
from livinglab_contracts.reference.vocabulary import Helix

from tests.unit.contracts.builders import fields_and_rules, raw, refusal, with_data, without


@pytest.mark.parametrize("spec", EVENT_SPECS, ids=lambda s: s.name)
def test_the_example_of_every_type_parses_into_its_data_model(spec: Any) -> None:
    event = parse_event(example_events()[spec.type])
    assert isinstance(event.data, spec.data_model)
    assert event.subject == getattr(event.data, spec.aggregate_field)
    assert event.time.utcoffset() is not None and event.sequence == 1


def test_there_is_exactly_one_example_per_event_type() -> None:
    assert sorted(example_events()) == sorted(spec.type for spec in EVENT_SPECS)
    assert len(EXAMPLE_NAMES) == len(EVENT_SPECS)


def test_parsed_events_are_frozen_and_carry_defaults() -> None:
    event = parse_event(example_event("partner.registered"))
    assert event.datacontenttype == "application/json" and event.dataschema is None
    assert event.data.effective_helix is Helix.ONDERWIJS  # derived from kind "roc"
    with pytest.raises(ValueError, match="frozen"):
        event.data.name = "other"


def test_an_explicit_helix_is_accepted_next_to_the_kind() -> None:
    event = parse_event(with_data("partner.registered", helix="onderzoek"))
    assert event.data.effective_helix is Helix.ONDERZOEK


def test_optional_extension_attributes_are_kept() -> None:
    event = parse_event(raw("match.accepted", correlationid="flow-1", causationid="evt-9"))
    assert (event.correlationid, event.causationid) == ("flow-1", "evt-9")


# Refusals: (what changes, the field it is reported at, the rule) --------------------------------

REFUSALS: list[tuple[str, dict[str, Any], str, str]] = [
    ("partner.registered", {"data.name": None}, "data.name", "missing"),
    ("partner.registered", {"data.kind": "bakery"}, "data.kind", "enum"),
    ("partner.registered", {"data.regions": ["CR39", "XX99"]}, "data.regions[1]", "unknown_region"),
    ("partner.registered", {"data.regions": ["PV31"]}, "data.regions[0]", "region_code_form"),
    ("partner.registered", {"data.themes": ["zorg", "ruimte"]}, "data.themes[1]", "unknown_theme"),
    ("partner.registered", {"data.themes": ["Circulaire economie"]}, "data.themes[0]",
     "theme_slug_form"),
    ("partner.registered", {"data.name": "x" * 201}, "data.name", "string_too_long"),
    ("partner.registered", {"data.aliases": ["a"] * 51}, "data.aliases", "too_long"),
    ("partner.registered", {"data.mbo_programmes": [{"name": "PT", "route": "bol", "niveau": 5}]},
     "data.mbo_programmes[0].niveau", "less_than_equal"),
    ("partner.registered", {"data.external_ids": {"kvk": "123"}}, "data.external_ids.kvk",
     "string_pattern_mismatch"),
    ("partner.registered", {"data.fax": "043-1234567"}, "data.fax", "extra_forbidden"),
    ("partner.registered", {"data.opt_in": "yes"}, "data.opt_in", "bool_type"),
    ("partner.registered", {"data.inferred_fields": ["colour"]}, "data.inferred_fields",
     "unknown_field"),
    ("partner.registered", {"comment": "hi"}, "comment", "extra_forbidden"),
    ("partner.registered", {"time": "2026-03-01T09:00:00"}, "time", "timezone_aware"),
    ("partner.registered", {"time": 1767225600}, "time", "datetime_type"),
    ("partner.registered", {"sequence": 0}, "sequence", "greater_than_equal"),
    ("partner.registered", {"sequence": "2"}, "sequence", "int_type"),
    ("partner.registered", {"specversion": "0.3"}, "specversion", "literal_error"),
    ("partner.registered", {"id": ""}, "id", "string_too_short"),
    ("partner.registered", {"id": "x" * 129}, "id", "string_too_long"),
    ("partner.registered", {"source": "x" * 257}, "source", "string_too_long"),
    ("partner.registered", {"dataschema": "not a uri"}, "dataschema", "string_pattern_mismatch"),
    ("partner.registered", {"datacontenttype": "text/xml"}, "datacontenttype", "literal_error"),
    ("partner.registered", {"id": None}, "id", "missing"),
    ("partner.registered", {"data": None}, "data", "missing"),
    ("initiative.registered", {"data.kind": "innovation_table"}, "data.parent_id",
     "parent_required"),
    ("initiative.registered", {"data.end_date": "2020-01-01"}, "data.end_date", "date_order"),
    ("initiative.registered", {"data.start_date": "2021-02-30"}, "data.start_date", "date_parsing"),
    ("initiative.updated", {"data.themes": None}, "data.initiative_id", "no_change"),
    ("initiative.status-changed", {"data.to_status": "active"}, "data.to_status", "no_change"),
    ("initiative.closed", {"data.reason": "merged"}, "data.successor_id", "successor_required"),
    ("partner.joined-initiative", {"data.role": "sponsor"}, "data.role", "enum"),
    ("need.published", {"data.valid_until": "2025-01-01"}, "data.valid_until", "date_order"),
    ("need.published", {"data.quantity": 0}, "data.quantity", "greater_than_equal"),
    ("match.proposed", {"data.score": 1.5}, "data.score", "less_than_equal"),
    ("match.proposed", {"data.subject_ids": ["a"]}, "data.subject_ids", "too_short"),
    ("match.accepted", {"data.by": {"key_id": "k"}}, "data.by.system", "missing"),
]  # fmt: skip


def _changed(name: str, changes: dict[str, Any]) -> dict[str, Any]:
    event = example_event(name)
    for path, value in changes.items():
        if value is None:
            without(event, path)
        elif path.startswith("data."):
            event["data"][path.removeprefix("data.")] = value
        else:
            event[path] = value
    return event


@pytest.mark.parametrize(("name", "changes", "field", "rule"), REFUSALS)
def test_a_broken_rule_is_reported_at_its_field(
    name: str, changes: dict[str, Any], field: str, rule: str
) -> None:
    assert (field, rule) in fields_and_rules(_changed(name, changes))


def test_every_problem_is_reported_at_once() -> None:
    event = _changed("partner.registered", {"time": "2026-03-01T09:00", "data.kind": "x"})
    assert fields_and_rules(event) == [("time", "timezone_aware"), ("data.kind", "enum")]


def test_messages_name_the_allowed_form() -> None:
    (region,) = refusal(with_data("partner.registered", regions=["PV31"]))
    assert region["message"] == "'PV31' is not a registry region code; use 'NL42' (Limburg)"
    (kind,) = refusal(with_data("partner.registered", kind="bakery"))
    assert "'roc'" in kind["message"] and "'mkb'" in kind["message"]


def test_the_subject_must_be_the_aggregate_id() -> None:
    (problem,) = refusal(raw("partner.joined-initiative", subject="cop-limburg"))
    assert (problem["field"], problem["rule"]) == ("subject", "subject_mismatch")
    assert "data.partner_id 'vista-college'" in problem["message"]


def test_an_unknown_type_names_the_known_types_and_other_envelope_problems() -> None:
    problems = refusal(raw("partner.registered", type="nl.livinglab.partner.hired.v1", time="x"))
    assert [(p["field"], p["rule"]) for p in problems] == [
        ("type", "unknown_type"),
        ("time", "datetime_parsing"),
    ]
    assert all(spec.type in problems[0]["message"] for spec in EVENT_SPECS)


@pytest.mark.parametrize(
    ("event_type", "rule"),
    [
        ("nl.livinglab.partner.registered.v2", "unsupported_version"),
        ("nl.livinglab.partner.registered.v0", "unsupported_version"),
        ("nl.livinglab.partner.registered", "missing_version"),
        (42, "string_type"),
    ],
)
def test_a_wrong_version_names_the_supported_ones(event_type: object, rule: str) -> None:
    (problem, *_) = refusal(raw("partner.registered", type=event_type))
    assert (problem["field"], problem["rule"]) == ("type", rule)
    if rule != "string_type":
        assert "nl.livinglab.partner.registered.v1" in problem["message"]


def test_a_missing_type_is_refused() -> None:
    assert ("type", "missing") in fields_and_rules(without(raw("partner.registered"), "type"))


def test_only_allowed_types_are_accepted_where_a_caller_restricts_them() -> None:
    with pytest.raises(ContractViolation, match="not accepted here") as refused:
        parse_event(example_event("match.proposed"), allowed_types=REGISTRY_EVENT_TYPES)
    assert refused.value.violations[0].rule == "not_accepted_here"


@pytest.mark.parametrize("value", [[], "event", 7, None])
def test_an_event_must_be_an_object(value: object) -> None:
    assert fields_and_rules(value) == [("(event)", "object_type")]


def test_a_refused_value_is_echoed_in_bounded_form_and_valid_utf8() -> None:
    (problem, *_) = refusal(raw("partner.registered", type="nl." + "x" * 10_000 + ".v1"))
    assert len(problem["message"]) < 2_000
    problems = refusal(raw("partner.registered", type="\ud800"))
    assert [p["rule"] for p in problems] == ["unknown_type", "not_json"]
    assert all(p["message"].encode("utf-8") for p in problems)


def test_registering_builds_the_typed_model_with_derived_lists() -> None:
    event = parse_event(example_event("initiative.registered"))
    assert isinstance(event.data, InitiativeRegistered)
    assert event.data.themes == ("procesindustrie", "circulaire-economie", "zij-instroom")


@pytest.mark.parametrize("spec", EVENT_SPECS, ids=lambda s: s.name)
def test_the_request_body_is_validated_as_sent_and_gives_the_same_event(spec: Any) -> None:
    example = example_events()[spec.type]
    from_body = parse_event(example, payload=orjson.dumps(example))
    assert from_body == parse_event(example)
    assert canonical_of(from_body.model_dump(mode="json")) == canonical_json(from_body)


def test_a_refusal_read_from_the_body_names_the_same_fields() -> None:
    broken = with_data("partner.registered", name="a\x00b", kind="bakery")
    with pytest.raises(ContractViolation) as from_body:
        parse_event(broken, payload=orjson.dumps(broken))
    assert from_body.value.as_dicts() == refusal(broken)
    assert [v["field"] for v in refusal(broken)] == ["data.name", "data.kind"]
