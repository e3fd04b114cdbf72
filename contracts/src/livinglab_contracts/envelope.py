"""CloudEvents 1.0 envelope (structured JSON mode) with the project's extension attributes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints

DataT = TypeVar("DataT", bound=BaseModel)

EventId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[\x21-\x7e]+$")]
Source = Annotated[str, StringConstraints(min_length=1, max_length=256, pattern=r"^[\x21-\x7e]+$")]


class CloudEvent(BaseModel, Generic[DataT]):
    model_config = ConfigDict(frozen=True, extra="forbid")

    specversion: Literal["1.0"] = Field(description="CloudEvents version; only 1.0")
    id: EventId = Field(description="Unique per event; the dedup key end to end")
    source: Source = Field(
        description="URI-reference of the partner system, e.g. /systems/vista-crm",
        examples=["/systems/vista-crm"],
    )
    type: str = Field(
        max_length=120,
        description="Event type with version",
        examples=["nl.livinglab.partner.registered.v1"],
    )
    time: AwareDatetime = Field(description="When it happened (RFC 3339 with offset)")
    subject: str = Field(
        min_length=1, max_length=100, description="The aggregate id the event is about"
    )
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str | None = Field(default=None, max_length=300)
    sequence: int = Field(
        ge=1,
        le=2**53,
        description="Per-aggregate order: higher than the last event of the same aggregate",
    )
    correlationid: str | None = Field(default=None, max_length=128)
    causationid: str | None = Field(default=None, max_length=128)
    data: DataT

    @property
    def occurred_at(self) -> datetime:
        return self.time
