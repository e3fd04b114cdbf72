"""A small real network from domain.md section 3, posted through the registry, and HTTP helpers.

Names, kinds, themes and regions follow the seeds (CoP and its innovation tables, VISTA college,
Zuyd, Universiteit Maastricht, CHILL, Chemelot Academy, Provincie Limburg, Zuyderland, De
Werkplaats and its components, Energy College, Energie Transitie Huis, Da Vinci College). The seeds
name no single vmbo school, Chemelot company, Maastricht hospital or InnovatieKaart project; those
stand-ins are labelled as such in their names. Every id is unique per run (`unique()`), so the
network lives next to whatever else the session's namespace holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx

from tests.support.events import event, unique
from tests.support.system import post_all as post_all  # re-exported for the questions' tests
from tests.support.waiting import eventually

T = TypeVar("T")

TIMEOUT_S = 30.0


def wait_for(check: Callable[[], T | None], what: str, timeout_s: float = TIMEOUT_S) -> T:
    """Polls until `check` returns something truthy; the worker is asynchronous."""
    return eventually(check, what, timeout_s, poll_s=0.2)


def get_ok(client: httpx.Client, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    assert response.status_code == 200, (
        f"GET {path} {params}: {response.status_code} {response.text}"
    )
    return response.json()


def list_matches(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    """GET /v1/matches with filters; one page of at most 200, which this network stays under."""
    page = get_ok(client, "/v1/matches", limit=200, **params)
    assert page["total"] <= 200, "more matches than one page; page through them"
    items: list[dict[str, Any]] = page["items"]
    return items


def criterion(match: dict[str, Any] | None, criterion_id: str) -> dict[str, Any]:
    found = next((c for c in (match or {}).get("criteria", []) if c["id"] == criterion_id), None)
    return found or {"subscore": None, "reason_nl": "", "reason_en": ""}


def pair(items: Iterable[dict[str, Any]], a: str, b: str) -> dict[str, Any] | None:
    """The match in `items` whose subjects are exactly a and b (in either order)."""
    return next((m for m in items if set(m["subject_ids"]) == {a, b}), None)


def others(items: Iterable[dict[str, Any]], subject: str) -> list[str]:
    """The other subject of each match, in the order given."""
    return [next(s for s in m["subject_ids"] if s != subject) for m in items]


@dataclass
class Network:
    """Short keys (e.g. 'vista') map to this run's unique ids."""

    ids: dict[str, str] = field(default_factory=dict)
    _sequence: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def __getitem__(self, key: str) -> str:
        return self.ids[key]

    def key_of(self, aggregate_id: str) -> str:
        return next(k for k, v in self.ids.items() if v == aggregate_id)

    def _next(self, key: str) -> int:
        self._sequence[key] += 1
        return self._sequence[key]

    def _new(self, prefix: str, key: str) -> str:
        self.ids[key] = unique(f"{prefix}-{key}")
        return self.ids[key]

    def initiative(self, key: str, name: str, kind: str, **data: Any) -> dict[str, Any]:
        initiative_id = self._new("i", key)
        if "parent" in data:
            data["parent_id"] = self.ids[data.pop("parent")]
        body = {"initiative_id": initiative_id, "name": name, "kind": kind, "status": "active"}
        return event("initiative.registered", initiative_id, body | data, self._next(key))

    def partner(self, key: str, name: str, kind: str, **data: Any) -> dict[str, Any]:
        partner_id = self._new("p", key)
        body = {"partner_id": partner_id, "name": name, "kind": kind}
        return event("partner.registered", partner_id, body | data, self._next(key))

    def update_partner(self, key: str, **changes: Any) -> dict[str, Any]:
        body = {"partner_id": self.ids[key], **changes}
        return event("partner.updated", self.ids[key], body, self._next(key))

    def join(self, partner: str, initiative: str, role: str = "partner") -> dict[str, Any]:
        body = {
            "partner_id": self.ids[partner],
            "initiative_id": self.ids[initiative],
            "role": role,
            "since": "2021-02-09",
        }
        return event("partner.joined-initiative", self.ids[partner], body, self._next(partner))

    def need_offer(
        self, direction: str, key: str, publisher: str, type_: str, title: str, **data: Any
    ) -> dict[str, Any]:
        """`publisher` is a partner key, or 'i:' + an initiative key."""
        need_offer_id = self._new("n" if direction == "need" else "o", key)
        body = {
            "need_offer_id": need_offer_id,
            "publisher_id": self.ids[publisher.removeprefix("i:")],
            "publisher_type": "initiative" if publisher.startswith("i:") else "partner",
            "type": type_,
            "title": title,
            "valid_from": "2026-01-01",
        }
        return event(f"{direction}.published", need_offer_id, body | data, self._next(key))


def build_cop_network() -> tuple[Network, list[list[dict[str, Any]]]]:
    """The network as three batches: organisations and top-level initiatives, their components,
    then memberships, needs and offers (each batch references only what came before)."""
    n = Network()
    organisations = [
        # --- Zuid-Limburg: CoP around Chemelot (000, 001) ---
        n.partner(
            "vista",
            "VISTA college",
            "roc",
            education_levels_offered=["mbo"],
            mbo_programmes=[
                {"name": "PT", "route": "bol", "niveau": 4},
                {"name": "MT", "route": "bol", "niveau": 4},
                {"name": "LAB", "route": "bol", "niveau": 4},
                {"name": "PT", "route": "bbl", "niveau": 3},
            ],
            # Digiwise (002, case 10) is VISTA's digital initiative.
            themes=["procestechniek", "maintenance", "laboratorium", "digitalisering"],
            regions=["GM1883"],
            target_groups=["student_mbo_bol", "student_mbo_bbl", "zij_instromer"],
            challenges=["personeelstekort", "afnemende_mbo_instroom"],
        ),
        n.partner(
            "zuyd",
            "Zuyd Hogeschool",
            "hogeschool",
            education_levels_offered=["hbo"],
            themes=["procesindustrie", "laboratorium"],
            regions=["GM0917"],
        ),
        n.partner(
            "um",
            "Universiteit Maastricht",
            "universiteit",
            education_levels_offered=["wo"],
            themes=["procesindustrie", "circulaire-economie"],
            regions=["GM0935"],
        ),
        n.partner(
            "chill",
            "CHILL B.V.",
            "lab",
            legal_form="B.V.",
            themes=["laboratorium", "procestechniek", "maintenance"],
            regions=["SITE-BCC"],
            facilities=["Faciliteiten LAB PT en MT"],
        ),
        n.partner(
            "academy",
            "Chemelot Academy B.V.",
            "bedrijfsopleiding",
            legal_form="B.V.",
            education_levels_offered=["post_initieel"],
            themes=["zij-instroom", "procestechniek"],
            regions=["SITE-CHEMELOT"],
            target_groups=["zij_instromer", "upgrader"],
        ),
        n.partner(
            "province",
            "Provincie Limburg",
            "provincie",
            themes=["talentontwikkeling", "doorlopende-leerlijn"],
            regions=["NL42"],
        ),
        n.partner(
            "brightsite",
            "Brightsite B.V.",
            "lab",
            legal_form="B.V.",
            themes=["circulaire-economie", "procesindustrie"],
            regions=["SITE-BCC"],
            inferred_fields=["kind"],
        ),
        n.partner(
            "career",
            "Career Center B.V.",
            "career_center",
            legal_form="B.V.",
            # In CoP's shell under "Carrière", next to Chemelot Academy's zij-instroom (001).
            themes=["zij-instroom", "talentontwikkeling"],
            regions=["CR39"],
        ),
        n.partner(
            "company",
            "Procesbedrijf op Chemelot Site (PML-lid, stand-in)",
            "grootbedrijf",
            themes=["circulaire-economie", "procestechniek"],
            regions=["SITE-CHEMELOT"],
            challenges=["personeelstekort", "imago"],
        ),
        n.partner(
            "company_venlo",
            "Circulair maakbedrijf Venlo (stand-in)",
            "mkb",
            themes=["circulaire-economie"],
            regions=["GM0983"],
        ),
        n.partner(
            "vmbo",
            "vmbo-school techniek Sittard-Geleen (stand-in)",
            "school_vo",
            education_levels_offered=["vmbo"],
            themes=["procestechniek"],
            regions=["GM1883"],
            target_groups=["jongeren_vmbo"],
        ),
        # --- healthcare, to broaden CoP beyond BCC (000) ---
        n.partner(
            "zuyderland",
            "Zuyderland",
            "zorginstelling",
            themes=["zorg", "ziekenhuizen", "laboratorium"],
            regions=["GM1883"],
            inferred_fields=["kind", "regions"],
        ),
        n.partner(
            "hospital",
            "Ziekenhuis Maastricht (stand-in for 'ziekenhuizen Maastricht')",
            "zorginstelling",
            themes=["ziekenhuizen", "laboratorium"],
            regions=["GM0935"],
        ),
        # --- De Werkplaats (004) ---
        n.partner(
            "werkgroep",
            "Werkgroep po/vo (Limburgse schoolbesturen)",
            "school_vo",
            education_levels_offered=["po", "vo"],
            regions=["NL42"],
            themes=["doorlopende-leerlijn"],
            inferred_fields=["kind"],
        ),
        n.partner(
            "kennisland",
            "Kennisland",
            "denktank",
            themes=["innovatie", "doorlopende-leerlijn"],
            inferred_fields=["kind"],
        ),
        # --- national learning communities (003) ---
        n.partner(
            "roc_noord",
            "ROC's en AOC's in Noord-Nederland",
            "roc",
            education_levels_offered=["mbo"],
            themes=["energietransitie"],
            regions=["NL1"],
        ),
        n.partner(
            "davinci",
            "ROC Da Vinci College",
            "roc",
            education_levels_offered=["mbo"],
            themes=["verduurzaming-woningen", "energietransitie", "elektro-installatie"],
            regions=["GM0505"],
            inferred_fields=["regions"],
        ),
        # --- initiatives without a parent ---
        n.initiative(
            "cop",
            "CoP: Community of Practice Chemelot",
            "community_of_practice",
            aliases=["CoP", "Grow together"],
            themes=[
                "procesindustrie",
                "procestechniek",
                "laboratorium",
                "circulaire-economie",
                "zij-instroom",  # "Leven Lang ontwikkelen: versneld opleiden, zijinstroom" (001)
            ],
            regions=["GM0971"],  # visiting address Mauritslaan 49, Urmond
            education_levels=["mbo"],
            target_groups=["student_mbo_bol", "student_mbo_bbl", "zij_instromer", "upgrader"],
            challenges=["personeelstekort", "krimp", "imago"],
            collaboration_type="operational",
            start_date="2021-01-01",
            funding_ends_on="2024-12-31",
        ),
        n.initiative(
            "hub",
            "Circulaire HUB Chemelot",
            "hub",
            themes=["circulaire-hub", "circulaire-economie"],
            regions=["SITE-BCC"],
        ),
        n.initiative(
            "pml",
            "PML klankbord (procestechniek, maintenance Limburg)",
            "platform",
            themes=["procestechniek", "maintenance"],
            regions=["NL42"],
            inferred_fields=["kind"],
        ),
        n.initiative(
            "werkplaats",
            "De Werkplaats",
            "programme",
            themes=["doorlopende-leerlijn", "talentontwikkeling", "digitalisering"],
            regions=["NL42"],
            education_levels=["po", "vo"],
        ),
        n.initiative(
            "energy_college",
            "Energy College",
            "learning_community",
            themes=["energietransitie", "wind-op-zee", "zonne-energie", "geothermie"],
            regions=["NL1"],
            education_levels=["mbo"],
            target_groups=["student_mbo_bol", "zij_instromer"],
            challenges=["personeelstekort", "energietransitie"],
            collaboration_type="operational",
        ),
        n.initiative(
            "eth",
            "Energie Transitie Huis",
            "innovatielab",
            themes=["verduurzaming-woningen", "energietransitie", "elektro-installatie"],
            regions=["GM0505"],
            education_levels=["mbo"],
            target_groups=["student_mbo_bol", "werkende"],
            challenges=["energietransitie"],
            collaboration_type="operational",
            inferred_fields=["kind", "regions"],
        ),
    ]
    components = [
        n.initiative(
            "table4",
            "Innovatietafel 4: Verduurzaming door Lectoraat mbo-hbo",
            "innovation_table",
            parent="cop",
            code="4",
            themes=["procesindustrie", "innovatie"],
            regions=["GM0971"],
        ),
        *(
            n.initiative(
                key,
                name,
                "programme",
                parent="werkplaats",
                themes=["doorlopende-leerlijn", "talentontwikkeling"],
                regions=["NL42"],
                education_levels=["po", "vo"],
            )
            for key, name in (
                ("marktplaats", "De Marktplaats"),
                ("vrijplaats", "De Vrijplaats"),
                ("buitenplaats", "De Buitenplaats"),
            )
        ),
    ]
    projects = [
        n.initiative(
            "wp_venlo",
            "Vrijplaats-project digitale leermiddelen po-vo, Venlo (stand-in)",
            "pilot",
            parent="vrijplaats",
            themes=["digitale-leermiddelen", "digitalisering"],
            regions=["GM0983"],
            education_levels=["po", "vo"],
        ),
        n.initiative(
            "wp_roermond",
            "InnovatieKaart-initiatief talentontwikkeling po-vo, Roermond (stand-in)",
            "pilot",
            parent="marktplaats",
            themes=["talentontwikkeling", "doorlopende-leerlijn"],
            regions=["GM0957"],
            education_levels=["po", "vo"],
        ),
        n.initiative(
            "wp_maastricht",
            "InnovatieKaart-initiatief digitale geletterdheid po-vo, Maastricht (stand-in)",
            "pilot",
            parent="marktplaats",
            themes=["digitale-geletterdheid", "digitalisering"],
            regions=["GM0935"],
            education_levels=["po", "vo"],
        ),
    ]
    relations = [
        n.join("vista", "cop", "lead"),
        n.join("zuyd", "cop"),
        n.join("um", "cop"),
        n.join("chill", "cop"),
        n.join("academy", "cop"),
        n.join("province", "cop", "funder"),
        n.join("vista", "table4", "lead"),
        n.join("um", "table4"),
        n.join("vista", "hub", "lead"),
        n.join("province", "hub", "funder"),
        n.join("company", "pml"),
        n.join("vista", "pml"),
        n.join("province", "werkplaats", "funder"),
        n.join("werkgroep", "werkplaats", "lead"),
        n.join("kennisland", "werkplaats", "facilitator"),
        n.join("roc_noord", "energy_college", "lead"),
        n.join("davinci", "eth", "lead"),
        # Q3: process technologists through lateral entry (001, table 2A), and when.
        n.need_offer(
            "need",
            "pt_now",
            "company",
            "zij_instroom_candidates",
            "Procestechnologen via zij-instroom (bbl PT)",
            themes=["procestechnologen", "procestechniek"],
            target_groups=["zij_instromer"],
            region="SITE-CHEMELOT",
            quantity=12,
            valid_from="2026-09-01",
            valid_until="2027-08-31",
        ),
        n.need_offer(
            "offer",
            "zij_now",
            "academy",
            "zij_instroom_candidates",
            "Werving, selectie en plaatsing zij-instromers, bbl PT via VISTA (cohort 2026)",
            themes=["procestechniek", "zij-instroom"],
            target_groups=["zij_instromer", "upgrader"],
            region="GM1883",
            quantity=8,
            valid_from="2026-01-01",
            valid_until="2027-12-31",
        ),
        n.need_offer(
            "need",
            "pt_2021",
            "company",
            "zij_instroom_candidates",
            "Procestechnologen via zij-instroom (bbl PT), cohort 2021",
            themes=["procestechnologen", "procestechniek"],
            target_groups=["zij_instromer"],
            region="SITE-CHEMELOT",
            valid_from="2021-01-01",
            valid_until="2021-12-31",
        ),
        n.need_offer(
            "offer",
            "zij_2021",
            "academy",
            "zij_instroom_candidates",
            "Werving, selectie en plaatsing zij-instromers, bbl PT via VISTA (cohort 2021)",
            themes=["procestechniek", "zij-instroom"],
            target_groups=["zij_instromer"],
            region="GM1883",
            valid_from="2020-09-01",
            valid_until="2021-12-31",
        ),
        # Q10: internships for students and for teachers (001, 003).
        n.need_offer(
            "need",
            "stage_student",
            "vista",
            "internship_student",
            "Stageplaatsen BOL PT/MT/LAB",
            themes=["procestechniek", "laboratorium"],
            education_levels=["mbo"],
            target_groups=["student_mbo_bol"],
            region="GM1883",
            quantity=10,
        ),
        n.need_offer(
            "need",
            "stage_teacher",
            "vista",
            "internship_teacher",
            "Docentenstages procestechniek",
            themes=["procestechniek"],
            target_groups=["docent"],
            region="GM1883",
            quantity=3,
        ),
        n.need_offer(
            "offer",
            "stage_student_company",
            "company",
            "internship_student",
            "Stageplaatsen procestechniek op Chemelot",
            themes=["procestechniek"],
            education_levels=["mbo"],
            target_groups=["student_mbo_bol"],
            region="SITE-CHEMELOT",
            quantity=10,
        ),
        n.need_offer(
            "offer",
            "stage_teacher_company",
            "company",
            "internship_teacher",
            "Docentenstages: hybride docent/werknemer in de fabriek",
            themes=["procestechniek"],
            target_groups=["docent"],
            region="SITE-CHEMELOT",
            quantity=3,
        ),
        n.need_offer(
            "offer",
            "stage_energy",
            "i:energy_college",
            "internship_student",
            "Stageplaatsen energie: offshore wind, zon, geothermie",
            themes=["wind-op-zee", "zonne-energie", "energietransitie"],
            education_levels=["mbo"],
            target_groups=["student_mbo_bol"],
            region="NL1",
        ),
        n.need_offer(
            "need",
            "stage_davinci",
            "davinci",
            "internship_student",
            "Stageplaatsen verduurzaming woningen",
            themes=["verduurzaming-woningen", "energietransitie"],
            education_levels=["mbo"],
            target_groups=["student_mbo_bol"],
            region="GM0505",
        ),
        # Q11: context-rich learning environments (001, 003).
        n.need_offer(
            "need",
            "lab_hub",
            "i:hub",
            "facility",
            "Contextrijke leeromgeving voor circulaire procestechniek",
            themes=["procestechniek", "circulaire-economie"],
            region="SITE-BCC",
        ),
        n.need_offer(
            "offer",
            "lab_chill",
            "chill",
            "facility",
            "Faciliteiten LAB PT en MT",
            themes=["laboratorium", "procestechniek"],
            region="SITE-BCC",
        ),
        n.need_offer(
            "offer",
            "lab_eth",
            "i:eth",
            "facility",
            "Energie Transitie Huis: high-tech omgeving voor verduurzaming van woningen",
            themes=["verduurzaming-woningen", "energietransitie"],
            target_groups=["student_mbo_bol"],
            region="GM0505",
        ),
        n.need_offer(
            "need",
            "lab_energy_college",
            "i:energy_college",
            "facility",
            "Praktijkomgeving energietransitie voor mbo-studenten",
            themes=["energietransitie", "zonne-energie"],
            target_groups=["student_mbo_bol"],
            region="NL1",
        ),
    ]
    return n, [organisations, components + projects, relations]
