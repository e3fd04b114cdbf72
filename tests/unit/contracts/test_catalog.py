"""The catalog: one spec per event type, each on its topic, keyed by its aggregate id."""

from __future__ import annotations

import pytest
from livinglab_contracts import (
    ALL_TOPICS,
    EVENT_SPECS,
    REGISTRY_EVENT_TYPES,
    TOPIC_KEYS,
    EventSpec,
    dead_letter_topic,
    spec_for,
    specs_on,
    topic_name,
)
from livinglab_contracts.catalog import SPECS_BY_MODEL, current_version, split_type

EXPECTED_TOPICS = {
    "registry.initiatives.v1": {"initiative.registered", "initiative.updated",
                                "initiative.status-changed", "initiative.closed"},
    "registry.partners.v1": {"partner.registered", "partner.updated",
                             "partner.joined-initiative", "partner.left-initiative",
                             "partner.membership-requested", "partner.membership-declined"},
    "registry.needs-offers.v1": {"need.published", "offer.published", "need-offer.withdrawn"},
    "matching.matches.v1": {"match.proposed", "match.updated", "match.withdrawn"},
    "matching.feedback.v1": {"match.accepted", "match.declined"},
}  # fmt: skip
# Profile freshness (contract 1.4): on each registry topic, for its aggregate.
for _topic, _kind in (
    ("registry.initiatives.v1", "initiative"),
    ("registry.partners.v1", "partner"),
    ("registry.needs-offers.v1", "need-offer"),
):
    EXPECTED_TOPICS[_topic] |= {f"{_kind}.confirmed", f"{_kind}.confirmation-requested",
                                f"{_kind}.marked-stale"}  # fmt: skip
EXPECTED_TOPICS["registry.partners.v1"].add("partner.merged")  # duplicates (contract 1.4)
EXPECTED_TOPICS["registry.partners.v1"].add("partner.label-awarded")  # labels (contract 1.4)


def test_every_topic_carries_the_expected_event_types() -> None:
    assert set(ALL_TOPICS) == set(EXPECTED_TOPICS)
    for topic, names in EXPECTED_TOPICS.items():
        assert {spec.name for spec in specs_on(topic)} == names


@pytest.mark.parametrize("spec", EVENT_SPECS, ids=lambda s: s.name)
def test_each_spec_names_a_required_id_field_of_its_model_as_key(spec: EventSpec) -> None:
    assert spec.type == f"nl.livinglab.{spec.name}.v1"
    assert spec.data_model.model_fields[spec.aggregate_field].is_required()
    assert spec.aggregate_field == TOPIC_KEYS[spec.topic]
    assert spec_for(spec.type) is spec
    assert SPECS_BY_MODEL[spec.data_model] is spec


def test_registry_types_are_those_on_registry_topics_and_creating_types_start_aggregates() -> None:
    aggregates = {s.name.split(".")[0] for s in EVENT_SPECS if s.type in REGISTRY_EVENT_TYPES}
    assert len(REGISTRY_EVENT_TYPES) == 13 + 9 + 1 + 1  # + freshness, merged, label-awarded
    assert aggregates == {"initiative", "partner", "need", "offer", "need-offer"}
    creating = {s.name for s in EVENT_SPECS if s.creates}
    assert creating == {"initiative.registered", "partner.registered", "need.published",
                        "offer.published"}  # fmt: skip


def test_partner_memberships_are_keyed_by_the_partner() -> None:
    spec = spec_for("nl.livinglab.partner.joined-initiative.v1")
    assert spec is not None
    assert (spec.topic, spec.aggregate_field) == ("registry.partners.v1", "partner_id")


def test_versions_are_read_from_the_type() -> None:
    assert split_type("nl.livinglab.match.proposed.v12") == ("nl.livinglab.match.proposed", 12)
    assert split_type("nl.livinglab.match.proposed") == ("nl.livinglab.match.proposed", None)
    assert current_version("nl.livinglab.match.proposed") == 1
    assert current_version("nl.livinglab.match.made") is None
    assert spec_for("nl.livinglab.match.proposed.v2") is None


def test_topic_names_take_a_prefix_and_dead_letters_a_suffix() -> None:
    assert topic_name("registry.partners.v1") == "registry.partners.v1"
    assert topic_name("registry.partners.v1", "test-1a2b.") == "test-1a2b.registry.partners.v1"
    assert dead_letter_topic("matching.matches.v1") == "matching.matches.v1.dlq"
    assert dead_letter_topic(topic_name("matching.matches.v1", "t.")) == "t.matching.matches.v1.dlq"


@pytest.mark.parametrize("prefix", ["has space.", "slash/", "x" * 240])
def test_a_prefix_that_makes_an_invalid_kafka_topic_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError, match="not a valid Kafka topic name"):
        topic_name("registry.partners.v1", prefix)


def test_a_partner_is_not_merged_into_itself() -> None:
    from livinglab_contracts import ContractViolation, parse_event
    from livinglab_contracts.examples import example_event

    event = example_event("partner.merged")
    assert parse_event(event).data.survivor_id == "vista-college"  # type: ignore[union-attr]
    event["data"]["survivor_id"] = event["subject"]
    try:
        parse_event(event)
    except ContractViolation as violation:
        assert violation.violations[0].field == "data.survivor_id"
    else:
        raise AssertionError("merged into itself was accepted")
