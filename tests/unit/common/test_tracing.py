"""Tracing (issue 18): off by default; a batch span continues the trace of the batch's first
live record and links every record's trace, and a replayed record is linked, not continued.
Spans are caught with the OpenTelemetry SDK's in-memory exporter."""

from __future__ import annotations

import orjson
import pytest
from livinglab_common.tracing import (
    Received,
    TracingSettings,
    batch_span,
    carried_context,
    configure_tracing,
    fastapi_telemetry,
    trace_attributes,
)
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pydantic import ValidationError


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
def tracer(exporter: InMemorySpanExporter) -> trace.Tracer:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider.get_tracer("test")


def produced(tracer: trace.Tracer, name: str) -> tuple[trace.SpanContext, list[tuple[str, bytes]]]:
    """A producer span and the record headers the W3C propagator writes for it."""
    headers: dict[str, str] = {}
    with tracer.start_as_current_span(name) as span:
        from opentelemetry import propagate

        propagate.inject(headers)
        return span.get_span_context(), [(k, v.encode()) for k, v in headers.items()]


def only_span(exporter: InMemorySpanExporter, name: str) -> ReadableSpan:
    [span] = [s for s in exporter.get_finished_spans() if s.name == name]
    return span


def test_a_batch_continues_the_first_live_records_trace_and_links_all(
    tracer: trace.Tracer, exporter: InMemorySpanExporter
) -> None:
    first, first_headers = produced(tracer, "post first")
    second, second_headers = produced(tracer, "post second")
    with batch_span("batch", [Received(first_headers), Received(second_headers)], tracer):
        pass
    span = only_span(exporter, "batch")
    assert span.context is not None and span.parent is not None
    assert span.context.trace_id == first.trace_id
    assert span.parent.span_id == first.span_id
    assert [link.context.span_id for link in span.links] == [first.span_id, second.span_id]
    assert span.kind is trace.SpanKind.CONSUMER


def test_a_replayed_record_is_linked_not_continued(
    tracer: trace.Tracer, exporter: InMemorySpanExporter
) -> None:
    original, headers = produced(tracer, "post long ago")
    with batch_span("replay", [Received(headers, replayed=True)], tracer):
        pass
    span = only_span(exporter, "replay")
    assert span.parent is None and span.context is not None
    assert span.context.trace_id != original.trace_id
    [link] = span.links
    assert link.context.trace_id == original.trace_id
    assert link.attributes == {"livinglab.replayed": True}


def test_records_without_trace_headers_start_a_trace_of_their_own(
    tracer: trace.Tracer, exporter: InMemorySpanExporter
) -> None:
    with (
        tracer.start_as_current_span("unrelated caller"),
        batch_span("batch", [Received(None), Received([("content-type", b"x")])], tracer),
    ):
        pass
    span = only_span(exporter, "batch")
    assert span.parent is None and not span.links


def test_mapping_headers_are_read_too(tracer: trace.Tracer, exporter: InMemorySpanExporter) -> None:
    first, headers = produced(tracer, "post")
    with batch_span("batch", [Received(dict(headers))], tracer):
        pass
    span = only_span(exporter, "batch")
    assert span.context is not None and span.context.trace_id == first.trace_id


def test_tracing_is_off_unless_an_exporter_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_TRACES_EXPORTER", raising=False)
    assert configure_tracing("livinglab-test") is None
    assert fastapi_telemetry(None)["tracing"] is False
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "otlp")
    assert TracingSettings().otel_traces_exporter == "otlp"


def test_an_exporter_or_protocol_that_is_not_installed_fails_at_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "zipkin")
    with pytest.raises(ValidationError):
        TracingSettings()
    monkeypatch.setenv("OTEL_TRACES_EXPORTER", "otlp")
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
    with pytest.raises(ValidationError):
        TracingSettings()


# The CloudEvents tracing attributes (contract 1.4) -----------------------------------------------


def event_value(span_context: trace.SpanContext) -> bytes:
    """A record value whose event carries `span_context` as its `traceparent` attribute."""
    traceparent = f"00-{span_context.trace_id:032x}-{span_context.span_id:016x}-01"
    return orjson.dumps({"id": "e-1", "traceparent": traceparent, "data": {}})


def test_the_events_traceparent_attribute_comes_before_the_kafka_header(
    tracer: trace.Tracer, exporter: InMemorySpanExporter
) -> None:
    created, _ = produced(tracer, "event created")
    _, send_headers = produced(tracer, "kafka send")
    with batch_span("batch", [Received(send_headers, value=event_value(created))], tracer):
        pass
    span = only_span(exporter, "batch")
    assert span.parent is not None and span.parent.span_id == created.span_id
    assert span.context is not None and span.context.trace_id == created.trace_id
    [link] = span.links
    assert link.context.span_id == created.span_id


def test_without_a_valid_attribute_the_header_is_read(
    tracer: trace.Tracer, exporter: InMemorySpanExporter
) -> None:
    sent, headers = produced(tracer, "kafka send")
    values = [
        orjson.dumps({"traceparent": "00-not-a-trace-context"}),
        b'{"traceparent": broken json',
        orjson.dumps({"id": "no trace attribute"}),
    ]
    for value in values:
        with batch_span("batch", [Received(headers, value=value)], tracer):
            pass
    spans = [s for s in exporter.get_finished_spans() if s.name == "batch"]
    assert [s.parent.span_id for s in spans if s.parent] == [sent.span_id] * len(values)


def test_a_replayed_event_is_linked_to_its_attributes_trace_not_continued(
    tracer: trace.Tracer, exporter: InMemorySpanExporter
) -> None:
    created, _ = produced(tracer, "event created long ago")
    replayed = Received(None, replayed=True, value=event_value(created))
    with batch_span("rebuild", [replayed], tracer):
        pass
    span = only_span(exporter, "rebuild")
    assert span.parent is None and span.context is not None
    assert span.context.trace_id != created.trace_id
    [link] = span.links
    assert link.context.trace_id == created.trace_id
    assert link.attributes == {"livinglab.replayed": True}


def test_trace_attributes_are_the_current_spans_and_none_without_one(
    tracer: trace.Tracer,
) -> None:
    assert trace_attributes() == {}  # no recording span: tracing off adds nothing
    with tracer.start_as_current_span("batch") as span:
        attributes = trace_attributes()
    context = span.get_span_context()
    assert attributes == {
        "traceparent": f"00-{context.trace_id:032x}-{context.span_id:016x}-"
        f"{context.trace_flags:02x}"
    }
    assert carried_context(attributes) is not None
    assert carried_context({"traceparent": "00-bad"}) is None
    assert carried_context({}) is None
