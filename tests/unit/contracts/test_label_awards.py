"""partner.label-awarded (contract 1.4, issue 19): registry-written, never for not_admitted."""

from __future__ import annotations

import pytest
from livinglab_contracts import parse_event
from livinglab_contracts.catalog import REGISTRY_WRITTEN_TYPES, spec_for
from livinglab_contracts.examples import example_event
from livinglab_contracts.label_awards import PartnerLabelAwarded
from pydantic import ValidationError

TYPE = "nl.livinglab.partner.label-awarded.v1"


def test_the_example_parses_on_the_partners_topic_keyed_by_the_host_partner() -> None:
    event = parse_event(example_event("partner.label-awarded"))
    assert isinstance(event.data, PartnerLabelAwarded)
    assert event.subject == event.data.partner_id == "vista-college"
    assert (event.data.network, event.data.member_type.value, event.data.label_year) == (
        "ENoLL",
        "effective",
        2026,
    )
    spec = spec_for(TYPE)
    assert spec is not None and spec.topic == "registry.partners.v1"


def test_only_the_registry_writes_it() -> None:
    assert TYPE in REGISTRY_WRITTEN_TYPES


def test_not_admitted_awards_nothing() -> None:
    data = example_event("partner.label-awarded")["data"] | {"member_type": "not_admitted"}
    with pytest.raises(ValidationError, match="awards no label"):
        PartnerLabelAwarded.model_validate(data)


def test_the_network_is_enoll() -> None:
    data = example_event("partner.label-awarded")["data"] | {"network": "Other"}
    with pytest.raises(ValidationError):
        PartnerLabelAwarded.model_validate(data)
