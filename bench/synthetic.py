"""Seeded synthetic network that follows the demo's shape: many companies and schools, fewer
initiatives, themes and regions drawn from the real reference data with a skew to Limburg."""

from __future__ import annotations

import random
from typing import Any

from livinglab_contracts.reference.regions import REGIONS, RegionLevel
from livinglab_contracts.reference.themes import THEMES

KINDS = [
    ("mkb", 0.45),
    ("grootbedrijf", 0.1),
    ("school_vo", 0.15),
    ("roc", 0.05),
    ("school_po", 0.1),
    ("hogeschool", 0.03),
    ("gemeente", 0.05),
    ("research_institute", 0.02),
    ("zorginstelling", 0.05),
]
LEVELS = {"school_vo": ["vmbo"], "roc": ["mbo"], "school_po": ["po"], "hogeschool": ["hbo"]}
LEAF_THEMES = sorted(t.slug for t in THEMES.values() if t.parent)
MUNICIPALITIES = sorted(r.code for r in REGIONS.values() if r.level is RegionLevel.GEMEENTE)
LIMBURG = [
    c
    for c in MUNICIPALITIES
    if c in ("GM0917", "GM0935", "GM0957", "GM0971", "GM0983", "GM0988", "GM1883")
]


def _event(
    event_type: str, subject: str, data: dict[str, Any], sequence: int, n: int
) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": f"bench-{subject}-{sequence}-{n}",
        "source": "/systems/bench",
        "type": f"nl.livinglab.{event_type}.v1",
        "time": "2026-01-01T00:00:00+00:00",
        "subject": subject,
        "sequence": sequence,
        "data": data,
    }


class Network:
    def __init__(self, seed: int, tag: str) -> None:
        self.random = random.Random(seed)
        self.tag = tag
        self.counter = 0

    def _region(self) -> str:
        return (
            self.random.choice(LIMBURG)
            if self.random.random() < 0.6
            else self.random.choice(MUNICIPALITIES)
        )

    def _themes(self) -> list[str]:
        return self.random.sample(
            LEAF_THEMES[:30] if self.random.random() < 0.7 else LEAF_THEMES, 2
        )

    def partner(self, index: int) -> dict[str, Any]:
        kind = self.random.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
        pid = f"{self.tag}-p{index}"
        self.counter += 1
        return _event(
            "partner.registered",
            pid,
            {
                "partner_id": pid,
                "name": f"Partner {index}",
                "kind": kind,
                "themes": self._themes(),
                "regions": [self._region()],
                "education_levels_offered": LEVELS.get(kind, []),
            },
            1,
            self.counter,
        )

    def initiative(self, index: int) -> dict[str, Any]:
        iid = f"{self.tag}-i{index}"
        self.counter += 1
        return _event(
            "initiative.registered",
            iid,
            {
                "initiative_id": iid,
                "name": f"Initiative {index}",
                "kind": "learning_community",
                "themes": self._themes(),
                "regions": [self._region()],
                "status": "active",
            },
            1,
            self.counter,
        )

    def membership(
        self, partner_index: int, initiative_index: int, sequence: int
    ) -> dict[str, Any]:
        pid, iid = f"{self.tag}-p{partner_index}", f"{self.tag}-i{initiative_index}"
        self.counter += 1
        return _event(
            "partner.joined-initiative",
            pid,
            {"partner_id": pid, "initiative_id": iid, "role": "partner", "since": "2025-01-01"},
            sequence,
            self.counter,
        )

    def network(self, partners: int, initiatives: int) -> list[dict[str, Any]]:
        events = [self.initiative(i) for i in range(initiatives)]
        events += [self.partner(i) for i in range(partners)]
        events += [
            self.membership(i, self.random.randrange(initiatives), 2) for i in range(0, partners, 3)
        ]
        return events
