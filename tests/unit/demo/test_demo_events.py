"""The demo file must be loadable as it is: valid events, in an order the registry accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from livinglab_contracts import event_spec, parse_event

DEMO = Path(__file__).resolve().parents[3] / "demo" / "events"


def demo_events() -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted(DEMO.glob("*.ndjson")) for line in path.open()]


def test_every_demo_event_is_valid_and_ids_are_unique() -> None:
    events = demo_events()
    assert len(events) >= 50
    for raw in events:
        parse_event(raw)
    assert len({e["id"] for e in events}) == len(events)


def test_sequences_increase_and_references_come_first() -> None:
    seen: dict[str, int] = {}
    for raw in demo_events():
        event = parse_event(raw)
        spec = event_spec(event)
        assert event.sequence > seen.get(event.subject, 0), event.id
        if not spec.creates:
            assert event.subject in seen, f"{event.type} before its aggregate {event.subject}"
        data = raw["data"]
        for field in ("initiative_id", "parent_id", "publisher_id"):
            if field in data and data[field] != event.subject and data[field]:
                assert data[field] in seen, f"{field} {data[field]} referenced before it exists"
        seen[event.subject] = event.sequence


def test_no_contact_data() -> None:
    text = "\n".join(path.read_text() for path in DEMO.glob("*.ndjson"))
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "e-mail address in the demo data"
    assert not re.search(r"\+?31[\s-]?\d{2,3}[\s-]?\d{6,7}|\b0\d{9}\b", text), "phone number"
