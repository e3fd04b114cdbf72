"""Admission rules one by one, against a view built in memory (no Kafka, no HTTP)."""

from __future__ import annotations

import orjson
import pytest
from registry.domain.admission import Admit, Duplicate, Refusal, admit
from registry.domain.events import RegistryEvent, parse_registry_event
from registry.domain.screening import EventRules, secret_fields
from registry.domain.view import RegistryView

from tests.unit.registry.builders import (
    OTHER_SOURCE,
    digest,
    network,
    parsed,
    principal,
    raw,
    record,
    view_of,
)


def decide(view: RegistryView, event: RegistryEvent, *sources: str, **kwargs: object) -> object:
    return admit(view, event, digest(event), principal(*sources, **kwargs))  # type: ignore[arg-type]


def refused(decision: object) -> tuple[int, str, str]:
    assert isinstance(decision, Refusal), decision
    return decision.status, decision.code, decision.field


# Duplicates come first ---------------------------------------------------------------------------


def test_the_same_id_and_body_is_a_duplicate_with_the_original_position() -> None:
    view = RegistryView()
    event = parsed("partner.registered", event_id="evt-1")
    position = record(view, event)
    again = parsed("partner.registered", event_id="evt-1")
    decision = decide(view, again)
    assert isinstance(decision, Duplicate)
    assert (
        decision.recorded.position == position and decision.recorded.aggregate_id == event.subject
    )


def test_a_replayed_event_is_a_duplicate_even_where_a_new_one_would_be_refused() -> None:
    view = network()
    update = parsed("partner.updated", event_id="evt-upd", sequence=5)
    record(view, update)
    # Its sequence is no longer after the aggregate's.
    assert isinstance(decide(view, update), Duplicate)


def test_a_key_that_may_not_claim_the_source_learns_nothing_about_its_ids() -> None:
    # Issue 16, D4: the source is checked before the id, so no position leaks to another key.
    view = network()
    update = parsed("partner.updated", event_id="evt-upd", sequence=5)
    record(view, update)
    assert refused(decide(view, update, OTHER_SOURCE)) == (403, "source_not_allowed", "source")


def test_the_same_id_with_another_body_is_a_conflict_on_the_id() -> None:
    view = RegistryView()
    record(view, parsed("partner.registered", event_id="evt-1"))
    changed = parsed("partner.registered", event_id="evt-1", data={"name": "Vista"})
    assert refused(decide(view, changed)) == (409, "duplicate_id_different_body", "id")


def test_the_body_is_compared_in_canonical_form_not_as_sent() -> None:
    view = RegistryView()
    record(view, parsed("partner.registered", event_id="evt-1"))
    spelled_out = raw("partner.registered", event_id="evt-1")
    spelled_out["datacontenttype"] = "application/json"  # the default, now explicit
    spelled_out["data"] = dict(reversed(list(spelled_out["data"].items())))
    assert isinstance(decide(view, parse_registry_event(spelled_out)), Duplicate)


# Who may write ---------------------------------------------------------------------------------


def test_a_key_may_only_claim_its_own_sources() -> None:
    decision = decide(RegistryView(), parsed("partner.registered"), OTHER_SOURCE)
    assert refused(decision) == (403, "source_not_allowed", "source")
    assert isinstance(decision, Refusal) and OTHER_SOURCE in decision.message


def test_only_the_owning_source_may_change_an_aggregate() -> None:
    view = network()
    foreign = parsed("partner.updated", sequence=3, source=OTHER_SOURCE)
    decision = decide(view, foreign, OTHER_SOURCE)
    assert refused(decision) == (403, "not_owner", "subject")
    assert isinstance(decision, Refusal) and "/systems/vista-crm" in decision.message


def test_a_grant_lets_another_source_change_that_aggregate_only() -> None:
    view = network()
    foreign = parsed("partner.updated", sequence=3, source=OTHER_SOURCE)
    assert decide(view, foreign, OTHER_SOURCE, granted=("vista-college",)) == Admit()
    closing = parsed("initiative.closed", sequence=2, source=OTHER_SOURCE)
    decision = decide(view, closing, OTHER_SOURCE, granted=("vista-college",))
    assert refused(decision) == (403, "not_owner", "subject")


# Aggregates and their order ---------------------------------------------------------------------


def test_registering_an_existing_id_is_a_conflict() -> None:
    view = network()
    assert refused(decide(view, parsed("partner.registered"))) == (
        409,
        "already_registered",
        "subject",
    )


def test_changing_an_unregistered_aggregate_is_refused() -> None:
    decision = decide(RegistryView(), parsed("partner.updated", sequence=2))
    assert refused(decision) == (422, "unknown_aggregate", "subject")


def test_an_event_about_an_aggregate_of_another_type_is_refused() -> None:
    # 'cop-limburg' is an initiative: a partner update about it must not touch it.
    view = network()
    event = parsed(
        "partner.updated", sequence=9, subject="cop-limburg", data={"partner_id": "cop-limburg"}
    )
    assert refused(decide(view, event)) == (422, "unknown_aggregate", "subject")


@pytest.mark.parametrize("sequence", [1, 2])
def test_a_sequence_not_after_the_last_accepted_one_is_stale(sequence: int) -> None:
    view = network()  # vista-college is at sequence 2 (registered, joined)
    decision = decide(view, parsed("partner.updated", sequence=sequence))
    assert refused(decision) == (409, "stale_sequence", "sequence")


def test_sequences_may_skip_numbers() -> None:
    assert decide(network(), parsed("partner.updated", sequence=40)) == Admit()


# State transitions ------------------------------------------------------------------------------


def test_a_closed_initiative_takes_no_more_events() -> None:
    view = network()
    record(view, parsed("initiative.closed", sequence=2))
    decision = decide(view, parsed("initiative.updated", sequence=3))
    assert refused(decision) == (409, "invalid_state", "subject")


def test_a_status_change_must_start_from_the_current_status() -> None:
    view = network()  # cop-limburg is active
    change = parsed(
        "initiative.status-changed",
        sequence=2,
        data={"from_status": "pilot", "to_status": "active"},
    )
    assert refused(decide(view, change)) == (409, "invalid_state", "data.from_status")
    assert decide(view, parsed("initiative.status-changed", sequence=2)) == Admit()


def test_joining_twice_and_leaving_without_being_a_member_are_refused() -> None:
    view = network()
    again = parsed("partner.joined-initiative", sequence=3)
    assert refused(decide(view, again)) == (409, "invalid_state", "data.initiative_id")
    record(view, parsed("partner.left-initiative", sequence=3))
    left_again = parsed("partner.left-initiative", sequence=4)
    assert refused(decide(view, left_again)) == (409, "invalid_state", "data.initiative_id")
    assert decide(view, parsed("partner.joined-initiative", sequence=4)) == Admit()


def test_a_withdrawn_offer_cannot_be_withdrawn_again() -> None:
    view = network()
    record(view, parsed("need-offer.withdrawn", sequence=2))
    decision = decide(view, parsed("need-offer.withdrawn", sequence=3))
    assert refused(decision) == (409, "invalid_state", "subject")


# References -----------------------------------------------------------------------------------


def test_joining_needs_an_existing_open_initiative() -> None:
    view = view_of(parsed("partner.registered"))
    unknown = parsed("partner.joined-initiative", sequence=2)
    assert refused(decide(view, unknown)) == (422, "unknown_reference", "data.initiative_id")
    record(view, parsed("initiative.registered"))
    record(view, parsed("initiative.closed", sequence=2))
    assert refused(decide(view, unknown)) == (422, "unknown_reference", "data.initiative_id")


def test_a_partner_is_not_an_initiative_to_join() -> None:
    view = view_of(parsed("partner.registered"))
    record(view, parsed("partner.registered", subject="zuyd", data={"partner_id": "zuyd"}))
    join = parsed("partner.joined-initiative", sequence=2, data={"initiative_id": "zuyd"})
    assert refused(decide(view, join)) == (422, "unknown_reference", "data.initiative_id")


def test_a_need_needs_an_existing_publisher_of_the_named_type() -> None:
    view = view_of(parsed("initiative.registered"))
    need = parsed("need.published")
    assert refused(decide(view, need)) == (422, "unknown_reference", "data.publisher_id")
    by_initiative = parsed(
        "need.published", data={"publisher_id": "cop-limburg", "publisher_type": "initiative"}
    )
    assert decide(view, by_initiative) == Admit()


def test_a_parent_and_a_successor_must_be_registered_initiatives() -> None:
    view = network()
    table = {"initiative_id": "tafel-2a", "kind": "innovation_table", "parent_id": "nowhere"}
    child = parsed("initiative.registered", subject="tafel-2a", data=table)
    assert refused(decide(view, child)) == (422, "unknown_reference", "data.parent_id")
    merged = {"reason": "merged", "successor_id": "nowhere"}
    closing = parsed("initiative.closed", sequence=2, data=merged)
    assert refused(decide(view, closing)) == (422, "unknown_reference", "data.successor_id")
    adopted = parsed(
        "initiative.registered", subject="tafel-2a", data=table | {"parent_id": "cop-limburg"}
    )
    assert decide(view, adopted) == Admit()


@pytest.mark.parametrize(
    "name",
    ["initiative.registered", "partner.registered"],
)
def test_a_new_aggregate_from_an_allowed_source_is_admitted(name: str) -> None:
    assert decide(RegistryView(), parsed(name)) == Admit()


def test_a_configured_literal_is_found_in_the_serialised_event_however_it_is_escaped() -> None:
    literal = 'adm"in\\tok\nen-2026'  # a quote, a backslash and a line break: all escaped
    rules = EventRules(secret_literals=(literal,))
    event = {"id": "e-1", "data": {"note": f"see {literal} here", "other": "plain"}}
    assert secret_fields(event, rules, orjson.dumps(event)) == ["data.note"]
    clean = {"id": "e-1", "data": {"note": "nothing to see"}}
    assert secret_fields(clean, rules, orjson.dumps(clean)) == []
