"""Older event shapes are upcast on read, so consumers only ever see the current version."""

from __future__ import annotations

import copy
from typing import Any

import orjson
import pytest
from livinglab_contracts import ContractViolation, decode_event, parse_event
from livinglab_contracts.examples import example_event
from livinglab_contracts.partners import PartnerRegistered
from livinglab_contracts.upcasting import UPCASTERS, upcast

from tests.unit.contracts.builders import with_data

BASE = "nl.livinglab.partner.registered"


def upcast_partner_registered_v0_v1(event: dict[str, Any]) -> dict[str, Any]:
    """A made-up v0: `organisation_name` and `helix_category` before they were renamed."""
    data = dict(event["data"])
    data["name"] = data.pop("organisation_name")
    data["helix"] = data.pop("helix_category", None)
    return event | {"type": f"{BASE}.v1", "data": data}


def v0_event() -> dict[str, Any]:
    event = copy.deepcopy(example_event("partner.registered"))
    data = event["data"]
    data["organisation_name"] = data.pop("name")
    data["helix_category"] = "onderwijs"
    return event | {"type": f"{BASE}.v0"}


@pytest.fixture
def v0_upcaster(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(UPCASTERS, (BASE, 0), upcast_partner_registered_v0_v1)


@pytest.mark.usefixtures("v0_upcaster")
def test_a_v0_event_is_read_as_the_current_version() -> None:
    event = parse_event(v0_event())
    assert event.type == f"{BASE}.v1"
    assert isinstance(event.data, PartnerRegistered) and event.data.name == "VISTA college"
    assert event.data == parse_event(with_data("partner.registered", helix="onderwijs")).data


@pytest.mark.usefixtures("v0_upcaster")
def test_consumers_decoding_a_v0_record_get_the_current_version() -> None:
    assert decode_event(orjson.dumps(v0_event())).type == f"{BASE}.v1"


def test_without_an_upcaster_an_old_version_is_refused_with_the_supported_ones() -> None:
    with pytest.raises(ContractViolation, match=rf"supported: {BASE}\.v1"):
        parse_event(v0_event())


def test_current_events_pass_through_untouched() -> None:
    event = example_event("partner.registered")
    assert upcast(event) is event


def test_a_failing_upcaster_is_a_contract_violation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(UPCASTERS, (BASE, 0), upcast_partner_registered_v0_v1)
    broken = v0_event()
    del broken["data"]["organisation_name"]
    with pytest.raises(ContractViolation, match="cannot upcast") as refused:
        parse_event(broken)
    assert refused.value.violations[0].rule == "upcast_failed"
