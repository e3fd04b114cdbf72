"""Workers SIGKILLed mid-batch under load, a rebalance, and a full replay, through the whole stack.

One stack (registry, matching, notifications with a webhook subscription to every match) on
the shared servers under a prefix and namespace of its own. Partner-system clients post a paced
stream through the registry; while it flows:

1. a second matching worker joins the consumer group (a rebalance under load);
2. the first matching worker is SIGKILLed while the group has records in progress, and restarted;
3. the webhook holds its answers (deliveries in flight), notifications is SIGKILLed and
   restarted, then the webhook answers again;
4. the second matching worker leaves the group (another rebalance), the stream still flowing.

Then the end state is checked as after every fault (tests/reliability/checks.py), including the
webhook: one delivery id per announced change, re-sends of in-flight ones counted. The workers
in tests/reliability/test_matching_worker_faults.py are killed without the registry and
notifications; here matching's re-announcements after a crash also meet notifications' ledger.

The second test then deletes the namespace from Neo4j, replays every topic into it with a new
consumer group, and compares node by node and match by match with the live graph; the rebuild
announces nothing. The third posts one more change after the rebuild: it is announced with a
revision above every live one, under an id never used before, and reaches the webhook.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import orjson
import pytest
import pytest_asyncio
from livinglab_contracts import MATCHES_TOPIC
from neo4j import AsyncDriver

from tests.integration.matching.deployments import Deployment, wait_idle
from tests.integration.matching.graph_state import drop_namespace, graph_snapshot, matches
from tests.integration.matching.test_replay_and_scaling import differences
from tests.integration.notifications.receivers import WebhookReceiver
from tests.integration.registry.network import eventually, read_topic
from tests.reliability.checks import (
    MatchAudit,
    audit_matches,
    audit_webhook,
    content_of,
    end_state,
)
from tests.reliability.harness import SHARED_NEO4J, Stack, group_offsets
from tests.reliability.workload import Poster, Workload
from tests.support.events import event
from tests.support.processes import ServiceProcess

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]

CELLS = 8  # 96 events in 8 lanes
PACE_S = 2.0  # per lane between events: the stream lasts about 24 s, across every fault


@dataclass
class Live:
    stack: Stack
    workload: Workload
    hook: str
    hold: asyncio.Event
    audit: MatchAudit | None = None
    numbers: dict[str, Any] = field(default_factory=dict)


@pytest_asyncio.fixture(scope="module")
async def live(
    topic_prefix: str, kafka_bootstrap: str, shared_neo4j: AsyncDriver, receiver: WebhookReceiver
) -> AsyncIterator[Live]:
    tag = uuid.uuid4().hex[:6]
    stack = Stack(
        "kills", f"{topic_prefix}kills-{tag}.", kafka_bootstrap, f"rel-kills-{tag}", SHARED_NEO4J
    )
    hold = asyncio.Event()
    hold.set()
    try:
        await stack.start(matching=1, notifications=True)
        _, hook = await stack.subscribe_webhook(receiver, hold)
        yield Live(stack, Workload(stack.source, CELLS), hook, hold)
    finally:
        hold.set()
        await stack.stop()
        await drop_namespace(shared_neo4j, stack.namespace)


async def lagging(stack: Stack) -> bool:
    ends, committed = await group_offsets(stack.bootstrap, stack.prefix, stack.group)
    return any(committed.get(tp, 0) < end for tp, end in ends.items())


async def restart(process: ServiceProcess) -> ServiceProcess:
    again = ServiceProcess(process.module, process.env, name=f"{process.name}-again")
    await asyncio.to_thread(again.start, 120)
    return again


async def test_workers_killed_mid_batch_and_a_rebalance_lose_and_double_nothing(
    live: Live,
    shared_neo4j: AsyncDriver,
    receiver: WebhookReceiver,
    report: Callable[[dict[str, Any]], None],
) -> None:
    stack, workload = live.stack, live.workload
    assert stack.registry is not None and stack.notifications is not None
    began = time.monotonic()
    phases: dict[str, float] = {}

    def phase(name: str) -> None:
        phases[name] = round(time.monotonic() - began, 1)

    poster = Poster(stack.registry.url, stack.partner_token, pace_s=PACE_S)
    posting = asyncio.create_task(poster.post_all(workload.lanes))
    total = len(workload.events)

    # 1. A second worker joins the group while the stream flows.
    await poster.reached(total // 10)
    joiner = stack.new_matching()
    await asyncio.to_thread(joiner.start, 120)
    stack.matching.append(joiner)
    phase("joined")

    # 2. The first worker dies while the group has records in progress; its restart runs
    # while the next fault happens.
    await eventually(lambda: lagging(stack), "records in progress", 60)
    first = stack.matching[0]
    await asyncio.to_thread(first.stop, True)
    phase("matching_killed")
    killed_matching_at = len(poster.tally.accepted_ids)
    matching_back = asyncio.create_task(restart(first))

    # 3. Deliveries in flight at the webhook (it holds its answers) when notifications dies.
    live.hold.clear()
    in_flight_from = len(receiver.at(live.hook))

    async def delivery_in_flight() -> bool:
        return len(receiver.at(live.hook)) > in_flight_from

    await eventually(delivery_in_flight, "a delivery in flight", 60)
    await asyncio.to_thread(stack.notifications.stop, True)
    phase("notifications_killed")
    in_flight = len(receiver.at(live.hook)) - in_flight_from
    live.hold.set()
    stack.notifications = await restart(stack.notifications)
    phase("notifications_restarted")
    stack.matching[0] = await matching_back
    phase("matching_restarted")

    # 4. The second worker leaves (a clean stop) while the stream still flows.
    still_posting = not posting.done()
    await asyncio.to_thread(joiner.stop)
    stack.matching.remove(joiner)
    phase("joiner_left")
    await asyncio.wait_for(posting, 150)
    phase("stream_posted")

    await wait_idle(stack.bootstrap, stack.prefix, stack.deployment)
    phase("matching_idle")
    graph, audit, problems = await end_state(
        stack.bootstrap,
        stack.prefix,
        shared_neo4j,
        stack.namespace,
        poster.tally.accepted_ids,
        workload.expected,
    )
    assert not problems, "\n".join(problems)

    async def all_delivered() -> Any:
        found = audit_webhook(receiver, live.hook, audit)
        return found if not found.problems else None

    deliveries = await eventually(all_delivered, "every change at the webhook", 90)
    phase("all_delivered")
    live.audit = audit
    live.numbers = {
        **poster.tally.summary(),
        "accepted_when_matching_killed": killed_matching_at,
        "stream_still_flowing_when_joiner_left": still_posting,
        "webhook_requests_in_flight_at_kill": in_flight,
        "aggregates_in_graph": graph.nodes,
        "duplicates": len(graph.doubled),
        "losses": len(graph.missing) + len(graph.wrong_sequence),
        **audit.summary(),
        "webhook_requests": deliveries.requests,
        "webhook_changes": deliveries.changes,
        "webhook_resent": deliveries.resent,
        "seconds_at": phases,
    }
    report(live.numbers)


async def test_a_full_replay_into_the_emptied_namespace_rebuilds_the_live_graph_and_matches(
    live: Live,
    shared_neo4j: AsyncDriver,
    receiver: WebhookReceiver,
    report: Callable[[dict[str, Any]], None],
) -> None:
    stack = live.stack
    assert live.audit is not None, "needs the live build of the test before"
    graph_before = await graph_snapshot(shared_neo4j, stack.namespace)
    proposed_before = await matches(shared_neo4j, stack.namespace)
    delivered_before = len(receiver.at(live.hook))

    await asyncio.gather(*(asyncio.to_thread(p.stop) for p in stack.matching))
    await drop_namespace(shared_neo4j, stack.namespace)
    group = f"replay-{uuid.uuid4().hex[:6]}"
    rebuild = stack.new_matching(0, MATCHING_CONSUMER_GROUP=group)
    await asyncio.to_thread(rebuild.start, 120)
    stack.matching = [rebuild]
    await wait_idle(
        stack.bootstrap, stack.prefix, Deployment("rebuild", stack.namespace, group, [rebuild])
    )

    graph_after = await graph_snapshot(shared_neo4j, stack.namespace)
    problems = differences(graph_before["nodes"], graph_after["nodes"])
    problems += [
        f"edge only in one: {e}"
        for e in sorted(set(graph_before["edges"]) ^ set(graph_after["edges"]))
    ]
    problems += differences(proposed_before, await matches(shared_neo4j, stack.namespace))
    assert not problems, "\n".join(problems)

    # The rebuild replays quietly from what the matches topic announced: it announces nothing,
    # so no subscriber hears anything twice and no id gets a second content.
    after = await audit_matches(stack.bootstrap, stack.prefix + MATCHES_TOPIC)
    assert after.events == live.audit.events, "the rebuild announced matches again"
    assert not after.conflicting, "ids announced with several contents"
    await asyncio.sleep(3)  # time for any (wrong) delivery of a re-announcement to arrive
    redelivered = len(receiver.at(live.hook)) - delivered_before
    assert redelivered == 0, f"{redelivered} re-announced changes delivered again"
    report(
        {
            "nodes": len(graph_after["nodes"]),
            "edges": len(graph_after["edges"]),
            "proposed_matches": len(proposed_before),
            "replay_announcements": after.events - live.audit.events,
            "ids_reannounced_by_replay": after.ids - live.audit.ids,
            "ids_with_several_contents_after_replay": len(after.conflicting),
            "redelivered_to_webhook": redelivered,
        }
    )


async def test_after_a_replay_ids_keep_their_content_and_the_next_change_reaches_subscribers(
    live: Live,
    shared_neo4j: AsyncDriver,
    receiver: WebhookReceiver,
    report: Callable[[dict[str, Any]], None],
) -> None:
    stack, workload = live.stack, live.workload
    assert live.audit is not None and stack.registry is not None
    partners = {a for a, (label, _) in workload.expected.aggregates.items() if label == "Partner"}
    # A match the live build announced in several revisions, about one of the stream's partners.
    candidates = sorted(
        (event["data"]["revision"], match_id, event["data"]["subject_ids"][0])
        for match_id, event in live.audit.latest.items()
        if event["type"] != "nl.livinglab.match.withdrawn.v1"
        and event["data"]["revision"] >= 2
        and event["data"]["kind"] == "partner_to_initiative"
        and event["data"]["subject_ids"][0] in partners
    )
    assert candidates, "no match with several live revisions to probe"
    live_revision, match_id, partner = candidates[-1]
    before = await audit_matches(stack.bootstrap, stack.prefix + MATCHES_TOPIC)

    # The partner moves to other themes and another region: the match changes or goes.
    _, sequence = workload.expected.aggregates[partner]
    change = event(
        "partner.updated",
        partner,
        {"partner_id": partner, "themes": ["zorg"], "regions": ["GM0014"]},
        sequence + 1,
        source=stack.source,
    )
    poster = Poster(stack.registry.url, stack.partner_token)
    async with httpx.AsyncClient(
        base_url=stack.registry.url, headers={"X-API-Key": stack.partner_token}, timeout=30
    ) as client:
        await poster.post_until_accepted(client, change)
    [rebuild] = stack.matching
    group = rebuild.env["MATCHING_CONSUMER_GROUP"]
    await wait_idle(
        stack.bootstrap, stack.prefix, Deployment("rebuild", stack.namespace, group, [rebuild])
    )
    after = await audit_matches(stack.bootstrap, stack.prefix + MATCHES_TOPIC)
    assert after.per_match[match_id] > before.per_match[match_id], "the change left the match"
    records = await read_topic(stack.bootstrap, stack.prefix + MATCHES_TOPIC)
    announced = [orjson.loads(r.value) for r in records]
    newest = [e for e in announced if e["subject"] == match_id][-1]

    async def delivered() -> bool:
        # By content: the live build delivered another announcement under the same id.
        wanted = content_of(newest)
        return any(content_of(orjson.loads(r.body)) == wanted for r in receiver.at(live.hook))

    restarted = bool(after.conflicting) or newest["data"]["revision"] <= live_revision
    reached = True
    try:
        await eventually(delivered, "the change after the replay at the webhook", 60)
    except AssertionError:
        reached = False
    report(
        {
            "probed_match_live_revision": live_revision,
            "revision_announced_after_the_change": newest["data"]["revision"],
            "ids_with_several_contents": len(after.conflicting),
            "change_delivered_to_webhook": reached,
        }
    )
    assert not restarted, (
        f"{len(after.conflicting)} ids announced with several contents; the change of "
        f"{match_id} (live revision {live_revision}) was announced as revision "
        f"{newest['data']['revision']}"
    )
    assert reached, "the change after the replay never reached the webhook"
