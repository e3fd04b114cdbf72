"""A network of 43 events in three phases, as partner systems would send it over some weeks.

It includes what a replay must survive: references before their target (a membership before its
initiative, a need before its publisher), a duplicated record, a stale update, a rename, a member
whose levels change, a member that leaves, a closed initiative, a status change and a withdrawn
offer. Ids are unique per run.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from tests.support.events import event, unique

NAMES = [
    "i-cop",
    "i-table",
    "i-energy",
    "i-werkplaats",
    "i-zorg",
    "i-idea",
    "i-late",
    "p-vista",
    "p-zuyd",
    "p-province",
    "p-vmbo",
    "p-chemelot",
    "p-hospital",
    "p-windco",
    "p-lector",
    "p-gemeente",
    "p-optout",
    "p-late",
    "n-ops",
    "o-bbl",
    "n-intern",
    "o-intern",
    "n-late",
    "o-gone",
]


class Network:
    def __init__(self) -> None:
        self.ids = {name: unique(name) for name in NAMES}
        self._seq: dict[str, int] = defaultdict(int)

    def __getitem__(self, name: str) -> str:
        return self.ids[name]

    def _event(self, event_type: str, key: str, data: dict[str, Any]) -> dict[str, Any]:
        subject = self.ids[key]
        self._seq[subject] += 1
        return event(event_type, subject, data, self._seq[subject])

    def initiative(self, key: str, **fields: Any) -> dict[str, Any]:
        data = {"initiative_id": self[key], "kind": "learning_community", **fields}
        return self._event("initiative.registered", key, data)

    def partner(self, key: str, **fields: Any) -> dict[str, Any]:
        return self._event("partner.registered", key, {"partner_id": self[key], **fields})

    def partner_update(self, key: str, **fields: Any) -> dict[str, Any]:
        return self._event("partner.updated", key, {"partner_id": self[key], **fields})

    def join(self, partner: str, initiative: str, role: str = "partner") -> dict[str, Any]:
        data = {
            "partner_id": self[partner],
            "initiative_id": self[initiative],
            "role": role,
            "since": "2024-01-01",
        }
        return self._event("partner.joined-initiative", partner, data)

    def leave(self, partner: str, initiative: str) -> dict[str, Any]:
        data = {
            "partner_id": self[partner],
            "initiative_id": self[initiative],
            "until": "2026-02-01",
        }
        return self._event("partner.left-initiative", partner, data)

    def published(self, direction: str, key: str, publisher: str, **fields: Any) -> dict[str, Any]:
        data = {
            "need_offer_id": self[key],
            "publisher_id": self[publisher],
            "valid_from": "2026-01-01",
            **fields,
        }
        return self._event(f"{direction}.published", key, data)

    def phases(self) -> list[list[dict[str, Any]]]:
        """Three batches; the last one contains a stale update and a duplicate (marked by id)."""
        n = self
        registrations = [
            n.initiative(
                "i-cop",
                name="CoP Chemelot",
                kind="community_of_practice",
                themes=["procesindustrie", "circulaire-economie"],
                regions=["CR39"],
                education_levels=["mbo"],
                target_groups=["zij_instromer", "upgrader"],
                challenges=["personeelstekort"],
                collaboration_type="operational",
            ),
            n.initiative(
                "i-energy",
                name="Energy College",
                themes=["energietransitie", "procesindustrie"],
                regions=["NL11"],
                target_groups=["zij_instromer"],
                collaboration_type="operational",
            ),
            n.initiative(
                "i-werkplaats",
                name="De Werkplaats",
                kind="programme",
                themes=["talentontwikkeling", "digitalisering"],
                regions=["NL42"],
                status="pilot",
            ),
            n.initiative("i-zorg", name="Zorglab Maastricht", themes=["zorg"], regions=["GM0935"]),
            n.initiative(
                "i-idea", name="Idee procestafel", themes=["procesindustrie"], status="idea"
            ),
            n.partner(
                "p-vista",
                name="VISTA college",
                kind="roc",
                education_levels_offered=["mbo"],
                themes=["procestechniek"],
                regions=["CR39"],
                target_groups=["zij_instromer"],
            ),
            n.partner(
                "p-zuyd",
                name="Zuyd Hogeschool",
                kind="hogeschool",
                education_levels_offered=["hbo"],
                themes=["procesindustrie"],
                regions=["GM0917"],
            ),
            n.partner(
                "p-province",
                name="Provincie Limburg",
                kind="provincie",
                themes=["procesindustrie", "talentontwikkeling"],
                regions=["NL42"],
                challenges=["personeelstekort"],
            ),
            n.partner(
                "p-vmbo",
                name="vmbo Sittard-Geleen",
                kind="school_vo",
                education_levels_offered=["vmbo"],
                themes=["procestechniek"],
                regions=["GM1883"],
            ),
            n.partner(
                "p-chemelot",
                name="Chemelot BV",
                kind="grootbedrijf",
                themes=["circulaire-economie", "procesoperator"],
                regions=["SITE-CHEMELOT"],
                has_coordinator=True,
            ),
            n.partner(
                "p-hospital",
                name="MUMC+",
                kind="zorginstelling",
                themes=["zorg", "ziekenhuizen"],
                regions=["GM0935"],
            ),
            n.partner(
                "p-windco",
                name="WindCo",
                kind="mkb",
                themes=["energietransitie"],
                regions=["GM0014"],
            ),
            n.partner(
                "p-lector",
                name="Lectoraat Procesinnovatie",
                kind="lectoraat",
                themes=["procesindustrie"],
                regions=["CR39"],
            ),
            n.partner(
                "p-gemeente",
                name="Gemeente Maastricht",
                kind="gemeente",
                themes=["zorg", "talentontwikkeling"],
                regions=["GM0935"],
            ),
            n.partner(
                "p-optout",
                name="Stille BV",
                kind="mkb",
                themes=["procesindustrie"],
                regions=["CR39"],
                opt_in=False,
            ),
            n.published(
                "need",
                "n-ops",
                "p-chemelot",
                type="staff_demand",
                title="procesoperators",
                themes=["procesoperator"],
                region="CR39",
                quantity=10,
            ),
            n.published(
                "offer",
                "o-bbl",
                "p-vista",
                type="staff_demand",
                title="bbl PT zij-instroom",
                themes=["procesoperator", "zij-instroom"],
                region="CR39",
                quantity=4,
            ),
            n.published(
                "need",
                "n-late",
                "p-late",  # registered only in the last phase
                type="internship_student",
                title="stageplaatsen procestechniek",
                themes=["procestechniek"],
                region="GM1883",
            ),
            n.published(
                "offer",
                "o-intern",
                "p-chemelot",
                type="internship_student",
                title="stages op de site",
                themes=["procestechniek"],
                region="SITE-CHEMELOT",
            ),
            n.published(
                "offer",
                "o-gone",
                "p-windco",
                type="staff_demand",
                title="monteurs",
                themes=["energietransitie"],
            ),
        ]
        memberships = [
            n.join("p-vista", "i-cop", "lead"),
            n.join("p-zuyd", "i-cop"),
            n.join("p-chemelot", "i-cop"),
            n.join("p-lector", "i-cop"),
            n.join("p-province", "i-werkplaats", "funder"),
            n.join("p-hospital", "i-zorg", "lead"),
            n.join("p-windco", "i-energy"),
            n.join("p-vista", "i-energy"),
            n.join("p-gemeente", "i-late"),  # the initiative arrives later
            n.initiative(
                "i-table",
                name="Innovatietafel 2B",
                kind="innovation_table",
                parent_id=self["i-cop"],
                code="2B",
                themes=["circulaire-economie", "procestechniek"],
                regions=["CR39"],
            ),
            n.partner_update("p-vmbo", education_levels_offered=["vmbo", "havo"]),
            n.partner_update("p-zuyd", name="Zuyd Hogeschool Heerlen"),
            n.published(
                "need",
                "n-intern",
                "i-cop",
                type="internship_student",
                title="docentstages",
                themes=["procestechniek"],
                publisher_type="initiative",
            ),
        ]
        stale = n.partner_update("p-province", regions=["NL11"])
        changes = [
            n.partner_update("p-province", regions=["CR39"], has_coordinator=True),
            stale,  # sequence 3 after sequence 4: must be ignored
            n.leave("p-lector", "i-cop"),
            # A member now offers hbo too: Zuyd no longer fills Energy College's hbo link (M4).
            n.partner_update("p-vista", education_levels_offered=["mbo", "hbo"]),
            n._event(
                "initiative.closed",
                "i-zorg",
                {"initiative_id": self["i-zorg"], "closed_on": "2026-03-01", "reason": "other"},
            ),
            n._event(
                "initiative.status-changed",
                "i-idea",
                {"initiative_id": self["i-idea"], "from_status": "idea", "to_status": "active"},
            ),
            n._event(
                "need-offer.withdrawn",
                "o-gone",
                {"need_offer_id": self["o-gone"], "reason": "withdrawn"},
            ),
            n.initiative(
                "i-late",
                name="Talentwerkplaats Maastricht",
                themes=["talentontwikkeling", "zorg"],
                regions=["GM0935"],
            ),
            n.partner(
                "p-late",
                name="Technische school Geleen",
                kind="school_vo",
                education_levels_offered=["vmbo"],
                themes=["procestechniek"],
                regions=["GM1883"],
            ),
            memberships[0],  # a duplicate record of an earlier event (same id)
        ]
        return [registrations, memberships, changes]
