"""AsyncAPI 3.0 document: every topic, its key, and the messages it carries."""

from __future__ import annotations

from typing import Any

from livinglab_contracts.catalog import ALL_TOPICS, EVENT_SPECS, dead_letter_topic
from livinglab_contracts.schemas import json_schema

_KEYS = {
    "registry.initiatives.v1": "initiative id",
    "registry.partners.v1": "partner id",
    "registry.needs-offers.v1": "need/offer id",
    "matching.matches.v1": "match id",
    "matching.feedback.v1": "match id",
}


def _message_name(event_type: str) -> str:
    return event_type.removeprefix("nl.livinglab.").replace(".", "_").replace("-", "_")


def asyncapi_document() -> dict[str, Any]:
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for topic in ALL_TOPICS:
        specs = [s for s in EVENT_SPECS if s.topic == topic]
        channels[topic.replace(".", "_")] = {
            "address": topic,
            "description": f"Kafka topic keyed by {_KEYS[topic]} (per-aggregate order).",
            "messages": {
                _message_name(s.type): {"$ref": f"#/components/messages/{_message_name(s.type)}"}
                for s in specs
            },
        }
        channels[dead_letter_topic(topic).replace(".", "_")] = {
            "address": dead_letter_topic(topic),
            "description": f"Records from {topic} a consumer could not process, with the reason"
            " in the `x-dlq-reason` header; never silently dropped.",
        }
        for spec in specs:
            messages[_message_name(spec.type)] = {
                "name": spec.type,
                "summary": spec.summary,
                "contentType": "application/cloudevents+json",
                "payload": json_schema(spec.type),
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Livinglab Registry events",
            "version": "1.0.0",
            "description": "CloudEvents 1.0 (structured JSON) on Kafka; `id` is the dedup key,"
            " `sequence` orders events per aggregate.",
        },
        "defaultContentType": "application/cloudevents+json",
        "channels": channels,
        "components": {"messages": messages},
    }
