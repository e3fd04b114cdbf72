"""One trace from a partner system's POST to the webhook (issue 18): three real processes with
tracing turned on only by the standard OTEL_* variables, exporting OTLP to an in-memory receiver.
The partner's request carries a W3C `traceparent`; every span the event causes, in every
service, is in that trace, and so is the `traceparent` the webhook receiver gets."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import orjson
import pytest

from scripts.create_topics import create_all
from tests.e2e.conftest import issue_key
from tests.integration.notifications.conftest import eventually
from tests.integration.notifications.receivers import WebhookReceiver
from tests.support.events import hub_and_province, unique
from tests.support.otlp_receiver import ExportedSpan, OtlpReceiver
from tests.support.processes import ServiceProcess
from tests.support.system import stack_env

pytestmark = pytest.mark.e2e
SOURCE = "/systems/e2e-traced"
SERVER, CLIENT, PRODUCER, CONSUMER = 2, 3, 4, 5  # OTLP SpanKind values


@dataclass(frozen=True)
class TracedStack:
    registry: ServiceProcess
    matching: ServiceProcess
    notifications: ServiceProcess
    otlp: OtlpReceiver
    partner_key: str
    coordinator_key: str


@pytest.fixture(scope="module")
def traced(topic_prefix: str, graph_namespace: str, kafka_bootstrap: str) -> Iterator[TracedStack]:
    prefix = f"{topic_prefix}traced."
    asyncio.run(create_all(kafka_bootstrap, prefix))
    otlp = OtlpReceiver().start()
    env = stack_env(
        prefix,
        f"{graph_namespace}-traced",
        kafka_bootstrap,
        NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS="true",  # the receiver listens on loopback
        # Tracing on by the standard variables only; spans leave every 100 ms.
        OTEL_TRACES_EXPORTER="otlp",
        OTEL_EXPORTER_OTLP_ENDPOINT=otlp.endpoint,
        OTEL_BSP_SCHEDULE_DELAY="100",
    )
    started: list[ServiceProcess] = []
    try:
        for module in ("registry", "matching", "notifications"):
            started.append(ServiceProcess(module, env, name=f"{module}-traced").start())
        registry, matching, notifications = started
        partner = issue_key(registry.url, {"system": "e2e-traced", "sources": [SOURCE]})
        coordinator = issue_key(registry.url, {"system": "e2e-tracer", "role": "coordinator"})
        yield TracedStack(registry, matching, notifications, otlp, partner, coordinator)
    finally:
        for service in reversed(started):
            service.stop()
        otlp.stop()


def names(spans: list[ExportedSpan], service: str, kind: int) -> list[str]:
    return [s.name for s in spans if s.service == service and s.kind == kind]


async def subscribe(traced: TracedStack, hub: str, hook: str) -> None:
    """A webhook subscription to matches about `hub`, validated."""
    async with httpx.AsyncClient(
        base_url=traced.notifications.url,
        headers={"X-API-Key": traced.coordinator_key},
        timeout=30,
    ) as notifications:
        created = await notifications.post(
            "/v1/subscriptions",
            json={"name": "traced", "filters": {"subject_ids": [hub]}, "webhook": {"url": hook}},
        )
        assert created.status_code == 201, created.text
        subscription = created.json()["subscription_id"]

        async def active() -> bool:
            found = await notifications.get(f"/v1/subscriptions/{subscription}")
            return bool(found.json()["webhook"]["status"] == "active")

        await eventually(active, "the webhook validated")


async def test_one_trace_from_the_partners_post_to_the_webhook(
    traced: TracedStack, receiver: WebhookReceiver
) -> None:
    hub, province = unique("i-hub"), unique("p-province")
    hook = receiver.hook()
    await subscribe(traced, hub, hook)
    trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
    events = hub_and_province(hub, province, source=SOURCE)
    async with httpx.AsyncClient(base_url=traced.registry.url, timeout=30) as registry:
        posted = await registry.post(
            "/v1/events:batch",
            json=events,
            headers={
                "X-API-Key": traced.partner_key,
                "traceparent": f"00-{trace_id}-{parent_id}-01",
            },
        )
    assert posted.status_code == 200 and posted.json()["accepted"] == 2, posted.text

    [delivered] = await receiver.wait_for(hook, 1)
    assert delivered.headers["traceparent"].split("-")[1] == trace_id
    # The events carried no traceparent: the registry stamped them with its span's context, and
    # the match event carries matching's batch span (CloudEvents distributed tracing).
    assert orjson.loads(delivered.body)["traceparent"].split("-")[1] == trace_id

    def whole_trace() -> list[ExportedSpan] | None:
        # Each service exports on its own schedule: wait for the last span of each.
        spans = traced.otlp.in_trace(trace_id)
        done = (
            names(spans, "livinglab-notifications", CLIENT)
            and "matching batch" in names(spans, "livinglab-matching", CONSUMER)
            and names(spans, "livinglab-matching", PRODUCER)
            and names(spans, "livinglab-registry", PRODUCER)
        )
        return spans if done else None

    spans = await eventually(whole_trace, "every service's spans exported", timeout_s=30)
    assert "registry event" in names(spans, "livinglab-registry", CONSUMER)
    registry_server = names(spans, "livinglab-registry", SERVER)
    assert any("/v1/events:batch" in name for name in registry_server), registry_server
    assert any(name.endswith(" send") for name in names(spans, "livinglab-registry", PRODUCER))
    assert "matching batch" in names(spans, "livinglab-matching", CONSUMER)
    matches_sent = names(spans, "livinglab-matching", PRODUCER)
    assert any("matching.matches" in name for name in matches_sent), matches_sent
    assert "notifications batch" in names(spans, "livinglab-notifications", CONSUMER)
    # The first span of the trace is a child of the partner's own span.
    [first] = [s for s in spans if s.parent_span_id == parent_id]
    assert first.service == "livinglab-registry" and first.kind == SERVER


async def test_a_producers_traceparent_attribute_is_the_trace_of_every_service(
    traced: TracedStack, receiver: WebhookReceiver
) -> None:
    """The producer's context travels inside the events (structured mode, a `traceparent`
    member; the HTTP requests carry none): the registry's span for each event, matching's batch
    and match event, notifications' batch and the webhook request are all in that trace."""
    hub, province = unique("i-hub"), unique("p-province")
    hook = receiver.hook()
    await subscribe(traced, hub, hook)
    trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
    traceparent = f"00-{trace_id}-{parent_id}-01"
    async with httpx.AsyncClient(base_url=traced.registry.url, timeout=30) as registry:
        for event in hub_and_province(hub, province, source=SOURCE):
            posted = await registry.post(
                "/v1/events",
                content=orjson.dumps(event | {"traceparent": traceparent}),
                headers={
                    "X-API-Key": traced.partner_key,
                    "Content-Type": "application/cloudevents+json",
                },
            )
            assert posted.status_code == 202, posted.text

    [delivered] = await receiver.wait_for(hook, 1)
    assert orjson.loads(delivered.body)["traceparent"].split("-")[1] == trace_id
    assert delivered.headers["traceparent"].split("-")[1] == trace_id

    def whole_trace() -> list[ExportedSpan] | None:
        spans = traced.otlp.in_trace(trace_id)
        done = (
            names(spans, "livinglab-notifications", CLIENT)
            and "notifications batch" in names(spans, "livinglab-notifications", CONSUMER)
            and "matching batch" in names(spans, "livinglab-matching", CONSUMER)
            and names(spans, "livinglab-matching", PRODUCER)
            and names(spans, "livinglab-registry", CONSUMER).count("registry event") == 2
        )
        return spans if done else None

    spans = await eventually(whole_trace, "every service's spans in the producer's trace", 30)
    # The registry's span for each event is a child of the producer's span, linked to the
    # request that brought it (whose trace is the HTTP request's own, not this one).
    received = [s for s in spans if s.name == "registry event"]
    assert [s.parent_span_id for s in received] == [parent_id, parent_id]
    assert all(s.linked_trace_ids and trace_id not in s.linked_trace_ids for s in received)
    assert not names(spans, "livinglab-registry", SERVER)
