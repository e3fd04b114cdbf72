"""The end-of-test invariants every fault test checks, and the numbers it reports.

- Graph: one node per aggregate uid `ns:id` (nothing missing, nothing doubled, nothing extra),
  carrying the last accepted sequence (a partner's membership events keep theirs on the
  MEMBER_OF edge, so a partner's is the highest of node and edges) and no longer a placeholder;
  memberships as expected.
- Matches topic: every CloudEvents id appears with one content (the transactional outbox may
  publish the same id again after a crash; such re-sends are counted, not failed), revisions of
  a match have no gaps, and the last announced revision of each match is what the graph holds.
- Webhooks: each announced change reaches the subscription's receiver under one delivery id; a
  delivery in flight when its worker died is sent again under the same id (counted).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import orjson
from livinglab_contracts import (
    EVENT_SPECS,
    MATCHES_TOPIC,
    REGISTRY_EVENT_TYPES,
    REGISTRY_TOPICS,
    ContractViolation,
    decode_event,
)
from neo4j import AsyncDriver

from tests.integration.matching.graph_state import DATABASE
from tests.integration.notifications.receivers import WebhookReceiver
from tests.integration.registry.network import read_topic
from tests.reliability.workload import Expected

_NODES = """
MATCH (n) WHERE n.ns = $ns AND any(l IN labels(n) WHERE l IN ['Initiative', 'Partner', 'NeedOffer'])
RETURN labels(n)[0] AS label, n.uid AS uid, n.id AS id, n.pending AS pending,
       reduce(s = n.seq, m IN [(n)-[m:MEMBER_OF]->() | m.seq] | CASE WHEN m > s THEN m ELSE s END)
         AS seq
"""
_MEMBERSHIPS = """
MATCH (p:Partner {ns: $ns})-[m:MEMBER_OF]->(i:Initiative)
RETURN p.id AS partner, i.id AS initiative, m.until IS NULL AS active
"""
_MATCH_NODES = """
MATCH (m:Match {ns: $ns}) WHERE m.status IN ['proposed', 'withdrawn']
RETURN m.id AS id, m.revision AS revision, m.status AS status, m.snapshot AS snapshot
"""
_OUTBOX = "MATCH (o:Outbox {ns: $ns}) RETURN count(o) AS n"
MATCH_TYPES = [s.type for s in EVENT_SPECS if s.topic == MATCHES_TOPIC]


@dataclass
class GraphReport:
    nodes: int
    doubled: list[str]
    missing: list[str]
    extra: list[str]
    wrong_sequence: list[str]
    memberships_wrong: list[str]
    matches: dict[str, dict[str, Any]]  # match id -> revision, status, snapshot
    outbox_left: int

    @property
    def problems(self) -> list[str]:
        found = [f"doubled: {u}" for u in self.doubled]
        found += [f"missing: {u}" for u in self.missing] + [f"extra: {u}" for u in self.extra]
        found += self.wrong_sequence + self.memberships_wrong
        if self.outbox_left:
            found.append(f"{self.outbox_left} outbox records never published")
        return found


async def graph_report(driver: AsyncDriver, ns: str, expected: Expected) -> GraphReport:
    nodes = (await driver.execute_query(_NODES, ns=ns, database_=DATABASE)).records
    per_uid = Counter(r["uid"] for r in nodes)
    want_uids = {f"{ns}:{aggregate}" for aggregate in expected.aggregates}
    wrong = []
    for r in nodes:
        label, seq = expected.aggregates.get(r["id"], (None, None))
        if label is not None and (r["label"], r["seq"], r["pending"]) != (label, seq, False):
            wrong.append(
                f"{r['uid']}: {r['label']} seq {r['seq']} pending {r['pending']}, "
                f"want {label} seq {seq}"
            )
    members = (await driver.execute_query(_MEMBERSHIPS, ns=ns, database_=DATABASE)).records
    got_members = {(r["partner"], r["initiative"]): r["active"] for r in members}
    memberships_wrong = [
        f"membership {key}: {got_members.get(key)!r}, want active={active}"
        for key, active in expected.memberships.items()
        if got_members.get(key) is not active
    ] + [f"unexpected membership {key}" for key in set(got_members) - set(expected.memberships)]
    match_rows = (await driver.execute_query(_MATCH_NODES, ns=ns, database_=DATABASE)).records
    outbox = (await driver.execute_query(_OUTBOX, ns=ns, database_=DATABASE)).records[0]["n"]
    return GraphReport(
        nodes=len(nodes),
        doubled=sorted(u for u, n in per_uid.items() if n > 1),
        missing=sorted(want_uids - set(per_uid)),
        extra=sorted(set(per_uid) - want_uids),
        wrong_sequence=wrong,
        memberships_wrong=memberships_wrong,
        matches={
            r["id"]: {
                "revision": r["revision"],
                "status": r["status"],
                "snapshot": json.loads(r["snapshot"]),
            }
            for r in match_rows
        },
        outbox_left=outbox,
    )


@dataclass
class MatchAudit:
    events: int = 0  # records on the matches topic
    ids: int = 0  # distinct CloudEvents ids
    resent_ids: int = 0  # ids published more than once with the same content
    conflicting: list[str] = field(default_factory=list)  # ids with more than one content
    gaps: list[str] = field(default_factory=list)  # a match whose revisions skip a number
    latest: dict[str, dict[str, Any]] = field(default_factory=dict)  # match id -> last event
    per_match: Counter[str] = field(default_factory=Counter)  # match id -> records

    def summary(self) -> dict[str, int]:
        return {
            "match_events_on_topic": self.events,
            "distinct_event_ids": self.ids,
            "matches": len(self.latest),
            "resent_ids": self.resent_ids,
            "conflicting_ids": len(self.conflicting),
        }


def content_of(raw: dict[str, Any]) -> bytes:
    """An announcement without the moment it was made: the outbox re-sends identical bytes,
    and any other difference is a different announcement under the same id."""
    return orjson.dumps({k: v for k, v in raw.items() if k != "time"}, option=orjson.OPT_SORT_KEYS)


async def audit_matches(bootstrap: str, topic: str, skip_poison: bool = False) -> MatchAudit:
    """`skip_poison` leaves out records that are no match events (a test's own poison)."""
    records = await read_topic(bootstrap, topic)
    if skip_poison:
        records = [r for r in records if _is_match_event(r.value)]
    contents: dict[str, set[bytes]] = defaultdict(set)
    counts: Counter[str] = Counter()
    revisions: dict[str, set[int]] = defaultdict(set)
    audit = MatchAudit(events=len(records))
    for record in records:
        assert record.value, f"empty record on {topic} at {record.partition}/{record.offset}"
        raw = orjson.loads(record.value)
        counts[raw["id"]] += 1
        contents[raw["id"]].add(content_of(raw))
        match_id, revision = raw["subject"], raw["data"]["revision"]
        revisions[match_id].add(revision)
        audit.per_match[match_id] += 1
        if revision >= audit.latest.get(match_id, {}).get("data", {}).get("revision", 0):
            audit.latest[match_id] = raw
    audit.ids = len(counts)
    audit.resent_ids = sum(1 for event_id, n in counts.items() if n > 1)
    audit.conflicting = sorted(i for i, values in contents.items() if len(values) > 1)
    audit.gaps = sorted(
        f"{m}: {sorted(r)}" for m, r in revisions.items() if sorted(r) != list(range(1, max(r) + 1))
    )
    return audit


def _is_match_event(value: bytes | None) -> bool:
    try:
        decode_event(value, MATCH_TYPES)
    except ContractViolation:
        return False
    return True


def announced_matches_problems(audit: MatchAudit, graph: GraphReport) -> list[str]:
    """Each match the graph holds was announced up to its revision, with the same content."""
    problems = [f"id with several contents: {i}" for i in audit.conflicting]
    problems += [f"revision gap: {g}" for g in audit.gaps]
    for match_id in sorted(set(audit.latest) | set(graph.matches)):
        event, node = audit.latest.get(match_id), graph.matches.get(match_id)
        if event is None or node is None:
            where = "on the topic" if node is None else "in the graph"
            problems.append(f"match {match_id} only {where}")
            continue
        announced = {k: v for k, v in event["data"].items() if k != "previous_score"}
        stored = {k: v for k, v in node["snapshot"].items() if k != "previous_score"}
        if event["data"]["revision"] != node["revision"] or announced != stored:
            problems.append(
                f"match {match_id}: announced revision {event['data']['revision']}, "
                f"graph holds revision {node['revision']} ({node['status']}) with other content"
            )
    return problems


@dataclass
class DeliveryAudit:
    requests: int
    changes: int  # distinct (match, revision) delivered
    resent: int  # requests repeating a delivery id already received
    problems: list[str]


def audit_webhook(receiver: WebhookReceiver, hook: str, audit: MatchAudit) -> DeliveryAudit:
    """Every announced change reached the hook under exactly one delivery id."""
    received = receiver.at(hook)
    delivery_ids: dict[str, set[str]] = defaultdict(set)
    per_delivery: Counter[str] = Counter()
    for request in received:
        event_id = orjson.loads(request.body)["id"]
        delivery = request.headers["webhook-id"]
        delivery_ids[event_id].add(delivery)
        per_delivery[delivery] += 1
    problems = [f"{e} delivered under {len(d)} ids" for e, d in delivery_ids.items() if len(d) > 1]
    announced = set()
    for match_id, event in audit.latest.items():
        announced |= {f"{match_id}:{r}" for r in range(1, event["data"]["revision"] + 1)}
    problems += [f"never delivered: {e}" for e in sorted(announced - set(delivery_ids))]
    problems += [f"delivered, never announced: {e}" for e in sorted(set(delivery_ids) - announced)]
    return DeliveryAudit(
        requests=len(received),
        changes=len(delivery_ids),
        resent=sum(n - 1 for n in per_delivery.values()),
        problems=problems,
    )


async def registry_records(bootstrap: str, prefix: str) -> Counter[str]:
    """Event id -> how often it is on the registry topics (the source of truth); a test's own
    poison records there are no events and not counted."""
    found: Counter[str] = Counter()
    for topic in REGISTRY_TOPICS:
        for record in await read_topic(bootstrap, prefix + topic):
            try:
                found[decode_event(record.value, REGISTRY_EVENT_TYPES).id] += 1
            except ContractViolation:
                continue
    return found


def source_of_truth_problems(on_topics: Counter[str], accepted: set[str]) -> list[str]:
    """Every accepted event is on the topics exactly once, and nothing else is."""
    problems = [f"{i} on the topics {n} times" for i, n in on_topics.items() if n > 1]
    problems += [f"accepted but not on the topics: {i}" for i in sorted(accepted - set(on_topics))]
    problems += [f"on the topics, never accepted: {i}" for i in sorted(set(on_topics) - accepted)]
    return problems


async def end_state(
    bootstrap: str,
    prefix: str,
    driver: AsyncDriver,
    ns: str,
    accepted: set[str],
    expected: Expected,
) -> tuple[GraphReport, MatchAudit, list[str]]:
    """The check every fault test ends with: each accepted event on the topics once and in the
    graph once, each match change announced under one id with one content."""
    problems = source_of_truth_problems(await registry_records(bootstrap, prefix), accepted)
    graph = await graph_report(driver, ns, expected)
    audit = await audit_matches(bootstrap, prefix + MATCHES_TOPIC)
    return graph, audit, problems + graph.problems + announced_matches_problems(audit, graph)
