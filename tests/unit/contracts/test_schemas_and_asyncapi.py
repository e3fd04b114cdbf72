"""Exported documents: a JSON Schema per type that agrees with the parser, and AsyncAPI 3.0."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import jsonschema_rs
import orjson
import pytest
from livinglab_contracts import ALL_TOPICS, EVENT_SPECS, TOPIC_KEYS, dead_letter_topic
from livinglab_contracts.asyncapi import asyncapi_document, channel_name, message_name
from livinglab_contracts.examples import example_events
from livinglab_contracts.labelling import (
    LABELLING_EVENT_TYPES,
    LABELLING_TOPIC,
    EvaluatorAssigned,
    labelling_record,
)
from livinglab_contracts.schemas import all_schemas, bundled_schemas, json_schema

from tests.unit.contracts.builders import with_data

TYPES = [spec.type for spec in EVENT_SPECS]


@pytest.mark.parametrize("event_type", TYPES)
def test_each_type_exports_a_valid_draft_2020_12_schema_that_accepts_its_example(
    event_type: str,
) -> None:
    schema = json_schema(event_type)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["type"] == {"const": event_type, "type": "string"}
    jsonschema_rs.meta.validate(schema)
    validator = jsonschema_rs.Draft202012Validator(schema)
    assert validator.is_valid(example_events()[event_type])
    assert not validator.is_valid(example_events()[event_type] | {"extra": 1})


def test_the_schema_refuses_what_the_parser_refuses() -> None:
    validator = jsonschema_rs.Draft202012Validator(
        json_schema("nl.livinglab.partner.registered.v1")
    )
    assert not validator.is_valid(with_data("partner.registered", kind="bakery"))
    assert not validator.is_valid(with_data("partner.registered", aliases=["a"] * 51))
    assert not validator.is_valid(with_data("partner.registered", name="x" * 201))


def test_schemas_are_json_and_there_is_one_per_type() -> None:
    schemas = all_schemas()
    assert list(schemas) == TYPES
    assert orjson.loads(orjson.dumps(schemas)) == schemas


def test_an_unknown_type_has_no_schema() -> None:
    with pytest.raises(ValueError, match="unknown event type"):
        json_schema("nl.livinglab.partner.hired.v1")


def test_bundled_schemas_share_one_definitions_section() -> None:
    names, definitions = bundled_schemas(ref_template="#/$defs/{model}")
    assert set(names) == set(TYPES)
    for event_type, name in names.items():
        schema = {"$ref": f"#/$defs/{name}", "$defs": definitions}
        assert jsonschema_rs.Draft202012Validator(schema).is_valid(example_events()[event_type])


def _resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for value in node.values() for r in _refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in _refs(value)]
    return []


def test_asyncapi_lists_every_topic_with_its_key_messages_and_dead_letters() -> None:
    document = asyncapi_document()
    assert document["asyncapi"] == "3.0.0"
    addresses = {c["address"] for c in document["channels"].values()}
    assert addresses == {
        *ALL_TOPICS,
        *(dead_letter_topic(t) for t in ALL_TOPICS),
        LABELLING_TOPIC,
    }
    for topic in ALL_TOPICS:
        channel = document["channels"][channel_name(topic)]
        for spec in (s for s in EVENT_SPECS if s.topic == topic):
            message = _resolve(document, channel["messages"][message_name(spec.type)]["$ref"])
            assert message["name"] == spec.type
            assert TOPIC_KEYS[topic] in message["bindings"]["kafka"]["key"]["description"]
        assert {"send_" + channel_name(topic), "receive_" + channel_name(topic)} <= set(
            document["operations"]
        )


def test_every_reference_in_the_asyncapi_document_resolves() -> None:
    document = asyncapi_document()
    refs = _refs(document)
    assert len(refs) > len(EVENT_SPECS)
    for ref in refs:
        _resolve(document, ref)


def test_asyncapi_message_examples_validate_against_their_payload_schema() -> None:
    document = asyncapi_document()
    schemas = document["components"]["schemas"]
    for spec in EVENT_SPECS:
        message = document["components"]["messages"][message_name(spec.type)]
        name = message["payload"]["$ref"].rsplit("/", 1)[1]
        schema = {"$ref": f"#/components/schemas/{name}", "components": {"schemas": schemas}}
        validator = jsonschema_rs.Draft202012Validator(schema)
        assert validator.is_valid(message["examples"][0]["payload"])


def _payload_validator(document: dict[str, Any], message: dict[str, Any]) -> Any:
    name = message["payload"]["$ref"].rsplit("/", 1)[1]
    schemas = document["components"]["schemas"]
    schema = {"$ref": f"#/components/schemas/{name}", "components": {"schemas": schemas}}
    return jsonschema_rs.Draft202012Validator(schema)


def test_asyncapi_has_the_labelling_topic_with_its_five_record_types() -> None:
    document = asyncapi_document()
    channel = document["channels"][channel_name(LABELLING_TOPIC)]
    assert channel["address"] == LABELLING_TOPIC
    assert channel["bindings"]["kafka"]["partitions"] == 1
    assert len(LABELLING_EVENT_TYPES) == 5
    assert set(channel["messages"]) == {message_name(t) for t in LABELLING_EVENT_TYPES}
    for event_type in LABELLING_EVENT_TYPES:
        message = _resolve(document, channel["messages"][message_name(event_type)]["$ref"])
        assert message["name"] == event_type
        assert message["contentType"] == "application/json"
        assert message["bindings"]["kafka"]["key"]["const"] == "labelling"
        # The example is what labelling_record writes, and its schema accepts it.
        example = message["examples"][0]["payload"]
        assert example["type"] == event_type
        LABELLING_EVENT_TYPES[event_type].model_validate(example["data"])
        validator = _payload_validator(document, message)
        assert validator.is_valid(example)
        assert not validator.is_valid(example | {"extra": 1})
        assert not validator.is_valid({**example, "data": {**example["data"], "extra": 1}})
    assert {"send_registry_labelling_v1", "receive_registry_labelling_v1"} <= set(
        document["operations"]
    )
    # No dead-letter channel: the registry checks each step before it is stored.
    assert dead_letter_topic(LABELLING_TOPIC) not in {
        c["address"] for c in document["channels"].values()
    }


def test_a_labelling_record_as_the_registry_writes_it_fits_the_document() -> None:
    document = asyncapi_document()
    step = EvaluatorAssigned(application_id="app-1", evaluator_id="eval-b", assigned_by="c-1")
    record = labelling_record(step, datetime(2026, 12, 6, tzinfo=UTC), "c-1")
    payload = orjson.loads(record.model_dump_json())
    message = document["components"]["messages"][message_name(record.type)]
    validator = _payload_validator(document, message)
    assert validator.is_valid(payload)
    # A record of one type is not valid as another: the type is a constant per message.
    other = document["components"]["messages"]["labelling_wave_opened_v1"]
    assert not _payload_validator(document, other).is_valid(payload)


def test_labelling_schemas_do_not_replace_the_match_contracts_criterion_score() -> None:
    schemas = asyncapi_document()["components"]["schemas"]
    assert "subscore" in schemas["CriterionScore"]["properties"]
    assert "motivation" in schemas["Labelling_CriterionScore"]["properties"]
