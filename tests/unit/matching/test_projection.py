"""Projection: events become graph rows, cut into waves that keep each aggregate's order."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from livinglab_contracts import AnyEvent, parse_event
from livinglab_contracts.examples import example_event
from matching.domain.projection import Row, aggregate_of, to_row, touched_ids, waves

from tests.support.events import event


def parsed(event_type: str, subject: str, data: dict[str, Any], sequence: int = 1) -> AnyEvent:
    return parse_event(event(event_type, subject, data, sequence))


def example(name: str, sequence: int = 1) -> AnyEvent:
    return parse_event(example_event(name, sequence=sequence))


def joined(partner: str, initiative: str, sequence: int) -> AnyEvent:
    data = {"partner_id": partner, "initiative_id": initiative, "since": "2021-01-01"}
    return parsed("partner.joined-initiative", partner, data, sequence)


def left(partner: str, initiative: str, sequence: int) -> AnyEvent:
    data = {"partner_id": partner, "initiative_id": initiative, "until": "2025-01-01"}
    return parsed("partner.left-initiative", partner, data, sequence)


def updated(partner: str, sequence: int) -> AnyEvent:
    data = {"partner_id": partner, "has_coordinator": sequence % 2 == 0}
    return parsed("partner.updated", partner, data, sequence)


# One event, one row ------------------------------------------------------------------------------


def test_a_registered_partner_is_complete_and_gets_the_helix_of_its_kind() -> None:
    row = to_row(example("partner.registered", sequence=3))
    assert row is not None and row.kind == "partner.upsert"
    assert (row.values["id"], row.values["seq"]) == ("vista-college", 3)
    props = row.values["props"]
    assert props["helix"] == "onderwijs" and props["pending"] is False
    assert "partner_id" not in props
    assert json.loads(props["mbo_programmes"])[0]["name"] == "PT"  # nested values become text
    assert row.values["themes"] == ["procestechniek", "maintenance", "laboratorium"]


def test_an_explicit_helix_wins_over_the_kind() -> None:
    data = {"partner_id": "p-x", "name": "X", "kind": "roc", "helix": "onderzoek"}
    row = to_row(parsed("partner.registered", "p-x", data))
    assert row is not None and row.values["props"]["helix"] == "onderzoek"


def test_a_registered_initiative_keeps_its_parent_as_a_link_not_a_property() -> None:
    data = {
        "initiative_id": "i-table",
        "name": "Tafel 2B",
        "kind": "innovation_table",
        "parent_id": "i-cop",
        "themes": ["procestechniek"],
    }
    row = to_row(parsed("initiative.registered", "i-table", data))
    assert row is not None and row.kind == "initiative.upsert"
    assert row.values["parent_id"] == "i-cop" and "parent_id" not in row.values["props"]
    assert row.values["props"]["status"] == "active" and row.values["props"]["pending"] is False


def test_an_update_carries_only_the_changed_fields_and_leaves_links_alone() -> None:
    row = to_row(example("partner.updated", sequence=2))
    assert row is not None
    # an update confirms the profile too (profile freshness): it clears a stale mark
    assert row.values["props"] == {"has_coordinator": True, "stale": False}
    assert row.values["themes"] is None and row.values["regions"] is None
    update = to_row(example("initiative.updated", sequence=2))
    assert update is not None and update.values["themes"] == ["procesindustrie"]
    assert set(update.values["props"]) == {"themes", "stale"}


def test_status_changes_and_closing_set_the_status() -> None:
    status = to_row(example("initiative.status-changed", sequence=2))
    closed = to_row(example("initiative.closed", sequence=3))
    assert status is not None and closed is not None
    assert (status.kind, status.values["props"]) == ("initiative.set", {"status": "sustained"})
    assert closed.values["props"]["status"] == "closed"
    assert closed.values["props"]["close_reason"] == "funding_ended"


def test_joining_and_leaving_are_rows_on_the_same_membership() -> None:
    join, leave = to_row(joined("p-a", "i-a", 2)), to_row(left("p-a", "i-a", 3))
    assert join is not None and leave is not None
    assert join.kind == leave.kind == "membership"
    assert aggregate_of(join) == aggregate_of(leave) == "p-a>i-a"
    assert join.values["props"]["until"] is None and join.values["props"]["role"] == "partner"
    assert leave.values["props"] == {"until": "2025-01-01", "left_reason": None}


def test_needs_and_offers_name_their_publisher_kind_and_direction() -> None:
    need = to_row(example("need.published"))
    assert need is not None and need.kind == "need_offer.upsert.partner"
    assert need.values["publisher_id"] == "vista-college"
    assert need.values["props"]["direction"] == "need"
    assert need.values["props"]["status"] == "open"
    data = {**example_event("offer.published")["data"], "publisher_type": "initiative"}
    offer = to_row(parsed("offer.published", data["need_offer_id"], data))
    assert offer is not None and offer.kind == "need_offer.upsert.initiative"
    withdrawn = to_row(example("need-offer.withdrawn", sequence=2))
    assert withdrawn is not None
    assert (withdrawn.kind, withdrawn.values["props"]) == (
        "need_offer.set",
        {"status": "fulfilled"},
    )


def test_feedback_rows_remember_who_declined() -> None:
    row = to_row(example("match.declined"))
    assert row is not None and row.kind == "feedback"
    assert row.values["feedback"] == "declined" and row.values["by"] == "coordinator-zl"


def test_match_announcements_are_not_projected() -> None:
    assert to_row(example("match.proposed")) is None


# Waves -------------------------------------------------------------------------------------------


def test_waves_keep_each_aggregates_order_and_group_rows_by_kind() -> None:
    batch = [
        example("partner.registered"),
        joined("vista-college", "cop-limburg", 2),
        example("initiative.registered"),
        updated("vista-college", 3),
        left("vista-college", "cop-limburg", 4),
        joined("vista-college", "cop-limburg", 5),
    ]
    first, second, third = waves(batch)
    assert set(first) == {"partner.upsert", "membership", "initiative.upsert"}
    assert [r["seq"] for r in first["membership"]] == [2]
    assert [r["seq"] for r in second["partner.upsert"]] == [3]
    assert [r["seq"] for r in second["membership"]] == [4]
    assert list(third) == ["membership"] and third["membership"][0]["seq"] == 5


ACTIONS = st.sampled_from(["update", "join:i-a", "leave:i-a", "join:i-b"])


def partner_event(partner: str, action: str, sequence: int) -> AnyEvent:
    kind, _, initiative = action.partition(":")
    if kind == "join":
        return joined(partner, initiative, sequence)
    return left(partner, initiative, sequence) if kind == "leave" else updated(partner, sequence)


@given(st.data())
def test_waves_never_reorder_an_aggregate_whatever_the_interleaving(data: st.DataObject) -> None:
    plans = {p: data.draw(st.lists(ACTIONS, max_size=6)) for p in ("p-0", "p-1", "p-2")}
    tokens = data.draw(st.permutations([p for p, plan in plans.items() for _ in plan]))
    batch, done = [], defaultdict(int)
    for partner in tokens:
        batch.append(partner_event(partner, plans[partner][done[partner]], done[partner] + 1))
        done[partner] += 1

    result = waves(batch)

    seen: dict[str, list[int]] = defaultdict(list)
    for wave in result:
        rows = [Row(kind, values) for kind, values_list in wave.items() for values in values_list]
        aggregates = [aggregate_of(row) for row in rows]
        assert len(aggregates) == len(set(aggregates)), "an aggregate twice in one wave"
        for row in rows:
            seen[aggregate_of(row)].append(row.values["seq"])
    expected: dict[str, list[int]] = defaultdict(list)
    for ev in batch:
        row = to_row(ev)
        assert row is not None
        expected[aggregate_of(row)].append(ev.sequence)
    assert seen == expected


def test_touched_ids_include_the_initiative_publisher_and_parent() -> None:
    table = {
        "initiative_id": "i-table",
        "name": "Tafel",
        "kind": "innovation_table",
        "parent_id": "i-cop",
    }
    batch = [
        joined("p-a", "i-a", 2),
        example("need.published"),
        parsed("initiative.registered", "i-table", table),
    ]
    assert touched_ids(batch) == {
        "p-a",
        "i-a",
        "need-procestechnologen",
        "vista-college",
        "i-table",
        "i-cop",
    }
