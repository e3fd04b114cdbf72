"""The event contract shared by every Livinglab service (CloudEvents 1.0, versioned models)."""

from livinglab_contracts.catalog import (
    ALL_TOPICS,
    EVENT_SPECS,
    FEEDBACK_TOPIC,
    INITIATIVES_TOPIC,
    MATCHES_TOPIC,
    NEEDS_OFFERS_TOPIC,
    PARTNERS_TOPIC,
    REGISTRY_EVENT_TYPES,
    REGISTRY_TOPICS,
    TOPIC_KEYS,
    EventSpec,
    dead_letter_topic,
    spec_for,
    specs_on,
    topic_name,
)
from livinglab_contracts.envelope import CloudEvent
from livinglab_contracts.parsing import (
    AnyEvent,
    canonical_json,
    canonical_of,
    comparable_of,
    decode_event,
    event_json,
    event_spec,
    parse_event,
)
from livinglab_contracts.violations import ContractViolation, Violation

# 1.3: labelling events on their own topic (labelling.py).
# 1.4: the CloudEvents distributed-tracing attributes `traceparent` / `tracestate` on every
#      envelope (trace_context.py); profile freshness: `...confirmed` posted by owners,
#      `...confirmation-requested` and `...marked-stale` written by the registry (freshness.py);
#      `partner.merged`: a duplicate partner goes away in its survivor (partners.py);
#      `partner.label-awarded`: written by the registry when a labelling decision admits a lab
#      its partner hosts (label_awards.py).
CONTRACT_VERSION = "1.4.0"

__all__ = [
    "ALL_TOPICS",
    "CONTRACT_VERSION",
    "EVENT_SPECS",
    "FEEDBACK_TOPIC",
    "INITIATIVES_TOPIC",
    "MATCHES_TOPIC",
    "NEEDS_OFFERS_TOPIC",
    "PARTNERS_TOPIC",
    "REGISTRY_EVENT_TYPES",
    "REGISTRY_TOPICS",
    "TOPIC_KEYS",
    "AnyEvent",
    "CloudEvent",
    "ContractViolation",
    "EventSpec",
    "Violation",
    "canonical_json",
    "canonical_of",
    "comparable_of",
    "dead_letter_topic",
    "decode_event",
    "event_json",
    "event_spec",
    "parse_event",
    "spec_for",
    "specs_on",
    "topic_name",
]
