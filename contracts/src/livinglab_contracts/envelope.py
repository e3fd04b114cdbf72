"""CloudEvents 1.0 envelope (structured JSON mode) with the project's extension attributes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

from livinglab_contracts.trace_context import EXAMPLE_TRACEPARENT, TraceParent, TraceState

DataT = TypeVar("DataT", bound=BaseModel)

_PRINTABLE = r"^[\x21-\x7e]+$"  # visible ASCII, no spaces: ids travel in headers and logs
EventId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=_PRINTABLE)]
UriReference = Annotated[str, StringConstraints(min_length=1, max_length=256, pattern=_PRINTABLE)]
Uri = Annotated[
    str, StringConstraints(max_length=256, pattern=r"^[A-Za-z][A-Za-z0-9+.\-]*:[\x21-\x7e]+$")
]
EventType = Annotated[
    str, StringConstraints(max_length=120, pattern=r"^[a-z0-9]+(\.[a-z0-9-]+)+\.v[0-9]+$")
]
Subject = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$"),
]


class CloudEvent(BaseModel, Generic[DataT]):
    """One event: CloudEvents attributes, `sequence` for per-aggregate order, typed `data`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    specversion: Literal["1.0"] = Field(description="CloudEvents version; only 1.0")
    id: EventId = Field(
        description="Unique per event; the dedup key end to end (same id, same body)",
        examples=["6c1f0d0e-2f7a-4a51-9a53-2b1f4d1e9c11"],
    )
    source: UriReference = Field(
        description="URI-reference of the producing system", examples=["/systems/vista-crm"]
    )
    type: EventType = Field(
        description="Event type with its version", examples=["nl.livinglab.partner.registered.v1"]
    )
    time: AwareDatetime = Field(
        description="When it happened (RFC 3339 with offset)",
        examples=["2026-03-01T09:00:00+01:00"],
    )
    subject: Subject = Field(
        description="The aggregate id the event is about; equals the data's id field",
        examples=["vista-college"],
    )
    datacontenttype: Literal["application/json"] = Field(
        default="application/json", description="Always application/json"
    )
    dataschema: Uri | None = Field(default=None, description="URI of the data's JSON Schema")
    sequence: int = Field(
        ge=1,
        le=2**53,
        description="Per-aggregate order: higher than the previous event of the same aggregate;"
        " consumers ignore an event whose sequence they have already applied",
        examples=[1],
    )
    correlationid: EventId | None = Field(
        default=None, description="Id shared by every event of one business flow"
    )
    causationid: EventId | None = Field(default=None, description="Id of the event that caused it")
    # CloudEvents distributed-tracing extension (contract 1.4): the trace context of the event's
    # creation; intermediaries pass it on unchanged, and "same id, same body" ignores it.
    traceparent: TraceParent | None = Field(
        default=None,
        description="W3C traceparent of the context the event was created in (CloudEvents"
        " distributed-tracing extension); not part of 'same id, same body'",
        examples=[EXAMPLE_TRACEPARENT],
    )
    tracestate: TraceState | None = Field(
        default=None,
        description="W3C tracestate going with traceparent (at most 512 characters, 32 members)",
        examples=["congo=t61rcWkgMzE"],
    )
    data: DataT

    @property
    def occurred_at(self) -> datetime:
        return self.time
