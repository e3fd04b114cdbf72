"""A stream of registry events a partner system would post, and what the graph must hold after.

The network is built in cells: one initiative, three partners, memberships, a need and an offer,
updates and a partner leaving. Every event is admissible in its lane's order (references exist,
sequences grow), so a client that retries until it is accepted gets every one of them in, and the
expected end state is known exactly: each aggregate with its last sequence, each membership
active or left. Themes and regions overlap between cells, so matches are proposed, updated and
withdrawn while the stream runs.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.support.events import event

THEMES = [
    ["procesindustrie", "procestechniek"],
    ["energietransitie", "talentontwikkeling"],
    ["zorg", "talentontwikkeling"],
    ["circulaire-economie", "procesoperator"],
]
REGIONS = ["CR39", "NL42", "GM0935", "NL11"]
LABEL = {"initiative": "Initiative", "partner": "Partner", "need_offer": "NeedOffer"}


@dataclass
class Expected:
    """What the stream leaves behind once every event of it was accepted."""

    aggregates: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (label, seq)
    memberships: dict[tuple[str, str], bool] = field(default_factory=dict)  # -> still a member


class Workload:
    def __init__(self, source: str, cells: int) -> None:
        self.source = source
        self.tag = uuid.uuid4().hex[:6]
        self.expected = Expected()
        self._seq: dict[str, int] = defaultdict(int)
        self.lanes: list[list[dict[str, Any]]] = [self._cell(c) for c in range(cells)]

    @property
    def events(self) -> list[dict[str, Any]]:
        return [e for lane in self.lanes for e in lane]

    def _next(self, kind: str, event_type: str, subject: str, data: dict[str, Any]) -> Any:
        self._seq[subject] += 1
        self.expected.aggregates[subject] = (LABEL[kind], self._seq[subject])
        return event(event_type, subject, data, self._seq[subject], source=self.source)

    def _cell(self, c: int) -> list[dict[str, Any]]:
        i, a, b, p = (f"{name}-{self.tag}-{c}" for name in ("init", "school", "firm", "gov"))
        need, offer = f"need-{self.tag}-{c}", f"offer-{self.tag}-{c}"
        themes, other = THEMES[c % len(THEMES)], THEMES[(c + 1) % len(THEMES)]
        region = REGIONS[c % len(REGIONS)]
        n = self._next
        cell = [
            n(
                "initiative",
                "initiative.registered",
                i,
                {
                    "initiative_id": i,
                    "name": f"Leergemeenschap {c}",
                    "kind": "learning_community",
                    "themes": themes,
                    "regions": [region],
                    "education_levels": ["mbo"],
                    "target_groups": ["zij_instromer"],
                    "collaboration_type": "operational",
                },
            ),
            n(
                "partner",
                "partner.registered",
                a,
                {
                    "partner_id": a,
                    "name": f"ROC {c}",
                    "kind": "roc",
                    "education_levels_offered": ["mbo"],
                    "themes": themes,
                    "regions": [region],
                },
            ),
            n(
                "partner",
                "partner.registered",
                b,
                {
                    "partner_id": b,
                    "name": f"Fabriek {c}",
                    "kind": "grootbedrijf",
                    "themes": [*themes, *other][:3],
                    "regions": [region],
                },
            ),
            n(
                "partner",
                "partner.registered",
                p,
                {
                    "partner_id": p,
                    "name": f"Gemeente {c}",
                    "kind": "gemeente",
                    "themes": other,
                    "regions": [REGIONS[(c + 1) % len(REGIONS)]],
                },
            ),
            self._join(a, i, "lead"),
            self._join(b, i, "partner"),
            n(
                "need_offer",
                "need.published",
                need,
                {
                    "need_offer_id": need,
                    "publisher_id": b,
                    "type": "staff_demand",
                    "title": f"operators {c}",
                    "themes": ["procesoperator"],
                    "region": region,
                    "quantity": 3,
                    "valid_from": "2026-01-01",
                },
            ),
            n(
                "need_offer",
                "offer.published",
                offer,
                {
                    "need_offer_id": offer,
                    "publisher_id": a,
                    "type": "staff_demand",
                    "title": f"bbl traject {c}",
                    "themes": ["procesoperator", "zij-instroom"],
                    "region": region,
                    "valid_from": "2026-01-01",
                },
            ),
            n("initiative", "initiative.updated", i, {"initiative_id": i, "themes": other}),
            n("partner", "partner.updated", p, {"partner_id": p, "regions": [region]}),
            self._leave(b, i),
            self._join(p, i, "funder"),
        ]
        return cell

    def _join(self, partner: str, initiative: str, role: str) -> Any:
        self.expected.memberships[(partner, initiative)] = True
        data = {
            "partner_id": partner,
            "initiative_id": initiative,
            "role": role,
            "since": "2024-01-01",
        }
        return self._next("partner", "partner.joined-initiative", partner, data)

    def _leave(self, partner: str, initiative: str) -> Any:
        self.expected.memberships[(partner, initiative)] = False
        data = {"partner_id": partner, "initiative_id": initiative, "until": "2026-02-01"}
        return self._next("partner", "partner.left-initiative", partner, data)


@dataclass
class Tally:
    """What the clients saw: requests sent, answers by kind, and the accepted event ids."""

    posts: int = 0
    accepted: int = 0  # 202: stored now
    duplicates: int = 0  # 200: stored by an earlier attempt whose answer was lost
    unavailable: int = 0  # 503 with Retry-After
    connection_errors: int = 0
    accepted_ids: set[str] = field(default_factory=set)

    def summary(self) -> dict[str, int]:
        return {
            "posted": self.posts,
            "accepted": len(self.accepted_ids),
            "answered_202": self.accepted,
            "answered_200_duplicate": self.duplicates,
            "answered_503": self.unavailable,
            "connection_errors": self.connection_errors,
        }


class Poster:
    """Partner-system clients, one per lane, each posting its lane in order and retrying an
    event (same id, same body) until the registry accepts it, as a client honouring 503 +
    Retry-After does (faster than the advertised 5 s, to keep the test short)."""

    def __init__(
        self, registry_url: str, token: str, retry_pause_s: float = 0.5, pace_s: float = 0.0
    ) -> None:
        self._url = registry_url
        self._headers = {"X-API-Key": token}
        self._pause = retry_pause_s
        self._pace = pace_s  # between two events of a lane, to spread a stream over time
        self.tally = Tally()

    async def post_all(self, lanes: list[list[dict[str, Any]]]) -> None:
        async with httpx.AsyncClient(base_url=self._url, headers=self._headers, timeout=60) as c:
            await asyncio.gather(*(self._lane(c, lane) for lane in lanes))

    async def _lane(self, client: httpx.AsyncClient, lane: list[dict[str, Any]]) -> None:
        for item in lane:
            await self.post_until_accepted(client, item)
            await asyncio.sleep(self._pace)

    async def post_until_accepted(self, client: httpx.AsyncClient, item: dict[str, Any]) -> None:
        t = self.tally
        while True:
            t.posts += 1
            try:
                response = await client.post("/v1/events", json=item)
            except httpx.TransportError:
                t.connection_errors += 1
                await asyncio.sleep(self._pause)
                continue
            if response.status_code == 503:
                assert "Retry-After" in response.headers, response.text
                t.unavailable += 1
                await asyncio.sleep(self._pause)
                continue
            assert response.status_code in (200, 202), f"{item['id']}: {response.text}"
            if response.status_code == 202:
                t.accepted += 1
            else:
                assert response.json()["duplicate"] is True, response.text
                t.duplicates += 1
            t.accepted_ids.add(item["id"])
            return

    async def reached(self, count: int, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while len(self.tally.accepted_ids) < count:
            assert time.monotonic() < deadline, f"only {len(self.tally.accepted_ids)} accepted"
            await asyncio.sleep(0.05)
