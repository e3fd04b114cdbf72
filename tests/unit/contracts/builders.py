"""Raw events for contract tests: start from the shipped examples and change one thing."""

from __future__ import annotations

from typing import Any

import pytest
from livinglab_contracts import ContractViolation, parse_event
from livinglab_contracts.examples import example_event


def raw(name: str, /, **envelope: Any) -> dict[str, Any]:
    """The example event `name` with some envelope attributes replaced."""
    return example_event(name) | envelope


def with_data(name: str, /, **data: Any) -> dict[str, Any]:
    """The example event `name` with some data fields replaced."""
    event = example_event(name)
    event["data"] = event["data"] | data
    return event


def without(event: dict[str, Any], path: str) -> dict[str, Any]:
    """`event` without the attribute at 'time' or 'data.name'."""
    *parents, last = path.split(".")
    target = event
    for part in parents:
        target = target[part]
    del target[last]
    return event


def refusal(event: Any) -> list[dict[str, str]]:
    """The violations parse_event reports; fails the test if the event is accepted."""
    with pytest.raises(ContractViolation) as refused:
        parse_event(event)
    return refused.value.as_dicts()


def fields_and_rules(event: Any) -> list[tuple[str, str]]:
    return [(v["field"], v["rule"]) for v in refusal(event)]
