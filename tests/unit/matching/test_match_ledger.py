"""The worker's ledger of stored matches: what a read of the graph would give, kept from the
rows the worker saves and the decisions coordinators send."""

from __future__ import annotations

from typing import Any

from matching.domain.match_changes import Stored
from matching.domain.match_ledger import MatchLedger


def row(match_id: str, status: str, revision: int, subjects: tuple[str, str]) -> dict[str, Any]:
    return {
        "match_id": match_id,
        "status": status,
        "revision": revision,
        "fingerprint": f"fp-{revision}",
        "score": 0.7,
        "kind": "partner_to_initiative",
        "subject_ids": list(subjects),
    }


def test_a_withdrawn_match_is_no_longer_among_its_subjects_proposals() -> None:
    ledger = MatchLedger()
    ledger.save(
        [row("m-1", "proposed", 1, ("p-1", "i-1")), row("m-2", "proposed", 1, ("p-2", "i-1"))]
    )
    assert set(ledger.proposed_for(["i-1"])) == {"m-1", "m-2"}

    ledger.save([row("m-1", "withdrawn", 2, ("p-1", "i-1"))])

    assert set(ledger.proposed_for(["i-1", "p-1"])) == {"m-2"}
    assert ledger.by_id(["m-1", "m-9"]) == {
        "m-1": Stored(
            "m-1", "withdrawn", 2, "fp-2", 0.7, None, ("p-1", "i-1"), "partner_to_initiative"
        )
    }


def test_a_decision_is_kept_when_the_match_is_saved_again() -> None:
    ledger = MatchLedger()
    ledger.save([row("m-1", "proposed", 1, ("p-1", "i-1"))])
    ledger.note_feedback("m-1", "declined")

    ledger.save([row("m-1", "withdrawn", 2, ("p-1", "i-1"))])

    assert ledger.by_id(["m-1"])["m-1"].feedback == "declined"


def test_a_decision_on_a_match_not_yet_seen_is_kept_as_the_graph_keeps_it() -> None:
    ledger = MatchLedger()
    ledger.note_feedback("m-7", "accepted")
    assert ledger.states() == {"m-7": Stored("m-7", "unknown", 0, feedback="accepted")}
    assert ledger.proposed_for(["p-1"]) == {}

    ledger.save([row("m-7", "proposed", 1, ("p-1", "i-1"))])  # the pair scores later

    [(_, state)] = ledger.proposed_for(["p-1"]).items()
    assert (state.status, state.revision, state.feedback) == ("proposed", 1, "accepted")
