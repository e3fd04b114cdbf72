"""Rules inside the event data that span fields; each refusal names the field to fix."""

from __future__ import annotations

import pytest
from livinglab_contracts import parse_event
from livinglab_contracts.initiatives import InitiativeUpdated
from livinglab_contracts.partners import PartnerUpdated

from tests.unit.contracts.builders import fields_and_rules, with_data


@pytest.mark.parametrize(
    ("name", "data", "field", "rule"),
    [
        ("initiative.registered", {"parent_id": "cop-limburg"}, "data.parent_id", "own_parent"),
        ("initiative.registered", {"status": "closed"}, "data.status", "closed_at_registration"),
        ("initiative.registered", {"inferred_fields": ["regions", "mood"]},
         "data.inferred_fields", "unknown_field"),
        ("initiative.status-changed", {"to_status": "closed"}, "data.to_status",
         "close_with_event"),
        ("initiative.status-changed", {"from_status": "closed"}, "data.from_status",
         "closed_is_final"),
        ("initiative.closed", {"successor_id": "cop-limburg"}, "data.successor_id",
         "own_successor"),
        ("partner.updated", {"has_coordinator": None}, "data.partner_id", "no_change"),
        ("need-offer.withdrawn", {"reason": "withdrawn", "fulfilled_by_match_id": "m-1"},
         "data.fulfilled_by_match_id", "reason_mismatch"),
        ("offer.published", {"publisher_type": "person"}, "data.publisher_type", "literal_error"),
        ("partner.registered", {"external_ids": {"ror": "https://ror.org/02jz4aj89"}},
         "data.external_ids.ror", "string_pattern_mismatch"),
        ("match.proposed", {"criteria": [{"id": "M1"}]}, "data.criteria[0].label_nl", "missing"),
        ("match.proposed", {"regions": ["NL42", "Mars"]}, "data.regions[1]", "unknown_region"),
    ],
)  # fmt: skip
def test_cross_field_rules_are_reported_at_the_field_to_fix(
    name: str, data: dict[str, object], field: str, rule: str
) -> None:
    assert (field, rule) in fields_and_rules(with_data(name, **data))


def test_a_table_with_a_parent_and_a_merge_with_a_successor_are_accepted() -> None:
    table = with_data(
        "initiative.registered",
        initiative_id="cop-tafel-2a",
        kind="innovation_table",
        parent_id="cop-limburg",
        code="2A",
        inferred_fields=["regions"],
    )
    table["subject"] = "cop-tafel-2a"
    assert parse_event(table).data.code == "2A"
    merged = parse_event(with_data("initiative.closed", reason="merged", successor_id="chill"))
    assert merged.data.successor_id == "chill"


def test_an_update_reports_only_the_fields_it_changes() -> None:
    update = InitiativeUpdated.model_validate(
        {"initiative_id": "cop-limburg", "themes": ["zorg"], "governance": {"formality": "formal"}}
    )
    assert update.changed_fields() == {"themes": ["zorg"], "governance": {"formality": "formal"}}
    partner = PartnerUpdated.model_validate({"partner_id": "p", "opt_in": False})
    assert partner.changed_fields() == {"opt_in": False}


def test_fulfilled_needs_may_name_the_match_that_fulfilled_them() -> None:
    event = parse_event(
        with_data("need-offer.withdrawn", reason="fulfilled", fulfilled_by_match_id="m-1")
    )
    assert event.data.fulfilled_by_match_id == "m-1"


def test_feedback_may_say_when_it_was_given_with_an_offset() -> None:
    assert ("data.at", "timezone_aware") in fields_and_rules(
        with_data("match.declined", at="2026-03-02T10:30:00")
    )
    accepted = parse_event(with_data("match.accepted", at="2026-03-02T10:30:00Z"))
    assert accepted.data.at is not None and accepted.data.by.system == "coordinator-zl"
