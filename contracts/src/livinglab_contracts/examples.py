"""One valid event per type (a small CoP network), for docs, OpenAPI examples and tests."""

from __future__ import annotations

import copy
from typing import Any

SOURCE = "/systems/vista-crm"
TIME = "2026-03-01T09:00:00+01:00"
MATCH_ID = "5f0c2a52-6f3e-5d7a-9a55-0d6c2f0b9b11"
_SCORE: dict[str, Any] = {
    "match_id": MATCH_ID,
    "revision": 1,
    "kind": "partner_to_initiative",
    "subject_ids": ["provincie-limburg", "cop-limburg"],
    "subject_names": ["Provincie Limburg", "CoP: Community of Practice"],
    "score": 0.62,
    "criteria": [
        {
            "id": "M2",
            "label_nl": "Helix-aanvulling",
            "label_en": "Helix complementarity",
            "subscore": 1.0,
            "weight": 0.14,
            "reason_nl": "Voegt overheid toe (Provincie Limburg), die CoP mist",
            "reason_en": "Adds government (Provincie Limburg), which CoP lacks",
            "evidence": ["provincie-limburg", "cop-limburg"],
        }
    ],
    "top_reasons_nl": "Voorgesteld omdat: voegt overheid toe (M2).",
    "top_reasons_en": "Suggested because: adds government (M2).",
    "regions": ["NL42", "CR39"],
    "themes": ["procesindustrie"],
    "algorithm_version": "2026.11-1",
}
_DATA: dict[str, tuple[str, dict[str, Any]]] = {
    "initiative.registered": (
        "cop-limburg",
        {
            "initiative_id": "cop-limburg",
            "name": "CoP: Community of Practice",
            "aliases": ["CoP"],
            "kind": "community_of_practice",
            "collaboration_type": "operational",
            "themes": ["procesindustrie", "circulaire-economie", "zij-instroom"],
            "regions": ["CR39"],
            "education_levels": ["mbo", "hbo"],
            "target_groups": ["student_mbo_bol", "student_mbo_bbl", "zij_instromer", "upgrader"],
            "status": "active",
            "start_date": "2021-01-01",
            "funding_ends_on": "2024-12-31",
            "governance": {"formality": "formal", "joint_steering_equal": True},
            "website": "https://communityofpracticelimburg.nl",
        },
    ),
    "initiative.updated": (
        "cop-limburg",
        {"initiative_id": "cop-limburg", "themes": ["procesindustrie"]},
    ),
    "initiative.status-changed": (
        "cop-limburg",
        {"initiative_id": "cop-limburg", "from_status": "active", "to_status": "sustained"},
    ),
    "initiative.closed": (
        "cop-limburg",
        {"initiative_id": "cop-limburg", "closed_on": "2024-12-31", "reason": "funding_ended"},
    ),
    "partner.registered": (
        "vista-college",
        {
            "partner_id": "vista-college",
            "name": "VISTA college",
            "kind": "roc",
            "education_levels_offered": ["mbo"],
            "mbo_programmes": [{"name": "PT", "route": "bol"}, {"name": "PT", "route": "bbl"}],
            "themes": ["procestechniek", "maintenance", "laboratorium"],
            "regions": ["CR39"],
            "inferred_fields": ["regions"],
        },
    ),
    "partner.updated": ("vista-college", {"partner_id": "vista-college", "has_coordinator": True}),
    "partner.joined-initiative": (
        "vista-college",
        {
            "partner_id": "vista-college",
            "initiative_id": "cop-limburg",
            "role": "lead",
            "since": "2021-01-01",
        },
    ),
    "partner.membership-requested": (
        "vista-college",
        {
            "partner_id": "vista-college",
            "initiative_id": "cop-limburg",
            "role": "lead",
            "since": "2021-01-01",
            "requested_by": "partner",
        },
    ),
    "partner.membership-declined": (
        "vista-college",
        {"partner_id": "vista-college", "initiative_id": "cop-limburg", "reason": "no seat left"},
    ),
    "partner.left-initiative": (
        "vista-college",
        {"partner_id": "vista-college", "initiative_id": "cop-limburg", "until": "2025-01-01"},
    ),
    "partner.merged": (
        "vista-college-crm",
        {
            "partner_id": "vista-college-crm",
            "survivor_id": "vista-college",
            "reason": "same KvK 12345678",
        },
    ),
    "need.published": (
        "need-procestechnologen",
        {
            "need_offer_id": "need-procestechnologen",
            "publisher_id": "vista-college",
            "type": "staff_demand",
            "title": "Procestechnologen gezocht",
            "themes": ["procestechnologen"],
            "region": "CR39",
            "quantity": 20,
            "valid_from": "2026-01-01",
        },
    ),
    "offer.published": (
        "offer-zij-instroom",
        {
            "need_offer_id": "offer-zij-instroom",
            "publisher_id": "vista-college",
            "type": "zij_instroom_trajectory",
            "title": "Zij-instroom bbl PT via Chemelot Academy",
            "themes": ["procestechniek", "zij-instroom"],
            "education_levels": ["mbo"],
            "region": "CR39",
            "valid_from": "2026-01-01",
        },
    ),
    "need-offer.withdrawn": (
        "offer-zij-instroom",
        {"need_offer_id": "offer-zij-instroom", "reason": "fulfilled"},
    ),
    "initiative.confirmed": (
        "cop-limburg",
        {"initiative_id": "cop-limburg", "note": "Checked by the partnerships desk"},
    ),
    "initiative.confirmation-requested": (
        "cop-limburg",
        {
            "initiative_id": "cop-limburg",
            "last_confirmed": "2025-03-01T09:00:00+01:00",
            "stale_at": "2026-03-01T09:00:00+01:00",
            "owner_source": SOURCE,
            "owner_system": "vista-crm",
            "name": "CoP: Community of Practice",
        },
    ),
    "initiative.marked-stale": (
        "cop-limburg",
        {
            "initiative_id": "cop-limburg",
            "last_confirmed": "2025-03-01T09:00:00+01:00",
            "stale_at": "2026-03-01T09:00:00+01:00",
            "owner_source": SOURCE,
            "owner_system": "vista-crm",
            "name": "CoP: Community of Practice",
            "reason": "unconfirmed",
        },
    ),
    "partner.confirmed": (
        "vista-college",
        {"partner_id": "vista-college", "note": "Checked by the partnerships desk"},
    ),
    "partner.confirmation-requested": (
        "vista-college",
        {
            "partner_id": "vista-college",
            "last_confirmed": "2025-03-01T09:00:00+01:00",
            "stale_at": "2026-03-01T09:00:00+01:00",
            "owner_source": SOURCE,
            "owner_system": "vista-crm",
            "name": "VISTA college",
        },
    ),
    "partner.marked-stale": (
        "vista-college",
        {
            "partner_id": "vista-college",
            "last_confirmed": "2025-03-01T09:00:00+01:00",
            "stale_at": "2026-03-01T09:00:00+01:00",
            "owner_source": SOURCE,
            "owner_system": "vista-crm",
            "name": "VISTA college",
            "reason": "unconfirmed",
        },
    ),
    "partner.label-awarded": (
        "vista-college",
        {
            "partner_id": "vista-college",
            "network": "ENoLL",
            "member_type": "effective",
            "label_year": 2026,
            "lab_name": "VISTA Living Lab Procesindustrie",
            "application_id": "app-vista-lab",
        },
    ),
    "need-offer.confirmed": (
        "offer-zij-instroom",
        {"need_offer_id": "offer-zij-instroom", "note": "Checked by the partnerships desk"},
    ),
    "need-offer.confirmation-requested": (
        "offer-zij-instroom",
        {
            "need_offer_id": "offer-zij-instroom",
            "last_confirmed": "2025-03-01T09:00:00+01:00",
            "stale_at": "2026-03-01T09:00:00+01:00",
            "owner_source": SOURCE,
            "owner_system": "vista-crm",
            "name": "Zij-instroomtraject procestechniek",
        },
    ),
    "need-offer.marked-stale": (
        "offer-zij-instroom",
        {
            "need_offer_id": "offer-zij-instroom",
            "last_confirmed": "2025-03-01T09:00:00+01:00",
            "stale_at": "2026-03-01T09:00:00+01:00",
            "owner_source": SOURCE,
            "owner_system": "vista-crm",
            "name": "Zij-instroomtraject procestechniek",
            "reason": "unconfirmed",
        },
    ),
    "match.proposed": (MATCH_ID, _SCORE),
    "match.updated": (MATCH_ID, {**_SCORE, "revision": 2, "previous_score": 0.55}),
    "match.withdrawn": (
        MATCH_ID,
        {
            **_SCORE,
            "revision": 3,
            "reason_code": "initiative_closed",
            "reason_nl": "CoP is gesloten",
            "reason_en": "CoP was closed",
        },
    ),
    "match.accepted": (
        MATCH_ID,
        {
            "match_id": MATCH_ID,
            "by": {"key_id": "a1b2c3d4e5f6", "system": "coordinator-zl"},
        },
    ),
    "match.declined": (
        MATCH_ID,
        {
            "match_id": MATCH_ID,
            "by": {"key_id": "a1b2c3d4e5f6", "system": "coordinator-zl"},
            "reason": "Geen capaciteit dit jaar",
            "at": "2026-03-02T10:30:00+01:00",
        },
    ),
}


def example_event(name: str, event_id: str | None = None, sequence: int = 1) -> dict[str, Any]:
    """A raw CloudEvent dict for `name` (e.g. 'partner.registered'), ready to POST or parse."""
    subject, data = _DATA[name]
    return {
        "specversion": "1.0",
        "id": event_id or f"example-{name}",
        "source": SOURCE,
        "type": f"nl.livinglab.{name}.v1",
        "time": TIME,
        "subject": subject,
        "sequence": sequence,
        "data": copy.deepcopy(data),
    }


def example_events() -> dict[str, dict[str, Any]]:
    """One valid raw event per event type, keyed by the full type string."""
    return {f"nl.livinglab.{name}.v1": example_event(name) for name in _DATA}


EXAMPLE_NAMES = tuple(_DATA)
