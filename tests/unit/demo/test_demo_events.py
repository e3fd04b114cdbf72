"""The demo data set must load as it is: valid events, in an order the registry admits, no people.

These checks replay the registry's admission rules independently of demo/build_demo.py, over the
committed NDJSON files in the order scripts/load_demo.py posts them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from livinglab_contracts import event_spec, parse_event
from livinglab_contracts.reference.regions import REGIONS

from demo import build_demo
from scripts.load_demo import demo_files

REPO = Path(__file__).resolve().parents[3]
EVENTS_DIR = REPO / "demo" / "events"
DOMAIN_BRIEF_PEOPLE = (
    # section 3.11 and the persons printed in sections 3.4 and 3.7 of the brief
    "Margot Felix",
    "Kirsten Scheilen",
    "Ilse Schrijver",
    "John Schobben",
    "Ruud Duvekot",
    "Kraeche",
    "Kraehe",
    "Marc van der Meer",
    "Kuijer-Siebelink",
    "Cuperus",
    "Weijzen",
    "Aimée Hoeve",
    "Tamara Doeve",
    "Aad Veenman",
    "Cesar Trijselaar",
    "Jan Lokker",
    "Peter Cox",
    "Pieter Moerman",
    "Frans van den Akker",
    "Jan Oosting",
    "Bert Hooijer",
    "Irmgard Noordhoek",
    "Patrick Aarts",
    "Klaas Boer",
    "Ronald Wielinga",
    "Rein Meester",
    "Tom Bouws",
    "Daan Wortel",
    "Jan Valkenborgh",
    "Bas Holland",
    "Peter Smulders",
    "Liesbeth Boef",
    "John Baken",
    "Henry Bleker",
    "Monique Bekkenutte",
    "Govert Geldof",
    "Sjoerd Wensink",
    "Klaas ten Have",
    "Margreet Xavier",
    "Fredy Peltzer",
    "Simone Endert",
    "Anka Mulder",
    "Bas ter Weel",
    "Joseph Kessels",
    "Katinka de Korte",
    "Gusz Eiben",
    "Patricia Gielen",
    "Stef Weijers",
    "Loek Nieuwenhuizen",
    "Heide Lukosch",
    "Ruud Strijp",
    "Lex Sanou",
    "Christien Bok",
    "Maarten Noordijk",
    "Frank Cörvers",
    "Bulterman",
    "Noteboom",
)


def load_order() -> list[tuple[Path, list[dict[str, Any]]]]:
    return [
        (f.path, [json.loads(line) for line in f.path.open(encoding="utf-8") if line.strip()])
        for f in demo_files(EVENTS_DIR)
    ]


def all_events() -> list[dict[str, Any]]:
    return [event for _, events in load_order() for event in events]


def action(raw: dict[str, Any]) -> str:
    return str(raw["type"]).removeprefix("nl.livinglab.").removesuffix(".v1")


def test_committed_files_match_the_tables() -> None:
    assert build_demo.main(["--check"]) == 0, "run: .venv/bin/python -m demo.build_demo"


def test_every_event_parses_and_ids_are_unique() -> None:
    events = all_events()
    assert len(events) >= 300
    for raw in events:
        parse_event(raw)
    ids = [e["id"] for e in events]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]


def test_one_source_per_file_named_after_it() -> None:
    sources = []
    for path, events in load_order():
        (source,) = {e["source"] for e in events}
        assert path.stem.split("-", 1)[1] == source.removeprefix("/systems/")
        sources.append(source)
    assert len(sources) == len(set(sources))
    assert {"/systems/vista-crm", "/systems/provincie-limburg", "/systems/topsectoren"} <= set(
        sources
    )


def test_aggregate_ids_are_unique_across_types() -> None:
    created = [e["subject"] for e in all_events() if event_spec(parse_event(e)).creates]
    assert len(created) == len(set(created))


def test_admission_order_holds_in_load_order() -> None:
    """Registration first, owner only, sequences increase, references point backwards."""
    aggregates: dict[str, dict[str, Any]] = {}
    memberships: set[tuple[str, str]] = set()
    for path, events in load_order():
        for raw in events:
            where = f"{path.name} {raw['id']}"
            spec = event_spec(parse_event(raw))
            subject, data = raw["subject"], raw["data"]
            if spec.creates:
                assert subject not in aggregates, f"{where}: registered twice"
                assert raw["sequence"] == 1, where
                status = data.get("status", "open")
                aggregates[subject] = {
                    "type": spec.aggregate_type,
                    "owner": raw["source"],
                    "sequence": 0,
                    "status": status,
                }
            else:
                assert subject in aggregates, f"{where}: {subject} not registered yet"
            aggregate = aggregates[subject]
            assert aggregate["owner"] == raw["source"], f"{where}: not the owner's source"
            assert raw["sequence"] > aggregate["sequence"], f"{where}: sequence not increasing"
            aggregate["sequence"] = raw["sequence"]
            for field, wanted in (
                ("parent_id", "initiative"),
                ("initiative_id", "initiative"),
                ("successor_id", "initiative"),
                ("publisher_id", data.get("publisher_type", "partner")),
            ):
                ref = data.get(field)
                if ref and ref != subject:
                    assert ref in aggregates, f"{where}: {field} {ref} not registered before"
                    assert aggregates[ref]["type"] == wanted, f"{where}: {field} {ref} type"
            if action(raw) == "partner.joined-initiative":
                target = aggregates[data["initiative_id"]]
                assert target["status"] != "closed", where
                pair = (subject, data["initiative_id"])
                assert pair not in memberships, f"{where}: joined twice"
                memberships.add(pair)
            if action(raw) == "initiative.closed":
                aggregate["status"] = "closed"


def test_no_contact_data_and_no_people() -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in EVENTS_DIR.glob("*.ndjson"))
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.-]+", text), "e-mail address in the demo data"
    phone = r"(\+31|0031)[\s-]?\(?\d|\b0\d{1,3}[\s-]?\d{6,8}\b|\b06[\s-]?\d{8}\b"
    assert not re.search(phone, text), "phone number in the demo data"
    found = [name for name in DOMAIN_BRIEF_PEOPLE if name.lower() in text.lower()]
    assert not found, f"person names in the demo data: {found}"
    for raw in all_events():
        if action(raw) == "partner.registered":
            assert not raw["subject"].startswith("person"), "people are not partners"
        coordinator = raw["data"].get("coordinator_id")
        assert coordinator is None or coordinator.startswith("person-"), coordinator


def registered(name: str) -> dict[str, dict[str, Any]]:
    return {e["subject"]: e["data"] for e in all_events() if action(e) == name}


def test_cop_innovation_tables_hang_under_cop() -> None:
    tables = {
        d["code"]: d
        for d in registered("initiative.registered").values()
        if d["kind"] == "innovation_table"
    }
    assert sorted(tables) == ["2A", "2B", "2C1", "2C2", "2D", "2E", "3", "4"]
    assert {d["parent_id"] for d in tables.values()} == {"cop-limburg"}


@pytest.mark.parametrize(
    "aggregate_id",
    [
        "cop-limburg",
        "vista-college",
        "zuyd-hogeschool",
        "chill",
        "chemelot-academy",
        "provincie-limburg",
        "de-werkplaats",
        "de-vrijplaats",
        "innovatiekaart-limburg",
        "energy-college",
        "fieldlab-dzhf",
        "mboin2030",
        "sterk-techniekonderwijs",
        "digiwise",
        "enoll",
        "rif",
        "l-point",
    ],
)
def test_named_entities_are_registered(aggregate_id: str) -> None:
    assert aggregate_id in registered("initiative.registered") | registered("partner.registered")


def test_partner_kinds_the_seeds_ask_for_are_present_and_stand_ins_are_marked() -> None:
    """vmbo/vo (000, 001, 002), po (004) and gemeente (001, 004): the seeds name the kind only."""
    partners = registered("partner.registered")
    kinds = {d["kind"] for d in partners.values()}
    assert {"school_vo", "school_po", "gemeente"} <= kinds
    for data in partners.values():
        if "(representatief)" in data["name"]:
            assert "name" in data["inferred_fields"], data["name"]
    assert {"themes", "regions"} <= set(partners["zuyd-hogeschool"]["inferred_fields"])
    assert partners["zuyd-hogeschool"]["themes"]


def test_all_21_pilots_and_11_cases() -> None:
    initiatives = registered("initiative.registered")
    pilots = [d for d in initiatives.values() if d.get("parent_id") == "lc-investeringsagenda"]
    assert len(pilots) == 21
    cases = [d for d in initiatives.values() if "public-value case" in d.get("description", "")]
    assert len(cases) == 11


def test_needs_and_offers_the_brief_names() -> None:
    published = {
        e["subject"]: (action(e), e["data"]["type"])
        for e in all_events()
        if "published" in e["type"]
    }
    assert published["need-chemelot-procestechnologen"] == ("need.published", "staff_demand")
    assert published["offer-chill-lab-pt-mt"] == ("offer.published", "facility")
    assert published["offer-vista-zij-instroom-bbl"][1] == "zij_instroom_trajectory"
    assert published["need-cop-vmbo-instroom"] == ("need.published", "students_inflow")
    assert published["offer-cop-studentenstages"][1] == "internship_student"


def test_inferred_marks_are_kept() -> None:
    data = registered("initiative.registered") | registered("partner.registered")
    assert "regions" in data["vista-college"]["inferred_fields"]
    assert {"kind", "regions", "themes"} <= set(data["digiwise"]["inferred_fields"])
    assert "kind" in data["brightsite"]["inferred_fields"]
    assert "kind" in data["pml"]["inferred_fields"]


def test_places_of_the_brief_are_region_codes() -> None:
    used = {
        code
        for e in all_events()
        for code in (*e["data"].get("regions", ()), e["data"].get("region"))
        if code
    }
    assert used <= set(REGIONS)
    places = {"NL42", "CR37", "CR38", "CR39", "SITE-CHEMELOT", "SITE-BCC", "GM0971", "GM0935"}
    places |= {"GM0363", "GM0307", "GM0268", "NL11", "CR12", "NL32", "CR18", "GM0599"}
    places |= {"GM0267", "NL12", "NL1", "GM0402", "GM0518", "NL", "EU"}
    assert places <= used, places - used


def test_loader_sees_the_files_in_order() -> None:
    files = demo_files(EVENTS_DIR)
    assert [f.path.name for f in files] == sorted(f.path.name for f in files)
    total = sum((f.creates for f in files), Counter())
    assert total["Partner"] >= 100 and total["Initiative"] >= 70 and total["NeedOffer"] >= 20
