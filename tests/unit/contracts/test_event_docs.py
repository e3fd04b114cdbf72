"""The event types speak for themselves: docs/events.md is what the contract generates, every type
carries a complete example that validates in its served schema, and no served text points to a
document the repository does not have."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from livinglab_contracts import EVENT_SPECS
from livinglab_contracts.asyncapi import asyncapi_document
from livinglab_contracts.event_docs import events_markdown, main
from livinglab_contracts.examples import example_event
from livinglab_contracts.schemas import all_schemas, json_schema

REPO_ROOT = Path(__file__).resolve().parents[3]
EVENTS_DOC = REPO_ROOT / "docs" / "events.md"
FILE_REFERENCE = re.compile(r"[\w./-]+\.(?:md|py|ya?ml|csv|ndjson)\b")
# Source documents by their number ("002's split", "see 003"), which readers cannot open.
NUMBERED_DOCUMENT = re.compile(r"\b0\d\d\b")


def test_the_events_page_is_what_the_contract_generates() -> None:
    assert main(["--check", str(EVENTS_DOC)]) == 0, (
        "docs/events.md is out of date: run python -m livinglab_contracts.event_docs"
    )
    assert EVENTS_DOC.read_text(encoding="utf-8") == events_markdown()


def test_the_check_fails_on_a_page_that_drifted(tmp_path: Path) -> None:
    drifted = tmp_path / "events.md"
    drifted.write_text(events_markdown().replace('"sequence": 1', '"sequence": 2', 1))
    assert main(["--check", str(drifted)]) == 1
    assert main([str(drifted)]) == 0 and main(["--check", str(drifted)]) == 0


@pytest.mark.parametrize("spec", EVENT_SPECS, ids=lambda s: s.type)
def test_every_type_serves_a_complete_example_that_its_schema_accepts(spec: Any) -> None:
    schema = json_schema(spec.type)
    (example,) = schema["examples"]
    assert example == example_event(spec.name)
    assert example["type"] == spec.type and example["data"]
    assert jsonschema_rs.Draft202012Validator(schema).is_valid(example)
    assert f"### `{spec.type}`" in events_markdown()


def _texts(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("description", "summary", "title") and isinstance(value, str):
                yield value
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def test_no_served_description_names_a_document_the_repository_lacks() -> None:
    texts = set(_texts(all_schemas())) | set(_texts(asyncapi_document()))
    assert len(texts) > 100  # the walk found the descriptions
    missing = sorted(
        f"{ref!r} in {text!r}"
        for text in texts
        for ref in FILE_REFERENCE.findall(text)
        if not (REPO_ROOT / ref).exists() and not (REPO_ROOT / "docs" / ref).exists()
    )
    assert not missing, missing
    numbered = sorted(text for text in texts if NUMBERED_DOCUMENT.search(text))
    assert not numbered, numbered


def test_the_reference_check_would_catch_a_missing_document() -> None:
    text = "Criterion id from domain.md 4.2; 002's split"
    assert FILE_REFERENCE.findall(text) == ["domain.md"]
    assert not (REPO_ROOT / "domain.md").exists() and not (REPO_ROOT / "docs/domain.md").exists()
    assert NUMBERED_DOCUMENT.search(text)
