"""Every string, list and number of every event is bounded, and odd text is refused precisely.

The registry, the graph and every webhook receiver hold what the contract lets through; an
unbounded field is a way to fill them. Refusals name the field and the rule.
"""

from __future__ import annotations

import re
from typing import Any

import orjson
import pytest
from livinglab_contracts import ContractViolation, decode_event, parse_event
from livinglab_contracts.schemas import all_schemas

from tests.unit.contracts.builders import fields_and_rules, with_data

# A pattern anchored at both ends without * + or {n,} fixes the length by itself.
_OPEN_QUANTIFIER = re.compile(r"(?<!\\)[*+]|\{\d+,\}")


def _bounded_by_pattern(node: dict[str, Any]) -> bool:
    pattern = node.get("pattern", "")
    return (
        pattern.startswith("^") and pattern.endswith("$") and not _OPEN_QUANTIFIER.search(pattern)
    )


def _unbounded(node: Any, path: str, defs: dict[str, Any], seen: frozenset[str]) -> list[str]:
    if not isinstance(node, dict):
        return []
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        return [] if name in seen else _unbounded(defs[name], path, defs, seen | {name})
    found: list[str] = []
    kind = node.get("type")
    fixed = any(key in node for key in ("enum", "const", "format"))
    if kind == "string" and "maxLength" not in node and not fixed and not _bounded_by_pattern(node):
        found.append(f"{path}: string without maxLength")
    if kind == "array" and "maxItems" not in node:
        found.append(f"{path}: array without maxItems")
    if kind in ("integer", "number") and not {"maximum", "exclusiveMaximum"} & set(node):
        found.append(f"{path}: number without maximum")
    if kind == "object" and node.get("additionalProperties") not in (None, False):
        found.append(f"{path}: object with open keys")
    for name, child in node.get("properties", {}).items():
        found += _unbounded(child, f"{path}.{name}", defs, seen)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for child in node.get(key, []):
            found += _unbounded(child, path, defs, seen)
    found += _unbounded(node.get("items"), f"{path}[]", defs, seen)
    return found


@pytest.mark.parametrize("event_type", sorted(all_schemas()))
def test_every_string_list_and_number_of_every_event_is_bounded(event_type: str) -> None:
    schema = all_schemas()[event_type]
    assert _unbounded(schema, "", schema.get("$defs", {}), frozenset()) == []


def test_the_bound_check_finds_an_unbounded_field() -> None:
    loose = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "array"}}}
    assert _unbounded(loose, "", {}, frozenset()) == [
        ".a: string without maxLength",
        ".b: array without maxItems",
    ]


@pytest.mark.parametrize(
    ("name", "data", "field", "rule"),
    [
        ("partner.registered", {"name": "x" * 201}, "data.name", "string_too_long"),
        ("partner.registered", {"name": "a\x00b"}, "data.name", "control_character"),
        ("partner.registered", {"name": "a\x1b[31mred"}, "data.name", "control_character"),
        ("partner.registered", {"name": "line\nbreak"}, "data.name", "control_character"),
        ("partner.registered", {"name": "\u200b\u200b"}, "data.name", "no_visible_character"),
        ("partner.registered", {"name": "\u202e\u2066"}, "data.name", "no_visible_character"),
        ("partner.registered", {"aliases": ["a"] * 51}, "data.aliases", "too_long"),
        ("partner.registered", {"aliases": ["ok", "\x07"]}, "data.aliases[1]", "control_character"),
        ("partner.registered", {"facilities": ["lab"] * 21}, "data.facilities", "too_long"),
        ("partner.registered", {"themes": ["x" * 61]}, "data.themes[0]", "string_too_long"),
        ("partner.registered", {"website": "https://" + "a" * 300}, "data.website",
         "string_too_long"),
        ("initiative.registered", {"description": "d" * 5001}, "data.description",
         "string_too_long"),
        ("initiative.registered", {"description": "nul \x00"}, "data.description",
         "control_character"),
        ("initiative.registered", {"goals": ["g" * 501]}, "data.goals[0]", "string_too_long"),
        ("need.published", {"title": "\x00"}, "data.title", "control_character"),
        ("need.published", {"quantity": 10**12}, "data.quantity", "less_than_equal"),
        ("partner.joined-initiative", {"co_investment_eur": 10**10}, "data.co_investment_eur",
         "less_than_equal"),
        ("match.proposed", {"revision": 2**31}, "data.revision", "less_than_equal"),
        ("match.proposed", {"score": 1.5}, "data.score", "less_than_equal"),
    ],
)  # fmt: skip
def test_overlong_overfull_and_control_text_is_refused_at_the_field(
    name: str, data: dict[str, object], field: str, rule: str
) -> None:
    assert (field, rule) in fields_and_rules(with_data(name, **data))


def test_the_control_character_message_says_which_and_where() -> None:
    with pytest.raises(ContractViolation) as refused:
        parse_event(with_data("partner.registered", name="ab\x00"))
    assert "U+0000 at position 2" in refused.value.violations[0].message


@pytest.mark.parametrize(
    "text",
    [
        "Zuyd Hogeschool \U0001f393\U0001f3ed",  # emoji (outside the BMP)
        "\u05d1\u05d9\u05ea \u202bRTL\u202c",  # Hebrew with bidi embedding
        "Caf\u00e9 Zero\u200bWidth",  # zero-width space inside a visible name
        "\U0001f600" * 200,  # the maximum length in code points, 800 bytes of UTF-8
    ],
)
def test_real_world_unicode_is_accepted_verbatim(text: str) -> None:
    event = parse_event(with_data("partner.registered", name=text))
    assert event.data.name == text


def test_free_text_keeps_tabs_and_line_breaks() -> None:
    event = parse_event(with_data("initiative.registered", description="a\tb\r\nc"))
    assert event.data.description == "a\tb\r\nc"


def _bytes_with(raw_name: bytes) -> bytes:
    return orjson.dumps(with_data("partner.registered", name="@@")).replace(b'"@@"', raw_name)


@pytest.mark.parametrize(
    ("payload", "rule"),
    [
        (_bytes_with(b'"\\ud800"'), "json_invalid"),  # lone surrogate, escaped
        (_bytes_with(b'"\xff\xfe"'), "json_invalid"),  # not UTF-8
        (b"[" * 10_000 + b"]" * 10_000, "json_invalid"),  # nested far too deep
        (b'{"a":' * 10_000 + b"1" + b"}" * 10_000, "json_invalid"),
        (b'{"sequence": 1e400}', "json_invalid"),  # a number no double holds
    ],
)
def test_undecodable_records_are_refused_not_crashing(payload: bytes, rule: str) -> None:
    with pytest.raises(ContractViolation) as refused:
        decode_event(payload)
    assert [(v.field, v.rule) for v in refused.value.violations] == [("(record)", rule)]


def test_a_huge_integer_literal_is_an_undecodable_record() -> None:
    payload = orjson.dumps(with_data("need.published", quantity=7)).replace(
        b'"quantity":7', b'"quantity":' + b"9" * 400
    )
    with pytest.raises(ContractViolation) as refused:
        decode_event(payload)
    assert [(v.field, v.rule) for v in refused.value.violations] == [("(record)", "json_invalid")]


def test_a_lone_surrogate_in_a_python_string_is_refused() -> None:
    with pytest.raises(ContractViolation) as refused:
        parse_event(with_data("partner.registered", name="\ud800"))
    assert refused.value.violations[0].rule == "not_json"


def test_a_duplicated_key_is_validated_as_the_value_that_is_kept() -> None:
    """JSON parsers keep the last of duplicated keys; validation must see that same value."""
    valid_last = _bytes_with(b'"' + b"x" * 300 + b'", "name": "Vista"')
    assert decode_event(valid_last).data.name == "Vista"
    invalid_last = _bytes_with(b'"Vista", "name": "' + b"x" * 300 + b'"')
    with pytest.raises(ContractViolation) as refused:
        decode_event(invalid_last)
    assert [(v.field, v.rule) for v in refused.value.violations] == [
        ("data.name", "string_too_long")
    ]
