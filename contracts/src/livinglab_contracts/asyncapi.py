"""AsyncAPI 3.0 document: every topic, its key, the messages it carries, and its dead letters."""

from __future__ import annotations

from typing import Any

from livinglab_contracts.catalog import (
    ALL_TOPICS,
    REGISTRY_TOPICS,
    TOPIC_KEYS,
    TYPE_PREFIX,
    dead_letter_topic,
    specs_on,
)
from livinglab_contracts.examples import example_event
from livinglab_contracts.schemas import bundled_schemas

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


def asyncapi_document() -> dict[str, Any]:
    names, schemas = bundled_schemas()
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
        "channels": _channels(),
        "operations": _operations(),
        "components": {"messages": _messages(names), "schemas": schemas},
    }
