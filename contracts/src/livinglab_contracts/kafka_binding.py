"""The CloudEvents Kafka protocol binding, structured content mode, as this project uses it.

Every event record the project produces holds the whole CloudEvent as JSON in its value and says
so in a `content-type` header, which is how a CloudEvents-aware consumer (the SDKs' Kafka
bindings, Kafka Connect, Spring, Quarkus) tells structured from binary mode. Consumers here read
the value and accept records with or without the header (older records have none).

The distributed-tracing extension (`traceparent`, `tracestate`) is part of the value like every
other attribute. The W3C `traceparent` header some records also carry is the Kafka transport's
own context (the producer's send span, written by the OpenTelemetry aiokafka instrumentation);
consumers prefer the attribute and fall back on the header (livinglab_common.tracing).
"""

from __future__ import annotations

STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
STRUCTURED_HEADERS: list[tuple[str, bytes]] = [
    ("content-type", STRUCTURED_CONTENT_TYPE.encode("ascii"))
]
