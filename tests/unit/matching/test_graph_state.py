"""GraphState: contract events applied in memory as the Cypher projection applies them, and read
back as profiles the way GraphReader reads them."""

from __future__ import annotations

from typing import Any

from livinglab_contracts import AnyEvent, parse_event
from matching.domain.graph_state import GraphState
from matching.domain.profiles import InitiativeProfile, NeedOfferProfile, PartnerProfile

from tests.support.events import event


def parsed(event_type: str, subject: str, data: dict[str, Any], sequence: int = 1) -> AnyEvent:
    return parse_event(event(event_type, subject, data, sequence))


def partner_registered(partner_id: str, sequence: int = 1, **data: Any) -> AnyEvent:
    values = {"partner_id": partner_id, "name": partner_id.upper(), "kind": "roc"} | data
    return parsed("partner.registered", partner_id, values, sequence)


def initiative_registered(initiative_id: str, sequence: int = 1, **data: Any) -> AnyEvent:
    values = {"initiative_id": initiative_id, "name": initiative_id.upper()}
    values |= {"kind": "community_of_practice"} | data
    return parsed("initiative.registered", initiative_id, values, sequence)


def joined(partner_id: str, initiative_id: str, sequence: int) -> AnyEvent:
    data = {"partner_id": partner_id, "initiative_id": initiative_id, "role": "partner"}
    return parsed("partner.joined-initiative", partner_id, data | {"since": "2021-01-01"}, sequence)


def left(partner_id: str, initiative_id: str, sequence: int) -> AnyEvent:
    data = {"partner_id": partner_id, "initiative_id": initiative_id, "until": "2025-01-01"}
    return parsed("partner.left-initiative", partner_id, data, sequence)


def need_published(need_id: str, initiative_id: str, sequence: int = 1) -> AnyEvent:
    data = {
        "need_offer_id": need_id,
        "publisher_id": initiative_id,
        "publisher_type": "initiative",
        "type": "staff_demand",
        "title": "Operators gezocht",
        "themes": ["procestechniek"],
        "region": "CR39",
        "valid_from": "2026-01-01",
    }
    return parsed("need.published", need_id, data, sequence)


def withdrawn(need_id: str, sequence: int) -> AnyEvent:
    data = {"need_offer_id": need_id, "reason": "fulfilled"}
    return parsed("need-offer.withdrawn", need_id, data, sequence)


def partner_of(state: GraphState, node_id: str) -> PartnerProfile:
    profile = state.profile(node_id)
    assert isinstance(profile, PartnerProfile)
    return profile


def initiative_of(state: GraphState, node_id: str) -> InitiativeProfile:
    profile = state.profile(node_id)
    assert isinstance(profile, InitiativeProfile)
    return profile


# Sequence guards and partial updates -------------------------------------------------------------


def test_a_stale_or_repeated_sequence_is_ignored() -> None:
    state = GraphState()
    state.apply([partner_registered("p-1", sequence=2, themes=["procestechniek"])])
    before = state.profile("p-1")

    stale = {"partner_id": "p-1", "themes": ["ict"], "has_coordinator": True}
    state.apply([parsed("partner.updated", "p-1", stale, sequence=1)])
    state.apply([parsed("partner.updated", "p-1", stale, sequence=2)])

    assert state.profile("p-1") == before


def test_a_newer_sequence_is_applied_even_in_the_same_batch() -> None:
    state = GraphState()
    update = {"partner_id": "p-1", "themes": ["ict"]}
    state.apply([partner_registered("p-1"), parsed("partner.updated", "p-1", update, sequence=2)])
    assert partner_of(state, "p-1").themes == ("ict",)


def test_an_update_changes_only_the_fields_it_names() -> None:
    state = GraphState()
    state.apply(
        [
            partner_registered(
                "p-1",
                themes=["procestechniek"],
                regions=["CR39"],
                education_levels_offered=["mbo"],
            )
        ]
    )
    before = partner_of(state, "p-1")
    assert not before.has_coordinator

    update = {"partner_id": "p-1", "has_coordinator": True}
    state.apply([parsed("partner.updated", "p-1", update, sequence=2)])

    after = partner_of(state, "p-1")
    assert after.has_coordinator
    assert (after.name, after.kind, after.helix) == (before.name, before.kind, before.helix)
    assert (after.themes, after.regions, after.levels) == (
        before.themes,
        before.regions,
        before.levels,
    )


def test_an_initiative_update_keeps_its_status_regions_and_parent() -> None:
    state = GraphState()
    registered = initiative_registered(
        "i-table", kind="innovation_table", parent_id="i-cop", regions=["CR39"], themes=["ict"]
    )
    state.apply([registered])
    update = {"initiative_id": "i-table", "themes": ["procestechniek"]}
    state.apply([parsed("initiative.updated", "i-table", update, sequence=2)])

    table = initiative_of(state, "i-table")
    assert table.themes == ("procestechniek",)
    assert (table.status, table.regions, table.parent_id) == ("active", ("CR39",), "i-cop")


# Memberships -------------------------------------------------------------------------------------


def test_a_member_who_leaves_is_inactive_and_the_partner_no_longer_lists_the_initiative() -> None:
    state = GraphState()
    state.apply([initiative_registered("i-1"), partner_registered("p-1"), joined("p-1", "i-1", 2)])
    assert partner_of(state, "p-1").active_memberships == {"i-1"}
    assert [m.active for m in initiative_of(state, "i-1").members] == [True]

    state.apply([left("p-1", "i-1", 3)])

    members = initiative_of(state, "i-1").members
    assert [(m.partner_id, m.active) for m in members] == [("p-1", False)]
    assert initiative_of(state, "i-1").active_members() == ()
    assert partner_of(state, "p-1").active_memberships == frozenset()


def test_join_and_leave_in_one_batch_end_like_two_batches() -> None:
    registrations = [initiative_registered("i-1"), partner_registered("p-1")]
    one, two = GraphState(), GraphState()
    one.apply([*registrations, joined("p-1", "i-1", 2), left("p-1", "i-1", 3)])
    two.apply([*registrations, joined("p-1", "i-1", 2)])
    two.apply([left("p-1", "i-1", 3)])
    assert one.profile("p-1") == two.profile("p-1")
    assert one.profile("i-1") == two.profile("i-1")


def test_a_stale_join_does_not_undo_a_leave() -> None:
    state = GraphState()
    state.apply([initiative_registered("i-1"), partner_registered("p-1"), joined("p-1", "i-1", 2)])
    state.apply([left("p-1", "i-1", 3)])
    state.apply([joined("p-1", "i-1", 2)])  # a redelivered join
    assert partner_of(state, "p-1").active_memberships == frozenset()


# Needs -------------------------------------------------------------------------------------------


def test_an_initiatives_need_is_in_its_profile_while_open() -> None:
    state = GraphState()
    state.apply([initiative_registered("i-1"), need_published("n-1", "i-1")])

    needs = initiative_of(state, "i-1").needs
    assert [(n.id, n.status, n.publisher_name) for n in needs] == [("n-1", "open", "I-1")]

    state.apply([withdrawn("n-1", sequence=2)])

    assert initiative_of(state, "i-1").needs == ()
    need = state.profile("n-1")
    assert isinstance(need, NeedOfferProfile)
    assert need.status == "fulfilled" and not need.pending


# Placeholders ------------------------------------------------------------------------------------


def test_a_referenced_but_never_registered_partner_stays_pending() -> None:
    state = GraphState()
    written = state.apply([initiative_registered("i-1"), joined("p-ghost", "i-1", 1)])
    assert written == {"i-1", "p-ghost"}

    assert partner_of(state, "p-ghost").pending
    assert not initiative_of(state, "i-1").pending
    assert [m.partner_id for m in initiative_of(state, "i-1").members] == ["p-ghost"]


def test_a_placeholder_is_completed_when_its_registration_arrives() -> None:
    state = GraphState()
    state.apply([joined("p-late", "i-1", 1)])
    assert partner_of(state, "p-late").pending and initiative_of(state, "i-1").pending

    state.apply([partner_registered("p-late", themes=["ict"])])

    partner = partner_of(state, "p-late")
    assert not partner.pending and partner.themes == ("ict",)
    assert partner.active_memberships == {"i-1"}


def test_a_need_of_an_unregistered_initiative_is_complete_but_its_publisher_pending() -> None:
    state = GraphState()
    state.apply([need_published("n-1", "i-ghost")])
    need = state.profile("n-1")
    assert isinstance(need, NeedOfferProfile) and not need.pending
    assert initiative_of(state, "i-ghost").pending


# quoting -----------------------------------------------------------------------------------------


def test_quoting_a_partner_finds_its_initiatives_and_their_innovation_tables() -> None:
    state = GraphState()
    state.apply(
        [
            partner_registered("p-1"),
            initiative_registered("i-cop"),
            initiative_registered("i-table", kind="innovation_table", parent_id="i-cop"),
            initiative_registered("i-elsewhere"),
            joined("p-1", "i-cop", 2),
        ]
    )
    assert state.quoting(["p-1"]) == {"i-cop", "i-table"}
    assert "p-1" in initiative_of(state, "i-table").parent_members  # why the table quotes it


def test_quoting_names_what_each_profile_shows_and_never_the_node_itself() -> None:
    state = GraphState()
    state.apply(
        [
            partner_registered("p-1"),
            partner_registered("p-2"),
            initiative_registered("i-cop"),
            need_published("n-1", "i-cop"),
            joined("p-1", "i-cop", 2),
            joined("p-2", "i-cop", 2),
        ]
    )
    # its members show only its id, which their membership rows touch themselves
    assert state.quoting(["i-cop"]) == {"n-1"}
    assert state.quoting(["n-1"]) == {"i-cop"}
    assert state.quoting(["p-1"]) == {"i-cop"}
    assert "p-1" not in state.quoting(["p-1"])


def test_what_quotes_a_node_is_all_whose_profile_changes_when_it_changes() -> None:
    """The worker refreshes a batch's nodes and what quotes them, nothing else: any profile
    that a change of one node alters must be among them."""
    base = [
        partner_registered("p-1"),
        partner_registered("p-2"),
        initiative_registered("i-cop"),
        initiative_registered("i-table", kind="innovation_table", parent_id="i-cop"),
        need_published("n-1", "i-cop"),
        joined("p-1", "i-cop", 2),
        joined("p-2", "i-table", 2),
    ]
    changes = [
        partner_registered("p-1", 3, name="Renamed", education_levels_offered=["mbo-4"]),
        initiative_registered("i-cop", 2, name="Renamed CoP"),
        left("p-1", "i-cop", 4),
    ]
    for change in changes:
        state = GraphState()
        state.apply(base)
        before = {n: state.profile(n) for n in state.nodes}
        written = state.apply([change])
        altered = {n for n in state.nodes if state.profile(n) != before[n]}
        assert altered <= written | state.quoting(written), change.type
        assert altered, change.type


def test_the_state_keeps_every_property_a_profile_reads() -> None:
    """GraphState keeps only what the profiles read (and no null or empty value): on every
    registration and publication of the demo, the profile of the kept properties is the
    profile of all of them."""
    from matching.domain.graph_state import (
        _NODE_KEYS,
        _kept,
        initiative_profile,
        need_offer_profile,
        partner_profile,
    )
    from matching.domain.projection import to_row

    from eval.evaluate import demo_events

    checked = 0
    for demo_event in demo_events():
        row = to_row(demo_event)
        if row is None or "upsert" not in row.kind:
            continue
        full = row.values["props"] | {"id": row.values["id"], "seq": 1}
        full |= {k: row.values[k] for k in ("themes", "regions") if row.values.get(k) is not None}
        kept = _kept(full, _NODE_KEYS)
        if row.kind == "partner.upsert":
            assert partner_profile(kept, ["i"]) == partner_profile(full, ["i"])
        elif row.kind == "initiative.upsert":
            assert initiative_profile(kept, [], None, [], []) == initiative_profile(
                full, [], None, [], []
            )
        else:
            assert need_offer_profile(kept, "p") == need_offer_profile(full, "p")
        checked += 1
    assert checked > 200
