"""Text in events: no string of any event takes a control character, free text carries its
character rule in the JSON Schema (which agrees with the parser), and text is kept in NFC."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from livinglab_contracts import ContractViolation, canonical_json, parse_event
from livinglab_contracts.examples import example_events
from livinglab_contracts.fields import (
    MULTI_LINE_PATTERN,
    ONE_LINE_PATTERN,
    FieldName,
    LongText,
    Name,
)
from livinglab_contracts.schemas import all_schemas, json_schema
from pydantic import TypeAdapter, ValidationError

from tests.unit.contracts.builders import fields_and_rules, with_data

TEXT_PATTERNS = (ONE_LINE_PATTERN, MULTI_LINE_PATTERN)


def _string_leaves(node: Any, path: str) -> Iterator[str]:
    """Paths ('data.aliases[1]') of every string in a raw event."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _string_leaves(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _string_leaves(value, f"{path}[{index}]")
    elif isinstance(node, str):
        yield path


def _with_nul(event: dict[str, Any], path: str) -> dict[str, Any]:
    changed = copy.deepcopy(event)
    *parents, last = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    target: Any = changed
    for part in parents:
        target = target[int(part[1:-1])] if part.startswith("[") else target[part]
    key: Any = int(last[1:-1]) if last.startswith("[") else last
    target[key] += "\x00"
    return changed


STRINGS = [
    (event_type, path)
    for event_type, event in example_events().items()
    for path in _string_leaves(event, "")
]


@pytest.mark.parametrize(("event_type", "path"), STRINGS)
def test_no_string_of_any_event_takes_a_nul(event_type: str, path: str) -> None:
    """Ids refuse it by pattern, codes by their lists, free text by its character rule."""
    refused = fields_and_rules(_with_nul(example_events()[event_type], path))
    assert path in [field for field, _ in refused], refused


Texts = list[tuple[str, dict[str, Any]]]


def _free_text(node: Any, path: str, defs: dict[str, Any], seen: frozenset[str]) -> Texts:
    """(path, schema) of every string that is neither an enum, a format, a reference code nor
    constrained by a pattern of its own: what a client may fill in freely."""
    if not isinstance(node, dict):
        return []
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[1]
        return [] if name in seen else _free_text(defs[name], path, defs, seen | {name})
    found: Texts = []
    fixed = any(key in node for key in ("enum", "const", "format", "x-reference"))
    own_pattern = node.get("pattern") not in (None, *TEXT_PATTERNS)
    if node.get("type") == "string" and not fixed and not own_pattern:
        found.append((path, node))
    for name, child in node.get("properties", {}).items():
        found += _free_text(child, f"{path}.{name}", defs, seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for child in node.get(key, []):
            found += _free_text(child, path, defs, seen)
    return found + _free_text(node.get("items"), f"{path}[]", defs, seen)


@pytest.mark.parametrize("event_type", sorted(all_schemas()))
def test_every_free_text_field_documents_its_character_rule_and_nfc(event_type: str) -> None:
    schema = all_schemas()[event_type]
    assert _undocumented(_free_text(schema, "", schema.get("$defs", {}), frozenset())) == []


def _undocumented(texts: Texts) -> list[str]:
    return [
        path
        for path, node in texts
        if node.get("pattern") not in TEXT_PATTERNS or node.get("x-unicode-normalization") != "NFC"
    ]


def test_the_text_check_sees_free_text_and_a_missing_rule() -> None:
    schema = all_schemas()["nl.livinglab.partner.registered.v1"]
    paths = [path for path, _ in _free_text(schema, "", schema["$defs"], frozenset())]
    assert {".data.name", ".data.aliases[]", ".data.legal_form", ".data.facilities[]"} <= set(paths)
    loose = {"type": "object", "properties": {"a": {"type": "string", "maxLength": 5}}}
    assert _undocumented(_free_text(loose, "", {}, frozenset())) == [".a"]


def test_the_schema_refuses_the_characters_the_parser_refuses() -> None:
    validator = jsonschema_rs.Draft202012Validator(
        json_schema("nl.livinglab.initiative.registered.v1")
    )
    assert validator.is_valid(with_data("initiative.registered", description="a\tb\r\nc"))
    assert validator.is_valid(with_data("initiative.registered", description="\u2028 \U0001f600"))
    for bad in (
        with_data("initiative.registered", name="a\u2028b"),
        with_data("initiative.registered", name="a\x85b"),
        with_data("initiative.registered", description="a\x00b"),
        with_data("initiative.registered", legal_form="BV\x1b"),
        with_data("initiative.registered", website="https://a.example/\x07"),
    ):
        assert not validator.is_valid(bad)
        with pytest.raises(ContractViolation):
            parse_event(bad)


# The JSON Schema patterns and the validators are two statements of one rule; any text shows
# whether they agree (hypothesis's text() leaves out lone surrogates, which JSON cannot carry).
ONE_LINE_TEXT = TypeAdapter(FieldName)
MULTI_LINE_TEXT = TypeAdapter(LongText)
ONE_LINE_SCHEMA = jsonschema_rs.Draft202012Validator({"pattern": ONE_LINE_PATTERN})
MULTI_LINE_SCHEMA = jsonschema_rs.Draft202012Validator({"pattern": MULTI_LINE_PATTERN})


@given(st.text(min_size=1, max_size=40))
def test_one_line_pattern_and_validator_agree(text: str) -> None:
    documented = ONE_LINE_SCHEMA.is_valid(text)
    try:
        ONE_LINE_TEXT.validate_python(text)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == documented


@given(st.text(max_size=40))
def test_multi_line_pattern_and_validator_agree(text: str) -> None:
    documented = MULTI_LINE_SCHEMA.is_valid(text)
    try:
        MULTI_LINE_TEXT.validate_python(text)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == documented


@pytest.mark.parametrize(
    ("name", "data", "field", "rule"),
    [
        ("partner.registered", {"name": "a\u2028b"}, "data.name", "line_break"),
        ("need.published", {"title": "two\u2029paragraphs"}, "data.title", "line_break"),
        ("partner.registered", {"legal_form": "B.V.\n"}, "data.legal_form", "control_character"),
        ("partner.registered", {"mbo_programmes": [{"name": "PT\x00", "route": "bol"}]},
         "data.mbo_programmes[0].name", "control_character"),
        ("partner.registered", {"inferred_fields": ["regions\x1b"]}, "data.inferred_fields[0]",
         "control_character"),
        ("partner.registered", {"website": "https://vista.nl/\x00"}, "data.website",
         "string_pattern_mismatch"),
        ("match.accepted", {"reason": "ok\x9b"}, "data.reason", "control_character"),
        ("match.proposed", {"subject_names": ["A\r\nBcc: x@example.org", "B"]},
         "data.subject_names[0]", "control_character"),
    ],
)  # fmt: skip
def test_one_line_text_and_links_refuse_breaks_and_controls(
    name: str, data: dict[str, object], field: str, rule: str
) -> None:
    assert (field, rule) in fields_and_rules(with_data(name, **data))


NFD = "Cafe\u0301 Ma\u0308rz"  # 'Café März' with combining accents
NFC = "Caf\u00e9 M\u00e4rz"


def test_names_and_text_are_kept_in_nfc() -> None:
    event = parse_event(
        with_data("initiative.registered", name=NFD, aliases=[NFD], description=NFD, goals=[NFD])
    )
    data = event.data
    assert (data.name, data.aliases, data.description, data.goals) == (NFC, (NFC,), NFC, (NFC,))


def test_an_event_sent_in_nfd_is_the_same_event_as_in_nfc() -> None:
    """Same id, same text in another normal form: a duplicate, not a conflicting body."""
    sent_nfd = parse_event(with_data("partner.registered", name=NFD))
    sent_nfc = parse_event(with_data("partner.registered", name=NFC))
    assert canonical_json(sent_nfd) == canonical_json(sent_nfc)


def test_lengths_count_the_normalised_text() -> None:
    """200 accented letters are 400 code points in NFD; the name fits, as it does in NFC."""
    assert TypeAdapter(Name).validate_python("e\u0301" * 200) == "\u00e9" * 200
    with pytest.raises(ValidationError, match="string_too_long"):
        TypeAdapter(Name).validate_python("e\u0301" * 201)
