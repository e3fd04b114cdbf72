"""Typed needs and offers (domain.md 2.2.G and 6.3), so demand and supply can be matched."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from livinglab_contracts.fields import (
    FROZEN,
    AggregateId,
    LongText,
    Name,
    RegionCode,
    ShortText,
    ThemeSlug,
    invariant,
    many,
)
from livinglab_contracts.reference.education import EducationLevel
from livinglab_contracts.reference.vocabulary import NeedOfferType, TargetGroup


class NeedOfferPublished(BaseModel):
    """The shape needs and offers share; published once, then only withdrawn."""

    model_config = FROZEN

    need_offer_id: AggregateId
    publisher_id: AggregateId = Field(description="The partner or initiative that publishes it")
    publisher_type: Literal["partner", "initiative"] = Field(
        default="partner", description="Whether publisher_id is a partner or an initiative"
    )
    type: NeedOfferType = Field(
        description="What is asked or offered, e.g. staff_demand (people to hire),"
        " internship_student (internship places), zij_instroom_trajectory (a course for"
        " career changers), knowledge_question",
        examples=["staff_demand"],
    )
    title: Name = Field(description="One line", examples=["Procestechnologen gezocht"])
    themes: tuple[ThemeSlug, ...] = many("Theme slugs", examples=[["procestechniek"]])
    education_levels: tuple[EducationLevel, ...] = many("Levels concerned", len(EducationLevel))
    target_groups: tuple[TargetGroup, ...] = many("Groups concerned", len(TargetGroup))
    region: RegionCode | None = Field(default=None, description="Where it applies")
    quantity: int | None = Field(default=None, ge=1, le=100_000, description="e.g. 10 places")
    valid_from: date = Field(description="First day it holds", examples=["2026-01-01"])
    valid_until: date | None = Field(default=None, description="Last day it holds, if known")
    description: LongText = Field(default="", description="Free text")

    @model_validator(mode="after")
    def _period(self) -> NeedOfferPublished:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise invariant(
                "valid_until", "date_order", "valid_until must not be before valid_from"
            )
        return self


class NeedPublished(NeedOfferPublished):
    """Something a partner or initiative is looking for."""


class OfferPublished(NeedOfferPublished):
    """Something a partner or initiative can give."""


class WithdrawalReason(StrEnum):
    WITHDRAWN = "withdrawn"
    FULFILLED = "fulfilled"
    EXPIRED = "expired"


class NeedOfferWithdrawn(BaseModel):
    model_config = FROZEN

    need_offer_id: AggregateId
    reason: WithdrawalReason = Field(default=WithdrawalReason.WITHDRAWN, description="Why")
    fulfilled_by_match_id: AggregateId | None = Field(
        default=None, description="The match that fulfilled it, for match-quality feedback"
    )
    note: ShortText | None = Field(default=None, description="Free text")

    @model_validator(mode="after")
    def _match_only_when_fulfilled(self) -> NeedOfferWithdrawn:
        if self.fulfilled_by_match_id and self.reason is not WithdrawalReason.FULFILLED:
            raise invariant(
                "fulfilled_by_match_id", "reason_mismatch", "only a fulfilled need names a match"
            )
        return self
