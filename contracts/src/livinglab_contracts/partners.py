"""Partner and membership events (domain.md 6.2)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from livinglab_contracts.fields import (
    MAX_LIST,
    AggregateId,
    Name,
    RegionCode,
    ShortText,
    ThemeSlug,
    Url,
)
from livinglab_contracts.reference.education import EducationLevel, MboRoute
from livinglab_contracts.reference.vocabulary import (
    Challenge,
    Helix,
    MembershipRole,
    PartnerKind,
    TargetGroup,
    helix_of,
)

Frozen = ConfigDict(frozen=True, extra="forbid")
Many = Field(default=(), max_length=MAX_LIST)


class MboProgramme(BaseModel):
    model_config = Frozen

    name: Annotated[str, Field(min_length=1, max_length=100)] = Field(examples=["PT"])
    route: MboRoute
    niveau: int | None = Field(default=None, ge=1, le=4)


class ExternalIds(BaseModel):
    model_config = Frozen

    kvk: Annotated[str, Field(pattern=r"^\d{8}$")] | None = Field(
        default=None, description="KvK number"
    )
    brin: Annotated[str, Field(pattern=r"^[0-9A-Z]{4}$")] | None = Field(
        default=None, description="BRIN / instellingscode"
    )
    ror: Annotated[str, Field(pattern=r"^0[a-z0-9]{8}$")] | None = Field(
        default=None, description="ROR id"
    )
    enoll_member: bool = False


class PartnerProfile(BaseModel):
    model_config = Frozen

    name: Name = Field(examples=["VISTA college"])
    aliases: tuple[Name, ...] = Many
    kind: PartnerKind
    helix: Helix | None = Field(default=None, description="Defaults to the helix of `kind`")
    legal_form: Annotated[str, Field(max_length=50)] | None = None
    size: Literal["mkb", "grootbedrijf", "zzp"] | None = None
    education_levels_offered: tuple[EducationLevel, ...] = Field(default=(), max_length=14)
    mbo_programmes: tuple[MboProgramme, ...] = Many
    themes: tuple[ThemeSlug, ...] = Many
    regions: tuple[RegionCode, ...] = Many
    target_groups: tuple[TargetGroup, ...] = Field(default=(), max_length=19)
    challenges: tuple[Challenge, ...] = Field(default=(), max_length=10)
    facilities: tuple[Name, ...] = Field(
        default=(), max_length=20, description="Labs and learning environments it operates"
    )
    external_ids: ExternalIds = ExternalIds()
    website: Url | None = None
    has_coordinator: bool = Field(
        default=False, description="A named coordinator or bridge builder exists"
    )
    opt_in: bool = True
    inferred_fields: tuple[Annotated[str, Field(max_length=60)], ...] = Field(
        default=(), max_length=MAX_LIST
    )

    @property
    def effective_helix(self) -> Helix:
        return self.helix or helix_of(self.kind)


class PartnerRegistered(PartnerProfile):
    partner_id: AggregateId


class PartnerUpdated(BaseModel):
    model_config = Frozen

    partner_id: AggregateId
    name: Name | None = None
    aliases: tuple[Name, ...] | None = Field(default=None, max_length=MAX_LIST)
    education_levels_offered: tuple[EducationLevel, ...] | None = Field(default=None, max_length=14)
    mbo_programmes: tuple[MboProgramme, ...] | None = Field(default=None, max_length=MAX_LIST)
    themes: tuple[ThemeSlug, ...] | None = Field(default=None, max_length=MAX_LIST)
    regions: tuple[RegionCode, ...] | None = Field(default=None, max_length=MAX_LIST)
    target_groups: tuple[TargetGroup, ...] | None = Field(default=None, max_length=19)
    challenges: tuple[Challenge, ...] | None = Field(default=None, max_length=10)
    facilities: tuple[Name, ...] | None = Field(default=None, max_length=20)
    website: Url | None = None
    has_coordinator: bool | None = None
    opt_in: bool | None = None

    @model_validator(mode="after")
    def _changes_something(self) -> PartnerUpdated:
        if not self.changed_fields():
            raise ValueError("an update must change at least one field besides partner_id")
        return self

    def changed_fields(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude_none=True, exclude={"partner_id"})


class PartnerJoinedInitiative(BaseModel):
    model_config = Frozen

    partner_id: AggregateId
    initiative_id: AggregateId
    role: MembershipRole = MembershipRole.PARTNER
    helix: Helix | None = Field(
        default=None, description="Helix it brings; defaults to the partner's"
    )
    since: date
    commitment_hours: int | None = Field(default=None, ge=0, le=100_000)


class PartnerLeftInitiative(BaseModel):
    model_config = Frozen

    partner_id: AggregateId
    initiative_id: AggregateId
    until: date
    reason: ShortText | None = None
