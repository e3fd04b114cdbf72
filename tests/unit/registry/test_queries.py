"""Filters and paging over the view, as the read endpoints use them."""

from __future__ import annotations

from typing import Any

import pytest
from registry.domain.queries import Filters, page, present

from tests.unit.registry.builders import network, parsed, record

BARE = {"themes": [], "regions": [], "education_levels_offered": [], "inferred_fields": []}


def partner(partner_id: str, **data: Any):  # type: ignore[no-untyped-def]
    """A partner that has only the lists `data` gives it."""
    fields = {**BARE, "partner_id": partner_id, **data}
    return parsed("partner.registered", subject=partner_id, data=fields)


@pytest.fixture
def view():  # type: ignore[no-untyped-def]
    view = network()  # cop-limburg (CR39, mbo/hbo) with member vista-college (roc, CR39, mbo)
    record(
        view,
        partner(
            "zuyd",
            name="Zuyd Hogeschool",
            kind="hogeschool",
            education_levels_offered=["hbo"],
            regions=["CR39"],
            themes=["zorg"],
        ),
    )
    record(
        view,
        partner(
            "sabic",
            name="SABIC",
            kind="grootbedrijf",
            aliases=["Sabic Geleen"],
            regions=["NL42"],
            themes=["procestechniek"],
        ),
    )
    record(view, partner("apf", name="apf", kind="mkb"))  # sorts between SABIC and VISTA
    pilot = {
        "initiative_id": "lab-x",
        "name": "Lab X",
        "kind": "living_lab",
        "status": "pilot",
        "themes": [],
        "regions": [],
        "education_levels": [],
    }
    record(view, parsed("initiative.registered", subject="lab-x", data=pilot))
    return view  # fmt: skip


def ids(view, aggregate_type: str, limit: int = 50, offset: int = 0, **filters: str) -> list[str]:  # type: ignore[no-untyped-def]
    result = page(view.of_type(aggregate_type), Filters(**filters), limit, offset)
    return [item["id"] for item in result.items]


def test_without_filters_everything_comes_sorted_by_name_then_id(view) -> None:  # type: ignore[no-untyped-def]
    assert ids(view, "partner") == ["apf", "sabic", "vista-college", "zuyd"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"kind": "roc"}, ["vista-college"]),
        ({"region": "CR39"}, ["vista-college", "zuyd"]),
        ({"region": "NL42"}, ["sabic"]),  # a filter names a code, not an area containing others
        ({"theme": "procestechniek"}, ["sabic", "vista-college"]),
        ({"education_level": "hbo"}, ["zuyd"]),
        ({"text": "GELEEN"}, ["sabic"]),  # aliases count, case does not
        ({"text": "college"}, ["vista-college"]),
        ({"region": "CR39", "theme": "zorg"}, ["zuyd"]),
        ({"kind": "roc", "region": "NL42"}, []),
    ],
)
def test_partner_filters(view, filters: dict[str, str], expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert ids(view, "partner", **filters) == expected


def test_initiative_filters_on_status_levels_and_current_members(view) -> None:  # type: ignore[no-untyped-def]
    assert ids(view, "initiative", status="pilot") == ["lab-x"]
    assert ids(view, "initiative", education_level="mbo") == ["cop-limburg"]
    assert ids(view, "initiative", member="vista-college") == ["cop-limburg"]
    record(view, parsed("partner.left-initiative", sequence=3))
    assert ids(view, "initiative", member="vista-college") == []


def test_needs_and_offers_filter_on_status(view) -> None:  # type: ignore[no-untyped-def]
    record(view, parsed("need-offer.withdrawn", sequence=2))
    assert ids(view, "need_offer", status="open") == ["need-procestechnologen"]
    assert ids(view, "need_offer", status="fulfilled") == ["offer-zij-instroom"]


def test_pages_hold_limit_items_from_offset_with_the_total(view) -> None:  # type: ignore[no-untyped-def]
    result = page(view.of_type("partner"), Filters(), limit=2, offset=1)
    assert [item["id"] for item in result.items] == ["sabic", "vista-college"]
    assert (result.total, result.limit, result.offset) == (4, 2, 1)
    beyond = page(view.of_type("partner"), Filters(), limit=2, offset=10)
    assert (beyond.items, beyond.total) == ([], 4)


def test_present_adds_id_owner_sequence_and_times(view) -> None:  # type: ignore[no-untyped-def]
    shown = present(view.aggregates["vista-college"])
    assert shown["id"] == "vista-college" and shown["owner_source"] == "/systems/vista-crm"
    assert shown["sequence"] == 2 and shown["created_at"] == "2026-03-01T09:00:00+01:00"
    assert shown["memberships"]["cop-limburg"]["role"] == "lead"
