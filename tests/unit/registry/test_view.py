"""The current-state view: what each accepted event does, applied once, in any topic order."""

from __future__ import annotations

from datetime import datetime

from registry.domain.view import Position, RegistryView

from tests.unit.registry.builders import digest, network, parsed, record, view_of


def test_registering_creates_the_aggregate_with_owner_sequence_and_times() -> None:
    event = parsed("partner.registered", sequence=3)
    view = view_of(event)
    partner = view.aggregates["vista-college"]
    assert (partner.type, partner.owner_source, partner.sequence) == (
        "partner",
        "/systems/vista-crm",
        3,
    )
    assert partner.created_at == partner.updated_at == event.time
    assert partner.state["name"] == "VISTA college" and partner.state["memberships"] == {}
    assert "partner_id" not in partner.state
    assert view.events[(event.source, event.id)].aggregate_id == "vista-college"


def test_an_event_is_applied_once_however_often_it_is_read() -> None:
    view = RegistryView()
    event = parsed("partner.registered")
    assert view.apply(event, digest(event), Position("t", 0, 7))
    assert not view.apply(event, digest(event), Position("t", 1, 9))
    assert view.events[(event.source, event.id)].position == Position("t", 0, 7)
    assert view.aggregates["vista-college"].event_count == 1


def test_an_update_changes_only_the_fields_it_names() -> None:
    view = network()
    record(view, parsed("partner.updated", sequence=3))  # has_coordinator: true
    partner = view.aggregates["vista-college"]
    assert partner.state["has_coordinator"] is True
    assert partner.state["name"] == "VISTA college" and partner.state["regions"] == ["CR39"]
    assert (partner.sequence, partner.event_count) == (3, 3)


def test_the_updated_time_is_the_latest_event_time() -> None:
    view = network()
    later = parsed("partner.updated", sequence=3, time="2026-05-01T10:00:00+02:00")
    earlier = parsed("partner.updated", sequence=4, time="2026-02-01T10:00:00+01:00")
    record(view, later)
    record(view, earlier)
    partner = view.aggregates["vista-college"]
    assert partner.updated_at == datetime.fromisoformat("2026-05-01T10:00:00+02:00")
    assert partner.sequence == 4


def test_joining_records_the_membership_on_both_sides_with_the_partners_helix() -> None:
    view = network()
    membership = view.aggregates["vista-college"].state["memberships"]["cop-limburg"]
    assert membership == {
        "role": "lead",
        "helix": "onderwijs",
        "since": "2021-01-01",
        "until": None,
    }
    assert view.aggregates["cop-limburg"].state["members"]["vista-college"] == membership


def test_leaving_keeps_the_membership_with_its_last_day_and_reason() -> None:
    view = network()
    left = parsed("partner.left-initiative", sequence=3, data={"reason": "Project afgerond"})
    record(view, left)
    for membership in (
        view.aggregates["vista-college"].state["memberships"]["cop-limburg"],
        view.aggregates["cop-limburg"].state["members"]["vista-college"],
    ):
        assert membership["until"] == "2025-01-01"
    partner_side = view.aggregates["vista-college"].state["memberships"]["cop-limburg"]
    assert partner_side["left_reason"] == "Project afgerond"


def test_rejoining_starts_a_new_current_membership() -> None:
    view = network()
    record(view, parsed("partner.left-initiative", sequence=3))
    record(view, parsed("partner.joined-initiative", sequence=4, data={"since": "2026-01-01"}))
    member = view.aggregates["cop-limburg"].state["members"]["vista-college"]
    assert (member["since"], member["until"]) == ("2026-01-01", None)


def test_a_membership_read_before_its_initiative_still_lists_the_member() -> None:
    # On a restart the partners topic may be read before the initiatives topic.
    view = view_of(parsed("partner.registered"), parsed("partner.joined-initiative", sequence=2))
    record(view, parsed("initiative.registered"))
    members = view.aggregates["cop-limburg"].state["members"]
    assert members["vista-college"]["since"] == "2021-01-01"
    record(view, parsed("partner.left-initiative", sequence=3))
    assert members["vista-college"]["until"] == "2025-01-01"


def test_status_changes_and_closing_are_recorded() -> None:
    view = network()
    record(view, parsed("initiative.status-changed", sequence=2))
    assert view.aggregates["cop-limburg"].state["status"] == "sustained"
    record(view, parsed("initiative.registered", subject="cop-2", data={"initiative_id": "cop-2"}))
    merged = {"reason": "merged", "successor_id": "cop-2"}
    record(view, parsed("initiative.closed", sequence=3, data=merged))
    state = view.aggregates["cop-limburg"].state
    assert (state["status"], state["closed_on"], state["close_reason"], state["successor_id"]) == (
        "closed",
        "2024-12-31",
        "merged",
        "cop-2",
    )


def test_needs_and_offers_are_open_until_withdrawn() -> None:
    view = network()
    need, offer = view.aggregates["need-procestechnologen"], view.aggregates["offer-zij-instroom"]
    assert (need.type, need.state["direction"], need.state["status"]) == (
        "need_offer",
        "need",
        "open",
    )
    assert (offer.state["direction"], offer.state["status"]) == ("offer", "open")
    record(view, parsed("need-offer.withdrawn", sequence=2))
    assert offer.state["status"] == "fulfilled" and need.state["status"] == "open"


def test_of_type_lists_only_that_type() -> None:
    view = network()
    assert [a.id for a in view.of_type("initiative")] == ["cop-limburg"]
    assert {a.id for a in view.of_type("need_offer")} == {
        "need-procestechnologen",
        "offer-zij-instroom",
    }


def test_a_request_read_before_its_initiative_is_listed_with_its_later_decline() -> None:
    view = view_of(
        parsed("partner.registered"),
        parsed("partner.membership-requested", sequence=2),
        parsed("partner.membership-declined", sequence=3),
    )
    assert view.unplaced_requests  # held by initiative, not found by scanning every partner
    record(view, parsed("initiative.registered"))
    request = view.aggregates["cop-limburg"].state["membership_requests"]["vista-college"]
    assert request["status"] == "declined" and not view.unplaced_requests


def test_an_overlay_sees_the_view_and_changes_only_itself() -> None:
    view = network()
    overlay = view.overlay()
    record(overlay, parsed("partner.left-initiative", sequence=3))
    record(overlay, parsed("partner.registered", subject="p2", data={"partner_id": "p2"}))
    assert overlay.aggregates["vista-college"].state["memberships"]["cop-limburg"]["until"]
    assert overlay.aggregates["cop-limburg"].state["members"]["vista-college"]["until"]
    assert "p2" in overlay.aggregates and len(overlay.aggregates) == len(view.aggregates) + 1
    assert view.aggregates["vista-college"].state["memberships"]["cop-limburg"]["until"] is None
    assert view.aggregates["cop-limburg"].state["members"]["vista-college"]["until"] is None
    assert view.aggregates["vista-college"].sequence == 2 and "p2" not in view.aggregates
    assert len(overlay.events) == len(view.events) + 2


def test_a_record_acked_here_is_skipped_once_by_the_follower() -> None:
    view, event = RegistryView(), parsed("partner.registered")
    position = Position(event.topic, 0, 41)
    view.send(event.topic, event.canonical)
    view.settle(event, digest(event), event.topic, position)
    assert view.read_here(position, event.canonical)
    assert not view.read_here(position, event.canonical) and not view.sending


def test_a_record_read_before_its_ack_is_left_to_the_submission() -> None:
    view, event = RegistryView(), parsed("partner.registered")
    position = Position(event.topic, 0, 7)
    view.send(event.topic, event.canonical)
    assert view.read_here(position, event.canonical)  # parked, not applied by the follower
    assert not view.events
    view.settle(event, digest(event), event.topic, position)
    assert view.events[(event.source, event.id)].position == position
    assert not view.acked_here and not view.sending


def test_a_record_in_the_log_whose_delivery_failed_is_applied_where_it_was_read() -> None:
    view, event = RegistryView(), parsed("partner.registered")
    position = Position(event.topic, 2, 9)
    view.send(event.topic, event.canonical)
    assert view.read_here(position, event.canonical)
    view.settle(event, digest(event), event.topic, None)
    assert view.events[(event.source, event.id)].position == position


def test_records_written_elsewhere_are_read_by_the_follower() -> None:
    view, event = RegistryView(), parsed("partner.registered")
    assert not view.read_here(Position(event.topic, 0, 1), event.canonical)
