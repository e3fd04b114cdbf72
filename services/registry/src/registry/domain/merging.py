"""Merging a duplicate partner into its survivor (partner.merged, contract 1.4; pure).

The event is about the duplicate (its subject), which goes away: it keeps `merged_into` and
takes no further event. The survivor lists `merged_ids` and gains the duplicate's name and
aliases as aliases; each of the duplicate's current memberships carries on as the survivor's
(same role, helix and since) unless the survivor already has a membership of that initiative,
and the duplicate's own ends on the merge date with the reason `merged`. Matching applies the
same rule to its graph (services/matching domain/graph_state.py and adapters/cypher.py).

Replay: the view reads the partitions of the partners topic side by side, so a merge may come
before its survivor's registration; it is kept as unplaced, by survivor id, until that arrives
(as memberships wait for their initiative, domain/projection.py). The survivor's leave of a
membership the merge gave it may come before the merge too: it is kept and the merge fills in
the rest, so the register ends as it did live.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from datetime import UTC
from typing import Any, Protocol

from registry.domain.events import RegistryEvent
from registry.domain.records import Aggregate

MERGED = "merged"  # the left_reason of a membership the merge ended
MERGED_NAMES = "merged_names"  # on the survivor: each duplicate's name and aliases, by its id
Carried = dict[str, Any]  # what a merge hands its survivor: names and memberships


class Merges(Protocol):
    @property
    def aggregates(self) -> MutableMapping[str, Aggregate]: ...

    @property
    def unplaced_merges(self) -> dict[str, dict[str, Carried]]: ...


def merged_into(aggregate: Aggregate | None) -> str | None:
    if aggregate is None:
        return None
    found = aggregate.state.get("merged_into")
    return found if isinstance(found, str) else None


def merge_duplicate(state: dict[str, Any], event: RegistryEvent) -> Carried:
    """Marks the duplicate merged, ends its current memberships; returns what the survivor
    takes over."""
    data = event.data
    on = event.time.astimezone(UTC).date().isoformat()
    state.update(
        merged_into=data["survivor_id"],
        merge_reason=data["reason"],
        merged_at=event.time.isoformat(),
        merge_event=[event.source, event.id],
    )
    carried: dict[str, dict[str, Any]] = {}
    for initiative_id, membership in sorted(state.get("memberships", {}).items()):
        if membership.get("until") is None:
            carried[initiative_id] = {
                "role": membership.get("role"),
                "helix": membership.get("helix"),
                "since": membership.get("since"),
            }
            membership["until"] = on
            membership["left_reason"] = MERGED
    names = [state.get("name"), *state.get("aliases", [])]
    return {"names": [n for n in names if isinstance(n, str)], "memberships": carried}


def hand_over(
    register: Merges,
    members_of: Any,
    survivor_id: str,
    duplicate_id: str,
    carried: Carried,
) -> None:
    """The survivor takes over what the duplicate carried, or it waits for the survivor's
    registration. `members_of(initiative_id)` gives an initiative's members (projection)."""
    survivor = register.aggregates.get(survivor_id)
    if survivor is None or survivor.type != "partner":
        register.unplaced_merges.setdefault(survivor_id, {})[duplicate_id] = carried
        return
    state = survivor.state
    # Kept by duplicate and in id order, apart from the owner's own aliases, so merges read in
    # any order, and the owner's updates of its aliases, give the same register (aliases_of).
    state["merged_ids"] = sorted({*state.get("merged_ids", []), duplicate_id})
    names = state.get(MERGED_NAMES, {}) | {duplicate_id: carried["names"]}
    state[MERGED_NAMES] = dict(sorted(names.items()))
    memberships = state.setdefault("memberships", {})
    for initiative_id, terms in carried["memberships"].items():
        found = memberships.get(initiative_id)
        if found is not None and not _takes_terms(found, duplicate_id):
            continue  # the survivor's own membership (current or ended) stands
        membership = {**terms, "until": None, "merged_from": duplicate_id}
        if found is not None:  # it keeps how it ended
            membership.update({k: found[k] for k in ("until", "left_reason") if k in found})
        memberships[initiative_id] = membership
        members_of(initiative_id)[survivor_id] = membership


def _takes_terms(found: dict[str, Any], duplicate_id: str) -> bool:
    """Whether the survivor's membership of an initiative takes this duplicate's terms: a leave
    read before any merge gave it the membership (a replay), or a copy from a duplicate with a
    larger id. The smallest id's terms win, whatever order the merges are read in (two
    duplicates of one survivor are keyed apart); matching applies the same rule."""
    if found.get(LEFT_EARLY):
        return True
    source = found.get("merged_from")
    return isinstance(source, str) and duplicate_id < source


# A leave read before the membership it ends, which only a merge read later can have given
# (the partner's own joins and leaves share its partition): kept until the merge fills it in.
LEFT_EARLY = "left_before_merge_read"


def left_early(data: dict[str, Any]) -> dict[str, Any]:
    return {"until": data["until"], "left_reason": data.get("reason"), LEFT_EARLY: True}


def aliases_of(state: dict[str, Any]) -> list[str]:
    """A partner's aliases as the register shows them: its own, then the names of the
    duplicates merged into it (in their id order) that it does not carry already."""
    own = list(state.get("aliases") or [])
    known = {state.get("name"), *own}
    merged = [n for names in state.get(MERGED_NAMES, {}).values() for n in names]
    return own + [n for n in dict.fromkeys(merged) if n not in known]


def placed_merges(register: Merges, survivor_id: str) -> dict[str, Carried]:
    return register.unplaced_merges.pop(survivor_id, {})


def merged_reference(
    aggregates: MutableMapping[str, Aggregate], event: RegistryEvent
) -> tuple[str, str] | None:
    """A partner the event names besides its subject that is merged away, as (field, message):
    a merge into a merged partner, or a need or offer published in its name."""
    for field in ("survivor_id", "publisher_id"):
        named = event.data.get(field)
        went = merged_into(aggregates.get(named)) if isinstance(named, str) else None
        if went is not None:
            return (
                f"data.{field}",
                f"partner '{named}' was merged into '{went}'; name '{went}' instead",
            )
    return None
