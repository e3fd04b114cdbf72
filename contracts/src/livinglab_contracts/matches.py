"""Events the matching service emits, and coordinator feedback on them (domain.md 4.2 and 6.5)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from livinglab_contracts.fields import (
    FROZEN,
    MULTI_LINE,
    MULTI_LINE_DOC,
    NFC,
    ONE_LINE,
    ONE_LINE_DOC,
    AggregateId,
    PersonId,
    RegionCode,
    ShortText,
    ThemeSlug,
)

Reason = Annotated[str, StringConstraints(max_length=1000), NFC, MULTI_LINE, MULTI_LINE_DOC]
# One-line text, bounded like every string of an event (see fields.py for the character rule).
Evidence = Annotated[str, StringConstraints(max_length=100), NFC, ONE_LINE, ONE_LINE_DOC]
SubjectName = Annotated[str, StringConstraints(max_length=200), NFC, ONE_LINE, ONE_LINE_DOC]
Version = Annotated[
    str, StringConstraints(min_length=1, max_length=40), NFC, ONE_LINE, ONE_LINE_DOC
]
ReasonCode = Annotated[str, StringConstraints(max_length=60), NFC, ONE_LINE, ONE_LINE_DOC]
KeyId = Annotated[str, StringConstraints(min_length=1, max_length=64), NFC, ONE_LINE, ONE_LINE_DOC]
SystemName = Annotated[
    str, StringConstraints(min_length=1, max_length=100), NFC, ONE_LINE, ONE_LINE_DOC
]
Score = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class MatchKind(StrEnum):
    PARTNER_TO_INITIATIVE = "partner_to_initiative"
    PARTNER_TO_PARTNER = "partner_to_partner"
    INITIATIVE_TO_INITIATIVE = "initiative_to_initiative"
    NEED_TO_OFFER = "need_to_offer"


class CriterionScore(BaseModel):
    """One criterion's part of the score, with the reason a coordinator reads."""

    model_config = FROZEN

    id: Annotated[str, Field(pattern=r"^[A-Z][0-9]{1,2}$")] = Field(
        description="Criterion id, M1-M15; docs/matching.md explains each", examples=["M4"]
    )
    label_nl: Reason = Field(examples=["Doorlopende leerlijn"])
    label_en: Reason = Field(examples=["Learning-pathway continuity"])
    subscore: Score = Field(description="0..1")
    weight: Score = Field(description="0..1; the weights of a match sum to 1")
    reason_nl: Reason = Field(examples=["Vult de ontbrekende vmbo-schakel"])
    reason_en: Reason = Field(examples=["Fills the missing vmbo link"])
    evidence: tuple[Evidence, ...] = Field(
        default=(), max_length=50, description="Ids of the graph nodes the reason rests on"
    )


class MatchSnapshot(BaseModel):
    """Everything a subscriber needs to decide whether a match concerns it, and to explain it."""

    model_config = FROZEN

    match_id: AggregateId
    revision: int = Field(
        ge=1, le=2**31 - 1, description="Increases with every change of this match"
    )
    kind: MatchKind
    subject_ids: tuple[AggregateId, ...] = Field(
        min_length=2, max_length=2, description="The two sides, in the order of `kind`"
    )
    subject_names: tuple[SubjectName, ...] = Field(
        default=(), max_length=2, description="Display names of the two sides"
    )
    score: Score = Field(description="Weighted sum of the criteria, 0..1")
    criteria: tuple[CriterionScore, ...] = Field(default=(), max_length=20)
    top_reasons_nl: Reason = Field(default="", description="The top reasons as a sentence")
    top_reasons_en: Reason = Field(default="", description="The top reasons as a sentence")
    regions: tuple[RegionCode, ...] = Field(default=(), max_length=100)
    themes: tuple[ThemeSlug, ...] = Field(default=(), max_length=100)
    algorithm_version: Version = Field(description="Version of the scoring", examples=["2026.11-1"])


class MatchProposed(MatchSnapshot):
    pass


class MatchUpdated(MatchSnapshot):
    previous_score: Score = Field(description="Score in the previous revision")


class MatchWithdrawn(MatchSnapshot):
    reason_code: ReasonCode = Field(
        description="Machine-readable reason", examples=["partner_left", "declined"]
    )
    reason_nl: Reason
    reason_en: Reason


class FeedbackBy(BaseModel):
    """Who gave feedback: an API key (never a name), optionally a pseudonymous person."""

    model_config = FROZEN

    key_id: KeyId = Field(description="Id of the coordinator's API key", examples=["a1b2c3d4e5f6"])
    system: SystemName = Field(
        description="The coordinator system the key belongs to", examples=["coordinator-zl"]
    )
    person_id: PersonId | None = Field(default=None, description="Pseudonymous person")


class MatchFeedback(BaseModel):
    model_config = FROZEN

    match_id: AggregateId
    by: FeedbackBy
    reason: ShortText | None = Field(default=None, description="Why, in a sentence")
    at: AwareDatetime | None = Field(
        default=None, description="When the decision was taken; defaults to the event time"
    )


class MatchAccepted(MatchFeedback):
    """A coordinator accepted a match."""


class MatchDeclined(MatchFeedback):
    """A coordinator declined a match; it is not proposed again."""
