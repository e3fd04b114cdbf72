"""The registry's own Prometheus metrics: events accepted and refused, by type and reason, and
how long admission plus Kafka's acknowledgement takes. Request rate, errors and latency per
route come from livinglab_common.http_metrics."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from livinglab_common.errors import ApiError
from livinglab_contracts import REGISTRY_EVENT_TYPES
from prometheus_client import Counter, Histogram

from registry.service_layer.submission import Accepted

UNKNOWN_TYPE = "unknown"
_TYPES = frozenset(REGISTRY_EVENT_TYPES)

EVENTS_ACCEPTED = Counter(
    "registry_events_accepted_total",
    "Events newly stored in Kafka, by CloudEvents type",
    ["type"],
)
EVENTS_DUPLICATE = Counter(
    "registry_events_duplicate_total",
    "Events posted again with the same id and body (answered with their first position)",
    ["type"],
)
EVENTS_REFUSED = Counter(
    "registry_events_refused_total",
    "Events refused, by CloudEvents type (unknown if not one of the register's) and the "
    "error code of the answer",
    ["type", "reason"],
)
SUBMISSION_SECONDS = Histogram(
    "registry_submission_seconds",
    "One request's admission and publication until Kafka acknowledged every accepted event "
    "(mode: single or batch)",
    ["mode"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
# Children bound once: the single-event route is the hot path.
_ACCEPTED = {t: EVENTS_ACCEPTED.labels(t) for t in _TYPES}
_DUPLICATE = {t: EVENTS_DUPLICATE.labels(t) for t in _TYPES}
SINGLE_SUBMISSION = SUBMISSION_SECONDS.labels("single")
BATCH_SUBMISSION = SUBMISSION_SECONDS.labels("batch")


def type_of(raw: Any) -> str:
    """The event's type as a label: only the register's own types, so input adds no series."""
    event_type = raw.get("type") if isinstance(raw, Mapping) else None
    return event_type if event_type in _TYPES else UNKNOWN_TYPE


def count_outcome(raw: Any, outcome: Accepted | ApiError) -> None:
    if isinstance(outcome, ApiError):
        count_refusal(raw, outcome.code)
        return
    event_type = type_of(raw)
    if outcome.duplicate:
        (_DUPLICATE.get(event_type) or EVENTS_DUPLICATE.labels(event_type)).inc()
    else:
        (_ACCEPTED.get(event_type) or EVENTS_ACCEPTED.labels(event_type)).inc()


def count_refusal(raw: Any, reason: str) -> None:
    EVENTS_REFUSED.labels(type_of(raw), reason).inc()
