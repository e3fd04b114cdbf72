"""Turns match changes into contract events and graph rows (pure)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from livinglab_contracts import canonical_json, parse_event

from matching.adapters.match_store import OutboxRecord
from matching.domain.match_changes import Change
from matching.domain.matcher import Match

SOURCE = "/services/matching"
# The contract takes at most 50 evidence ids per criterion; M2 and M4 list every member, and one
# initiative with 49 members would otherwise make every announcement about it unpublishable.
EVIDENCE_LIMIT = 50
REASONS = {
    "initiative_closed": ("het initiatief is gesloten", "the initiative was closed"),
    "initiative_status_changed": (
        "het initiatief is niet meer actief",
        "the initiative is no longer active",
    ),
    "partner_left": ("de partner heeft het initiatief verlaten", "the partner left the initiative"),
    "now_member": ("de partner is inmiddels lid", "the partner has joined meanwhile"),
    "need_offer_withdrawn": ("vraag of aanbod is ingetrokken", "the need or offer was withdrawn"),
    "declined": ("afgewezen door een coördinator", "declined by a coordinator"),
    "no_longer_meets_criteria": (
        "voldoet niet meer aan de criteria",
        "no longer meets the criteria",
    ),
}


def snapshot(match: Match, revision: int) -> dict[str, Any]:
    return {
        "match_id": match.match_id,
        "revision": revision,
        "kind": match.kind,
        "subject_ids": list(match.subject_ids),
        "subject_names": list(match.subject_names),
        "score": match.score,
        "criteria": [
            asdict(c) | {"evidence": list(c.evidence[:EVIDENCE_LIMIT])} for c in match.criteria
        ],
        "top_reasons_nl": match.top_reasons_nl,
        "top_reasons_en": match.top_reasons_en,
        "regions": list(match.regions),
        "themes": list(match.themes),
        "algorithm_version": match.algorithm_version,
    }


def announce(change: Change) -> tuple[dict[str, Any], OutboxRecord] | None:
    """The graph row and the outbox record for one change; None when there is nothing to say."""
    if change.match is not None:
        data = snapshot(change.match, change.revision)
        if change.action == "updated" and change.stored is not None:
            data["previous_score"] = change.stored.score
        fingerprint, status = change.match.fingerprint(), "proposed"
    else:
        if change.stored is None or not change.stored.snapshot:
            return None  # never announced: nothing to withdraw
        nl, en = REASONS.get(change.reason_code, REASONS["no_longer_meets_criteria"])
        data = {k: v for k, v in change.stored.snapshot.items() if k != "previous_score"}
        data |= {
            "revision": change.revision,
            "reason_code": change.reason_code,
            "reason_nl": nl,
            "reason_en": en,
        }
        fingerprint, status = "", "withdrawn"
    raw = {
        "specversion": "1.0",
        "id": f"{change.match_id}:{change.revision}",
        "source": SOURCE,
        "type": f"nl.livinglab.match.{change.action}.v1",
        "time": datetime.now(UTC).isoformat(),
        "subject": change.match_id,
        "sequence": change.revision,
        "data": data,
    }
    event = parse_event(raw)  # our own output must honour the contract too
    labels = {
        "partner_to_initiative": ["Partner", "Initiative"],
        "initiative_to_initiative": ["Initiative", "Initiative"],
        "need_to_offer": ["NeedOffer", "NeedOffer"],
    }[data["kind"]]
    row = {
        "match_id": change.match_id,
        "status": status,
        "revision": change.revision,
        "fingerprint": fingerprint,
        "score": data["score"],
        "kind": data["kind"],
        "subject_ids": data["subject_ids"],
        "labels": labels,
        "regions": data["regions"],
        "themes": data["themes"],
        "snapshot": json.dumps(data, sort_keys=True),
        "reason_code": change.reason_code or None,
    }
    return row, OutboxRecord(event.id, change.match_id, canonical_json(event))
