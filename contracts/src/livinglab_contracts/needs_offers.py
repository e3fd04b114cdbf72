"""Typed needs and offers (domain.md 2.2.G and 6.3), so demand and supply can be matched."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from livinglab_contracts.fields import (
    MAX_LIST,
    AggregateId,
    LongText,
    Name,
    RegionCode,
    ShortText,
    ThemeSlug,
)
from livinglab_contracts.reference.education import EducationLevel
from livinglab_contracts.reference.vocabulary import NeedOfferType, TargetGroup

Frozen = ConfigDict(frozen=True, extra="forbid")


class NeedOfferPublished(BaseModel):
    model_config = Frozen

    need_offer_id: AggregateId
    publisher_id: AggregateId = Field(description="The partner or initiative that publishes it")
    publisher_type: Literal["partner", "initiative"] = "partner"
    type: NeedOfferType
    title: Name
    themes: tuple[ThemeSlug, ...] = Field(default=(), max_length=MAX_LIST)
    education_levels: tuple[EducationLevel, ...] = Field(default=(), max_length=14)
    target_groups: tuple[TargetGroup, ...] = Field(default=(), max_length=19)
    region: RegionCode | None = None
    quantity: int | None = Field(default=None, ge=1, le=100_000)
    valid_from: date
    valid_until: date | None = None
    description: LongText = ""

    @model_validator(mode="after")
    def _period(self) -> NeedOfferPublished:
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValueError("valid_until: must not be before valid_from")
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
    model_config = Frozen

    need_offer_id: AggregateId
    reason: WithdrawalReason = WithdrawalReason.WITHDRAWN
    fulfilled_by_match_id: AggregateId | None = None
    note: ShortText | None = None
