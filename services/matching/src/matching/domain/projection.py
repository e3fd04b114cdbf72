"""Turns contract events into graph rows, ordered so a batch can be written with few queries (pure).

Every row carries the aggregate's `sequence`: the graph applies a row only when it is newer than
what the node (or membership edge) already holds, which makes duplicates and stale replays no-ops.
Rows for one aggregate must keep their order, so a batch is cut into waves: wave k holds the k-th
event of each aggregate, and within a wave rows are grouped by kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from livinglab_contracts import AnyEvent, event_spec
from livinglab_contracts.reference.vocabulary import PartnerKind, helix_of

_IDS = ("initiative_id", "partner_id", "need_offer_id", "match_id")
# Within a wave, nodes first so memberships and publications find complete nodes.
ROW_ORDER = (
    "initiative.upsert",
    "partner.upsert",
    "initiative.set",
    "need_offer.upsert.partner",
    "need_offer.upsert.initiative",
    "need_offer.set",
    "partner.stale",
    "partner.label",
    "initiative.stale",
    "need_offer.stale",
    "membership",
    "partner.merged",  # after the memberships it carries over or ends
    "feedback",
)


@dataclass(frozen=True)
class Row:
    kind: str  # the writer's query name, e.g. "initiative.upsert"
    values: dict[str, Any]


def _props(data: dict[str, Any], *drop: str) -> dict[str, Any]:
    """Neo4j properties must be scalars or lists of scalars: nested values become JSON text."""
    import json

    props: dict[str, Any] = {}
    for key, value in data.items():
        if key in _IDS or key in drop:
            continue
        if isinstance(value, dict) or (
            isinstance(value, list) and value and isinstance(value[0], dict)
        ):
            props[key] = json.dumps(value, sort_keys=True)
        else:
            props[key] = value
    return props


def to_row(event: AnyEvent) -> Row | None:
    action = event_spec(event).base_type.removeprefix("nl.livinglab.")
    data = event.data.model_dump(mode="json")
    seq = event.sequence
    match action:
        case "initiative.registered":
            props = _props(data, "parent_id") | {"pending": False}
            return Row(
                "initiative.upsert",
                {
                    "id": event.subject,
                    "seq": seq,
                    "props": props,
                    "themes": data["themes"],
                    "regions": data["regions"],
                    "parent_id": data.get("parent_id"),
                },
            )
        case "initiative.updated":
            changed = {k: v for k, v in data.items() if v is not None and k != "initiative_id"}
            return Row(
                "initiative.upsert",
                {
                    "id": event.subject,
                    "seq": seq,
                    "props": _props(changed) | {"stale": False},  # an update confirms it
                    "themes": changed.get("themes"),
                    "regions": changed.get("regions"),
                    "parent_id": None,
                },
            )
        case "initiative.status-changed":
            return Row(
                "initiative.set",
                {"id": event.subject, "seq": seq, "props": {"status": data["to_status"]}},
            )
        case "initiative.closed":
            return Row(
                "initiative.set",
                {
                    "id": event.subject,
                    "seq": seq,
                    "props": {
                        "status": "closed",
                        "closed_on": data["closed_on"],
                        "close_reason": data["reason"],
                        "successor_id": data.get("successor_id"),
                    },
                },
            )
        case "partner.registered":
            props = _props(data) | {"pending": False}
            props["helix"] = data.get("helix") or helix_of(PartnerKind(data["kind"])).value
            return Row(
                "partner.upsert",
                {
                    "id": event.subject,
                    "seq": seq,
                    "props": props,
                    "themes": data["themes"],
                    "regions": data["regions"],
                },
            )
        case "partner.updated":
            changed = {k: v for k, v in data.items() if v is not None and k != "partner_id"}
            return Row(
                "partner.upsert",
                {
                    "id": event.subject,
                    "seq": seq,
                    "props": _props(changed) | {"stale": False},  # an update confirms it
                    "themes": changed.get("themes"),
                    "regions": changed.get("regions"),
                },
            )
        case "partner.joined-initiative":
            return Row(
                "membership",
                {
                    "partner_id": event.subject,
                    "initiative_id": data["initiative_id"],
                    "seq": seq,
                    "props": {
                        "role": data["role"],
                        "helix": data.get("helix"),
                        "since": data["since"],
                        "until": None,
                        "left_reason": None,
                        "merged_from": None,  # its own now, if a merge had copied it first
                    },
                },
            )
        case "partner.left-initiative":
            return Row(
                "membership",
                {
                    "partner_id": event.subject,
                    "initiative_id": data["initiative_id"],
                    "seq": seq,
                    "props": {"until": data["until"], "left_reason": data.get("reason")},
                },
            )
        case "need.published" | "offer.published":
            props = _props(data) | {
                "direction": action.split(".")[0],
                "status": "open",
                "pending": False,
            }
            return Row(
                f"need_offer.upsert.{data['publisher_type']}",
                {
                    "id": event.subject,
                    "seq": seq,
                    "props": props,
                    "themes": data["themes"],
                    "publisher_id": data["publisher_id"],
                },
            )
        case "need-offer.withdrawn":
            return Row(
                "need_offer.set",
                {"id": event.subject, "seq": seq, "props": {"status": data["reason"]}},
            )
        # Profile freshness (docs/freshness.md): the registry decides, matching only follows.
        case "partner.confirmed":
            props = {"stale": False}
            return Row(
                "partner.upsert",
                {"id": event.subject, "seq": seq, "props": props, "themes": None, "regions": None},
            )
        case "initiative.confirmed":
            return Row(
                "initiative.set", {"id": event.subject, "seq": seq, "props": {"stale": False}}
            )
        case "need-offer.confirmed":
            return Row(
                "need_offer.set", {"id": event.subject, "seq": seq, "props": {"stale": False}}
            )
        case "partner.marked-stale" | "initiative.marked-stale" | "need-offer.marked-stale":
            # At the aggregate's own sequence: applied unless a later event came first.
            kind = action.split(".")[0].replace("-", "_")
            return Row(f"{kind}.stale", {"id": event.subject, "seq": seq, "props": {"stale": True}})
        case "partner.label-awarded":
            # The registry's label (docs/labelling.md): not an owner's value, so no sequence
            # guard; of several labels the partner keeps the latest year's (within a year the
            # later award).
            props = {
                "enoll_member_type": data["member_type"],
                "enoll_label_year": data["label_year"],
            }
            return Row(
                "partner.label",
                {"id": event.subject, "seq": seq, "label_year": data["label_year"], "props": props},
            )
        case "partner.merged":
            # The duplicate is marked merged; its current memberships carry on as the
            # survivor's where it has none of that initiative, and end on the merge date
            # (registry domain/merging.py says the same of the register).
            return Row(
                "partner.merged",
                {
                    "id": event.subject,
                    "survivor_id": data["survivor_id"],
                    "seq": seq,
                    "on": event.time.astimezone(UTC).date().isoformat(),
                },
            )
        case "match.accepted" | "match.declined":
            return Row(
                "feedback",
                {
                    "id": event.subject,
                    "feedback": action.split(".")[1],
                    "by": data["by"]["system"],
                    "at": event.time.isoformat(),
                    "event_id": event.id,
                },
            )
    return None


def aggregate_of(row: Row) -> str:
    values = row.values
    if row.kind == "membership":
        return f"{values['partner_id']}>{values['initiative_id']}"
    return str(values["id"])


def waves(events: Iterable[AnyEvent]) -> list[dict[str, list[dict[str, Any]]]]:
    """Wave k: the k-th row of every aggregate in the batch, grouped by query kind."""
    depth: dict[str, int] = defaultdict(int)
    # A merge reads the duplicate's memberships: it waits for the rows of all of them.
    memberships_done: dict[str, int] = defaultdict(int)
    result: list[dict[str, list[dict[str, Any]]]] = []
    for event in events:
        row = to_row(event)
        if row is None:
            continue
        aggregate = aggregate_of(row)
        level = depth[aggregate]
        if row.kind == "partner.merged":
            level = max(level, memberships_done[aggregate])
        elif row.kind == "membership":
            partner_id = row.values["partner_id"]
            memberships_done[partner_id] = max(memberships_done[partner_id], level + 1)
        depth[aggregate] = level + 1
        while len(result) <= level:
            result.append(defaultdict(list))
        result[level][row.kind].append(row.values)
    return [dict(wave) for wave in result]


_REFERENCES = ("initiative_id", "publisher_id", "parent_id", "survivor_id")


def touched_ids(events: Sequence[AnyEvent]) -> set[str]:
    """Aggregate ids whose neighbourhood must be re-scored after this batch."""
    touched: set[str] = set()
    for event in events:
        touched.add(event.subject)
        # The model's own values: getattr of a field a model lacks raises inside pydantic
        # first, which made this ~8 µs per event.
        values = vars(event.data) if event.data is not None else {}
        for attribute in _REFERENCES:
            value = values.get(attribute)
            if isinstance(value, str):
                touched.add(value)
    return touched
