"""Builders for CloudEvents in tests: unique ids, explicit sequences."""

from __future__ import annotations

import uuid
from typing import Any


def event(
    event_type: str,
    subject: str,
    data: dict[str, Any],
    sequence: int = 1,
    source: str = "/systems/e2e-partner",
) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": source,
        "type": f"nl.livinglab.{event_type}.v1",
        "time": "2026-03-01T09:00:00+01:00",
        "subject": subject,
        "sequence": sequence,
        "data": data,
    }


def unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"


def hub_and_province(
    hub: str, province: str, source: str = "/systems/e2e-partner"
) -> list[dict[str, Any]]:
    """A circular-economy hub at Chemelot and the province on the same theme: the smallest
    network that yields one match (used where a test needs any match to flow end to end)."""
    return [
        event(
            "initiative.registered",
            hub,
            {
                "initiative_id": hub,
                "name": "Circulaire HUB",
                "kind": "hub",
                "themes": ["circulaire-economie"],
                "regions": ["SITE-CHEMELOT"],
            },
            source=source,
        ),
        event(
            "partner.registered",
            province,
            {
                "partner_id": province,
                "name": "Provincie Limburg",
                "kind": "provincie",
                "themes": ["circulaire-economie"],
                "regions": ["NL42"],
            },
            source=source,
        ),
    ]
