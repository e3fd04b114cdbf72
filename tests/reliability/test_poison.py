"""Poison records: valid Kafka records that are not valid events, on every topic a service reads.

Each consumed topic gets the same kinds of poison (not JSON, a valid event of a type not read
there, a schema violation, an empty value, a tombstone where the topic is not compacted, a value
of 1.5 MB, an undecodable key where the key matters), keyed like the valid record sent right
after it, so both land on one partition in that order. Each poison must reach the topic's
dead-letter topic `<topic>.dlq` once, with its reason and origin in the headers, and the valid
record after it must still be processed: the worker keeps going.

Who dead-letters what (docs/architecture.md): matching the registry topics and feedback,
notifications the matches topic and its subscriptions topic, the registry the API-key topic.
The registry also reads its own topics into its view; there it must skip a poison (matching
owns their dead-letter topics) without stopping, and without taking it into the view.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaProducer, ConsumerRecord
from livinglab_common.keys import API_KEYS_TOPIC
from livinglab_contracts import (
    FEEDBACK_TOPIC,
    INITIATIVES_TOPIC,
    MATCHES_TOPIC,
    NEEDS_OFFERS_TOPIC,
    PARTNERS_TOPIC,
    canonical_json,
    parse_event,
)
from livinglab_contracts.examples import example_event
from neo4j import AsyncDriver

from tests.integration.matching.deployments import wait_idle
from tests.integration.matching.graph_state import DATABASE, drop_namespace
from tests.integration.notifications.receivers import WebhookReceiver
from tests.integration.registry.network import eventually, read_topic
from tests.reliability.checks import announced_matches_problems, audit_matches, graph_report
from tests.reliability.harness import SHARED_NEO4J, Stack
from tests.reliability.workload import Expected

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(240)]

HUGE = 1_500_000  # below the broker's 2 MiB message.max.bytes, above a producer's 1 MiB default
SUBSCRIPTIONS_TOPIC = "notifications.subscriptions.v1"


def poisons(
    valid: dict[str, Any],
    wrong_type: dict[str, Any],
    broken: dict[str, Any],
    compacted: bool = False,
) -> dict[str, bytes | None]:
    """Kind -> value: `valid` is the record the poison imitates, `broken` breaks its schema."""
    kinds: dict[str, bytes | None] = {
        "not_json": b'{"specversion": "1.0", "id": "cut-off',
        "wrong_type": orjson.dumps(wrong_type),
        "schema_invalid": orjson.dumps({**valid, **broken}),
        "empty_value": b"",
        "huge_value": orjson.dumps({"padding": "x" * HUGE}),
    }
    if not compacted:  # on a compacted topic a tombstone is a legitimate deletion
        kinds["tombstone"] = None
    return kinds


def broken_data(valid: dict[str, Any]) -> dict[str, Any]:
    return {"data": {**valid["data"], "kind": "spaceship", "themes": "not-a-list"}}


def example(name: str, subject: str, **data: Any) -> dict[str, Any]:
    raw = example_event(name, event_id=f"poison-test-{uuid.uuid4().hex[:12]}")
    prefix = name.split(".")[0]
    spec_field = {"match": "match_id", "need": "need_offer_id", "offer": "need_offer_id"}.get(
        prefix, f"{prefix}_id"
    )
    raw["subject"] = subject
    raw["data"] = {**raw["data"], **data}
    if spec_field in raw["data"]:
        raw["data"][spec_field] = subject
    return raw


def canonical(raw: dict[str, Any]) -> bytes:
    return canonical_json(parse_event(raw))


@pytest_asyncio.fixture(scope="module")
async def stack(
    topic_prefix: str, kafka_bootstrap: str, shared_neo4j: AsyncDriver, receiver: WebhookReceiver
) -> AsyncIterator[Stack]:
    tag = uuid.uuid4().hex[:6]
    running = Stack(
        "poison", f"{topic_prefix}poison-{tag}.", kafka_bootstrap, f"rel-poison-{tag}", SHARED_NEO4J
    )
    try:
        await running.start(matching=1, notifications=True)
        yield running
    finally:
        await running.stop()
        await drop_namespace(shared_neo4j, running.namespace)


@pytest_asyncio.fixture(scope="module")
async def hook(stack: Stack, receiver: WebhookReceiver) -> str:
    _, url = await stack.subscribe_webhook(receiver)
    return url


async def send_all(
    producer: AIOKafkaProducer, topic: str, key: bytes | None, values: list[bytes | None]
) -> None:
    """In this order on one partition (the key's), each acknowledged before the next."""
    for value in values:
        await producer.send_and_wait(topic, value=value, key=key)


async def dead_letters(bootstrap: str, topic: str) -> list[ConsumerRecord[bytes, bytes]]:
    return await read_topic(bootstrap, f"{topic}.dlq")


def check_dead_letters(
    records: list[ConsumerRecord[bytes, bytes]],
    topic: str,
    sent: dict[str, bytes | None],
    key: bytes | None,
) -> dict[str, str]:
    """Each poison once, with a reason and its origin; returns kind -> reason."""
    reasons: dict[str, str] = {}
    origins = []
    for record in records:
        headers = {name: value.decode() for name, value in record.headers}
        assert headers.get("x-dlq-reason"), f"dead letter without a reason: {headers}"
        assert headers.get("x-dlq-origin", "").startswith(f"{topic}/"), headers
        origins.append(headers["x-dlq-origin"])
        kind = next(
            (k for k, v in sent.items() if v == record.value or _shortened(v, record)), None
        )
        assert kind is not None, f"unexpected dead letter on {topic}.dlq: {record.value!r:.200}"
        assert kind not in reasons, f"{kind} dead-lettered twice on {topic}.dlq"
        assert record.key == key
        reasons[kind] = headers["x-dlq-reason"]
    assert sorted(reasons) == sorted(sent), f"{topic}: dead-lettered {sorted(reasons)}"
    assert len(set(origins)) == len(origins)
    return reasons


def _shortened(value: bytes | None, record: ConsumerRecord[bytes, bytes]) -> bool:
    """A value too large to forward whole is cut; a header keeps its full size, and the origin
    header still points at the full record."""
    size = dict(record.headers).get("x-dlq-original-size")
    return (
        value is not None
        and size is not None
        and int(size) == len(value)
        and record.value is not None
        and value.startswith(record.value)
    )


async def test_registry_topics_and_feedback_poison_is_dead_lettered_and_processing_goes_on(
    stack: Stack,
    hook: str,
    raw_producer: AIOKafkaProducer,
    shared_neo4j: AsyncDriver,
    report: Callable[[dict[str, Any]], None],
) -> None:
    tag = uuid.uuid4().hex[:6]
    initiative = example("initiative.registered", f"init-{tag}")
    partner = example("partner.registered", f"partner-{tag}")
    need = example("need.published", f"need-{tag}", publisher_id=partner["subject"])
    feedback = example("match.accepted", f"match-{tag}")
    # A match event is valid, but no registry event: the registry's view must not take it in.
    stray_match = example("match.proposed", f"stray-{tag}")
    cases = {
        INITIATIVES_TOPIC: initiative,
        PARTNERS_TOPIC: partner,
        NEEDS_OFFERS_TOPIC: need,
        FEEDBACK_TOPIC: feedback,
    }
    sent: dict[str, dict[str, bytes | None]] = {}
    for topic, valid in cases.items():
        wrong = stray_match if topic != FEEDBACK_TOPIC else example("match.proposed", "x-1")
        sent[topic] = poisons(valid, wrong, broken_data(valid))
        await send_all(
            raw_producer,
            stack.prefix + topic,
            valid["subject"].encode(),
            [*sent[topic].values(), canonical(valid)],
        )

    await wait_idle(stack.bootstrap, stack.prefix, stack.deployment)
    reasons = {}
    for topic, valid in cases.items():
        records = await dead_letters(stack.bootstrap, stack.prefix + topic)
        reasons[topic] = check_dead_letters(
            records, stack.prefix + topic, sent[topic], valid["subject"].encode()
        )
    # What came after the poison reached the graph, once.
    expected = Expected(
        aggregates={
            initiative["subject"]: ("Initiative", 1),
            partner["subject"]: ("Partner", 1),
            need["subject"]: ("NeedOffer", 1),
        }
    )
    graph = await graph_report(shared_neo4j, stack.namespace, expected)
    assert not graph.problems, graph.problems
    accepted = await shared_neo4j.execute_query(
        "MATCH (m:Match {uid: $uid}) RETURN m.feedback AS feedback",
        uid=f"{stack.namespace}:{feedback['subject']}",
        database_=DATABASE,
    )
    assert [r["feedback"] for r in accepted.records] == ["accepted"]

    # The registry skipped the poison in its view and read on: it is ready, it knows what came
    # after, and the stray match event did not register its subject.
    assert stack.registry is not None
    async with httpx.AsyncClient(
        base_url=stack.registry.url, headers={"X-API-Key": stack.partner_token}, timeout=30
    ) as client:
        assert (await client.get("/ready")).status_code == 200

        async def in_view() -> bool:
            found = await client.get(f"/v1/partners/{partner['subject']}")
            return found.status_code == 200

        await eventually(in_view, "the partner after the poison in the registry view")
        claim = example("partner.registered", stray_match["subject"])
        claim["source"] = stack.source
        answer = await client.post("/v1/events", json=claim)
        assert answer.status_code == 202, answer.text

    # Once the worker has built that partner too, what it announced is what the graph holds.
    await wait_idle(stack.bootstrap, stack.prefix, stack.deployment)
    expected.aggregates[claim["subject"]] = ("Partner", 1)
    graph = await graph_report(shared_neo4j, stack.namespace, expected)
    assert not graph.problems, graph.problems
    audit = await audit_matches(stack.bootstrap, stack.prefix + MATCHES_TOPIC, skip_poison=True)
    assert not announced_matches_problems(audit, graph)
    report(
        {
            "poison_per_topic": {t: sorted(k) for t, k in sent.items()},
            "dead_lettered": {t: len(r) for t, r in reasons.items()},
            "valid_after_poison_in_graph": graph.nodes,
            "reasons": {t: {k: r[:80] for k, r in rs.items()} for t, rs in reasons.items()},
            **audit.summary(),
        }
    )


async def test_matches_topic_poison_is_dead_lettered_and_the_next_match_is_delivered(
    stack: Stack,
    hook: str,
    receiver: WebhookReceiver,
    raw_producer: AIOKafkaProducer,
    report: Callable[[dict[str, Any]], None],
) -> None:
    match_id = f"match-{uuid.uuid4().hex[:8]}"
    valid = example("match.proposed", match_id)
    valid["id"] = f"{match_id}:1"
    sent = poisons(valid, example("partner.registered", f"p-{match_id}"), broken_data(valid))
    topic = stack.prefix + MATCHES_TOPIC
    await send_all(raw_producer, topic, match_id.encode(), [*sent.values(), canonical(valid)])

    async def delivered() -> list[Any]:
        return [r for r in receiver.at(hook) if orjson.loads(r.body)["id"] == valid["id"]]

    got = await eventually(delivered, "the match after the poison at the webhook", 60)
    assert len(got) == 1
    records = await eventually(
        lambda: _at_least(stack.bootstrap, topic, len(sent)), "the dead letters", 30
    )
    reasons = check_dead_letters(records, topic, sent, match_id.encode())
    assert stack.notifications is not None
    async with httpx.AsyncClient(timeout=10) as client:
        assert (await client.get(f"{stack.notifications.url}/ready")).status_code == 200
    report({"poison": sorted(sent), "dead_lettered": len(reasons), "delivered_after": len(got)})


async def _at_least(bootstrap: str, topic: str, count: int) -> list[ConsumerRecord[bytes, bytes]]:
    records = await dead_letters(bootstrap, topic)
    return records if len(records) >= count else []


async def test_key_and_subscription_topic_poison_is_dead_lettered_and_followers_read_on(
    stack: Stack,
    hook: str,
    raw_producer: AIOKafkaProducer,
    report: Callable[[dict[str, Any]], None],
) -> None:
    assert stack.registry is not None and stack.notifications is not None
    now = datetime.now(UTC).isoformat()
    # API keys: read by all three services; the registry (which writes them) dead-letters.
    key_id = uuid.uuid4().hex[:12]
    key_record = {
        "key_id": key_id,
        "secret_hash": "0" * 64,
        "system": "poison-imitation",
        "role": "partner_system",
        "created_at": now,
    }
    key_topic = stack.prefix + API_KEYS_TOPIC
    key_poison = poisons(
        key_record, example("partner.registered", "p-1"), {"role": "superuser"}, compacted=True
    )
    await send_all(raw_producer, key_topic, key_id.encode(), list(key_poison.values()))
    # Subscriptions: read by every notifications instance, which dead-letters.
    sub_id = str(uuid.uuid4())
    coordinator = "rel-coordinator-poison"
    subscription = {
        "subscription_id": sub_id,
        "owner": coordinator,
        "created_by_key": "direct",
        "created_at": now,
        "name": "written past the service",
        "filters": {"subject_ids": ["nobody"]},
    }
    sub_topic = stack.prefix + SUBSCRIPTIONS_TOPIC
    sub_poison = poisons(
        subscription,
        example("partner.registered", "p-2"),
        {"filters": {"min_score": 7}},
        compacted=True,
    )
    await send_all(raw_producer, sub_topic, sub_id.encode(), list(sub_poison.values()))
    # A compacted topic refuses records without a key, so only an undecodable one is tried.
    bad_keys = {"key_not_utf8": b"\xff\xfe"}
    for key in bad_keys.values():
        await raw_producer.send_and_wait(sub_topic, value=orjson.dumps(subscription), key=key)
    await raw_producer.send_and_wait(
        sub_topic, value=orjson.dumps(subscription), key=sub_id.encode()
    )

    # Keys issued after the poison work in all three services: their followers read on.
    source = f"/systems/after-poison-{uuid.uuid4().hex[:6]}"
    token = await stack.issue_key({"system": "after-poison", "sources": [source]})
    headers = {"X-API-Key": token}

    async def usable_everywhere() -> bool:
        async with httpx.AsyncClient(headers=headers, timeout=30) as client:
            urls = [
                f"{stack.notifications.url}/v1/subscriptions",  # type: ignore[union-attr]
                f"{stack.matching[0].url}/v1/stats",
            ]
            answers = [await client.get(url) for url in urls]
        return all(a.status_code == 200 for a in answers)

    await eventually(usable_everywhere, "the new key in matching and notifications", 30)
    coordinator_headers = {"X-API-Key": stack.coordinator_token}

    async def subscription_listed() -> bool:
        async with httpx.AsyncClient(headers=coordinator_headers, timeout=30) as client:
            listed = await client.get(f"{stack.notifications.url}/v1/subscriptions")  # type: ignore[union-attr]
        return sub_id in {s["subscription_id"] for s in listed.json()}

    await eventually(subscription_listed, "the subscription after the poison", 30)

    key_letters = await eventually(
        lambda: _at_least(stack.bootstrap, key_topic, len(key_poison)), "key dead letters", 30
    )
    key_reasons = check_dead_letters(key_letters, key_topic, key_poison, key_id.encode())
    sub_letters = await eventually(
        lambda: _at_least(stack.bootstrap, sub_topic, len(sub_poison) + len(bad_keys)),
        "subscription dead letters",
        30,
    )
    by_key = [r for r in sub_letters if r.key != sub_id.encode()]
    assert sorted(r.key or b"" for r in by_key) == sorted(k or b"" for k in bad_keys.values())
    sub_reasons = check_dead_letters(
        [r for r in sub_letters if r.key == sub_id.encode()], sub_topic, sub_poison, sub_id.encode()
    )
    async with httpx.AsyncClient(timeout=10) as client:
        for service in (stack.registry, stack.notifications, *stack.matching):
            assert (await client.get(f"{service.url}/ready")).status_code == 200
    report(
        {
            "key_topic_dead_lettered": sorted(key_reasons),
            "subscription_topic_dead_lettered": sorted(sub_reasons) + sorted(bad_keys),
        }
    )
