"""Announcements: one contract event per change, its id fixed by match id and revision."""

from __future__ import annotations

import json

import orjson
from livinglab_contracts import canonical_json, parse_event
from matching.domain.match_changes import Change, Stored, diff
from matching.domain.matcher import Match, partner_for_initiative
from matching.domain.profiles import Member
from matching.domain.taxonomy import default_taxonomy
from matching.service_layer.announcements import announce

from tests.unit.matching.builders import initiative, partner, school

TAX = default_taxonomy()


def scored(**partner_fields: object) -> Match:
    match = partner_for_initiative(partner(**partner_fields), initiative(), TAX, 0.0)
    assert match is not None
    return match


def published(change: Change) -> dict[str, object]:
    """The announced record, validated against the contract: the worker builds it as a plain
    dict without validating, so every kind of announcement is validated here, and its bytes
    must be exactly what the contract's canonical form gives."""
    announced = announce(change)
    assert announced is not None
    _, record = announced
    event = parse_event(orjson.loads(record.value))
    assert record.key == change.match_id == event.subject == record.event_id.rsplit(":", 1)[0]
    assert record.value == canonical_json(event)
    return event.model_dump(mode="json")


def test_a_proposal_is_a_contract_event_whose_id_is_match_id_and_revision() -> None:
    [change] = diff({}, [scored()], [])
    event = published(change)
    assert event["id"] == f"{change.match_id}:1"
    assert event["type"] == "nl.livinglab.match.proposed.v1" and event["sequence"] == 1
    assert event["data"]["subject_names"] == ["Provincie Limburg", "CoP Chemelot"]


def test_an_update_carries_the_previous_score() -> None:
    [first] = diff({}, [scored()], [])
    row, _ = announce(first) or ({}, None)
    stored = Stored(first.match_id, "proposed", 1, row["fingerprint"], row["score"])
    [change] = diff({first.match_id: stored}, [scored(regions=("CR39",))], [first.match_id])
    event = published(change)
    assert event["type"] == "nl.livinglab.match.updated.v1" and event["id"].endswith(":2")
    assert event["data"]["previous_score"] == first.match.score < event["data"]["score"]  # type: ignore[union-attr]


def test_a_withdrawal_repeats_the_last_snapshot_with_the_reason_in_both_languages() -> None:
    [first] = diff({}, [scored()], [])
    row, _ = announce(first) or ({}, None)
    stored = Stored(first.match_id, "proposed", 1, snapshot=json.loads(row["snapshot"]))
    [change] = diff(
        {first.match_id: stored}, [], [first.match_id], {first.match_id: "partner_left"}
    )
    event = published(change)
    assert event["type"] == "nl.livinglab.match.withdrawn.v1" and event["id"].endswith(":2")
    data = event["data"]
    assert isinstance(data, dict)
    assert data["reason_code"] == "partner_left"
    assert data["reason_nl"] == "de partner heeft het initiatief verlaten"
    assert data["reason_en"] == "the partner left the initiative"
    assert data["subject_ids"] == list(scored().subject_ids)


def test_a_match_about_a_large_initiative_still_fits_the_contract() -> None:
    crowd = tuple(Member(f"p-{n:02}", f"Bedrijf {n}", "bedrijfsleven", ("mbo",)) for n in range(60))
    match = partner_for_initiative(school(), initiative(members=crowd), TAX, 0.0)
    assert match is not None
    [change] = diff({}, [match], [])
    criteria = published(change)["data"]["criteria"]  # type: ignore[index]
    assert max(len(c["evidence"]) for c in criteria) <= 50
    # what the reasons rest on, not the crowd: a 61st member changes nothing the match says
    helix = next(c for c in criteria if c["id"] == "M2")
    assert helix["evidence"] == ["p-vmbo", "i-cop", "helix:bedrijfsleven"]
