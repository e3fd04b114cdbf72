"""Whatever arrives, parsing either returns a typed event or raises ContractViolation."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from livinglab_contracts import ContractViolation, canonical_json, decode_event, parse_event
from livinglab_contracts.examples import example_events

EXAMPLES = example_events()
KEYS = sorted({k for e in EXAMPLES.values() for k in (*e, *e["data"])} | {"type", "data", "x"})

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from([*EXAMPLES, "2026-03-01T09:00:00+01:00", "2021-01-01", "CR39", "roc"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=25,
)


def _parse_or_refuse(raw: Any) -> None:
    try:
        event = parse_event(raw)
    except ContractViolation as refused:
        assert refused.violations
        assert all(v.field and v.rule and v.message for v in refused.violations)
    else:
        assert decode_event(canonical_json(event)) == event


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), json_values, max_size=10))
def test_arbitrary_json_objects_never_raise_anything_but_contract_violation(
    raw: dict[str, Any],
) -> None:
    _parse_or_refuse(raw)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(EXAMPLES)),
    st.sampled_from(KEYS),
    json_values,
    st.booleans(),
)
def test_valid_events_with_one_field_replaced_never_raise_anything_else(
    event_type: str, key: str, value: Any, in_data: bool
) -> None:
    raw = copy.deepcopy(EXAMPLES[event_type])
    (raw["data"] if in_data else raw)[key] = value
    _parse_or_refuse(raw)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode()))
def test_arbitrary_record_values_never_raise_anything_but_contract_violation(value: bytes) -> None:
    try:
        decode_event(value)
    except ContractViolation as refused:
        assert refused.violations
