"""OpenTelemetry tracing for every service, off unless the standard OTEL_* variables ask for it.

`OTEL_TRACES_EXPORTER=otlp` (or `console`) turns it on; the OTLP exporter then reads
`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, headers and timeouts itself,
and `OTEL_SERVICE_NAME` / `OTEL_RESOURCE_ATTRIBUTES` name the service. Unset or `none`: no
provider, no instrumentation, no per-request cost.

What makes the spans (nothing hand-rolled): FastAPI's native telemetry for the server span of
every request (it continues a caller's `traceparent`), the OpenTelemetry aiokafka instrumentation
for every record produced (it writes the W3C `traceparent` header) and received, and the httpx
instrumentation for webhook deliveries (the receiver gets a `traceparent` too). A consumer that
handles records in batches opens one span per batch with `batch_span`: it continues the trace of
the batch's first live record and links every record's trace, so one event can be followed from
`POST /v1/events` to its webhook. A replayed record (written before this consumer started:
a rebuild, a new deployment, a restart catching up) is linked, never continued: its original
trace ended long ago and a replay is a new piece of work.

The context of an event also travels inside it, as the CloudEvents distributed-tracing extension
(`traceparent`/`tracestate` attributes, contract 1.4): the context the event was created in.
A batch span takes a record's parent from that attribute first and from the Kafka `traceparent`
header (the producer's send span) second. The registry's span for a posted event continues the
attribute when the producer sent one and otherwise stamps the event with its own context
(`event_span`, `trace_attributes`); an intermediary never overwrites a producer's value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

import orjson
import wrapt
from fastapi.telemetry import TelemetryConfig
from opentelemetry import propagate, trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    ConsoleSpanExporter,
    SimpleSpanProcessor,
    SpanExporter,
)
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from pydantic_settings import BaseSettings, SettingsConfigDict

TRACER_NAME = "livinglab"
TRACE_ATTRIBUTES = ("traceparent", "tracestate")  # as livinglab_contracts.trace_context names them
_W3C = TraceContextTextMapPropagator()  # the attributes are W3C trace context, never baggage
_instrumented = False


class TracingSettings(BaseSettings):
    """The standard OpenTelemetry variables this module decides on; the exporter reads the rest."""

    model_config = SettingsConfigDict(env_ignore_empty=True, extra="ignore")

    otel_traces_exporter: Literal["none", "otlp", "console"] = "none"
    otel_service_name: str | None = None
    # Only OTLP over HTTP is installed; a request for gRPC fails at start, not silently.
    otel_exporter_otlp_traces_protocol: Literal["http/protobuf"] | None = None
    otel_exporter_otlp_protocol: Literal["http/protobuf"] = "http/protobuf"


def configure_tracing(
    service_name: str,
    settings: TracingSettings | None = None,
    exporter: SpanExporter | None = None,
) -> TracerProvider | None:
    """The process's tracer provider, installed globally with the Kafka and HTTP client
    instrumentation; None when tracing is off. `exporter` (tests: an in-memory one) replaces
    what the settings choose and exports each span as it ends."""
    settings = settings or TracingSettings()
    if exporter is None and settings.otel_traces_exporter == "none":
        return None
    resource = Resource.create({SERVICE_NAME: settings.otel_service_name or service_name})
    provider = TracerProvider(resource=resource)
    if exporter is not None:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    else:
        provider.add_span_processor(BatchSpanProcessor(_exporter(settings)))
    trace.set_tracer_provider(provider)
    _instrument_clients(provider)
    return provider


def fastapi_telemetry(provider: TracerProvider | None) -> TelemetryConfig:
    """FastAPI's native telemetry: server spans when tracing is on. Its metrics and logs stay
    off (metrics are Prometheus at /metrics), and so does everything when tracing is off, so
    FastAPI does not ask the global providers on every request whether they are configured."""
    return {
        "tracing": provider is not None,
        "tracer_provider": provider,
        "metrics": False,
        "logs": False,
        "operation_spans": False,
    }


def _exporter(settings: TracingSettings) -> SpanExporter:
    if settings.otel_traces_exporter == "console":
        return ConsoleSpanExporter()
    # Imported here: a process with tracing off never loads the exporter or protobuf.
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()


def _instrument_clients(provider: TracerProvider) -> None:
    global _instrumented
    if _instrumented:  # once per process: the instrumentations patch the client classes
        return
    from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
    from opentelemetry.instrumentation.aiokafka import AIOKafkaInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    AIOKafkaInstrumentor().instrument(tracer_provider=provider)
    HTTPXClientInstrumentor().instrument(tracer_provider=provider)
    AioHttpClientInstrumentor().instrument(tracer_provider=provider)  # webhooks, registry peers
    # The instrumentation appends `traceparent` to the headers list a caller passes; producers
    # here pass one shared constant (the CloudEvents content-type header), which would grow by a
    # header per record. Wrapped after the instrumentation, so this copy runs first.
    wrapt.wrap_function_wrapper("aiokafka", "AIOKafkaProducer.send", _send_with_own_headers)
    _instrumented = True


def _send_with_own_headers(
    wrapped: Any, _instance: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Any:
    if len(args) > 5:  # headers given by position: send(topic, value, key, partition, ts, headers)
        args, kwargs = args[:5], {**kwargs, "headers": args[5]}
    kwargs["headers"] = list(kwargs.get("headers") or [])
    return wrapped(*args, **kwargs)


def trace_attributes() -> dict[str, str]:
    """The CloudEvents tracing attributes for an event created now: the current span's W3C
    `traceparent` (and `tracestate` if any); empty when no span records (tracing off)."""
    if not trace.get_current_span().is_recording():
        return {}
    carrier: dict[str, str] = {}
    _W3C.inject(carrier)
    return carrier


def carried_context(attributes: Mapping[str, Any]) -> Context | None:
    """The context an event's `traceparent`/`tracestate` attributes carry; None without a
    valid one."""
    carrier = {k: v for k in TRACE_ATTRIBUTES if isinstance(v := attributes.get(k), str)}
    if "traceparent" not in carrier:
        return None
    context = _W3C.extract(carrier)
    return context if trace.get_current_span(context).get_span_context().is_valid else None


@contextmanager
def event_span(
    name: str,
    attributes: Mapping[str, Any],
    span_attributes: Mapping[str, str] | None = None,
    tracer: trace.Tracer | None = None,
) -> Iterator[trace.Span]:
    """A span for one event received (the registry's): a child of the context the event
    carries, linked to the current span (the request that brought it); without one, a child
    of the current span. Only called while tracing is on."""
    tracer = tracer or trace.get_tracer(TRACER_NAME)
    carried = carried_context(attributes)
    current = trace.get_current_span().get_span_context()
    links = [trace.Link(current)] if carried is not None and current.is_valid else []
    with tracer.start_as_current_span(
        name,
        context=carried,
        kind=trace.SpanKind.CONSUMER,
        links=links,
        attributes=span_attributes,
    ) as span:
        yield span


@dataclass(frozen=True)
class Received:
    """What a batch span needs of one record: its headers, its value (an event whose tracing
    attributes come first) and whether it is a replay."""

    headers: Sequence[tuple[str, bytes | None]] | Mapping[str, bytes | None] | None
    replayed: bool = False
    value: bytes | None = None


def _context_of(record: Received) -> Context:
    # The attributes are parsed only when the value names one: tracing off, no producer sets it.
    if record.value is not None and b'"traceparent"' in record.value:
        try:
            event = orjson.loads(record.value)
        except orjson.JSONDecodeError:
            event = None
        carried = carried_context(event) if isinstance(event, dict) else None
        if carried is not None:
            return carried
    carrier = record.headers or []
    pairs = list(carrier.items()) if isinstance(carrier, Mapping) else list(carrier)
    text = {k: v.decode("latin-1") for k, v in pairs if isinstance(k, str) and v is not None}
    return propagate.extract(text)


@contextmanager
def batch_span(
    name: str, records: Sequence[Received], tracer: trace.Tracer | None = None
) -> Iterator[None]:
    """A consumer span around handling one batch: a child of the first live record's trace,
    linked to every record's trace (each record's from its `traceparent` attribute, else its
    Kafka header). A no-op span when tracing is off."""
    tracer = tracer or trace.get_tracer(TRACER_NAME)
    parent: Context | None = None
    links: list[trace.Link] = []
    for record in records:
        span_context = trace.get_current_span(_context_of(record)).get_span_context()
        if not span_context.is_valid:
            continue
        links.append(trace.Link(span_context, {"livinglab.replayed": record.replayed}))
        if parent is None and not record.replayed:
            parent = trace.set_span_in_context(trace.NonRecordingSpan(span_context))
    with tracer.start_as_current_span(
        name,
        context=parent or Context(),  # no live record: a trace of its own, not the caller's
        kind=trace.SpanKind.CONSUMER,
        links=links,
        attributes={"messaging.batch.message_count": len(records)},
    ):
        yield
