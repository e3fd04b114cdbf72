"""Events the matching service emits, and coordinator feedback on them (domain.md 6.5)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from livinglab_contracts.fields import AggregateId, ShortText

Frozen = ConfigDict(frozen=True, extra="forbid")
Reason = Annotated[str, Field(max_length=1000)]


class MatchKind(StrEnum):
    PARTNER_TO_INITIATIVE = "partner_to_initiative"
    PARTNER_TO_PARTNER = "partner_to_partner"
    INITIATIVE_TO_INITIATIVE = "initiative_to_initiative"
    NEED_TO_OFFER = "need_to_offer"


class CriterionScore(BaseModel):
    model_config = Frozen

    id: Annotated[str, Field(max_length=10)] = Field(examples=["M4"])
    label_nl: Reason
    label_en: Reason
    subscore: float = Field(ge=0, le=1)
    weight: float = Field(ge=0, le=1)
    reason_nl: Reason
    reason_en: Reason
    evidence: tuple[Annotated[str, Field(max_length=100)], ...] = Field(default=(), max_length=50)


class MatchSnapshot(BaseModel):
    """Everything a subscriber needs to decide whether a match concerns it, and to explain it."""

    model_config = Frozen

    match_id: AggregateId
    revision: int = Field(ge=1, description="Increases with every change of this match")
    kind: MatchKind
    subject_ids: tuple[AggregateId, ...] = Field(min_length=2, max_length=2)
    subject_names: tuple[Annotated[str, Field(max_length=200)], ...] = Field(
        default=(), max_length=2
    )
    score: float = Field(ge=0, le=1)
    criteria: tuple[CriterionScore, ...] = Field(default=(), max_length=20)
    top_reasons_nl: Reason = ""
    top_reasons_en: Reason = ""
    regions: tuple[Annotated[str, Field(max_length=20)], ...] = Field(default=(), max_length=100)
    themes: tuple[Annotated[str, Field(max_length=60)], ...] = Field(default=(), max_length=100)
    algorithm_version: Annotated[str, Field(max_length=40)]


class MatchProposed(MatchSnapshot):
    pass


class MatchUpdated(MatchSnapshot):
    previous_score: float = Field(ge=0, le=1)


class MatchWithdrawn(MatchSnapshot):
    reason_code: Annotated[str, Field(max_length=60)] = Field(examples=["partner_left"])
    reason_nl: Reason
    reason_en: Reason


class FeedbackBy(BaseModel):
    model_config = Frozen

    key_id: Annotated[str, Field(max_length=64)]
    system: Annotated[str, Field(max_length=100)]


class MatchAccepted(BaseModel):
    model_config = Frozen

    match_id: AggregateId
    by: FeedbackBy
    reason: ShortText | None = None


class MatchDeclined(BaseModel):
    model_config = Frozen

    match_id: AggregateId
    by: FeedbackBy
    reason: ShortText | None = None
