"""Turns match changes into contract events and graph rows (pure)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import orjson
from livinglab_common.tracing import trace_attributes

from matching.adapters.match_store import OutboxRecord
from matching.domain.match_changes import Change
from matching.domain.matcher import Match
from matching.domain.rebuild import Announced, Settlement

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
    "stale": (
        "het profiel is niet op tijd bevestigd door de eigenaar",
        "its owner did not confirm the profile in time",
    ),
    "merged": (
        "de partner is samengevoegd met een andere registratie van dezelfde organisatie",
        "the partner was merged into another registration of the same organisation",
    ),
    "outranked": (
        "er zijn inmiddels betere voorstellen voor een van beide kanten",
        "better proposals have come up for one of the two sides",
    ),
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
            {
                "id": c.id,
                "label_nl": c.label_nl,
                "label_en": c.label_en,
                "subscore": c.subscore,
                "weight": c.weight,
                "reason_nl": c.reason_nl,
                "reason_en": c.reason_en,
                "evidence": list(c.evidence[:EVIDENCE_LIMIT]),
            }
            for c in match.criteria
        ],
        "top_reasons_nl": match.top_reasons_nl,
        "top_reasons_en": match.top_reasons_en,
        "regions": list(match.regions),
        "themes": list(match.themes),
        "algorithm_version": match.algorithm_version,
    }


LABELS = {
    "partner_to_initiative": ["Partner", "Initiative"],
    "initiative_to_initiative": ["Initiative", "Initiative"],
    "need_to_offer": ["NeedOffer", "NeedOffer"],
}


def _said(change: Change) -> tuple[dict[str, Any], str, str] | None:
    """The data a change announces, its fingerprint and the status it leaves the match in."""
    if change.match is not None:
        data = snapshot(change.match, change.revision)
        if change.action == "updated" and change.stored is not None:
            data["previous_score"] = change.stored.score
        return data, change.match.fingerprint(), "proposed"
    if change.stored is None or not change.stored.snapshot:
        return None  # never announced: nothing to withdraw
    return _withdrawal(change.stored.snapshot, change.revision, change.reason_code), "", "withdrawn"


def _withdrawal(last: dict[str, Any], revision: int, reason_code: str) -> dict[str, Any]:
    nl, en = REASONS.get(reason_code, REASONS["no_longer_meets_criteria"])
    data = {k: v for k, v in last.items() if k != "previous_score"}
    return data | {
        "revision": revision,
        "reason_code": reason_code,
        "reason_nl": nl,
        "reason_en": en,
    }


def _json(value: dict[str, Any]) -> str:
    """Stored JSON (read back with json.loads): orjson, ~5x the speed of json.dumps."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def row(
    match_id: str,
    revision: int,
    data: dict[str, Any],
    fingerprint: str,
    status: str,
    reason_code: str = "",
    pending: str | None = None,
) -> dict[str, Any]:
    """The graph's state of a match. `pending` marks state subscribers have not heard yet (a
    quiet rebuild); rows without it record what was announced, which is then the snapshot and
    status themselves (`announced` stays empty: adapters.match_store keeps what subscribers
    heard only while it differs)."""
    return {
        "match_id": match_id,
        "status": status,
        "revision": revision,
        "fingerprint": fingerprint,
        "score": data["score"],
        "kind": data["kind"],
        "subject_ids": data["subject_ids"],
        "labels": LABELS[data["kind"]],
        "regions": data["regions"],
        "themes": data["themes"],
        "snapshot": _json(data),
        "reason_code": reason_code or None,
        "pending": pending,
        "announced": None,
    }


# The envelope attribute a parsed event carries by default (unset ones are left out): with it,
# the record below is byte for byte what canonical_json(parse_event(...)) gives
# (tests/unit/matching).
_ENVELOPE_DEFAULTS = {"datacontenttype": "application/json"}


def event_record(match_id: str, action: str, revision: int, data: dict[str, Any]) -> OutboxRecord:
    """The CloudEvent as a plain dict, serialised once. Validating our own output per change
    cost ~0.4 ms (issue 15); the contract tests validate every kind of record instead."""
    event_id = f"{match_id}:{revision}"
    raw = _ENVELOPE_DEFAULTS | {
        "specversion": "1.0",
        "id": event_id,
        "source": SOURCE,
        "type": f"nl.livinglab.match.{action}.v1",
        "time": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "subject": match_id,
        "sequence": revision,
        "data": data,
    }
    raw |= trace_attributes()  # the batch span's traceparent (CloudEvents); none if tracing off
    return OutboxRecord(event_id, match_id, orjson.dumps(raw, option=orjson.OPT_SORT_KEYS))


def announce(change: Change) -> tuple[dict[str, Any], OutboxRecord] | None:
    """The graph row and the outbox record for one change; None when there is nothing to say."""
    said = _said(change)
    if said is None:
        return None
    data, fingerprint, status = said
    record = event_record(change.match_id, change.action, change.revision, data)
    return row(
        change.match_id, change.revision, data, fingerprint, status, change.reason_code
    ), record


def record_quietly(change: Change) -> dict[str, Any] | None:
    """The graph row for a change found while replaying history: the revision stays the one
    subscribers last heard (0 if none), and the match waits to be settled (domain.rebuild)."""
    heard = change.stored.revision if change.stored is not None else 0
    said = _said(replace(change, revision=heard))
    if said is None:
        return None
    data, fingerprint, status = said
    return row(change.match_id, heard, data, fingerprint, status, change.reason_code, "quiet")


def seed_row(announced: Announced) -> dict[str, Any]:
    """A match as the matches topic last announced it, for a rebuild to start from."""
    data = announced.data
    return row(
        announced.match_id,
        announced.revision,
        data,
        "",  # unknown: the first re-scoring of it counts as a change, to be settled
        announced.status,
        data.get("reason_code") or "",
        "seeded",
    ) | {"announced": _json({"status": announced.status, "data": data})}


def settled(settlement: Settlement, fingerprint: str) -> tuple[dict[str, Any], OutboxRecord] | None:
    """The graph row of a settled match and its announcement; None when subscribers already
    heard what the graph says (the match only stops being pending)."""
    if settlement.action is None or settlement.data is None:
        return None
    data = settlement.data | {"revision": settlement.revision}
    if settlement.action == "withdrawn":
        data = _withdrawal(data, settlement.revision, settlement.reason_code)
        fingerprint = ""
    record = event_record(settlement.match_id, settlement.action, settlement.revision, data)
    state = row(
        settlement.match_id,
        settlement.revision,
        data,
        fingerprint,
        settlement.status,
        settlement.reason_code,
    )
    return state, record
