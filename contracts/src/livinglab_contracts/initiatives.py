"""Initiative lifecycle events (domain.md 6.1)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from livinglab_contracts.fields import (
    MAX_LIST,
    AggregateId,
    LongText,
    Name,
    RegionCode,
    ShortText,
    ThemeSlug,
    Url,
)
from livinglab_contracts.reference.education import EducationLevel
from livinglab_contracts.reference.vocabulary import (
    Challenge,
    CollaborationType,
    InitiativeKind,
    InitiativeStatus,
    LearningFunction,
    TargetGroup,
    Topsector,
    TriangleAxis,
)

Frozen = ConfigDict(frozen=True, extra="forbid")
Many = Field(default=(), max_length=MAX_LIST)


class InitiativeProfile(BaseModel):
    """Fields an initiative is registered with; updates may change any of them."""

    model_config = Frozen

    name: Name = Field(examples=["CoP: Community of Practice"])
    aliases: tuple[Name, ...] = Many
    kind: InitiativeKind
    parent_id: AggregateId | None = Field(
        default=None, description="Parent initiative, required for innovation tables"
    )
    code: Annotated[str, Field(max_length=20)] | None = Field(default=None, examples=["2A"])
    description: LongText = ""
    goals: tuple[ShortText, ...] = Many
    collaboration_type: CollaborationType | None = None
    legal_form: Annotated[str, Field(max_length=50)] | None = None
    triangle_axes: tuple[TriangleAxis, ...] = Field(default=(), max_length=3)
    learning_functions: tuple[LearningFunction, ...] = Field(default=(), max_length=3)
    themes: tuple[ThemeSlug, ...] = Many
    topsectors: tuple[Topsector, ...] = Field(default=(), max_length=10)
    regions: tuple[RegionCode, ...] = Many
    education_levels: tuple[EducationLevel, ...] = Field(default=(), max_length=14)
    target_groups: tuple[TargetGroup, ...] = Field(default=(), max_length=19)
    challenges: tuple[Challenge, ...] = Field(default=(), max_length=10)
    status: InitiativeStatus = InitiativeStatus.ACTIVE
    start_date: date | None = None
    end_date: date | None = None
    funding_ends_on: date | None = Field(default=None, description="When the current funding ends")
    coordinator_id: AggregateId | None = Field(
        default=None, description="Pseudonymous person id of the coordinator or project manager"
    )
    opt_in: bool = Field(
        default=True, description="Takes part in matching ('alleen wie wil doet mee')"
    )
    website: Url | None = None
    inferred_fields: tuple[Annotated[str, Field(max_length=60)], ...] = Field(
        default=(), max_length=MAX_LIST, description="Fields that the source marks as (inferred)"
    )


class InitiativeRegistered(InitiativeProfile):
    initiative_id: AggregateId

    @model_validator(mode="after")
    def _consistent(self) -> InitiativeRegistered:
        if self.kind is InitiativeKind.INNOVATION_TABLE and self.parent_id is None:
            raise ValueError("parent_id: an innovation table always belongs to a parent initiative")
        if self.parent_id == self.initiative_id:
            raise ValueError("parent_id: an initiative cannot be its own parent")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date: must not be before start_date")
        if self.status is InitiativeStatus.CLOSED:
            raise ValueError("status: register an initiative open, then send initiative.closed")
        return self


class InitiativeUpdated(BaseModel):
    """Only the fields present are changed; `status` changes go through status-changed."""

    model_config = Frozen

    initiative_id: AggregateId
    name: Name | None = None
    aliases: tuple[Name, ...] | None = Field(default=None, max_length=MAX_LIST)
    description: LongText | None = None
    goals: tuple[ShortText, ...] | None = Field(default=None, max_length=MAX_LIST)
    collaboration_type: CollaborationType | None = None
    themes: tuple[ThemeSlug, ...] | None = Field(default=None, max_length=MAX_LIST)
    topsectors: tuple[Topsector, ...] | None = Field(default=None, max_length=10)
    regions: tuple[RegionCode, ...] | None = Field(default=None, max_length=MAX_LIST)
    education_levels: tuple[EducationLevel, ...] | None = Field(default=None, max_length=14)
    target_groups: tuple[TargetGroup, ...] | None = Field(default=None, max_length=19)
    challenges: tuple[Challenge, ...] | None = Field(default=None, max_length=10)
    end_date: date | None = None
    funding_ends_on: date | None = None
    coordinator_id: AggregateId | None = None
    opt_in: bool | None = None
    website: Url | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> InitiativeUpdated:
        if not self.changed_fields():
            raise ValueError("an update must change at least one field besides initiative_id")
        return self

    def changed_fields(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude_none=True, exclude={"initiative_id"})


class InitiativeStatusChanged(BaseModel):
    model_config = Frozen

    initiative_id: AggregateId
    from_status: InitiativeStatus
    to_status: InitiativeStatus
    reason: ShortText | None = None

    @model_validator(mode="after")
    def _real_transition(self) -> InitiativeStatusChanged:
        if self.from_status == self.to_status:
            raise ValueError("to_status: must differ from from_status")
        if self.to_status is InitiativeStatus.CLOSED:
            raise ValueError(
                "to_status: close an initiative with initiative.closed (it needs a reason)"
            )
        if self.from_status is InitiativeStatus.CLOSED:
            raise ValueError("from_status: a closed initiative stays closed; register a successor")
        return self


class CloseReason(StrEnum):
    FUNDING_ENDED = "funding_ended"
    GOALS_REACHED = "goals_reached"
    MERGED = "merged"
    OTHER = "other"


class InitiativeClosed(BaseModel):
    model_config = Frozen

    initiative_id: AggregateId
    closed_on: date
    reason: CloseReason
    successor_id: AggregateId | None = None
    note: ShortText | None = None
