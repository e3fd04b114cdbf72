"""Initiative lifecycle events (domain.md 2.2.A and 6.1)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, model_validator

from livinglab_contracts.fields import (
    FROZEN,
    NFC,
    ONE_LINE,
    ONE_LINE_DOC,
    AggregateId,
    Code,
    FieldName,
    LongText,
    Name,
    PersonId,
    RegionCode,
    ShortText,
    ThemeSlug,
    Url,
    invariant,
    many,
)
from livinglab_contracts.reference.education import EducationLevel
from livinglab_contracts.reference.vocabulary import (
    Bindingness,
    Challenge,
    CollaborationType,
    EcosystemType,
    Formality,
    InitiativeKind,
    InitiativeStatus,
    LearningFunction,
    TargetGroup,
    Topsector,
    TriangleAxis,
)

LegalForm = Annotated[
    str,
    StringConstraints(min_length=1, max_length=50),
    NFC,
    ONE_LINE,
    ONE_LINE_DOC,
    Field(examples=["stichting", "BV"]),
]


class Governance(BaseModel):
    """How the collaboration is steered: formal or informal, binding or voluntary, and whether
    the partners steer it together as equals."""

    model_config = FROZEN

    formality: Formality | None = Field(default=None, description="formal or informal")
    bindingness: Bindingness | None = Field(
        default=None, description="binding (dwingend) or voluntary (vrijblijvend)"
    )
    joint_steering_equal: bool | None = Field(
        default=None, description="Joint steering on an equal footing ('gelijkwaardigheid')"
    )


class InitiativeProfile(BaseModel):
    """Fields an initiative is registered with."""

    model_config = FROZEN

    name: Name = Field(description="Name as used by the initiative", examples=["CoP"])
    aliases: tuple[Name, ...] = many("Other labels and spellings", examples=[["CoP Limburg"]])
    kind: InitiativeKind = Field(
        description="Form of collaboration, e.g. community_of_practice, living_lab, fieldlab,"
        " learning_community, innovation_table (a working table inside a larger initiative)",
        examples=["community_of_practice"],
    )
    parent_id: AggregateId | None = Field(
        default=None, description="Parent initiative; required for innovation tables"
    )
    code: Code | None = Field(default=None, description="Code inside the parent", examples=["2A"])
    description: LongText = Field(default="", description="Free text")
    goals: tuple[ShortText, ...] = many("Goals in a sentence each")
    collaboration_type: CollaborationType | None = Field(
        default=None,
        description="operational (the partners carry out work together) or strategic (they"
        " set a shared direction and agenda)",
    )
    governance: Governance | None = Field(default=None, description="How it is steered")
    legal_form: LegalForm | None = Field(default=None, description="e.g. BV, stichting, none")
    triangle_axes: tuple[TriangleAxis, ...] = many("Axes of the learn-work-innovate triangle", 3)
    learning_functions: tuple[LearningFunction, ...] = many(
        "What learning it serves: voorwaardelijk (it creates the conditions for learning),"
        " reactief (it answers questions from practice), proactief (it develops knowledge"
        " ahead of them)",
        3,
    )
    ecosystem_type: EcosystemType | None = Field(
        default=None,
        description="Kind of ecosystem it forms: kennis_onderzoek (knowledge and research),"
        " innovatie (innovation), business or entrepreneurial",
    )
    themes: tuple[ThemeSlug, ...] = many("Theme slugs", examples=[["procesindustrie"]])
    topsectors: tuple[Topsector, ...] = many("Topsectors it is aligned with", len(Topsector))
    regions: tuple[RegionCode, ...] = many("Region codes where it works", examples=[["CR39"]])
    education_levels: tuple[EducationLevel, ...] = many("Levels involved", len(EducationLevel))
    target_groups: tuple[TargetGroup, ...] = many("Groups it serves", len(TargetGroup))
    challenges: tuple[Challenge, ...] = many("Regional challenges it addresses", len(Challenge))
    status: InitiativeStatus = Field(default=InitiativeStatus.ACTIVE, description="Not closed")
    start_date: date | None = Field(default=None, description="First day", examples=["2021-01-01"])
    end_date: date | None = Field(default=None, description="Planned last day, if known")
    funding_ends_on: date | None = Field(default=None, description="When current funding ends")
    coordinator_id: PersonId | None = Field(default=None, description="Pseudonymous coordinator")
    project_manager_id: PersonId | None = Field(default=None, description="Pseudonymous PM")
    opt_in: bool = Field(default=True, description="Takes part in matching ('alleen wie wil')")
    website: Url | None = Field(default=None, examples=["https://communityofpracticelimburg.nl"])
    inferred_fields: tuple[FieldName, ...] = many(
        "Fields whose value the sending system inferred rather than recorded (e.g. a region"
        " taken from an address), so a reader knows which values to check",
        examples=[["regions"]],
    )


class InitiativeRegistered(InitiativeProfile):
    initiative_id: AggregateId

    @model_validator(mode="after")
    def _consistent(self) -> InitiativeRegistered:
        if self.kind is InitiativeKind.INNOVATION_TABLE and self.parent_id is None:
            raise invariant("parent_id", "parent_required", "an innovation table needs a parent")
        if self.parent_id == self.initiative_id:
            raise invariant("parent_id", "own_parent", "an initiative cannot be its own parent")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise invariant("end_date", "date_order", "end_date must not be before start_date")
        if self.status is InitiativeStatus.CLOSED:
            raise invariant(
                "status", "closed_at_registration", "register open, then send initiative.closed"
            )
        unknown = sorted(set(self.inferred_fields) - set(InitiativeProfile.model_fields))
        if unknown:
            raise invariant("inferred_fields", "unknown_field", f"not fields: {', '.join(unknown)}")
        return self


class InitiativeUpdated(BaseModel):
    """Only the fields present (not null) change; kind and parent are fixed at registration,
    and status changes go through initiative.status-changed."""

    model_config = FROZEN

    initiative_id: AggregateId
    name: Name | None = None
    aliases: tuple[Name, ...] | None = Field(default=None, max_length=50)
    code: Code | None = None
    description: LongText | None = None
    goals: tuple[ShortText, ...] | None = Field(default=None, max_length=50)
    collaboration_type: CollaborationType | None = None
    governance: Governance | None = None
    legal_form: LegalForm | None = None
    triangle_axes: tuple[TriangleAxis, ...] | None = Field(default=None, max_length=3)
    learning_functions: tuple[LearningFunction, ...] | None = Field(default=None, max_length=3)
    ecosystem_type: EcosystemType | None = None
    themes: tuple[ThemeSlug, ...] | None = Field(default=None, max_length=50)
    topsectors: tuple[Topsector, ...] | None = Field(default=None, max_length=len(Topsector))
    regions: tuple[RegionCode, ...] | None = Field(default=None, max_length=50)
    education_levels: tuple[EducationLevel, ...] | None = Field(default=None, max_length=14)
    target_groups: tuple[TargetGroup, ...] | None = Field(default=None, max_length=len(TargetGroup))
    challenges: tuple[Challenge, ...] | None = Field(default=None, max_length=len(Challenge))
    start_date: date | None = None
    end_date: date | None = None
    funding_ends_on: date | None = None
    coordinator_id: PersonId | None = None
    project_manager_id: PersonId | None = None
    opt_in: bool | None = None
    website: Url | None = None
    inferred_fields: tuple[FieldName, ...] | None = Field(default=None, max_length=50)

    @model_validator(mode="after")
    def _changes_something(self) -> InitiativeUpdated:
        if not self.changed_fields():
            raise invariant("initiative_id", "no_change", "an update must change another field")
        return self

    def changed_fields(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude_none=True, exclude={"initiative_id"})


class InitiativeStatusChanged(BaseModel):
    model_config = FROZEN

    initiative_id: AggregateId
    from_status: InitiativeStatus = Field(description="Status before; must match the registry")
    to_status: InitiativeStatus = Field(description="idea -> pilot -> active -> sustained")
    reason: ShortText | None = Field(default=None, description="Why, in a sentence")

    @model_validator(mode="after")
    def _real_transition(self) -> InitiativeStatusChanged:
        if self.from_status == self.to_status:
            raise invariant("to_status", "no_change", "to_status must differ from from_status")
        if self.to_status is InitiativeStatus.CLOSED:
            raise invariant("to_status", "close_with_event", "close with initiative.closed")
        if self.from_status is InitiativeStatus.CLOSED:
            raise invariant("from_status", "closed_is_final", "a closed initiative stays closed")
        return self


class CloseReason(StrEnum):
    FUNDING_ENDED = "funding_ended"
    GOALS_REACHED = "goals_reached"
    MERGED = "merged"
    OTHER = "other"


class InitiativeClosed(BaseModel):
    model_config = FROZEN

    initiative_id: AggregateId
    closed_on: date = Field(description="Last day", examples=["2024-12-31"])
    reason: CloseReason = Field(description="Why it ended")
    successor_id: AggregateId | None = Field(default=None, description="Where it continues")
    note: ShortText | None = Field(default=None, description="Free text")

    @model_validator(mode="after")
    def _successor(self) -> InitiativeClosed:
        if self.reason is CloseReason.MERGED and self.successor_id is None:
            raise invariant("successor_id", "successor_required", "a merge names its successor")
        if self.successor_id == self.initiative_id:
            raise invariant("successor_id", "own_successor", "cannot succeed itself")
        return self
