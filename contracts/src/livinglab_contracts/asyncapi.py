"""AsyncAPI 3.0 document: every topic, its key, the messages it carries, and its dead letters.

The partner-system topics (catalog.ALL_TOPICS) carry CloudEvents; the labelling topic
(labelling.LABELLING_TOPIC, issue 19) carries LabellingRecords, written and read by the registry
only, and is described by the same document with its own record shape.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from livinglab_contracts.catalog import (
    ALL_TOPICS,
    REGISTRY_TOPICS,
    TOPIC_KEYS,
    TYPE_PREFIX,
    dead_letter_topic,
    specs_on,
)
from livinglab_contracts.examples import example_event
from livinglab_contracts.labelling import (
    LABELLING_EVENT_TYPES,
    LABELLING_RECORD_KEY,
    LABELLING_TOPIC,
    ApplicationSubmitted,
    CriterionScore,
    DecisionRecorded,
    EvaluatorAssigned,
    LabellingData,
    LabellingRecord,
    MemberType,
    ScoreSubmitted,
    WaveOpened,
    labelling_criteria,
    labelling_record,
)
from livinglab_contracts.schemas import COMPONENTS_REF, bundled_schemas

KAFKA_BINDING = "0.5.0"
DEAD_LETTER = "DeadLetter"


def message_name(event_type: str) -> str:
    """'nl.livinglab.partner.joined-initiative.v1' -> 'partner_joined_initiative_v1'."""
    return event_type.removeprefix(TYPE_PREFIX).replace(".", "_").replace("-", "_")


def channel_name(topic: str) -> str:
    return topic.replace(".", "_").replace("-", "_")


def _key(topic: str) -> dict[str, Any]:
    field = TOPIC_KEYS[topic]
    return {"type": "string", "description": f"data.{field} (= subject), UTF-8"}


def _channels() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    for topic in ALL_TOPICS:
        channels[channel_name(topic)] = {
            "address": topic,
            "description": f"Keyed by {TOPIC_KEYS[topic]}, so each aggregate keeps its order.",
            "messages": {
                message_name(s.type): {"$ref": f"#/components/messages/{message_name(s.type)}"}
                for s in specs_on(topic)
            },
            "bindings": {"kafka": {"topic": topic, "bindingVersion": KAFKA_BINDING}},
        }
        dlq = dead_letter_topic(topic)
        channels[channel_name(dlq)] = {
            "address": dlq,
            "description": f"Records from {topic} a consumer could not process; never dropped.",
            "messages": {DEAD_LETTER: {"$ref": f"#/components/messages/{DEAD_LETTER}"}},
        }
    return channels


def _operations() -> dict[str, Any]:
    operations: dict[str, Any] = {}
    for topic in ALL_TOPICS:
        channel = channel_name(topic)
        producer = "registry" if topic in REGISTRY_TOPICS else "matching"
        messages = [
            {"$ref": f"#/channels/{channel}/messages/{message_name(s.type)}"}
            for s in specs_on(topic)
        ]
        for action in ("send", "receive"):
            operations[f"{action}_{channel}"] = {
                "action": action,
                "channel": {"$ref": f"#/channels/{channel}"},
                "summary": f"{producer} sends" if action == "send" else "consumers receive",
                "messages": messages,
            }
    return operations


def _messages(names: dict[str, str]) -> dict[str, Any]:
    messages: dict[str, Any] = {}
    for topic in ALL_TOPICS:
        for spec in specs_on(topic):
            messages[message_name(spec.type)] = {
                "name": spec.type,
                "title": spec.name,
                "summary": spec.summary,
                "contentType": "application/cloudevents+json",
                "payload": {"$ref": f"#/components/schemas/{names[spec.type]}"},
                "bindings": {"kafka": {"key": _key(topic), "bindingVersion": KAFKA_BINDING}},
                "examples": [{"name": "example", "payload": example_event(spec.name)}],
            }
    messages[DEAD_LETTER] = {
        "name": DEAD_LETTER,
        "summary": "The original record, key and value unchanged, with why it was refused",
        "headers": {
            "type": "object",
            "properties": {
                "x-dlq-reason": {"type": "string", "maxLength": 1000},
                "x-dlq-origin": {"type": "string", "description": "The consumer that refused it"},
            },
        },
        "payload": {"description": "The refused value as it was; possibly not JSON at all"},
    }
    return messages


# ---------------------------------------------------------------- labelling (issue 19)


def labelling_message_name(event_type: str) -> str:
    """'nl.livinglab.labelling.wave-opened.v1' -> 'labelling_wave_opened_v1'."""
    return message_name(event_type)


def _labelling_example(event_type: str) -> dict[str, Any]:
    """A record of each type as the registry writes it (labelling_record, JSON)."""
    criteria = labelling_criteria().criteria
    scores = tuple(
        CriterionScore(criterion_id=c.id, score=3, motivation=f"{c.name_en}: shown in the plan")
        for c in criteria
    )
    events: dict[str, tuple[LabellingData, str]] = {
        "nl.livinglab.labelling.wave-opened.v1": (
            WaveOpened(
                wave_id="wave-2026", year=2026, deadline=date(2026, 10, 1), opened_by="coord-1"
            ),
            "coord-1",
        ),
        "nl.livinglab.labelling.application-submitted.v1": (
            ApplicationSubmitted(
                application_id="app-brightlands-2026",
                wave_id="wave-2026",
                lab_name="Brightlands Smart Services Living Lab",
                host_partner_id="brightlands",
                legal_address="Heerlen, NL",
                website="https://example.org/lab",
                contact="labs@example.org",
                self_assessment=scores,
                submitted_by="partner-system-1",
            ),
            "partner-system-1",
        ),
        "nl.livinglab.labelling.evaluator-assigned.v1": (
            EvaluatorAssigned(
                application_id="app-brightlands-2026",
                evaluator_id="eval-anna",
                assigned_by="coord-1",
            ),
            "coord-1",
        ),
        "nl.livinglab.labelling.score-submitted.v1": (
            ScoreSubmitted(
                application_id="app-brightlands-2026", evaluator_id="eval-anna", scores=scores
            ),
            "eval-anna",
        ),
        "nl.livinglab.labelling.decision-recorded.v1": (
            DecisionRecorded(
                application_id="app-brightlands-2026",
                member_type=MemberType.ADHERENT,
                proposed_member_type=MemberType.ADHERENT,
                decided_by="coord-1",
            ),
            "coord-1",
        ),
    }
    event, actor = events[event_type]
    at = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
    return labelling_record(event, at, actor).model_dump(mode="json")


LABELLING_SCHEMA_PREFIX = "Labelling_"
LABELLING_SUMMARIES = {
    "nl.livinglab.labelling.wave-opened.v1": "A coordinator opened a yearly labelling wave",
    "nl.livinglab.labelling.application-submitted.v1": "A living lab applied in a wave, with"
    " its self-assessment on every criterion",
    "nl.livinglab.labelling.evaluator-assigned.v1": "A coordinator assigned an evaluator to an"
    " application",
    "nl.livinglab.labelling.score-submitted.v1": "An evaluator scored every criterion once, with"
    " a motivation each (blind to the others until all have scored)",
    "nl.livinglab.labelling.decision-recorded.v1": "A coordinator recorded the member type,"
    " next to the decision rule's proposal",
}


def _record_schema_name(event_type: str) -> str:
    return LABELLING_SCHEMA_PREFIX + "Record_" + labelling_message_name(event_type)


def _labelling_schemas() -> tuple[dict[str, str], dict[str, Any]]:
    """The data model of each labelling type and one record schema per type around it."""
    models: list[type[BaseModel]] = list(LABELLING_EVENT_TYPES.values())
    # Their own name space: the match contract has a CriterionScore of its own.
    refs, defs = models_json_schema(
        [(m, "serialization") for m in models],
        ref_template=COMPONENTS_REF.replace("{model}", LABELLING_SCHEMA_PREFIX + "{model}"),
    )
    schemas: dict[str, Any] = {
        LABELLING_SCHEMA_PREFIX + name: schema for name, schema in defs.get("$defs", {}).items()
    }
    record_fields = LabellingRecord.model_json_schema()["properties"]
    names: dict[str, str] = {}
    for event_type, model in LABELLING_EVENT_TYPES.items():
        name = _record_schema_name(event_type)
        names[event_type] = name
        schemas[name] = {
            "type": "object",
            "title": f"LabellingRecord ({event_type})",
            "description": "One step of the labelling workflow as the registry stores it: its"
            " type, when the registry admitted it, who took it (the API key's system) and the"
            " step's data.",
            "additionalProperties": False,
            "required": ["type", "time", "actor", "data"],
            "properties": {
                "type": {"type": "string", "const": event_type},
                "time": {"type": "string", "format": "date-time"},
                "actor": record_fields["actor"],
                "data": refs[(model, "serialization")],
            },
        }
    return names, schemas


def _labelling_channel() -> dict[str, Any]:
    return {
        "address": LABELLING_TOPIC,
        "description": "The labelling workflow's steps (issue 19, docs/labelling.md), as"
        " LabellingRecords. One partition and one record key for every step, so they keep"
        " their order (a score refers to an assignment, an application to its wave). Written"
        " only by the registry's labelling routes, read only by the registry (its read model"
        " and the admission lease's catch-up); no dead-letter topic: the registry checks every"
        " step before it is stored.",
        "messages": {
            labelling_message_name(t): {
                "$ref": f"#/components/messages/{labelling_message_name(t)}"
            }
            for t in LABELLING_EVENT_TYPES
        },
        "bindings": {
            "kafka": {"topic": LABELLING_TOPIC, "partitions": 1, "bindingVersion": KAFKA_BINDING}
        },
    }


def _labelling_operations() -> dict[str, Any]:
    channel = channel_name(LABELLING_TOPIC)
    messages = [
        {"$ref": f"#/channels/{channel}/messages/{labelling_message_name(t)}"}
        for t in LABELLING_EVENT_TYPES
    ]
    return {
        f"{action}_{channel}": {
            "action": action,
            "channel": {"$ref": f"#/channels/{channel}"},
            "summary": "the registry's labelling routes send"
            if action == "send"
            else "the registry receives (read model, admission catch-up)",
            "messages": messages,
        }
        for action in ("send", "receive")
    }


def _labelling_messages(names: dict[str, str]) -> dict[str, Any]:
    key = LABELLING_RECORD_KEY.decode()
    return {
        labelling_message_name(event_type): {
            "name": event_type,
            "title": model.__name__,
            "summary": LABELLING_SUMMARIES[event_type],
            "contentType": "application/json",
            "payload": {"$ref": f"#/components/schemas/{names[event_type]}"},
            "bindings": {
                "kafka": {
                    "key": {
                        "type": "string",
                        "const": key,
                        "description": f"always '{key}': one key, one partition, one order",
                    },
                    "bindingVersion": KAFKA_BINDING,
                }
            },
            "examples": [{"name": "example", "payload": _labelling_example(event_type)}],
        }
        for event_type, model in LABELLING_EVENT_TYPES.items()
    }


def asyncapi_document() -> dict[str, Any]:
    names, schemas = bundled_schemas()
    labelling_names, labelling_schemas = _labelling_schemas()
    clash = set(schemas) & set(labelling_schemas)
    if clash:
        raise RuntimeError(f"labelling schema names clash with event schemas: {sorted(clash)}")
    schemas = {**schemas, **labelling_schemas}
    channels = {**_channels(), channel_name(LABELLING_TOPIC): _labelling_channel()}
    operations = {**_operations(), **_labelling_operations()}
    messages = {**_messages(names), **_labelling_messages(labelling_names)}
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Livinglab Registry events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 (structured JSON) on Kafka. `id` is the dedup key end"
            " to end; `sequence` orders the events of one aggregate. Test runs prefix every"
            " topic name.",
        },
        "defaultContentType": "application/cloudevents+json",
        "servers": {
            "local": {"host": "127.0.0.1:9092", "protocol": "kafka", "description": "make run"}
        },
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }
