"""What a user reads in the demo network is about the network: no seed-document numbers, no
(inferred)/(ext) marks or notes on how a value was reconstructed in descriptions, and one partner
per organisation (Chemelot was three)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from demo.build_demo import public_text

EVENTS_DIR = Path(__file__).resolve().parents[3] / "demo" / "events"
TEXT_FIELDS = ("name", "title", "description", "goals", "aliases")
PROVENANCE = re.compile(
    r"\(0\d\d\b|\b0\d\d\)|^0\d\d\b|[.;] 0\d\d\b|\binferred\b|\(ext\)|\bseeds?\b|not expanded|"
    r"is our mapping",
    re.IGNORECASE,
)


def demo_events() -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted(EVENTS_DIR.glob("*.ndjson"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def _texts(data: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for field in TEXT_FIELDS:
        value = data.get(field)
        found += (
            [value] if isinstance(value, str) else [v for v in value or [] if isinstance(v, str)]
        )
    return found


def test_no_user_visible_text_carries_provenance_or_placeholders() -> None:
    offending = sorted(
        f"{event['subject']}: {text[:120]}"
        for event in demo_events()
        for text in _texts(event["data"])
        if PROVENANCE.search(text)
    )
    assert not offending, offending


def test_provenance_moves_out_of_a_description_and_the_statement_stays() -> None:
    text, notes = public_text(
        "Tables meet every 8 weeks and one event a year (001). IBO is not expanded in the seeds. "
        "Students solve questions (TS Logistiek). hbo students of HAN (inferred). Interest "
        "'Bedrijfsbezoeken' (STO, 002); reading this as an offer is (inferred). A knowledge "
        "centre (kind mapped to CIV, inferred)."
    )
    assert text == (
        "Tables meet every 8 weeks and one event a year. Students solve questions (TS "
        "Logistiek). Interest 'Bedrijfsbezoeken' (STO). A knowledge centre."
    )
    assert notes == [
        "IBO is not expanded in the seeds.",
        "hbo students of HAN (inferred).",
        "reading this as an offer is (inferred).",
        "(kind mapped to CIV, inferred)",
    ]
    assert public_text("") == ("", [])


def test_one_partner_per_organisation() -> None:
    partners = [e["data"] for e in demo_events() if e["type"].endswith("partner.registered.v1")]
    labels = Counter(
        label
        for p in partners
        for label in {name.casefold() for name in (p["name"], *p.get("aliases", []))}
    )
    assert [label for label, n in labels.items() if n > 1] == []
    chemelot = next(p for p in partners if p["partner_id"] == "chemelot")
    assert {"Chemelot Site", "Brightlands Chemelot Campus"} <= set(chemelot["aliases"])
    ids = {p["partner_id"] for p in partners}
    assert not {"chemelot-site", "brightlands-chemelot-campus"} & ids
