"""The registry and the CloudEvents tracing attributes (contract 1.4): the same event under
another trace is a duplicate; with tracing on, the registry's span for an event continues the
producer's `traceparent` (kept as sent) or, when there is none, stamps the event with its own
context; with tracing off nothing is added. Spans go to the SDK's in-memory exporter."""

from __future__ import annotations

from collections.abc import Iterator

import orjson
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from registry.domain.admission import Duplicate
from registry.domain.screening import EventRules
from registry.domain.view import RegistryView
from registry.service_layer.intake import take_in

from tests.unit.registry.builders import parsed, raw, record
from tests.unit.registry.test_admission import decide

PRODUCER = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
ANOTHER = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.fixture
def exporter(monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemorySpanExporter]:
    """Tracing on for the test: a global SDK provider (the API allows setting one only once
    per process, so the test swaps it in and out)."""
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(trace, "_TRACER_PROVIDER", provider)
    yield exporter
    provider.shutdown()


def registry_span(exporter: InMemorySpanExporter) -> ReadableSpan:
    [span] = [s for s in exporter.get_finished_spans() if s.name == "registry event"]
    return span


def test_the_same_event_under_another_trace_is_a_duplicate_not_a_conflict() -> None:
    view = RegistryView()
    record(view, parsed("partner.registered", event_id="evt-1", traceparent=PRODUCER))
    retraced = parsed("partner.registered", event_id="evt-1", traceparent=ANOTHER)
    untraced = parsed("partner.registered", event_id="evt-1")
    assert retraced.canonical != untraced.canonical  # the record keeps what was sent
    assert isinstance(decide(view, retraced), Duplicate)
    assert isinstance(decide(view, untraced), Duplicate)


def test_with_tracing_off_no_attribute_is_invented() -> None:
    intake = take_in(0, raw("partner.registered"), EventRules())
    assert intake.event.trace == {}
    assert b"traceparent" not in intake.event.canonical


def test_an_event_without_trace_context_is_stamped_with_the_registrys_span(
    exporter: InMemorySpanExporter,
) -> None:
    unstamped = parsed("partner.registered", event_id="evt-2")
    with trace.get_tracer("test").start_as_current_span("POST /v1/events") as request:
        intake = take_in(0, raw("partner.registered", event_id="evt-2"), EventRules())
    span = registry_span(exporter)
    assert span.context is not None and span.parent is not None
    assert span.parent.span_id == request.get_span_context().span_id
    context = span.context
    traceparent = f"00-{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"
    assert intake.event.trace == {"traceparent": traceparent}
    assert orjson.loads(intake.event.canonical)["traceparent"] == traceparent
    # Stamping changes the record, not what "same id, same body" compares.
    assert intake.digest == intake.event.digest == unstamped.digest


def test_a_producers_traceparent_is_continued_and_kept_as_sent(
    exporter: InMemorySpanExporter,
) -> None:
    sent = raw("partner.registered", traceparent=PRODUCER, tracestate="congo=t61rcWkgMzE")
    with trace.get_tracer("test").start_as_current_span("POST /v1/events") as request:
        intake = take_in(0, sent, EventRules())
    span = registry_span(exporter)
    assert span.context is not None and span.parent is not None
    assert f"{span.context.trace_id:032x}" == PRODUCER.split("-")[1]
    assert f"{span.parent.span_id:016x}" == PRODUCER.split("-")[2]
    assert span.kind is trace.SpanKind.CONSUMER
    # Linked to the request that brought it, whose trace is the HTTP transport's.
    [link] = span.links
    assert link.context.span_id == request.get_span_context().span_id
    assert intake.event.trace == {"traceparent": PRODUCER, "tracestate": "congo=t61rcWkgMzE"}
    stored = orjson.loads(intake.event.canonical)
    assert (stored["traceparent"], stored["tracestate"]) == (PRODUCER, "congo=t61rcWkgMzE")
