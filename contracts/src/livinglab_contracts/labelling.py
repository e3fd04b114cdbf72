"""The labelling workflow (ENoLL-style waves): data models of its events and the criteria list.

The criteria are data (reference/labelling_criteria.json), so a new wave's list is an edit of
that file, not of code. They travel on their own topic (LABELLING_TOPIC) as
LabellingRecord, outside the catalog of partner-system events (catalog.EVENT_SPECS): only the
registry's labelling routes write them, never a partner system's POST /v1/events.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, model_validator

from livinglab_contracts.fields import (
    FROZEN,
    AggregateId,
    Name,
    PersonId,
    ShortText,
    Url,
    invariant,
)

CRITERIA_FILE = "labelling_criteria.json"


@dataclass(frozen=True)
class Criterion:
    id: str
    category: str
    name_en: str
    name_nl: str


@dataclass(frozen=True)
class DecisionThresholds:
    effective_min: float
    adherent_min: float
    grow_min: float


@dataclass(frozen=True)
class LabellingCriteria:
    source: str
    status: str  # "paraphrase" until the official texts replace them
    score_min: int
    score_max: int
    evaluators_per_application: int
    categories: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    thresholds: DecisionThresholds

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.criteria)


@cache
def labelling_criteria() -> LabellingCriteria:
    text = resources.files("livinglab_contracts.reference").joinpath(CRITERIA_FILE).read_text()
    raw = json.loads(text)
    criteria = tuple(
        Criterion(c["id"], category["id"], c["name_en"], c["name_nl"])
        for category in raw["categories"]
        for c in category["criteria"]
    )
    rule = raw["decision_rule"]
    return LabellingCriteria(
        source=raw["source"],
        status=raw["status"],
        score_min=raw["scale"]["min"],
        score_max=raw["scale"]["max"],
        evaluators_per_application=raw["evaluators_per_application"],
        categories=tuple(category["id"] for category in raw["categories"]),
        criteria=criteria,
        thresholds=DecisionThresholds(
            rule["effective_min"], rule["adherent_min"], rule["grow_min"]
        ),
    )


CriterionId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}[0-9]{1,2}$")]
Score = Annotated[int, Field(ge=0, le=5, description="0 = absent ... 5 = exemplary")]


class MemberType(StrEnum):
    EFFECTIVE = "effective"
    ADHERENT = "adherent"
    ACCEPTED_TO_GROW = "accepted_to_grow"
    INNOVATION_PARTNER = "innovation_partner"  # for applicants that are not living labs
    NOT_ADMITTED = "not_admitted"


class CriterionScore(BaseModel):
    model_config = FROZEN

    criterion_id: CriterionId
    score: Score
    motivation: ShortText = Field(min_length=1, description="Why this score, in a sentence")


def _every_criterion_once(scores: tuple[CriterionScore, ...], field: str) -> None:
    ids = [s.criterion_id for s in scores]
    known = labelling_criteria().ids
    if len(set(ids)) != len(ids):
        raise invariant(field, "criterion_repeated", "each criterion is scored once")
    unknown = sorted(set(ids) - known)
    if unknown:
        raise invariant(field, "criterion_unknown", f"unknown criteria: {', '.join(unknown)}")
    missing = sorted(known - set(ids))
    if missing:
        raise invariant(field, "criterion_missing", f"criteria not scored: {', '.join(missing)}")


class WaveOpened(BaseModel):
    model_config = FROZEN

    wave_id: AggregateId
    year: int = Field(ge=2000, le=2100, description="The label year")
    deadline: date = Field(description="Last day applications are accepted")
    opened_by: PersonId


class ApplicationSubmitted(BaseModel):
    model_config = FROZEN

    application_id: AggregateId
    wave_id: AggregateId
    lab_name: Name
    host_partner_id: AggregateId = Field(description="The registered partner hosting the lab")
    legal_address: ShortText = Field(min_length=1)
    website: Url
    contact: ShortText = Field(min_length=1, description="A role address, not a person's name")
    is_living_lab: bool = Field(
        default=True, description="False for an innovation partner that is not a lab"
    )
    self_assessment: tuple[CriterionScore, ...] = Field(description="Every criterion, once")
    submitted_by: PersonId

    @model_validator(mode="after")
    def _complete(self) -> ApplicationSubmitted:
        _every_criterion_once(self.self_assessment, "self_assessment")
        return self


class EvaluatorAssigned(BaseModel):
    model_config = FROZEN

    application_id: AggregateId
    evaluator_id: PersonId
    assigned_by: PersonId


class ScoreSubmitted(BaseModel):
    model_config = FROZEN

    application_id: AggregateId
    evaluator_id: PersonId
    scores: tuple[CriterionScore, ...] = Field(description="Every criterion, once")

    @model_validator(mode="after")
    def _complete(self) -> ScoreSubmitted:
        _every_criterion_once(self.scores, "scores")
        return self


class DecisionRecorded(BaseModel):
    model_config = FROZEN

    application_id: AggregateId
    member_type: MemberType
    proposed_member_type: MemberType = Field(description="What the decision rule proposed")
    decided_by: PersonId
    note: ShortText = ""


# On a topic of their own, so the matching worker and the notifications service, which follow
# the registry's other topics, never read them. One record key for all of them: a single
# partition keeps their order, which replay needs (an application refers to its wave).
LABELLING_TOPIC = "registry.labelling.v1"
LABELLING_RECORD_KEY = b"labelling"
LabellingData = (
    WaveOpened | ApplicationSubmitted | EvaluatorAssigned | ScoreSubmitted | DecisionRecorded
)
LABELLING_EVENT_TYPES: dict[str, type[BaseModel]] = {
    "nl.livinglab.labelling.wave-opened.v1": WaveOpened,
    "nl.livinglab.labelling.application-submitted.v1": ApplicationSubmitted,
    "nl.livinglab.labelling.evaluator-assigned.v1": EvaluatorAssigned,
    "nl.livinglab.labelling.score-submitted.v1": ScoreSubmitted,
    "nl.livinglab.labelling.decision-recorded.v1": DecisionRecorded,
}
_TYPE_OF_MODEL = {model: name for name, model in LABELLING_EVENT_TYPES.items()}


class LabellingRecord(BaseModel):
    """One record on the labelling topic: the step, when the registry admitted it, and by whom
    (the key's system: a coordinator, an evaluator or the applying partner system)."""

    model_config = FROZEN

    type: str
    time: datetime
    actor: PersonId
    data: dict[str, object]

    def event(self) -> LabellingData:
        model = LABELLING_EVENT_TYPES.get(self.type)
        if model is None:
            raise ValueError(f"'{self.type}' is not a labelling event type")
        parsed: LabellingData = model.model_validate(self.data)  # type: ignore[assignment]
        return parsed


def labelling_record(event: LabellingData, time: datetime, actor: str) -> LabellingRecord:
    return LabellingRecord(
        type=_TYPE_OF_MODEL[type(event)],
        time=time,
        actor=actor,
        data=event.model_dump(mode="json"),
    )
