"""Partner and membership events (domain.md 2.2.B and 6.2)."""

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
    FieldName,
    Name,
    RegionCode,
    ShortText,
    ThemeSlug,
    Url,
    invariant,
    many,
)
from livinglab_contracts.reference.education import EducationLevel, MboRoute
from livinglab_contracts.reference.vocabulary import (
    Challenge,
    Helix,
    MembershipRole,
    PartnerKind,
    PartnerSize,
    TargetGroup,
    helix_of,
)

LegalForm = Annotated[
    str,
    StringConstraints(min_length=1, max_length=50),
    NFC,
    ONE_LINE,
    ONE_LINE_DOC,
    Field(examples=["B.V."]),
]


class MboProgramme(BaseModel):
    model_config = FROZEN

    name: Annotated[
        str, StringConstraints(min_length=1, max_length=100), NFC, ONE_LINE, ONE_LINE_DOC
    ] = Field(description="Programme (opleiding) name or code", examples=["PT"])
    route: MboRoute = Field(description="bol (school-based), bbl (work-based) or bol_bbl")
    niveau: int | None = Field(default=None, ge=1, le=4, description="mbo niveau 1-4")


class ExternalIds(BaseModel):
    model_config = FROZEN

    kvk: Annotated[str, Field(pattern=r"^\d{8}$")] | None = Field(
        default=None, description="KvK number (8 digits) for Dutch companies"
    )
    brin: Annotated[str, Field(pattern=r"^[0-9]{2}[0-9A-Z]{2}$")] | None = Field(
        default=None, description="BRIN / instellingscode (e.g. 25LX) for Dutch schools"
    )
    ror: Annotated[str, Field(pattern=r"^0[a-z0-9]{6}[0-9]{2}$")] | None = Field(
        default=None,
        description="ROR id without the https://ror.org/ prefix",
        examples=["02jz4aj89"],
    )
    enoll_member: bool = Field(default=False, description="Member of ENoLL")


class PartnerProfile(BaseModel):
    model_config = FROZEN

    name: Name = Field(description="Organisation name", examples=["VISTA college"])
    aliases: tuple[Name, ...] = many("Other names and spellings", examples=[["Vista"]])
    kind: PartnerKind = Field(
        description="Kind of organisation, e.g. roc (mbo school), hogeschool, mkb (small or"
        " medium company), gemeente; it sets the helix (education, research, business,"
        " government, society) unless `helix` is given",
        examples=["roc"],
    )
    helix: Helix | None = Field(default=None, description="Defaults to the helix of `kind`")
    legal_form: LegalForm | None = Field(default=None, description="e.g. B.V., stichting")
    size: PartnerSize | None = Field(default=None, description="For companies")
    education_levels_offered: tuple[EducationLevel, ...] = many(
        "Levels it teaches (education partners)", len(EducationLevel)
    )
    mbo_programmes: tuple[MboProgramme, ...] = many("mbo programmes with route and niveau")
    themes: tuple[ThemeSlug, ...] = many("Theme slugs", examples=[["procestechniek"]])
    regions: tuple[RegionCode, ...] = many("Region codes where it works", examples=[["CR39"]])
    target_groups: tuple[TargetGroup, ...] = many("Groups it serves", len(TargetGroup))
    challenges: tuple[Challenge, ...] = many("Regional challenges it declares", len(Challenge))
    facilities: tuple[Name, ...] = many("Labs and learning environments it operates", 20)
    external_ids: ExternalIds = Field(default=ExternalIds(), description="KvK, BRIN, ROR, ENoLL")
    website: Url | None = Field(default=None, examples=["https://www.vistacollege.nl"])
    has_coordinator: bool = Field(default=False, description="A named coordinator exists")
    opt_in: bool = Field(default=True, description="Takes part in matching")
    inferred_fields: tuple[FieldName, ...] = many(
        "Fields whose value the sending system inferred rather than recorded (e.g. a region"
        " taken from an address), so a reader knows which values to check",
        examples=[["regions"]],
    )

    @property
    def effective_helix(self) -> Helix:
        return self.helix or helix_of(self.kind)


class PartnerRegistered(PartnerProfile):
    partner_id: AggregateId

    @model_validator(mode="after")
    def _inferred_are_fields(self) -> PartnerRegistered:
        unknown = sorted(set(self.inferred_fields) - set(PartnerProfile.model_fields))
        if unknown:
            raise invariant("inferred_fields", "unknown_field", f"not fields: {', '.join(unknown)}")
        return self


class PartnerUpdated(BaseModel):
    """Only the fields present (not null) change; the kind is fixed at registration."""

    model_config = FROZEN

    partner_id: AggregateId
    name: Name | None = None
    aliases: tuple[Name, ...] | None = Field(default=None, max_length=50)
    helix: Helix | None = None
    legal_form: LegalForm | None = None
    size: PartnerSize | None = None
    education_levels_offered: tuple[EducationLevel, ...] | None = Field(default=None, max_length=14)
    mbo_programmes: tuple[MboProgramme, ...] | None = Field(default=None, max_length=50)
    themes: tuple[ThemeSlug, ...] | None = Field(default=None, max_length=50)
    regions: tuple[RegionCode, ...] | None = Field(default=None, max_length=50)
    target_groups: tuple[TargetGroup, ...] | None = Field(default=None, max_length=len(TargetGroup))
    challenges: tuple[Challenge, ...] | None = Field(default=None, max_length=len(Challenge))
    facilities: tuple[Name, ...] | None = Field(default=None, max_length=20)
    external_ids: ExternalIds | None = None
    website: Url | None = None
    has_coordinator: bool | None = None
    opt_in: bool | None = None
    inferred_fields: tuple[FieldName, ...] | None = Field(default=None, max_length=50)

    @model_validator(mode="after")
    def _changes_something(self) -> PartnerUpdated:
        if not self.changed_fields():
            raise invariant("partner_id", "no_change", "an update must change another field")
        return self

    def changed_fields(self) -> dict[str, object]:
        return self.model_dump(mode="json", exclude_none=True, exclude={"partner_id"})


class MembershipTerms(BaseModel):
    """What a membership says, shared by its request and by the membership itself."""

    model_config = FROZEN

    partner_id: AggregateId
    initiative_id: AggregateId = Field(description="The initiative it joins")
    role: MembershipRole = Field(default=MembershipRole.PARTNER, description="Role at the table")
    helix: Helix | None = Field(default=None, description="Helix it brings; default: partner's")
    since: date = Field(description="First day of membership", examples=["2021-01-01"])
    commitment_hours: int | None = Field(default=None, ge=0, le=100_000, description="Per year")
    co_investment_eur: int | None = Field(default=None, ge=0, le=10**9, description="In euros")


class PartnerJoinedInitiative(MembershipTerms):
    """An active membership: both the partner's and the initiative's owner consented (one
    system owning both, or the other side confirming a partner.membership-requested)."""


class MembershipSide(StrEnum):
    PARTNER = "partner"  # the system owning the partner asks to join
    INITIATIVE = "initiative"  # the system owning the initiative invites the partner


class PartnerMembershipRequested(MembershipTerms):
    """One side asks; it is no membership until the other side posts partner.joined-initiative
    with the same terms (docs/security.md, consent rule)."""

    requested_by: MembershipSide = Field(
        default=MembershipSide.PARTNER, description="Which side asks (the poster must own it)"
    )


class PartnerMembershipDeclined(BaseModel):
    """A pending request ends unanswered: declined by the other side or withdrawn by its own."""

    model_config = FROZEN

    partner_id: AggregateId
    initiative_id: AggregateId = Field(description="The initiative of the request")
    reason: ShortText | None = Field(default=None, description="Why, in a sentence")


class PartnerLeftInitiative(BaseModel):
    model_config = FROZEN

    partner_id: AggregateId
    initiative_id: AggregateId = Field(description="The initiative it leaves")
    until: date = Field(description="Last day of membership", examples=["2024-12-31"])
    reason: ShortText | None = Field(default=None, description="Why, in a sentence")


class PartnerMerged(BaseModel):
    """The subject (a duplicate) is the same organisation as `survivor_id` and goes away in it:
    its name becomes an alias of the survivor, its current memberships carry on as the
    survivor's, its matches are withdrawn. Posted by its owner or written for a coordinator
    (docs/open-data.md); nothing more may be posted about it afterwards."""

    model_config = FROZEN

    partner_id: AggregateId = Field(description="The duplicate, which goes away")
    survivor_id: AggregateId = Field(description="The partner it is merged into, which stays")
    reason: ShortText = Field(
        description="Why they are the same organisation", examples=["same KvK 12345678"]
    )

    @model_validator(mode="after")
    def _two_partners(self) -> PartnerMerged:
        if self.survivor_id == self.partner_id:
            raise invariant("survivor_id", "same_partner", "a partner is not merged into itself")
        return self
