"""GraphWriter against the real Neo4j: duplicates and stale updates are no-ops, references that
arrive before their node are parked on a pending placeholder, and leaving keeps the edge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from livinglab_contracts import AnyEvent, parse_event
from matching.adapters.graph_reader import GraphReader
from matching.adapters.graph_writer import GraphWriter
from matching.domain.graph_state import GraphState
from matching.domain.profiles import InitiativeProfile, NeedOfferProfile
from matching.domain.projection import waves
from neo4j import AsyncDriver

from eval.evaluate import demo_events
from tests.integration.matching.graph_state import DATABASE, graph_snapshot
from tests.support.events import event

pytestmark = pytest.mark.integration


def ev(event_type: str, subject: str, sequence: int = 1, **data: Any) -> AnyEvent:
    return parse_event(event(event_type, subject, data, sequence))


def registered_partner(pid: str, sequence: int = 1, **fields: Any) -> AnyEvent:
    data = {"partner_id": pid, "name": "VISTA college", "kind": "roc", "themes": ["procestechniek"]}
    return ev("partner.registered", pid, sequence, **(data | fields))


def registered_initiative(iid: str, sequence: int = 1, **fields: Any) -> AnyEvent:
    data = {
        "initiative_id": iid,
        "name": "CoP Chemelot",
        "kind": "community_of_practice",
        "themes": ["procesindustrie"],
        "regions": ["CR39"],
    }
    return ev("initiative.registered", iid, sequence, **(data | fields))


def joined(pid: str, iid: str, sequence: int) -> AnyEvent:
    return ev(
        "partner.joined-initiative",
        pid,
        sequence,
        partner_id=pid,
        initiative_id=iid,
        role="lead",
        since="2021-01-01",
    )


def left(pid: str, iid: str, sequence: int) -> AnyEvent:
    return ev(
        "partner.left-initiative",
        pid,
        sequence,
        partner_id=pid,
        initiative_id=iid,
        until="2025-06-01",
        reason="focus elders",
    )


class Graph:
    def __init__(self, driver: AsyncDriver, ns: str) -> None:
        self.driver, self.ns = driver, ns
        self.writer = GraphWriter(driver, DATABASE, ns)
        self.reader = GraphReader(driver, DATABASE, ns)

    async def apply(self, *batches: Sequence[AnyEvent]) -> None:
        for batch in batches:
            await self.writer.write(waves(batch))

    async def initiative(self, node_id: str) -> InitiativeProfile:
        profile = (await self.reader.state()).profile(node_id)
        assert isinstance(profile, InitiativeProfile)
        return profile

    async def need_offer(self, node_id: str) -> NeedOfferProfile:
        profile = (await self.reader.state()).profile(node_id)
        assert isinstance(profile, NeedOfferProfile)
        return profile

    async def node(self, label: str, node_id: str) -> dict[str, Any] | None:
        found = (await graph_snapshot(self.driver, self.ns))["nodes"].get((label, node_id))
        return dict(found) if found is not None else None

    async def edges(self, edge_type: str) -> list[tuple[Any, ...]]:
        return [
            e for e in (await graph_snapshot(self.driver, self.ns))["edges"] if e[2] == edge_type
        ]


@pytest.fixture
async def graph(neo4j_driver: AsyncDriver, namespace: str) -> Graph:
    g = Graph(neo4j_driver, namespace)
    await g.writer.ensure_schema()
    return g


async def test_duplicates_change_nothing_in_the_same_or_a_later_batch(graph: Graph) -> None:
    batch = [registered_partner("p-v"), registered_initiative("i-c"), joined("p-v", "i-c", 2)]
    await graph.apply(batch)
    before = await graph_snapshot(graph.driver, graph.ns)

    await graph.apply(batch, batch + batch)  # redelivered, and duplicated inside one batch

    assert await graph_snapshot(graph.driver, graph.ns) == before
    assert len(await graph.edges("MEMBER_OF")) == 1


async def test_a_stale_update_is_ignored(graph: Graph) -> None:
    newer = ev("partner.updated", "p-v", 3, partner_id="p-v", name="VISTA (new)")
    stale = ev("partner.updated", "p-v", 2, partner_id="p-v", name="VISTA (stale)")
    await graph.apply([registered_partner("p-v"), newer], [stale])

    node = await graph.node("Partner", "p-v")
    assert node is not None and (node["name"], node["seq"]) == ("VISTA (new)", 3)

    # A stale registration cannot reset the themes either.
    retheme = ev("partner.updated", "p-v", 4, partner_id="p-v", themes=["maintenance"])
    await graph.apply([retheme], [registered_partner("p-v")])
    about = [e[5] for e in await graph.edges("ABOUT") if e[1] == "p-v"]
    assert about == ["maintenance"]


async def test_a_membership_before_its_initiative_waits_on_a_pending_placeholder(
    graph: Graph,
) -> None:
    await graph.apply([registered_partner("p-v"), joined("p-v", "i-late", 2)])

    placeholder = await graph.node("Initiative", "i-late")
    assert placeholder is not None and placeholder["pending"] is True
    assert (await graph.initiative("i-late")).pending  # not matchable yet

    await graph.apply([registered_initiative("i-late")])

    completed = await graph.node("Initiative", "i-late")
    assert completed is not None
    assert (completed["pending"], completed["name"], completed["seq"]) == (False, "CoP Chemelot", 1)
    [membership] = await graph.edges("MEMBER_OF")
    assert membership[1] == "p-v" and '"role": "lead"' in membership[3]
    profile = await graph.initiative("i-late")
    assert [m.partner_id for m in profile.active_members()] == ["p-v"]


async def test_a_table_before_its_parent_parks_the_link_on_the_parent(graph: Graph) -> None:
    table = registered_initiative(
        "i-table", kind="innovation_table", parent_id="i-parent", name="Tafel 2B"
    )
    await graph.apply([table])
    parent = await graph.node("Initiative", "i-parent")
    assert parent is not None and parent["pending"] is True

    await graph.apply([registered_initiative("i-parent")])

    parent = await graph.node("Initiative", "i-parent")
    assert parent is not None and parent["pending"] is False
    part_of = await graph.edges("PART_OF")
    assert ("Initiative", "i-table", "PART_OF", "{}", "Initiative", "i-parent") in part_of


async def test_leaving_keeps_the_edge_with_until_and_a_replayed_join_does_not_undo_it(
    graph: Graph,
) -> None:
    join = joined("p-v", "i-c", 2)
    await graph.apply([registered_partner("p-v"), registered_initiative("i-c"), join])
    await graph.apply([left("p-v", "i-c", 3)])
    await graph.apply([join])  # the old join, redelivered

    [membership] = await graph.edges("MEMBER_OF")
    props = membership[3]
    assert '"until": "2025-06-01"' in props and '"role": "lead"' in props
    assert '"left_reason": "focus elders"' in props and '"seq": 3' in props
    profile = await graph.initiative("i-c")
    assert [(m.partner_id, m.active) for m in profile.members] == [("p-v", False)]

    await graph.apply([joined("p-v", "i-c", 4)])  # coming back to the table is a new join
    profile = await graph.initiative("i-c")
    assert [(m.partner_id, m.active) for m in profile.members] == [("p-v", True)]


async def test_a_need_before_its_publisher_is_kept_and_linked_when_the_publisher_arrives(
    graph: Graph,
) -> None:
    need = ev(
        "need.published",
        "n-ops",
        1,
        need_offer_id="n-ops",
        publisher_id="p-later",
        type="staff_demand",
        title="procesoperators",
        themes=["procesoperator"],
        valid_from="2026-01-01",
    )
    await graph.apply([need])
    publisher = await graph.node("Partner", "p-later")
    assert publisher is not None and publisher["pending"] is True
    stored = await graph.need_offer("n-ops")
    assert (stored.status, stored.direction, stored.publisher_name) == ("open", "need", "p-later")

    await graph.apply([registered_partner("p-later", name="Chemelot BV", kind="grootbedrijf")])

    publisher = await graph.node("Partner", "p-later")
    assert publisher is not None
    assert (publisher["pending"], publisher["helix"]) == (False, "bedrijfsleven")
    assert ("Partner", "p-later", "PUBLISHES", "{}", "NeedOffer", "n-ops") in await graph.edges(
        "PUBLISHES"
    )
    stored = await graph.need_offer("n-ops")
    assert stored.publisher_name == "Chemelot BV"


def _held(state: GraphState) -> dict[str, Any]:
    """What a GraphState holds, with absent and null properties alike (Neo4j stores no null)."""

    def present(props: dict[str, Any]) -> dict[str, Any]:
        return {
            k: list(v) if isinstance(v, tuple) else v for k, v in props.items() if v is not None
        }

    return {
        "nodes": {n: (state.labels[n], present(p)) for n, p in state.nodes.items()},
        "edges": {e: present(p) for e, p in state.edges.items()},
        "parent": dict(state.parent),
        "publisher": dict(state.publisher),
    }


async def test_the_projection_read_from_neo4j_is_the_one_applied_in_memory(
    graph: Graph,
) -> None:
    """The worker reads the graph once, then applies its batches in memory: the two must hold
    the same, and so give the same profiles. On the whole demo network, written in batches."""
    events = demo_events()
    state = GraphState()
    for start in range(0, len(events), 60):
        batch = events[start : start + 60]
        await graph.writer.write(waves(batch))
        state.apply(batch)

    read = await graph.reader.state()
    # read in pages of 7 nodes and links: every one of them once
    in_pages = await GraphReader(graph.driver, DATABASE, graph.ns, page=7).state()

    assert _held(read) == _held(state) == _held(in_pages)
    differing = [n for n in sorted(state.nodes) if read.profile(n) != state.profile(n)]
    assert differing == []
    cop = read.profile("cop-limburg")
    assert isinstance(cop, InitiativeProfile) and cop.needs and cop.members


async def test_a_worker_catching_up_reads_the_written_nodes_with_their_links(
    graph: Graph,
) -> None:
    """What another worker wrote (nodes stamped with a newer batch version), read into a state
    that has only what came before, gives the state of a worker that applied it all."""
    first = [registered_initiative("i-x"), registered_partner("p-a")]
    later = [
        registered_partner("p-b"),
        joined("p-b", "i-x", 2),
        left("p-a", "i-x", 3),
        registered_initiative("i-t", kind="innovation_table", parent_id="i-x"),
        ev(
            "need.published",
            "n-1",
            1,
            need_offer_id="n-1",
            publisher_id="i-x",
            publisher_type="initiative",
            type="staff_demand",
            title="procesoperators",
            themes=["procesoperator"],
            valid_from="2026-01-01",
        ),
    ]
    await graph.writer.write(waves(first), ["i-x", "p-a"], 1)
    mine = await graph.reader.state()
    await graph.writer.write(waves([joined("p-a", "i-x", 2)]), ["p-a", "i-x"], 2)
    await graph.writer.write(waves(later), sorted({"p-b", "i-x", "p-a", "i-t", "n-1"}), 3)

    await graph.reader.load(mine, await graph.reader.written_since(1))

    assert _held(mine) == _held(await graph.reader.state())
    assert [m.partner_id for m in (await graph.initiative("i-x")).active_members()] == ["p-b"]


async def test_written_nodes_carry_the_batch_version_so_other_workers_can_catch_up(
    graph: Graph,
) -> None:
    await graph.writer.write(waves([registered_partner("p-a")]), ["p-a"], 1)
    await graph.writer.write(
        waves([registered_partner("p-b"), joined("p-b", "i-x", 2)]), ["p-b", "i-x"], 2
    )

    assert await graph.reader.written_since(0) == {"p-a", "p-b", "i-x"}
    assert await graph.reader.written_since(1) == {"p-b", "i-x"}
    assert await graph.reader.written_since(2) == set()


async def test_stale_marks_and_confirmations_in_neo4j_are_those_applied_in_memory(
    graph: Graph,
) -> None:
    """Profile freshness (docs/freshness.md): the registry's mark at the aggregate's own
    sequence, ignored behind a later event; a confirmation or an update clears it."""

    def notice(kind: str, subject: str, sequence: int) -> AnyEvent:
        field = {"partner": "partner_id", "initiative": "initiative_id"}.get(kind, "need_offer_id")
        data = {
            field: subject,
            "last_confirmed": "2026-03-01T08:00:00Z",
            "stale_at": "2027-03-01T08:00:00Z",
            "owner_source": "/systems/e2e-partner",
        }
        return ev(f"{kind}.marked-stale", subject, sequence, **data)

    need = ev(
        "need.published",
        "n-fresh",
        need_offer_id="n-fresh",
        publisher_id="p-fresh",
        type="staff_demand",
        title="Operators",
        valid_from="2026-01-01",
    )
    batches = [
        [registered_partner("p-fresh"), registered_initiative("i-fresh"), need],
        [notice("partner", "p-fresh", 1), notice("initiative", "i-fresh", 1)],
        [notice("need-offer", "n-fresh", 1), ev("partner.updated", "p-fresh", 2,
                                                  partner_id="p-fresh", has_coordinator=True)],
        [notice("partner", "p-fresh", 1), ev("initiative.confirmed", "i-fresh", 2,
                                             initiative_id="i-fresh")],
    ]  # fmt: skip
    state = GraphState()
    for batch in batches:
        await graph.apply(batch)
        state.apply(batch)
    read = await graph.reader.state()
    assert _held(read) == _held(state)
    assert {n: read.nodes[n].get("stale") for n in ("p-fresh", "i-fresh", "n-fresh")} == {
        "p-fresh": False,  # its update (2) came before the mark at 1
        "i-fresh": False,  # confirmed
        "n-fresh": True,
    }


async def test_a_merge_in_neo4j_is_the_one_applied_in_memory(graph: Graph) -> None:
    """partner.merged (issue 19 duplicates): the duplicate marked merged_into, its current
    memberships copied to the survivor where it has none and ended on the merge date; in one
    batch after the duplicate's own membership rows; a merge before the survivor is registered
    (another partition) and a repeated delivery give the same graph; a second duplicate with a
    smaller id carrying the same initiative gives its terms."""

    def merged(duplicate: str, survivor: str, sequence: int) -> AnyEvent:
        data = {"partner_id": duplicate, "survivor_id": survivor, "reason": "same KvK 14080231"}
        return ev("partner.merged", duplicate, sequence, **data)

    membership = {"partner_id": "p-dup", "initiative_id": "i-m2", "since": "2022-01-01"}
    aside = membership | {"partner_id": "p-adup", "since": "2020-01-01"}
    batches = [
        [registered_initiative(i, status="active") for i in ("i-m1", "i-m2", "i-m3", "i-m4")],
        [registered_partner("p-dup"), joined("p-dup", "i-m1", 2)],
        [ev("partner.joined-initiative", "p-dup", 3, helix="onderzoek", **membership)],
        [joined("p-dup", "i-m3", 4), left("p-dup", "i-m3", 5)],
        # one batch: the join and leave of i-m4 come before the merge reads the memberships
        [joined("p-dup", "i-m4", 6), left("p-dup", "i-m4", 7), merged("p-dup", "p-surv", 8)],
        [registered_partner("p-surv", name="Vista"), joined("p-surv", "i-m1", 2)],
        [merged("p-dup", "p-surv", 8)],  # delivered again
        # a second duplicate carrying i-m2, with a smaller id: its terms win
        [
            registered_partner("p-adup"),
            ev("partner.joined-initiative", "p-adup", 2, helix="overheid", **aside),
            merged("p-adup", "p-surv", 3),
        ],
    ]
    state = GraphState()
    for batch in batches:
        await graph.apply(batch)
        state.apply(batch)
    read = await graph.reader.state()
    assert _held(read) == _held(state)
    differing = [n for n in sorted(state.nodes) if read.profile(n) != state.profile(n)]
    assert differing == []
    assert read.nodes["p-dup"]["merged_into"] == "p-surv"
    assert read.edges[("p-surv", "i-m2")] == {
        "seq": 0,
        "helix": "overheid",
        "merged_from": "p-adup",
    }
    assert read.edges[("p-dup", "i-m2")]["until"] == "2026-03-01"
    survivor = read.profile("p-surv")
    assert getattr(survivor, "active_memberships", None) == {"i-m1", "i-m2"}
    copied = await graph.driver.execute_query(
        "MATCH (:Partner {uid: $ns + ':p-surv'})-[m:MEMBER_OF]->(:Initiative {uid: $ns + ':i-m2'})"
        " RETURN m {.*} AS m",
        ns=graph.ns,
        database_=DATABASE,
    )
    # role and since too, which the in-memory state does not keep (no profile reads them)
    assert [r["m"] for r in copied.records] == [
        {
            "seq": 0,
            "role": "partner",
            "helix": "overheid",
            "since": "2020-01-01",
            "merged_from": "p-adup",
        }
    ]


async def test_labels_in_neo4j_are_those_applied_in_memory(graph: Graph) -> None:
    """partner.label-awarded (issue 19, docs/labelling.md): the registry's label is set whatever
    the node's sequence, the latest year kept, the node's sequence not moved; one before the
    partner's registration waits on a placeholder; a repeat changes nothing."""

    def award(subject: str, sequence: int, year: int, member_type: str) -> AnyEvent:
        data = {
            "partner_id": subject,
            "network": "ENoLL",
            "member_type": member_type,
            "label_year": year,
            "lab_name": f"Lab {subject}",
            "application_id": f"app-{subject}-{year}",
        }
        return ev("partner.label-awarded", subject, sequence, **data)

    batches = [
        [registered_partner("p-lab"), award("p-early", 1, 2026, "adherent")],
        [ev("partner.updated", "p-lab", 2, partner_id="p-lab", has_coordinator=True),
         award("p-lab", 1, 2026, "effective")],  # written before the update landed
        [award("p-lab", 2, 2025, "accepted_to_grow"), award("p-lab", 2, 2026, "effective"),
         registered_partner("p-early")],
    ]  # fmt: skip
    state = GraphState()
    for batch in batches:
        await graph.apply(batch)
        state.apply(batch)
    read = await graph.reader.state()
    assert _held(read) == _held(state)
    labels = {
        n: (read.nodes[n].get("enoll_member_type"), read.nodes[n].get("enoll_label_year"))
        for n in ("p-lab", "p-early")
    }
    assert labels == {"p-lab": ("effective", 2026), "p-early": ("adherent", 2026)}
    assert read.nodes["p-lab"]["seq"] == 2
    assert read.profile("p-lab") == state.profile("p-lab")
    assert read.profile("p-early") == state.profile("p-early")
