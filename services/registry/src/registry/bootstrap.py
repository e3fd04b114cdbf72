"""Composition root: builds the registry's adapters and handlers once and wires the FastAPI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from livinglab_common.errors import error_json, install_error_handlers
from livinglab_common.follower import TopicFollower
from livinglab_common.health import health_router
from livinglab_common.http_metrics import RequestMetrics
from livinglab_common.keyring_follower import follow_keys
from livinglab_common.keys import API_KEYS_TOPIC, KeyRing
from livinglab_common.limits import BodySizeLimit
from livinglab_common.logs import configure_logging
from livinglab_common.ratelimit import RateLimiter
from livinglab_common.tracing import configure_tracing, fastapi_telemetry
from livinglab_contracts import dead_letter_topic
from livinglab_contracts.labelling import LABELLING_TOPIC, labelling_criteria

from registry.adapters.admission_lease import AdmissionLease, catch_up_to_log_end
from registry.adapters.kafka_publisher import KafkaPublisher, PublishUnavailable
from registry.adapters.peers import PeerClient
from registry.adapters.view_follower import (
    ReadProgress,
    follow_registry_topics,
    registry_topics,
)
from registry.app_state import Registry
from registry.config import Settings
from registry.domain.freshness import FreshnessPolicy
from registry.domain.screening import EventRules
from registry.domain.view import RegistryView
from registry.entrypoints import (
    admin_routes,
    consent_routes,
    event_routes,
    export_routes,
    labelling_routes,
    murmurations_routes,
    read_routes,
    schema_routes,
)
from registry.entrypoints.forwarding import ForwardWrites, peer_proof
from registry.entrypoints.openapi import install_event_schemas
from registry.service_layer.freshness import FreshnessSweeper
from registry.service_layer.keys import KeyService
from registry.service_layer.label_awards import LabelAwarder
from registry.service_layer.labelling import LabellingDesk
from registry.service_layer.submission import RETRY_AFTER_S, Submission

DESCRIPTION = """
Partner systems post CloudEvents about initiatives, partners, needs and offers; every accepted
event is durably in Kafka before the answer is sent. Coordinators read the current register.
Authenticate with `Authorization: Bearer <API key>` or `X-API-Key`.
"""


def event_rules(settings: Settings) -> EventRules:
    return EventRules(
        earliest_time=settings.earliest_event_time,
        max_ahead=timedelta(seconds=settings.max_event_time_ahead_s),
        max_event_bytes=settings.max_body_bytes,
        secret_literals=(settings.admin_token.get_secret_value(),),
    )


LABEL_AWARD_INTERVAL_S = 0.5  # how often the admitter looks for decisions to write as labels


def build_registry(settings: Settings) -> Registry:
    ring = KeyRing(settings.key_pepper.get_secret_value())
    publisher = KafkaPublisher(settings.kafka_bootstrap_servers, settings.publish_timeout_s)
    view = RegistryView()
    keys_topic = settings.topic_prefix + API_KEYS_TOPIC
    progress: ReadProgress = {}
    view_follower = follow_registry_topics(
        settings.kafka_bootstrap_servers, settings.topic_prefix, view, progress
    )
    # The registry writes the key topic, so it is the one that dead-letters a bad record there.
    keys_follower = follow_keys(
        settings.kafka_bootstrap_servers, keys_topic, ring, dead_letter_topic(keys_topic)
    )
    labelling_topic = settings.topic_prefix + LABELLING_TOPIC
    labelling = LabellingDesk(labelling_criteria(), publisher, labelling_topic)
    # The labelling read model is a projection of its own topic, rebuilt from it at start-up.
    labelling_follower = TopicFollower(
        settings.kafka_bootstrap_servers,
        [labelling_topic],
        labelling.apply_record,
        name="labelling",
    )
    followers = [keys_follower, view_follower, labelling_follower]
    submission = Submission(
        view,
        publisher,
        settings.topic_prefix,
        view_follower.caught_up,
        event_rules(settings),
        may_admit=lambda: lease.may_admit(),
    )

    async def read_topics_to_end() -> None:
        # The labelling topic too: the admitter checks labelling steps against its read model.
        await catch_up_to_log_end(
            settings.kafka_bootstrap_servers,
            [
                (registry_topics(settings.topic_prefix), progress),
                ([labelling_topic], labelling.progress),
            ],
        )

    # Long enough for the producer to give up on what it still holds (its request timeout).
    drain_timeout_s = settings.publish_timeout_s + 1.0

    async def drain() -> None:
        await submission.drain(drain_timeout_s)

    lease = AdmissionLease(
        settings.kafka_bootstrap_servers,
        settings.topic_prefix,
        settings.own_url,
        publisher,
        read_topics_to_end,
        drain,
        settings.lease_session_timeout_ms,
        rebalance_timeout_ms=int(drain_timeout_s * 1000) + settings.lease_session_timeout_ms,
    )
    # Only the admitting instance sweeps, and only once its view has read the topics.
    freshness = FreshnessSweeper(
        view,
        publisher,
        ring,
        settings.topic_prefix,
        FreshnessPolicy(
            period=timedelta(seconds=settings.freshness_period_s),
            lead=timedelta(seconds=settings.freshness_reminder_lead_s),
            counts_from=settings.freshness_counts_from,
        ),
        settings.freshness_sweep_interval_s,
        may_sweep=lambda: lease.may_admit() and view_follower.caught_up.is_set(),
    )
    # Labels reach the partners topic the same way: the admitting instance, once it has read
    # the registry topics and the labelling topic, writes each admitting decision once.
    label_awards = LabelAwarder(
        view,
        labelling.book,
        publisher,
        settings.topic_prefix,
        LABEL_AWARD_INTERVAL_S,
        may_award=lambda: (
            lease.may_admit()
            and view_follower.caught_up.is_set()
            and labelling_follower.caught_up.is_set()
        ),
    )
    return Registry(
        settings=settings,
        publisher=publisher,
        keys=ring,
        key_service=KeyService(ring, publisher, keys_topic, settings.key_pepper.get_secret_value()),
        view=view,
        submission=submission,
        rate_limiter=RateLimiter(settings.rate_limit_per_minute),
        auth_failures=RateLimiter(settings.auth_failures_per_minute),
        followers=followers,
        lease=lease,
        peers=PeerClient(settings.forward_timeout_s),
        view_progress=progress,
        labelling=labelling,
        freshness=freshness,
        label_awards=label_awards,
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    tracer_provider = configure_tracing("livinglab-registry")
    registry = build_registry(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        registry.publisher.start()
        for follower in registry.followers:
            follower.start()
        registry.lease.start()
        registry.freshness.start()
        registry.label_awards.start()
        yield
        await registry.label_awards.stop()
        await registry.freshness.stop()
        await registry.lease.stop()  # first: it drains what this instance still sends
        await registry.peers.stop()
        for follower in registry.followers:
            await follower.stop()
        await registry.publisher.stop()

    app = FastAPI(
        title="Livinglab Registry",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        # Server spans only when OTEL_TRACES_EXPORTER asks for them (livinglab_common.tracing).
        telemetry=fastapi_telemetry(tracer_provider),
    )
    app.state.registry = registry
    install_error_handlers(app)

    @app.exception_handler(PublishUnavailable)
    async def _kafka_down(_: Request, error: PublishUnavailable) -> JSONResponse:
        return error_json(
            503,
            "kafka_unavailable",
            "could not store this durably in Kafka right now; nothing was changed, retry later",
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )

    # Inside the body limit, so a write passed on to the admitting instance was measured here.
    app.add_middleware(
        ForwardWrites,
        lease=registry.lease,
        peers=registry.peers,
        proof=peer_proof(settings.key_pepper.get_secret_value()),
        wait_for_admitter_s=settings.wait_for_admitter_s,
        progress=registry.view_progress,
    )
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        per_path={"/v1/events:batch": settings.max_batch_body_bytes},
    )
    # Outermost, so requests the body limit refuses are counted too.
    app.add_middleware(RequestMetrics)

    async def kafka_problem() -> str | None:
        return await registry.publisher.problem()

    async def view_problem() -> str | None:
        waiting = [f.name for f in registry.followers if not f.caught_up.is_set()]
        return f"still reading {', '.join(waiting)} from Kafka" if waiting else None

    app.include_router(
        health_router(
            {"kafka": kafka_problem, "state": view_problem, "admission": registry.lease.problem}
        )
    )
    app.include_router(event_routes.router)
    app.include_router(read_routes.router)
    app.include_router(schema_routes.router)
    app.include_router(consent_routes.router)
    app.include_router(admin_routes.router)
    app.include_router(export_routes.router)
    app.include_router(labelling_routes.router)
    app.include_router(murmurations_routes.router)
    install_event_schemas(app)
    return app
