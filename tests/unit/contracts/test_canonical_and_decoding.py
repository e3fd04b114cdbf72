"""canonical_json gives stable bytes for 'same id, same body'; decode_event refuses poison."""

from __future__ import annotations

import orjson
import pytest
from livinglab_contracts import ContractViolation, canonical_json, decode_event, parse_event
from livinglab_contracts.examples import example_event, example_events


@pytest.mark.parametrize("event_type", sorted(example_events()))
def test_canonical_json_survives_a_round_trip_unchanged(event_type: str) -> None:
    first = canonical_json(parse_event(example_events()[event_type]))
    again = canonical_json(decode_event(first))
    assert again == first


def test_canonical_json_does_not_depend_on_key_order_or_spelling_of_defaults() -> None:
    event = example_event("partner.registered")
    reordered = dict(reversed(list(event.items())))
    reordered["data"] = dict(reversed(list(event["data"].items())))
    explicit = event | {"datacontenttype": "application/json", "dataschema": None}
    canon = canonical_json(parse_event(event))
    assert canonical_json(parse_event(reordered)) == canon
    assert canonical_json(parse_event(explicit)) == canon


def test_canonical_json_sorts_keys_at_every_level() -> None:
    text = canonical_json(parse_event(example_event("initiative.registered")))
    parsed = orjson.loads(text)
    assert list(parsed) == sorted(parsed)
    assert list(parsed["data"]) == sorted(parsed["data"])
    assert b" " not in text.split(b'"description"')[0]  # compact: no spaces between tokens


def test_a_different_body_gives_different_bytes() -> None:
    one = canonical_json(parse_event(example_event("partner.registered")))
    other = example_event("partner.registered")
    other["data"]["name"] = "VISTA College"
    assert canonical_json(parse_event(other)) != one


def test_decode_event_reads_what_canonical_json_wrote() -> None:
    event = parse_event(example_event("match.proposed"))
    assert decode_event(canonical_json(event)) == event


@pytest.mark.parametrize(
    ("value", "field", "rule"),
    [
        (None, "(record)", "tombstone"),
        (b"", "(record)", "json_invalid"),
        (b"{not json", "(record)", "json_invalid"),
        (b"\xff\xfe", "(record)", "json_invalid"),
        (b"[1, 2]", "(event)", "object_type"),
        (b'{"type": "x"}', "type", "unknown_type"),
        (b'{"type": "nl.livinglab.partner.registered.v1"}', "specversion", "missing"),
    ],
)
def test_poison_records_raise_contract_violation(
    value: bytes | None, field: str, rule: str
) -> None:
    with pytest.raises(ContractViolation) as refused:
        decode_event(value)
    assert (field, rule) in [(v.field, v.rule) for v in refused.value.violations]


def test_a_contract_violation_reads_well_as_text_and_as_json() -> None:
    with pytest.raises(ContractViolation) as refused:
        decode_event(b'{"type": "x"}')
    assert str(refused.value).startswith("type: unknown event type 'x'")
    items = refused.value.as_dicts()
    assert set(items[0]) == {"field", "rule", "message"}
    assert orjson.loads(orjson.dumps(items)) == items


@pytest.mark.parametrize("event_type", sorted(example_events()))
def test_no_attribute_is_written_as_null_and_records_with_nulls_read_the_same(
    event_type: str,
) -> None:
    """CloudEvents attributes are never null (the SDKs refuse "dataschema": null). Records
    written before this rule, with nulls, parse to the same canonical bytes: the registry's
    view re-canonicalises what it reads, so their re-posting is still 'same id, same body'."""
    canon = canonical_json(parse_event(example_events()[event_type]))
    assert None not in orjson.loads(canon).values()
    older = orjson.loads(canon) | {"dataschema": None, "causationid": None, "correlationid": None}
    assert canonical_json(decode_event(orjson.dumps(older))) == canon
