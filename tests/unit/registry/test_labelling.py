"""The labelling workflow's pure rules: order of steps, blind scoring, the decision rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from livinglab_contracts.labelling import (
    ApplicationSubmitted,
    CriterionScore,
    DecisionRecorded,
    DecisionThresholds,
    EvaluatorAssigned,
    MemberType,
    ScoreSubmitted,
    WaveOpened,
    labelling_criteria,
)
from pydantic import ValidationError
from registry.domain.labelling import (
    ApplicationState,
    LabellingBook,
    LabellingRefused,
    category_means,
    propose_member_type,
    time_in_states,
)

CRITERIA = labelling_criteria()
T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
EVALUATORS = ("eval-a", "eval-b", "eval-c")


def scores(value: int) -> tuple[CriterionScore, ...]:
    return tuple(
        CriterionScore(criterion_id=c.id, score=value, motivation="ok") for c in CRITERIA.criteria
    )


def submitted_book(is_living_lab: bool = True) -> LabellingBook:
    book = LabellingBook(CRITERIA)
    book.apply_wave_opened(
        WaveOpened(wave_id="wave-2026", year=2026, deadline=date(2026, 4, 1), opened_by="coord-1"),
        T0,
    )
    book.apply_application_submitted(
        ApplicationSubmitted(
            application_id="app-1",
            wave_id="wave-2026",
            lab_name="Brightlands Living Lab",
            host_partner_id="brightlands",
            legal_address="Urmonderbaan 22, Geleen",
            website="https://example.org",
            contact="labs@example.org",
            is_living_lab=is_living_lab,
            self_assessment=scores(3),
            submitted_by="applicant-1",
        ),
        T0 + timedelta(hours=1),
    )
    return book


def assigned_book() -> LabellingBook:
    book = submitted_book()
    for i, evaluator in enumerate(EVALUATORS):
        book.apply_evaluator_assigned(
            EvaluatorAssigned(
                application_id="app-1", evaluator_id=evaluator, assigned_by="coord-1"
            ),
            T0 + timedelta(hours=2 + i),
        )
    return book


def score(book: LabellingBook, evaluator: str, value: int, hours: int = 10) -> None:
    book.apply_score_submitted(
        ScoreSubmitted(application_id="app-1", evaluator_id=evaluator, scores=scores(value)),
        T0 + timedelta(hours=hours),
    )


def refusal(call: object, *args: object) -> LabellingRefused:
    with pytest.raises(LabellingRefused) as caught:
        call(*args)  # type: ignore[operator]
    return caught.value


def test_criteria_are_twenty_in_five_categories_and_marked_as_paraphrase() -> None:
    assert len(CRITERIA.criteria) == 20
    assert CRITERIA.categories == (
        "organisation",
        "openness",
        "resources",
        "user_centricism",
        "value",
    )
    assert all(sum(c.category == k for c in CRITERIA.criteria) == 4 for k in CRITERIA.categories)
    assert CRITERIA.status == "paraphrase"


def test_a_score_must_cover_every_criterion_once() -> None:
    with pytest.raises(ValidationError, match="criteria not scored: VAL4"):
        ScoreSubmitted(application_id="app-1", evaluator_id="eval-a", scores=scores(3)[:-1])
    with pytest.raises(ValidationError, match="each criterion is scored once"):
        ScoreSubmitted(
            application_id="app-1", evaluator_id="eval-a", scores=(*scores(3), scores(3)[0])
        )
    with pytest.raises(ValidationError, match="less than or equal to 5"):
        CriterionScore(criterion_id="ORG1", score=6, motivation="too high")


def test_the_full_path_to_a_decision_with_audit_and_time_in_states() -> None:
    book = assigned_book()
    for i, evaluator in enumerate(EVALUATORS):
        score(book, evaluator, 4, hours=10 + i)
    application = book.applications["app-1"]
    assert application.state is ApplicationState.EVALUATED
    assert book.proposal(application) is MemberType.EFFECTIVE
    book.apply_decision_recorded(
        DecisionRecorded(
            application_id="app-1",
            member_type=MemberType.EFFECTIVE,
            proposed_member_type=MemberType.EFFECTIVE,
            decided_by="coord-1",
        ),
        T0 + timedelta(hours=20),
    )
    assert book.applications["app-1"].state is ApplicationState.DECIDED
    assert book.labels_of("brightlands") == [
        {
            "application_id": "app-1",
            "lab_name": "Brightlands Living Lab",
            "member_type": "effective",
            "label_year": 2026,
        }
    ]
    assert book.labels_of("someone-else") == []
    assert [(e.step, e.actor) for e in application.audit] == [
        ("submitted", "applicant-1"),
        ("evaluator_assigned", "coord-1"),
        ("evaluator_assigned", "coord-1"),
        ("evaluator_assigned", "coord-1"),
        ("score_submitted", "eval-a"),
        ("score_submitted", "eval-b"),
        ("score_submitted", "eval-c"),
        ("decision_recorded", "coord-1"),
    ]
    spent = time_in_states(application, T0 + timedelta(hours=21))
    assert spent == {
        "submitted": 3600.0,
        "under_evaluation": 10 * 3600.0,
        "evaluated": 8 * 3600.0,
        "decided": 3600.0,
    }


def test_out_of_order_steps_are_refused_with_a_precise_code() -> None:
    book = submitted_book()
    assert refusal(score, book, "eval-a", 3).code == "not_assigned"
    book = assigned_book()
    score(book, "eval-a", 3)
    second = refusal(score, book, "eval-a", 3)
    assert (second.status, second.code) == (409, "already_scored")
    early = DecisionRecorded(
        application_id="app-1",
        member_type=MemberType.ADHERENT,
        proposed_member_type=MemberType.ADHERENT,
        decided_by="coord-1",
    )
    missing = refusal(book.apply_decision_recorded, early, T0 + timedelta(hours=12))
    assert (missing.status, missing.code) == (409, "scores_missing")
    assert "1 of 3" in missing.message
    unknown = EvaluatorAssigned(application_id="nope", evaluator_id="eval-d", assigned_by="c")
    assert refusal(book.apply_evaluator_assigned, unknown, T0).status == 404
    twice = EvaluatorAssigned(application_id="app-1", evaluator_id="eval-a", assigned_by="c")
    assert refusal(book.apply_evaluator_assigned, twice, T0).code == "evaluator_already_assigned"


def test_a_decision_must_carry_the_rules_proposal() -> None:
    book = assigned_book()
    for evaluator in EVALUATORS:
        score(book, evaluator, 3)
    wrong = DecisionRecorded(
        application_id="app-1",
        member_type=MemberType.EFFECTIVE,
        proposed_member_type=MemberType.EFFECTIVE,
        decided_by="coord-1",
    )
    refused = refusal(book.apply_decision_recorded, wrong, T0 + timedelta(hours=20))
    assert (refused.status, refused.code) == (422, "proposal_mismatch")
    assert "'adherent'" in refused.message


def test_late_applications_and_unknown_waves_are_refused() -> None:
    book = submitted_book()
    late = book.applications["app-1"].submitted.model_copy(update={"application_id": "app-2"})
    closed = refusal(book.apply_application_submitted, late, datetime(2026, 4, 2, tzinfo=UTC))
    assert (closed.status, closed.code) == (409, "wave_closed")
    elsewhere = late.model_copy(update={"wave_id": "wave-1999"})
    assert refusal(book.apply_application_submitted, elsewhere, T0).code == "unknown_wave"


def test_scoring_is_blind_until_every_evaluator_has_scored() -> None:
    book = assigned_book()
    application = book.applications["app-1"]
    score(book, "eval-a", 4)
    score(book, "eval-b", 2)
    assert set(book.visible_scores(application, "eval-a", is_coordinator=False)) == {"eval-a"}
    assert book.visible_scores(application, "eval-c", is_coordinator=False) == {}
    assert book.visible_scores(application, "coord-1", is_coordinator=True) == {}
    assert [a.application_id for a in book.queue("eval-c")] == ["app-1"]
    assert book.queue("eval-a") == []
    score(book, "eval-c", 3)
    assert set(book.visible_scores(application, "eval-a", is_coordinator=False)) == set(EVALUATORS)
    assert set(book.visible_scores(application, "coord-1", is_coordinator=True)) == set(EVALUATORS)
    assert book.visible_scores(application, "outsider", is_coordinator=False) == {}


RULE = DecisionThresholds(effective_min=3.5, adherent_min=2.5, grow_min=1.5)


@pytest.mark.parametrize(
    ("means", "is_lab", "expected"),
    [
        ({"a": 4.0, "b": 3.5}, True, MemberType.EFFECTIVE),
        ({"a": 4.0, "b": 3.4}, True, MemberType.ADHERENT),
        ({"a": 4.0, "b": 1.0}, True, MemberType.ACCEPTED_TO_GROW),
        ({"a": 1.0, "b": 1.9}, True, MemberType.NOT_ADMITTED),
        ({"a": 4.0, "b": 4.0}, False, MemberType.INNOVATION_PARTNER),
        ({"a": 1.0, "b": 1.0}, False, MemberType.NOT_ADMITTED),
        ({}, True, MemberType.NOT_ADMITTED),
    ],
)
def test_the_decision_rule(means: dict[str, float], is_lab: bool, expected: MemberType) -> None:
    assert propose_member_type(means, is_lab, RULE) is expected


def test_category_means_average_criteria_over_evaluators() -> None:
    mixed = {
        "eval-a": scores(4),
        "eval-b": tuple(
            s.model_copy(update={"score": 1}) if s.criterion_id == "ORG1" else s for s in scores(2)
        ),
    }
    means = category_means(mixed, CRITERIA)
    # ORG1: (4+1)/2 = 2.5, ORG2..4: 3.0 -> 2.875; other categories (4+2)/2 = 3.0
    assert means["organisation"] == 2.875
    assert means["value"] == 3.0


def test_labelling_events_stay_off_the_topics_matching_and_notifications_read() -> None:
    from livinglab_contracts import ALL_TOPICS, EVENT_SPECS, REGISTRY_TOPICS
    from livinglab_contracts.labelling import LABELLING_EVENT_TYPES, LABELLING_TOPIC

    assert LABELLING_TOPIC not in (*REGISTRY_TOPICS, *ALL_TOPICS)
    assert not {s.type for s in EVENT_SPECS} & set(LABELLING_EVENT_TYPES)
    assert not [s for s in EVENT_SPECS if s.topic == LABELLING_TOPIC]


def test_a_labelling_record_round_trips_and_refuses_unknown_types() -> None:
    from livinglab_contracts.labelling import LabellingRecord, labelling_record

    wave = WaveOpened(wave_id="w", year=2026, deadline=date(2026, 4, 1), opened_by="coord-1")
    stored = labelling_record(wave, T0, "coord-1")
    assert stored.type == "nl.livinglab.labelling.wave-opened.v1"
    again = LabellingRecord.model_validate_json(stored.model_dump_json())
    assert again.event() == wave and again.time == T0
    with pytest.raises(ValueError, match="not a labelling event type"):
        again.model_copy(update={"type": "nl.livinglab.partner.registered.v1"}).event()


async def test_the_desk_sends_nothing_it_refuses_and_says_when_a_stored_step_is_not_read_back() -> (
    None
):
    from registry.service_layer.labelling import LabellingDesk

    from tests.unit.registry.fakes import InMemoryPublisher

    publisher = InMemoryPublisher()
    desk = LabellingDesk(CRITERIA, publisher, "t.labelling", read_back_timeout_s=0.01)
    unknown = EvaluatorAssigned(application_id="nope", evaluator_id="eval-a", assigned_by="c")
    with pytest.raises(LabellingRefused) as refused:
        await desk.submit(unknown, "coord-1")
    assert refused.value.status == 404 and publisher.values("t.labelling") == []
    wave = WaveOpened(wave_id="w", year=2026, deadline=date(2026, 4, 1), opened_by="coord-1")
    # Nobody follows the fake topic, so the stored step is never read back: 504, said plainly.
    with pytest.raises(LabellingRefused) as unseen:
        await desk.submit(wave, "coord-1")
    assert (unseen.value.status, unseen.value.code) == (504, "stored_not_yet_visible")
    assert len(publisher.values("t.labelling")) == 1
    assert desk.book.waves == {}
