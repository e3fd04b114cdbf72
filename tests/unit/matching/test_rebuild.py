"""A quiet rebuild: history seeds the graph, replayed changes wait, settling announces the rest."""

from __future__ import annotations

import json
from typing import Any

import orjson
from livinglab_contracts import parse_event
from matching.domain.match_changes import Change, Stored, diff
from matching.domain.matcher import Match, partner_for_initiative
from matching.domain.rebuild import Announced, Unsettled, is_quiet, latest, settle
from matching.service_layer.announcements import announce, record_quietly, seed_row, settled

from tests.unit.matching.builders import initiative, partner
from tests.unit.matching.test_announcements import TAX


def scored(**partner_fields: object) -> Match:
    match = partner_for_initiative(partner(**partner_fields), initiative(), TAX, 0.0)
    assert match is not None
    return match


def heard(match: Match, revision: int, action: str = "proposed") -> Announced:
    """What the matches topic holds after announcing `match` at `revision`."""
    stored = Stored(match.match_id, "proposed", revision - 1, fingerprint="x", score=0.1)
    change = Change(action, match.match_id, revision, match, stored)
    announced = announce(change)
    assert announced is not None
    event = orjson.loads(announced[1].value)
    return Announced.from_event(event["type"], event["data"])


def unsettled(
    pending: str, status: str, revision: int, snapshot: dict[str, Any], announced: Announced | None
) -> Unsettled:
    match_id = announced.match_id if announced else "m-1"
    return Unsettled(match_id, pending, status, revision, snapshot, announced)


def test_the_last_announcement_per_match_wins_whatever_the_topic_order() -> None:
    first = Announced("m-1", "proposed", 1, {"revision": 1})
    later = Announced("m-1", "withdrawn", 3, {"revision": 3})
    other = Announced("m-2", "proposed", 2, {"revision": 2})
    assert latest([later, first, other]) == {"m-1": later, "m-2": other}
    assert Announced.from_event("nl.livinglab.match.updated.v1", {"match_id": "m", "revision": 2})
    assert (
        Announced.from_event(
            "nl.livinglab.match.withdrawn.v1", {"match_id": "m", "revision": 4}
        ).status
        == "withdrawn"
    )


def test_a_batch_is_quiet_only_when_every_record_was_in_its_topic_before_the_rebuild() -> None:
    mark = {"t/0": 10, "t/1": 5}
    assert is_quiet([("t", 0, 9), ("t", 1, 4)], mark)
    assert not is_quiet([("t", 0, 9), ("t", 1, 5)], mark)
    assert not is_quiet([("t", 2, 0)], mark)  # a partition that was empty
    assert not is_quiet([("t", 0, 0)], None)  # no rebuild
    assert not is_quiet([("t", 0, 0)], {})


def test_a_seeded_match_keeps_its_announced_revision_and_waits_to_be_settled() -> None:
    announced = heard(scored(), 4)
    row = seed_row(announced)
    assert (row["revision"], row["status"], row["pending"]) == (4, "proposed", "seeded")
    assert json.loads(row["snapshot"]) == announced.data
    assert json.loads(row["announced"]) == {"status": "proposed", "data": announced.data}
    assert row["fingerprint"] == ""  # the first re-scoring counts as a change


def test_a_quiet_change_keeps_the_revision_subscribers_heard_and_announces_nothing() -> None:
    match = scored()
    seeded = Stored(match.match_id, "proposed", 4, fingerprint="")
    [change] = diff({match.match_id: seeded}, [match], [match.match_id])
    assert change.action == "updated" and change.revision == 5
    row = record_quietly(change)
    assert row is not None
    assert (row["revision"], row["pending"], row["announced"]) == (4, "quiet", None)
    [new] = diff({}, [scored(regions=("CR39",))], [])
    new_row = record_quietly(new)
    assert new_row is not None and new_row["revision"] == 0  # never announced


def test_a_rebuild_that_found_what_subscribers_heard_announces_nothing() -> None:
    match = scored()
    announced = heard(match, 4)
    row = record_quietly(
        Change("updated", match.match_id, 5, match, Stored(match.match_id, "proposed", 4))
    )
    assert row is not None
    settlement = settle(unsettled("quiet", "proposed", 4, json.loads(row["snapshot"]), announced))
    assert settlement.action is None and settlement.revision == 4
    assert settled(settlement, row["fingerprint"]) is None


def test_a_rebuild_that_found_something_else_announces_an_update_after_the_heard_revision() -> None:
    announced = heard(scored(), 4)
    other = scored(regions=("CR39",))
    snapshot = record_quietly(Change("proposed", other.match_id, 1, other))
    assert snapshot is not None
    settlement = settle(
        unsettled("quiet", "proposed", 4, json.loads(snapshot["snapshot"]), announced)
    )
    result = settled(settlement, snapshot["fingerprint"])
    assert result is not None
    row, record = result
    event = parse_event(orjson.loads(record.value))
    assert event.id == f"{announced.match_id}:5" and event.type == "nl.livinglab.match.updated.v1"
    assert event.model_dump(mode="json")["data"]["previous_score"] == announced.data["score"]
    assert (row["revision"], row["pending"], row["status"]) == (5, None, "proposed")


def test_a_match_only_the_history_knows_is_withdrawn_with_its_last_snapshot() -> None:
    announced = heard(scored(), 3)
    settlement = settle(unsettled("seeded", "proposed", 3, announced.data, announced))
    result = settled(settlement, "")
    assert result is not None
    row, record = result
    event = parse_event(orjson.loads(record.value)).model_dump(mode="json")
    assert event["type"] == "nl.livinglab.match.withdrawn.v1" and event["sequence"] == 4
    assert event["data"]["reason_code"] == "no_longer_meets_criteria"
    assert event["data"]["subject_names"] == announced.data["subject_names"]
    assert (row["status"], row["pending"]) == ("withdrawn", None)


def test_a_match_withdrawn_in_the_rebuild_is_withdrawn_for_subscribers_with_its_reason() -> None:
    announced = heard(scored(), 2)
    quiet = Unsettled(announced.match_id, "quiet", "withdrawn", 2, {}, announced, "partner_left")
    settlement = settle(quiet)
    assert (settlement.action, settlement.revision, settlement.reason_code) == (
        "withdrawn",
        3,
        "partner_left",
    )


def test_what_subscribers_heard_withdrawn_or_never_heard_of_stays_unsaid_when_gone() -> None:
    announced = heard(scored(), 2)
    withdrawn = Announced(announced.match_id, "withdrawn", 3, announced.data)
    assert settle(unsettled("seeded", "withdrawn", 3, withdrawn.data, withdrawn)).action is None
    assert settle(unsettled("quiet", "withdrawn", 0, announced.data, None)).action is None


def test_a_match_new_in_the_rebuild_or_back_after_a_withdrawal_is_proposed_again() -> None:
    match = scored()
    row = record_quietly(Change("proposed", match.match_id, 1, match))
    assert row is not None
    snapshot = json.loads(row["snapshot"])
    new = settle(unsettled("quiet", "proposed", 0, snapshot, None))
    assert (new.action, new.revision) == ("proposed", 1)
    gone = Announced(match.match_id, "withdrawn", 6, snapshot)
    back = settle(unsettled("quiet", "proposed", 6, snapshot, gone))
    assert (back.action, back.revision) == ("proposed", 7)
    result = settled(back, row["fingerprint"])
    assert result is not None and result[1].event_id == f"{match.match_id}:7"
