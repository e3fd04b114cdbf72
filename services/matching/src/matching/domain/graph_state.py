"""The graph projection applied in memory, row by row, with the semantics of adapters/cypher.py
(pure): placeholders for references, per-aggregate sequence guards, memberships as edges.

It turns the same rows the worker writes to Neo4j into the same profiles GraphReader reads back,
so the evaluation (and any replay in memory) scores exactly what the live service scores; an
integration test holds the two side by side.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from livinglab_contracts import AnyEvent
from matching.domain.profiles import InitiativeProfile, Member, NeedOfferProfile, PartnerProfile
from matching.domain.projection import ROW_ORDER, waves
from matching.domain.text import terms


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list | tuple) else ()


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def partner_profile(props: dict[str, Any], memberships: Iterable[str]) -> PartnerProfile:
    return PartnerProfile(
        id=props["id"],
        name=props.get("name", props["id"]),
        kind=props.get("kind", ""),
        helix=props.get("helix", "maatschappij"),
        themes=_tuple(props.get("themes")),
        regions=_tuple(props.get("regions")),
        levels=_tuple(props.get("education_levels_offered")),
        target_groups=_tuple(props.get("target_groups")),
        challenges=_tuple(props.get("challenges")),
        facilities=_tuple(props.get("facilities")),
        opt_in=props.get("opt_in", True),
        pending=props.get("pending", True),
        stale=props.get("stale", False),
        has_coordinator=props.get("has_coordinator", False),
        active_memberships=frozenset(memberships),
        terms=terms(props.get("name"), props.get("aliases"), props.get("facilities")),
    )


def need_offer_profile(props: dict[str, Any], publisher_name: str | None) -> NeedOfferProfile:
    return NeedOfferProfile(
        id=props["id"],
        direction=props.get("direction", ""),
        type=props.get("type", ""),
        title=props.get("title", props["id"]),
        publisher_id=props.get("publisher_id", ""),
        publisher_name=publisher_name or props.get("publisher_id", ""),
        status=props.get("status", ""),
        themes=_tuple(props.get("themes")),
        levels=_tuple(props.get("education_levels")),
        target_groups=_tuple(props.get("target_groups")),
        region=props.get("region"),
        quantity=props.get("quantity"),
        valid_from=_date(props.get("valid_from")),
        valid_until=_date(props.get("valid_until")),
        pending=props.get("pending", True),
        stale=props.get("stale", False),
        terms=terms(props.get("title"), props.get("description")),
    )


def is_open_need(need: NeedOfferProfile) -> bool:
    return (
        need.direction == "need" and need.status == "open" and not need.pending and not need.stale
    )


def initiative_profile(
    props: dict[str, Any],
    members: Sequence[Member],
    parent_id: str | None,
    parent_members: Sequence[Member],
    needs: Sequence[NeedOfferProfile],
) -> InitiativeProfile:
    return InitiativeProfile(
        id=props["id"],
        name=props.get("name", props["id"]),
        kind=props.get("kind", ""),
        status=props.get("status", ""),
        themes=_tuple(props.get("themes")),
        regions=_tuple(props.get("regions")),
        levels=_tuple(props.get("education_levels")),
        target_groups=_tuple(props.get("target_groups")),
        challenges=_tuple(props.get("challenges")),
        collaboration_type=props.get("collaboration_type"),
        parent_id=parent_id,
        parent_members=frozenset(m.partner_id for m in parent_members if m.active),
        parent_helixes=frozenset(m.helix for m in parent_members if m.active),
        members=tuple(sorted(members, key=lambda m: m.partner_id)),
        needs=tuple(sorted((n for n in needs if is_open_need(n)), key=lambda n: n.id)),
        opt_in=props.get("opt_in", True),
        pending=props.get("pending", True),
        stale=props.get("stale", False),
        terms=terms(
            props.get("name"), props.get("aliases"), props.get("description"), props.get("goals")
        ),
    )


@dataclass
class GraphState:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> properties
    labels: dict[str, str] = field(default_factory=dict)  # id -> Partner | Initiative | NeedOffer
    edges: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # membership
    parent: dict[str, str] = field(default_factory=dict)
    publisher: dict[str, str] = field(default_factory=dict)  # need/offer id -> publisher id

    def apply(self, events: Sequence[AnyEvent]) -> set[str]:
        """Applies a batch; returns the ids of the nodes it wrote or referenced."""
        written: set[str] = set()
        for wave in waves(events):
            for kind in ROW_ORDER:
                if kind == "feedback":
                    continue  # decisions live on matches, not in profiles
                for row in wave.get(kind, ()):
                    written |= self._apply_row(kind, row)
        return written

    def _node(self, label: str, node_id: str, pending: bool = True) -> dict[str, Any]:
        if node_id not in self.nodes:
            self.nodes[node_id] = {"id": node_id, "seq": 0} | ({"pending": True} if pending else {})
            self.labels[node_id] = label
        return self.nodes[node_id]

    def _apply_row(self, kind: str, row: dict[str, Any]) -> set[str]:
        if kind == "membership":
            self._node("Partner", row["partner_id"])
            self._node("Initiative", row["initiative_id"])
            edge = self.edges.setdefault((row["partner_id"], row["initiative_id"]), {"seq": 0})
            if row["seq"] > edge["seq"]:
                edge.update(row["props"], seq=row["seq"])
            return {row["partner_id"], row["initiative_id"]}
        label = "Initiative" if kind.startswith("initiative") else "Partner"
        if kind.startswith("need_offer"):
            label = "NeedOffer"
        # Neo4j creates a published need/offer complete, a referenced one as a placeholder.
        node = self._node(label, row["id"], pending=not kind.startswith("need_offer.upsert"))
        if kind.endswith(".stale"):  # the registry's mark: at the aggregate's own sequence
            if row["seq"] >= node["seq"]:
                node.update(row["props"])
            return {row["id"]}
        if row["seq"] <= node["seq"]:
            return {row["id"]}
        node.update(row["props"], seq=row["seq"])
        touched = {row["id"]}
        if row.get("parent_id"):
            self._node("Initiative", row["parent_id"])
            self.parent[row["id"]] = row["parent_id"]
            touched.add(row["parent_id"])
        if kind.startswith("need_offer.upsert"):
            publisher_label = "Partner" if kind.endswith("partner") else "Initiative"
            self._node(publisher_label, row["publisher_id"])
            self.publisher[row["id"]] = row["publisher_id"]
            touched.add(row["publisher_id"])
        return touched

    # -- profiles, as GraphReader reads them from Neo4j ---------------------------------------

    def _members(self, initiative_id: str) -> list[Member]:
        found = []
        for (partner_id, target), edge in self.edges.items():
            if target != initiative_id:
                continue
            partner = self.nodes[partner_id]
            found.append(
                Member(
                    partner_id,
                    partner.get("name", partner_id),
                    edge.get("helix") or partner.get("helix") or "maatschappij",
                    _tuple(partner.get("education_levels_offered")),
                    edge.get("until") is None,
                )
            )
        return found

    def profile(self, node_id: str) -> PartnerProfile | InitiativeProfile | NeedOfferProfile:
        props, label = self.nodes[node_id], self.labels[node_id]
        if label == "Partner":
            memberships = [
                i for (p, i), e in self.edges.items() if p == node_id and e.get("until") is None
            ]
            return partner_profile(props, memberships)
        if label == "NeedOffer":
            publisher = self.nodes.get(self.publisher.get(node_id, ""), {})
            return need_offer_profile(props, publisher.get("name"))
        parent_id = self.parent.get(node_id)
        needs = [
            self.profile(n)
            for n, publisher in self.publisher.items()
            if publisher == node_id and self.labels[n] == "NeedOffer"
        ]
        return initiative_profile(
            props,
            self._members(node_id),
            parent_id,
            self._members(parent_id) if parent_id else (),
            [n for n in needs if isinstance(n, NeedOfferProfile)],
        )

    def quoting(self, node_ids: Iterable[str]) -> set[str]:
        """Nodes whose profile shows something of these: an initiative lists its members and its
        parent's, a partner its memberships, an initiative its needs, a need its publisher."""
        ids = set(node_ids)
        found: set[str] = set()
        for partner_id, initiative_id in self.edges:
            if partner_id in ids or initiative_id in ids:
                found |= {partner_id, initiative_id}
        for child, parent in self.parent.items():
            if parent in ids or parent in found:
                found.add(child)
        for need_id, publisher in self.publisher.items():
            if need_id in ids or publisher in ids:
                found |= {need_id, publisher}
        return found - ids
