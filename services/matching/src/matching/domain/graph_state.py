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
        merged_into=props.get("merged_into"),
        enoll_member_type=props.get("enoll_member_type"),
        enoll_label_year=props.get("enoll_label_year"),
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


# What the profiles above read of a node and of a membership: the state keeps nothing else (and
# no null or empty value, which reads the same as absent), so it costs a fraction of the graph.
_NODE_KEYS = frozenset(
    {"id", "seq", "pending", "stale", "name", "aliases", "kind", "helix", "status", "themes"}
    | {"regions", "region", "education_levels", "education_levels_offered", "target_groups"}
    | {"challenges", "facilities", "collaboration_type", "description", "goals", "opt_in"}
    | {"has_coordinator", "direction", "type", "title", "publisher_id", "quantity"}
    | {"valid_from", "valid_until", "merged_into", "enoll_member_type", "enoll_label_year"}
)
_EDGE_KEYS = frozenset({"seq", "helix", "until", "merged_from"})  # (merged_from: copies only)


def _kept(props: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if k in keys and v is not None and v != []}


@dataclass
class GraphState:
    """The namespace's nodes, memberships and links, indexed both ways: the worker keeps it as
    its copy of what it wrote to Neo4j, so a batch's profiles cost no read-back."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> properties
    labels: dict[str, str] = field(default_factory=dict)  # id -> Partner | Initiative | NeedOffer
    edges: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # membership
    parent: dict[str, str] = field(default_factory=dict)
    publisher: dict[str, str] = field(default_factory=dict)  # need/offer id -> publisher id
    # The same links from the other end, so a profile or a quote costs its node's degree.
    _members: dict[str, set[str]] = field(
        default_factory=dict, repr=False
    )  # initiative -> partners
    _memberships: dict[str, set[str]] = field(default_factory=dict, repr=False)  # partner -> inits
    _children: dict[str, set[str]] = field(default_factory=dict, repr=False)  # parent -> children
    _published: dict[str, set[str]] = field(default_factory=dict, repr=False)  # publisher -> n/o

    def apply(
        self,
        events: Sequence[AnyEvent],
        batch_waves: Sequence[dict[str, list[dict[str, Any]]]] | None = None,
    ) -> set[str]:
        """Applies a batch (its rows, `waves(events)`, when the caller has them already: the
        writer writes the same); returns the ids of the nodes it wrote or referenced."""
        written: set[str] = set()
        for wave in waves(events) if batch_waves is None else batch_waves:
            for kind in ROW_ORDER:
                if kind == "feedback":
                    continue  # decisions live on matches, not in profiles
                for row in wave.get(kind, ()):
                    written |= self._apply_row(kind, row)
        return written

    # -- as read from Neo4j (adapters.graph_reader), for a worker that starts or catches up -----

    def put_node(self, label: str, props: dict[str, Any]) -> None:
        self.nodes[props["id"]] = _kept(props, _NODE_KEYS)
        self.labels[props["id"]] = label

    def put_membership(self, partner_id: str, initiative_id: str, props: dict[str, Any]) -> None:
        self.edges[(partner_id, initiative_id)] = _kept(props, _EDGE_KEYS)
        self._members.setdefault(initiative_id, set()).add(partner_id)
        self._memberships.setdefault(partner_id, set()).add(initiative_id)

    def set_parent(self, child_id: str, parent_id: str) -> None:
        old = self.parent.get(child_id)
        if old is not None and old != parent_id:
            self._children[old].discard(child_id)
        self.parent[child_id] = parent_id
        self._children.setdefault(parent_id, set()).add(child_id)

    def set_publisher(self, need_offer_id: str, publisher_id: str) -> None:
        old = self.publisher.get(need_offer_id)
        if old is not None and old != publisher_id:
            self._published[old].discard(need_offer_id)
        self.publisher[need_offer_id] = publisher_id
        self._published.setdefault(publisher_id, set()).add(need_offer_id)

    # -- rows, as adapters/cypher.py writes them ------------------------------------------------

    def _node(self, label: str, node_id: str, pending: bool = True) -> dict[str, Any]:
        if node_id not in self.nodes:
            self.nodes[node_id] = {"id": node_id, "seq": 0} | ({"pending": True} if pending else {})
            self.labels[node_id] = label
        return self.nodes[node_id]

    def _merge(self, row: dict[str, Any]) -> set[str]:
        """partner.merged, as adapters/cypher.py writes it."""
        duplicate_id, survivor_id = row["id"], row["survivor_id"]
        duplicate = self._node("Partner", duplicate_id)
        self._node("Partner", survivor_id)
        touched = {duplicate_id, survivor_id}
        if row["seq"] <= duplicate["seq"]:
            return touched
        marked = duplicate | {"merged_into": survivor_id, "seq": row["seq"]}
        self.put_node(self.labels[duplicate_id], marked)
        for initiative_id in sorted(self._memberships.get(duplicate_id, ())):
            edge = self.edges[(duplicate_id, initiative_id)]
            if edge.get("until") is not None:
                continue
            terms = {"helix": edge.get("helix"), "merged_from": duplicate_id}
            held = self.edges.get((survivor_id, initiative_id))
            if held is None:
                self.put_membership(survivor_id, initiative_id, {"seq": 0} | terms)
            elif held.get("merged_from") is not None and duplicate_id < held["merged_from"]:
                self.put_membership(survivor_id, initiative_id, held | terms)
            ended = edge | {"until": row["on"], "seq": row["seq"]}
            self.put_membership(duplicate_id, initiative_id, ended)
            touched.add(initiative_id)
        return touched

    def _apply_row(self, kind: str, row: dict[str, Any]) -> set[str]:
        if kind == "partner.merged":
            return self._merge(row)
        if kind == "membership":
            self._node("Partner", row["partner_id"])
            self._node("Initiative", row["initiative_id"])
            key = (row["partner_id"], row["initiative_id"])
            edge = self.edges.get(key) or {"seq": 0}
            if row["seq"] > edge["seq"]:
                edge = edge | row["props"] | {"seq": row["seq"]}
            self.put_membership(*key, edge)
            return {row["partner_id"], row["initiative_id"]}
        label = "Initiative" if kind.startswith("initiative") else "Partner"
        if kind.startswith("need_offer"):
            label = "NeedOffer"
        # Neo4j creates a published need/offer complete, a referenced one as a placeholder.
        node = self._node(label, row["id"], pending=not kind.startswith("need_offer.upsert"))
        if kind == "partner.label":  # the registry's label: any sequence, the latest year
            if row["label_year"] >= node.get("enoll_label_year", 0):
                self.put_node(self.labels[row["id"]], node | row["props"])
            return {row["id"]}
        if kind.endswith(".stale"):  # the registry's mark: at the aggregate's own sequence
            if row["seq"] >= node["seq"]:
                self.put_node(self.labels[row["id"]], node | row["props"])
            return {row["id"]}
        if row["seq"] <= node["seq"]:
            return {row["id"]}
        self.put_node(self.labels[row["id"]], node | row["props"] | {"seq": row["seq"]})
        touched = {row["id"]}
        if row.get("parent_id"):
            self._node("Initiative", row["parent_id"])
            self.set_parent(row["id"], row["parent_id"])
            touched.add(row["parent_id"])
        if kind.startswith("need_offer.upsert"):
            publisher_label = "Partner" if kind.endswith("partner") else "Initiative"
            self._node(publisher_label, row["publisher_id"])
            self.set_publisher(row["id"], row["publisher_id"])
            touched.add(row["publisher_id"])
        return touched

    # -- profiles, as GraphReader reads them from Neo4j ---------------------------------------

    def members(self, initiative_id: str) -> list[Member]:
        found = []
        for partner_id in self._members.get(initiative_id, ()):
            edge, partner = self.edges[(partner_id, initiative_id)], self.nodes[partner_id]
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
                i
                for i in self._memberships.get(node_id, ())
                if self.edges[(node_id, i)].get("until") is None
            ]
            return partner_profile(props, memberships)
        if label == "NeedOffer":
            publisher = self.nodes.get(self.publisher.get(node_id, ""), {})
            return need_offer_profile(props, publisher.get("name"))
        parent_id = self.parent.get(node_id)
        needs = [
            need_offer_profile(self.nodes[n], props.get("name"))
            for n in self._published.get(node_id, ())
            if self.labels[n] == "NeedOffer"
        ]
        return initiative_profile(
            props,
            self.members(node_id),
            parent_id,
            self.members(parent_id) if parent_id else (),
            needs,
        )

    def quoting(self, node_ids: Iterable[str]) -> set[str]:
        """Nodes whose profile shows something of these: an initiative lists its members and
        its parent's (so a partner is quoted by its initiatives and their innovation tables, an
        initiative by its tables), an initiative its needs, a need its publisher's name. (A
        partner shows only the ids of its initiatives, which the membership row itself touches.)"""
        ids = set(node_ids)
        found: set[str] = set()
        for node_id in ids:
            initiatives = self._memberships.get(node_id, set())
            found |= initiatives
            for initiative_id in (node_id, *initiatives):
                found |= self._children.get(initiative_id, set())
            found |= self._published.get(node_id, set())
            if node_id in self.publisher:
                found.add(self.publisher[node_id])
        return found - ids
