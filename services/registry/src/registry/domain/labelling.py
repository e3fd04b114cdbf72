"""The labelling workflow as a projection: waves, applications, blind scores and decisions.

Pure: events go in with who and when, states come out, and every out-of-order step is refused
with the HTTP status and a code that says which rule it broke (never an unhandled error).
States: submitted -> under_evaluation (first evaluator assigned) -> evaluated (every assigned
evaluator scored, at least the required number) -> decided.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from statistics import fmean

from livinglab_contracts.labelling import (
    ApplicationSubmitted,
    CriterionScore,
    DecisionRecorded,
    DecisionThresholds,
    EvaluatorAssigned,
    LabellingCriteria,
    LabellingData,
    MemberType,
    ScoreSubmitted,
    WaveOpened,
)


class ApplicationState(StrEnum):
    SUBMITTED = "submitted"
    UNDER_EVALUATION = "under_evaluation"
    EVALUATED = "evaluated"
    DECIDED = "decided"


class LabellingRefused(Exception):
    """A step the workflow does not allow now: 404 unknown, 409 wrong order, 422 wrong content."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class AuditEntry:
    step: str
    actor: str
    at: datetime
    detail: str = ""


@dataclass
class Wave:
    wave_id: str
    year: int
    deadline_day: str  # ISO date; submissions after it are refused
    opened_by: str
    opened_at: datetime


@dataclass
class Application:
    submitted: ApplicationSubmitted
    year: int
    state: ApplicationState
    entered_state_at: list[tuple[ApplicationState, datetime]]
    evaluators: list[str] = field(default_factory=list)
    scores: dict[str, tuple[CriterionScore, ...]] = field(default_factory=dict)
    decision: DecisionRecorded | None = None
    audit: list[AuditEntry] = field(default_factory=list)

    @property
    def application_id(self) -> str:
        return self.submitted.application_id

    def all_scored(self, required: int) -> bool:
        return len(self.evaluators) >= required and set(self.scores) == set(self.evaluators)

    def _enter(self, state: ApplicationState, at: datetime) -> None:
        self.state = state
        self.entered_state_at.append((state, at))


def category_means(
    scores: Mapping[str, tuple[CriterionScore, ...]], criteria: LabellingCriteria
) -> dict[str, float]:
    """Per criterion the mean over evaluators, per category the mean of its criteria."""
    by_criterion: dict[str, list[int]] = {}
    for evaluator_scores in scores.values():
        for score in evaluator_scores:
            by_criterion.setdefault(score.criterion_id, []).append(score.score)
    return {
        category: round(
            fmean(
                fmean(by_criterion[c.id])
                for c in criteria.criteria
                if c.category == category and c.id in by_criterion
            ),
            3,
        )
        for category in criteria.categories
        if any(c.category == category and c.id in by_criterion for c in criteria.criteria)
    }


def propose_member_type(
    means: Mapping[str, float], is_living_lab: bool, rule: DecisionThresholds
) -> MemberType:
    """The rule's proposal (reference/labelling_criteria.json, decision_rule); a coordinator
    records the decision and may depart from it, which the decision event keeps visible."""
    if not means:
        return MemberType.NOT_ADMITTED
    overall = fmean(means.values())
    lowest = min(means.values())
    if not is_living_lab:
        return (
            MemberType.INNOVATION_PARTNER if overall >= rule.grow_min else MemberType.NOT_ADMITTED
        )
    if lowest >= rule.effective_min:
        return MemberType.EFFECTIVE
    if lowest >= rule.adherent_min:
        return MemberType.ADHERENT
    if overall >= rule.grow_min:
        return MemberType.ACCEPTED_TO_GROW
    return MemberType.NOT_ADMITTED


class LabellingBook:
    """The read model; `apply_*` refuse a step before changing anything."""

    def __init__(self, criteria: LabellingCriteria) -> None:
        self.criteria = criteria
        self.waves: dict[str, Wave] = {}
        self.applications: dict[str, Application] = {}

    def _application(self, application_id: str) -> Application:
        found = self.applications.get(application_id)
        if found is None:
            raise LabellingRefused(404, "unknown_application", f"no application '{application_id}'")
        return found

    def apply_wave_opened(self, event: WaveOpened, at: datetime) -> Wave:
        if event.wave_id in self.waves:
            raise LabellingRefused(409, "wave_exists", f"wave '{event.wave_id}' is already open")
        wave = Wave(event.wave_id, event.year, event.deadline.isoformat(), event.opened_by, at)
        self.waves[event.wave_id] = wave
        return wave

    def apply_application_submitted(self, event: ApplicationSubmitted, at: datetime) -> Application:
        wave = self.waves.get(event.wave_id)
        if wave is None:
            raise LabellingRefused(422, "unknown_wave", f"no wave '{event.wave_id}' is open")
        if at.date().isoformat() > wave.deadline_day:
            raise LabellingRefused(
                409, "wave_closed", f"wave '{wave.wave_id}' closed on {wave.deadline_day}"
            )
        if event.application_id in self.applications:
            raise LabellingRefused(
                409, "application_exists", f"application '{event.application_id}' exists"
            )
        application = Application(
            event, wave.year, ApplicationState.SUBMITTED, [(ApplicationState.SUBMITTED, at)]
        )
        application.audit.append(AuditEntry("submitted", event.submitted_by, at))
        self.applications[event.application_id] = application
        return application

    def apply_evaluator_assigned(self, event: EvaluatorAssigned, at: datetime) -> Application:
        application = self._application(event.application_id)
        if application.state is ApplicationState.DECIDED:
            raise LabellingRefused(409, "already_decided", "the application is decided")
        if event.evaluator_id in application.evaluators:
            raise LabellingRefused(
                409, "evaluator_already_assigned", f"'{event.evaluator_id}' is already assigned"
            )
        if event.evaluator_id == application.submitted.submitted_by:
            raise LabellingRefused(
                422, "evaluator_is_applicant", "an applicant cannot evaluate its own application"
            )
        application.evaluators.append(event.evaluator_id)
        if application.state is not ApplicationState.UNDER_EVALUATION:
            application._enter(ApplicationState.UNDER_EVALUATION, at)
        application.audit.append(
            AuditEntry("evaluator_assigned", event.assigned_by, at, event.evaluator_id)
        )
        return application

    def apply_score_submitted(self, event: ScoreSubmitted, at: datetime) -> Application:
        application = self._application(event.application_id)
        if application.state is ApplicationState.DECIDED:
            raise LabellingRefused(409, "already_decided", "the application is decided")
        if event.evaluator_id not in application.evaluators:
            raise LabellingRefused(
                409, "not_assigned", f"'{event.evaluator_id}' is not assigned to this application"
            )
        if event.evaluator_id in application.scores:
            raise LabellingRefused(
                409, "already_scored", f"'{event.evaluator_id}' has already submitted scores"
            )
        application.scores[event.evaluator_id] = event.scores
        application.audit.append(AuditEntry("score_submitted", event.evaluator_id, at))
        if application.all_scored(self.criteria.evaluators_per_application):
            application._enter(ApplicationState.EVALUATED, at)
        return application

    def proposal(self, application: Application) -> MemberType:
        means = category_means(application.scores, self.criteria)
        return propose_member_type(
            means, application.submitted.is_living_lab, self.criteria.thresholds
        )

    def apply_decision_recorded(self, event: DecisionRecorded, at: datetime) -> Application:
        application = self._application(event.application_id)
        if application.state is ApplicationState.DECIDED:
            raise LabellingRefused(409, "already_decided", "the application is decided")
        if application.state is not ApplicationState.EVALUATED:
            required = self.criteria.evaluators_per_application
            raise LabellingRefused(
                409,
                "scores_missing",
                f"{len(application.scores)} of {max(required, len(application.evaluators))}"
                " evaluators have scored; a decision waits for all",
            )
        proposed = self.proposal(application)
        if event.proposed_member_type is not proposed:
            raise LabellingRefused(
                422,
                "proposal_mismatch",
                f"the rule proposes '{proposed}', not '{event.proposed_member_type}'",
            )
        application.decision = event
        application._enter(ApplicationState.DECIDED, at)
        application.audit.append(
            AuditEntry("decision_recorded", event.decided_by, at, event.member_type.value)
        )
        return application

    def queue(self, evaluator_id: str) -> list[Application]:
        """What an evaluator still has to score, oldest first."""
        return [
            a
            for a in self.applications.values()
            if evaluator_id in a.evaluators
            and evaluator_id not in a.scores
            and a.state is not ApplicationState.DECIDED
        ]

    def labels_of(self, partner_id: str) -> list[dict[str, object]]:
        """The labels a partner's labs hold: decided applications it hosts, not refused ones."""
        return [
            {
                "application_id": a.application_id,
                "lab_name": a.submitted.lab_name,
                "member_type": a.decision.member_type.value,
                "label_year": a.year,
            }
            for a in self.applications.values()
            if a.submitted.host_partner_id == partner_id
            and a.decision is not None
            and a.decision.member_type is not MemberType.NOT_ADMITTED
        ]

    def visible_scores(
        self, application: Application, reader_id: str, is_coordinator: bool
    ) -> dict[str, tuple[CriterionScore, ...]]:
        """Blind scoring: until every assigned evaluator has scored, an evaluator sees only
        their own scores and a coordinator none; afterwards the application's evaluators and
        coordinators see all of them."""
        if application.all_scored(self.criteria.evaluators_per_application):
            if is_coordinator or reader_id in application.evaluators:
                return dict(application.scores)
            return {}
        own = application.scores.get(reader_id)
        return {reader_id: own} if own is not None else {}


def time_in_states(application: Application, now: datetime) -> dict[str, float]:
    """Seconds spent in each state so far; the current state counts up to `now`."""
    spent: dict[str, float] = {}
    entries = application.entered_state_at
    for (state, start), (_, end) in zip(entries, [*entries[1:], (None, now)], strict=True):
        spent[state.value] = spent.get(state.value, 0.0) + (end - start).total_seconds()
    return spent


def apply_event(book: LabellingBook, event: LabellingData, at: datetime) -> None:
    """One step of any kind; refused (LabellingRefused) before anything changes."""
    match event:
        case WaveOpened():
            book.apply_wave_opened(event, at)
        case ApplicationSubmitted():
            book.apply_application_submitted(event, at)
        case EvaluatorAssigned():
            book.apply_evaluator_assigned(event, at)
        case ScoreSubmitted():
            book.apply_score_submitted(event, at)
        case DecisionRecorded():
            book.apply_decision_recorded(event, at)
