"""A labelling decision reaches the partners topic (issue 19, docs/labelling.md): the rule (once
per application, never for not_admitted), admission (registry_only) and the awarder against an
in-memory Kafka."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from livinglab_contracts import parse_event
from livinglab_contracts.labelling import DecisionRecorded, MemberType
from registry.domain.admission import Refusal, admit
from registry.domain.events import from_contract
from registry.domain.label_awards import award_event, award_id, due_awards
from registry.domain.labelling import LabellingBook
from registry.domain.view import RegistryView
from registry.service_layer.label_awards import LabelAwarder

from tests.unit.registry.builders import digest, parsed, principal, record, view_of
from tests.unit.registry.fakes import InMemoryPublisher
from tests.unit.registry.test_labelling import EVALUATORS, T0, assigned_book, score

TOPIC = "t.registry.partners.v1"


def decided(member_type: MemberType, proposed: MemberType) -> LabellingBook:
    book = assigned_book()
    value = {MemberType.EFFECTIVE: 4, MemberType.NOT_ADMITTED: 0}[proposed]
    for i, evaluator in enumerate(EVALUATORS):
        score(book, evaluator, value, hours=10 + i)
    book.apply_decision_recorded(
        DecisionRecorded(
            application_id="app-1",
            member_type=member_type,
            proposed_member_type=proposed,
            decided_by="coord-1",
        ),
        T0 + timedelta(hours=20),
    )
    return book


def host_view(sequence: int = 3) -> RegistryView:
    data = {"partner_id": "brightlands", "name": "Brightlands"}
    view = view_of(parsed("partner.registered", subject="brightlands", data=data))
    view.aggregates["brightlands"].sequence = sequence
    return view


def never(_: str) -> bool:
    return False


def test_an_admitting_decision_is_due_once_with_the_partners_current_sequence() -> None:
    book, view = decided(MemberType.EFFECTIVE, MemberType.EFFECTIVE), host_view()
    assert due_awards(assigned_book(), view.aggregates, never) == []  # not decided yet
    [award] = due_awards(book, view.aggregates, never)
    raw = award_event(award, view.aggregates["brightlands"])
    assert raw["id"] == award_id("app-1") and raw["subject"] == "brightlands"
    assert raw["sequence"] == 3  # the partner's current sequence: not moved
    assert raw["time"] == (T0 + timedelta(hours=20)).isoformat()  # the decision's
    assert raw["data"] == {
        "partner_id": "brightlands",
        "network": "ENoLL",
        "member_type": "effective",
        "label_year": 2026,
        "lab_name": "Brightlands Living Lab",
        "application_id": "app-1",
    }
    record(view, from_contract(parse_event(raw)))
    assert (
        due_awards(book, view.aggregates, lambda i: ("/livinglab/registry", i) in view.events) == []
    )
    assert view.aggregates["brightlands"].sequence == 3


def test_not_admitted_awards_nothing() -> None:
    book = decided(MemberType.NOT_ADMITTED, MemberType.NOT_ADMITTED)
    assert due_awards(book, host_view().aggregates, never) == []


def test_a_merged_host_passes_its_label_to_the_survivor() -> None:
    book, view = decided(MemberType.ADHERENT, MemberType.EFFECTIVE), host_view()
    view.aggregates["brightlands"].state["merged_into"] = "vista-college"
    record(view, parsed("partner.registered"))
    [award] = due_awards(book, view.aggregates, never)
    assert (award.partner_id, award.member_type) == ("vista-college", "adherent")


def test_partner_systems_may_not_post_it() -> None:
    event = parsed("partner.label-awarded", subject="vista-college")
    view = view_of(parsed("partner.registered"))
    decision = admit(view, event, digest(event), principal())
    assert isinstance(decision, Refusal) and decision.code == "registry_only"


def test_the_awarder_writes_each_label_once_and_applies_it_to_the_view() -> None:
    async def scenario() -> None:
        book, view = decided(MemberType.EFFECTIVE, MemberType.EFFECTIVE), host_view()
        publisher = InMemoryPublisher()
        awarder = LabelAwarder(view, book, publisher, "t.", 1.0, lambda: True)
        assert await awarder.award() == 1
        assert await awarder.award() == 0  # in the view now: not written again
        written = [json.loads(v) for v in publisher.values(TOPIC)]
        assert [(e["type"], e["subject"], e["sequence"]) for e in written] == [
            ("nl.livinglab.partner.label-awarded.v1", "brightlands", 3)
        ]
        # A restarted registry reads the same topic into its view: nothing is due there either.
        again = host_view()
        for value in publisher.values(TOPIC):
            record(again, from_contract(parse_event(json.loads(value))))
        assert (
            await LabelAwarder(again, book, InMemoryPublisher(), "t.", 1.0, lambda: True).award()
            == 0
        )

    asyncio.run(scenario())
