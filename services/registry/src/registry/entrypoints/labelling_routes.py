"""Labelling waves (issue 19): coordinators open waves, assign evaluators and decide; partner
systems apply for their labs; evaluators score, blind to one another until all have scored."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from livinglab_common.errors import ApiError, ErrorResponse
from livinglab_common.keys import Principal, Role
from livinglab_contracts.fields import AggregateId, Name, PersonId, ShortText, Url
from livinglab_contracts.labelling import (
    ApplicationSubmitted,
    CriterionScore,
    DecisionRecorded,
    EvaluatorAssigned,
    LabellingData,
    MemberType,
    ScoreSubmitted,
    WaveOpened,
)
from pydantic import BaseModel, ConfigDict, ValidationError

from registry.domain.labelling import (
    Application,
    ApplicationState,
    LabellingBook,
    LabellingRefused,
    category_means,
    time_in_states,
)
from registry.entrypoints.deps import PrincipalDep, RegistryDep

router = APIRouter(prefix="/v1/labelling", tags=["labelling"])
REFUSALS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": text}
    for status, text in {
        401: "Missing, wrong, revoked or expired API key",
        403: "This role may not take this step (see docs/labelling.md)",
        404: "No such application",
        409: "The step is out of order (not assigned, already scored, scores missing, decided)",
        422: "The body breaks a rule of the contract (every criterion once, 0..5, ...)",
        503: "Kafka did not acknowledge; nothing was stored (see Retry-After)",
    }.items()
}
Id = Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")]
STRICT = ConfigDict(extra="forbid")


def _role(principal: Principal, *allowed: Role) -> Principal:
    if principal.role not in allowed:
        names = " or ".join(role.value for role in allowed)
        raise ApiError(403, "forbidden", f"role '{principal.role}' may not do this ({names} only)")
    return principal


async def coordinator(principal: PrincipalDep) -> Principal:
    return _role(principal, Role.COORDINATOR)


async def evaluator(principal: PrincipalDep) -> Principal:
    return _role(principal, Role.EVALUATOR)


async def applicant(principal: PrincipalDep) -> Principal:
    return _role(principal, Role.PARTNER_SYSTEM, Role.COORDINATOR)


CoordinatorDep = Annotated[Principal, Depends(coordinator)]
EvaluatorDep = Annotated[Principal, Depends(evaluator)]
ApplicantDep = Annotated[Principal, Depends(applicant)]


class OpenWave(BaseModel):
    model_config = STRICT
    wave_id: AggregateId
    year: int
    deadline: date


class Apply(BaseModel):
    model_config = STRICT
    application_id: AggregateId
    wave_id: AggregateId
    lab_name: Name
    host_partner_id: AggregateId
    legal_address: ShortText
    website: Url
    contact: ShortText
    is_living_lab: bool = True
    self_assessment: list[dict[str, Any]]


class AssignEvaluator(BaseModel):
    model_config = STRICT
    evaluator_id: PersonId


class SubmitScores(BaseModel):
    model_config = STRICT
    scores: list[dict[str, Any]]


class RecordDecision(BaseModel):
    model_config = STRICT
    member_type: MemberType
    note: ShortText = ""


def _contract(build: Any, **fields: Any) -> LabellingData:
    """The contract model, its refusals as a 422 that names the field and the rule."""
    try:
        event: LabellingData = build(**fields)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise ApiError(422, "invalid_step", f"{where}: {first['msg']}") from None
    return event


async def _submit(registry: Any, event: LabellingData, actor: str) -> LabellingBook:
    try:
        book: LabellingBook = await registry.labelling.submit(event, actor)
    except LabellingRefused as refused:
        raise ApiError(refused.status, refused.code, refused.message) from None
    return book


def _scores_out(scores: dict[str, tuple[CriterionScore, ...]]) -> dict[str, Any]:
    return {who: [s.model_dump() for s in given] for who, given in scores.items()}


def application_out(
    book: LabellingBook, application: Application, reader: str, is_coordinator: bool, now: datetime
) -> dict[str, Any]:
    visible = book.visible_scores(application, reader, is_coordinator)
    everyone_scored = application.state in (ApplicationState.EVALUATED, ApplicationState.DECIDED)
    shown = everyone_scored and (is_coordinator or reader in application.evaluators)
    submitted = application.submitted
    return {
        "application_id": application.application_id,
        "wave_id": submitted.wave_id,
        "label_year": application.year,
        "lab_name": submitted.lab_name,
        "host_partner_id": submitted.host_partner_id,
        "is_living_lab": submitted.is_living_lab,
        "status": application.state.value,
        "seconds_in_state": time_in_states(application, now),
        "evaluators": list(application.evaluators),
        "scored_by": sorted(application.scores),
        "scores": _scores_out(visible),
        "category_means": category_means(application.scores, book.criteria) if shown else None,
        "proposed_member_type": book.proposal(application).value if shown else None,
        "decision": application.decision.model_dump(mode="json") if application.decision else None,
        "audit": [
            {"step": e.step, "actor": e.actor, "at": e.at.isoformat(), "detail": e.detail}
            for e in application.audit
        ],
    }


def _readable(application: Application, principal: Principal) -> None:
    if principal.role is Role.COORDINATOR:
        return
    if principal.role is Role.EVALUATOR and principal.system in application.evaluators:
        return
    if (
        principal.role is Role.PARTNER_SYSTEM
        and principal.system == application.submitted.submitted_by
    ):
        return
    raise ApiError(403, "forbidden", "only coordinators, its evaluators and its applicant read it")


def _found(book: LabellingBook, application_id: str) -> Application:
    application = book.applications.get(application_id)
    if application is None:
        raise ApiError(404, "unknown_application", f"no application '{application_id}'")
    return application


def _answer(registry: Any, book: LabellingBook, application_id: str, principal: Principal) -> Any:
    application = _found(book, application_id)
    is_coordinator = principal.role is Role.COORDINATOR
    return application_out(
        book, application, principal.system, is_coordinator, registry.labelling.now()
    )


@router.get("/criteria", summary="The criteria and the decision rule (data, with its source)")
async def criteria(registry: RegistryDep, _: PrincipalDep) -> dict[str, Any]:
    listed = registry.labelling.book.criteria
    return {
        "source": listed.source,
        "status": listed.status,
        "scale": {"min": listed.score_min, "max": listed.score_max},
        "evaluators_per_application": listed.evaluators_per_application,
        "categories": list(listed.categories),
        "criteria": [vars(c) for c in listed.criteria],
        "decision_rule": vars(listed.thresholds),
    }


@router.post("/waves", status_code=201, responses=REFUSALS, summary="Open a wave")
async def open_wave(body: OpenWave, registry: RegistryDep, who: CoordinatorDep) -> dict[str, Any]:
    event = _contract(WaveOpened, **body.model_dump(), opened_by=who.system)
    book = await _submit(registry, event, who.system)
    wave = book.waves[body.wave_id]
    return {"wave_id": wave.wave_id, "year": wave.year, "deadline": wave.deadline_day}


@router.post("/applications", status_code=201, responses=REFUSALS, summary="Apply for a label")
async def apply(body: Apply, registry: RegistryDep, who: ApplicantDep) -> Any:
    host = registry.view.aggregates.get(body.host_partner_id)
    if host is None or host.type != "partner":
        raise ApiError(
            422, "unknown_partner", f"host_partner_id: no partner '{body.host_partner_id}'"
        )
    event = _contract(ApplicationSubmitted, **body.model_dump(), submitted_by=who.system)
    book = await _submit(registry, event, who.system)
    return _answer(registry, book, body.application_id, who)


@router.post(
    "/applications/{application_id}/evaluators",
    status_code=201,
    responses=REFUSALS,
    summary="Assign an evaluator",
)
async def assign(
    application_id: Id, body: AssignEvaluator, registry: RegistryDep, who: CoordinatorDep
) -> Any:
    event = _contract(
        EvaluatorAssigned,
        application_id=application_id,
        evaluator_id=body.evaluator_id,
        assigned_by=who.system,
    )
    book = await _submit(registry, event, who.system)
    return _answer(registry, book, application_id, who)


@router.post(
    "/applications/{application_id}/scores",
    status_code=201,
    responses=REFUSALS,
    summary="Submit one's scores (once)",
)
async def score(
    application_id: Id, body: SubmitScores, registry: RegistryDep, who: EvaluatorDep
) -> Any:
    event = _contract(
        ScoreSubmitted, application_id=application_id, evaluator_id=who.system, scores=body.scores
    )
    book = await _submit(registry, event, who.system)
    return _answer(registry, book, application_id, who)


@router.post(
    "/applications/{application_id}/decision",
    status_code=201,
    responses=REFUSALS,
    summary="Record the decision (after every evaluator has scored)",
)
async def decide(
    application_id: Id, body: RecordDecision, registry: RegistryDep, who: CoordinatorDep
) -> Any:
    book = registry.labelling.book
    application = _found(book, application_id)
    event = _contract(
        DecisionRecorded,
        application_id=application_id,
        member_type=body.member_type,
        proposed_member_type=book.proposal(application),
        decided_by=who.system,
        note=body.note,
    )
    book = await _submit(registry, event, who.system)
    return _answer(registry, book, application_id, who)


@router.get("/waves", responses=REFUSALS, summary="The waves, with applications per state")
async def waves(registry: RegistryDep, _: PrincipalDep) -> list[dict[str, Any]]:
    """Any key may read the waves (a partner system needs them to apply); the counts say how
    many applications are in each state, not whose."""
    book = registry.labelling.book
    listed = []
    for wave in book.waves.values():
        states = {state.value: 0 for state in ApplicationState}
        for a in book.applications.values():
            if a.submitted.wave_id == wave.wave_id:
                states[a.state.value] += 1
        listed.append(
            {
                "wave_id": wave.wave_id,
                "year": wave.year,
                "deadline": wave.deadline_day,
                "opened_by": wave.opened_by,
                "opened_at": wave.opened_at.isoformat(),
                "applications": states,
            }
        )
    return listed


@router.get("/queue", responses=REFUSALS, summary="What this evaluator still has to score")
async def queue(registry: RegistryDep, who: EvaluatorDep) -> list[dict[str, Any]]:
    book = registry.labelling.book
    return [_answer(registry, book, a.application_id, who) for a in book.queue(who.system)]


@router.get("/applications", responses=REFUSALS, summary="Every application (coordinators)")
async def applications(registry: RegistryDep, who: CoordinatorDep) -> list[dict[str, Any]]:
    book = registry.labelling.book
    return [_answer(registry, book, a, who) for a in book.applications]


@router.get(
    "/applications/{application_id}", responses=REFUSALS, summary="Status, time, audit, scores"
)
async def application(application_id: Id, registry: RegistryDep, who: PrincipalDep) -> Any:
    book = registry.labelling.book
    _readable(_found(book, application_id), who)
    return _answer(registry, book, application_id, who)
