"""partner.merged in matching's projection (issue 19 duplicates): the duplicate is excluded, its
current memberships carry on as the survivor's, its matches are withdrawn with reason 'merged',
and a repeated or replayed merge changes nothing."""

from __future__ import annotations

import copy

from livinglab_contracts import AnyEvent
from matching.domain.graph_state import GraphState
from matching.domain.matcher import MERGED_EXCLUSION, partner_excluded
from matching.domain.profiles import InitiativeProfile, PartnerProfile
from matching.domain.projection import touched_ids, waves
from matching.service_layer.rescoring import withdrawal_reasons

from tests.unit.matching.test_graph_state import (
    initiative_registered,
    joined,
    left,
    parsed,
    partner_registered,
)

MERGED_ON = "2026-03-01"  # tests.support.events' time, 09:00 +01:00, in UTC


def merged(duplicate_id: str, survivor_id: str, sequence: int) -> AnyEvent:
    data = {"partner_id": duplicate_id, "survivor_id": survivor_id, "reason": "same KvK"}
    return parsed("partner.merged", duplicate_id, data, sequence)


def network() -> list[AnyEvent]:
    """Survivor s is in i-1; duplicate d in i-1 and i-2, and left i-3."""
    return [
        *(initiative_registered(i, status="active") for i in ("i-1", "i-2", "i-3")),
        partner_registered("s"),
        partner_registered("d", name="Vista"),
        joined("s", "i-1", 2),
        joined("d", "i-1", 2),
        parsed(
            "partner.joined-initiative",
            "d",
            {
                "partner_id": "d",
                "initiative_id": "i-2",
                "helix": "onderzoek",
                "since": "2022-01-01",
            },
            3,
        ),
        joined("d", "i-3", 4),
        left("d", "i-3", 5),
    ]


def partner(state: GraphState, partner_id: str) -> PartnerProfile:
    found = state.profile(partner_id)
    assert isinstance(found, PartnerProfile)
    return found


def initiative(state: GraphState, initiative_id: str) -> InitiativeProfile:
    found = state.profile(initiative_id)
    assert isinstance(found, InitiativeProfile)
    return found


def test_the_duplicate_is_excluded_and_its_memberships_follow_the_survivor() -> None:
    state = GraphState()
    state.apply(network())
    state.apply([merged("d", "s", 6)])
    duplicate, survivor = partner(state, "d"), partner(state, "s")
    assert duplicate.merged_into == "s" and duplicate.active_memberships == frozenset()
    assert partner_excluded(duplicate, initiative(state, "i-3")) == MERGED_EXCLUSION
    assert survivor.merged_into is None
    assert survivor.active_memberships == {"i-1", "i-2"}  # i-3 had ended before the merge
    # The duplicate's own memberships end on the merge date; the one it had left stays as it was.
    assert state.edges[("d", "i-1")]["until"] == MERGED_ON
    assert state.edges[("d", "i-2")] == {"seq": 6, "helix": "onderzoek", "until": MERGED_ON}
    assert state.edges[("d", "i-3")]["until"] == "2025-01-01"
    # Copied where the survivor had none (edge sequence 0: its own later events apply); its own
    # membership of i-1 stands.
    assert state.edges[("s", "i-2")] == {"seq": 0, "helix": "onderzoek", "merged_from": "d"}
    assert state.edges[("s", "i-1")]["seq"] == 2
    members = {m.partner_id: (m.active, m.helix) for m in initiative(state, "i-2").members}
    assert members == {"d": (False, "onderzoek"), "s": (True, "onderzoek")}
    # A survivor's later leave applies to the copied membership.
    state.apply([left("s", "i-2", 2)])
    assert partner(state, "s").active_memberships == {"i-1"}


def test_a_repeated_merge_changes_nothing() -> None:
    state = GraphState()
    state.apply(network())
    state.apply([merged("d", "s", 6)])
    before = (copy.deepcopy(state.nodes), copy.deepcopy(state.edges))
    state.apply([merged("d", "s", 6)])
    assert (state.nodes, state.edges) == before


def test_in_one_batch_the_merge_waits_for_the_duplicates_memberships() -> None:
    events = [*network(), joined("d", "i-4", 6), left("d", "i-4", 7), merged("d", "s", 8)]
    events.insert(0, initiative_registered("i-4", status="active"))
    one_batch, one_by_one = GraphState(), GraphState()
    one_batch.apply(events)
    for event in events:
        one_by_one.apply([event])
    assert (one_batch.nodes, one_batch.edges) == (one_by_one.nodes, one_by_one.edges)
    assert partner(one_batch, "s").active_memberships == {"i-1", "i-2"}
    [*_, last] = waves(events)
    assert list(last) == ["partner.merged"]


def test_the_batch_touches_the_survivor_and_quotes_the_initiatives() -> None:
    state = GraphState()
    state.apply(network())
    merge = merged("d", "s", 6)
    assert state.apply([merge]) == {"d", "s", "i-1", "i-2"}
    written = touched_ids([merge])
    assert written == {"d", "s"}
    assert {"i-1", "i-2"} <= state.quoting(written)
    assert withdrawal_reasons([merge]) == {"d": "merged"}


def test_a_merge_read_before_the_survivor_is_registered_waits_on_a_placeholder() -> None:
    in_order = GraphState()
    in_order.apply(network())
    in_order.apply([merged("d", "s", 6)])
    events = network()
    survivor = [e for e in events if e.subject == "s"]
    replayed = GraphState()
    replayed.apply([e for e in events if e.subject != "s"])
    replayed.apply([merged("d", "s", 6)])
    replayed.apply(survivor)
    assert (replayed.nodes, replayed.edges) == (in_order.nodes, in_order.edges)


def test_two_duplicates_carrying_one_initiative_give_the_smaller_ids_terms_in_any_order() -> None:
    """Two duplicates of one survivor are keyed apart, so a replay may read their merges in
    either order; and the survivor's own later join, read after a merge copied it, is its own."""
    d2 = [
        partner_registered("c"),
        parsed(
            "partner.joined-initiative",
            "c",
            {"partner_id": "c", "initiative_id": "i-2", "helix": "overheid", "since": "2020-01-01"},
            2,
        ),
        merged("c", "s", 3),
    ]
    d1 = [*network(), merged("d", "s", 6)]
    states = []
    for order in ([*d1, *d2], [*d2, *d1]):
        state = GraphState()
        for event in order:
            state.apply([event])
        states.append(state)
    assert (states[0].nodes, states[0].edges) == (states[1].nodes, states[1].edges)
    assert states[0].edges[("s", "i-2")] == {"seq": 0, "helix": "overheid", "merged_from": "c"}
    # A survivor's own join of i-3 (read after a merge copied d's i-3 membership, in a replay)
    # is its own: no later merge changes its terms.
    own = GraphState()
    own.apply([*network()[:-1], merged("d", "s", 6), joined("s", "i-3", 3)])
    assert "merged_from" not in own.edges[("s", "i-3")]
