"""Composition root: builds the matching worker and the coordinator API once and wires them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import faust
from aiokafka.errors import KafkaError
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from livinglab_common.errors import error_json, install_error_handlers
from livinglab_common.health import health_router
from livinglab_common.http_metrics import RequestMetrics
from livinglab_common.keyring_follower import follow_keys
from livinglab_common.keys import API_KEYS_TOPIC, KeyRing
from livinglab_common.limits import BodySizeLimit
from livinglab_common.logs import configure_logging
from livinglab_common.ratelimit import RateLimiter
from livinglab_common.tracing import configure_tracing, fastapi_telemetry
from livinglab_contracts import FEEDBACK_TOPIC, MATCHES_TOPIC, REGISTRY_TOPICS
from neo4j import AsyncDriver, AsyncGraphDatabase, NotificationDisabledCategory
from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError
from tenacity import AsyncRetrying, wait_exponential_jitter

from matching.adapters.announced_history import AnnouncedHistory
from matching.adapters.batch_transaction import BatchTransaction
from matching.adapters.graph_reader import GraphReader
from matching.adapters.graph_writer import GraphWriter
from matching.adapters.kafka_producer import EventProducer
from matching.adapters.match_store import MatchStore
from matching.adapters.namespace_lock import NamespaceLock
from matching.adapters.queries import MatchQueries
from matching.app_state import Matching
from matching.config import Settings
from matching.domain.taxonomy import default_taxonomy
from matching.entrypoints import api, dashboard, labelling_proxy, metrics
from matching.entrypoints.worker import CONSUMED_TYPES, RETRYABLE, build_worker
from matching.service_layer.handlers import MatchingService
from matching.service_layer.rescoring import Rescorer

log = logging.getLogger(__name__)
RETRY_AFTER_S = 5
NEO4J_AWAY = (ServiceUnavailable, SessionExpired, TransientError)


def build_service(
    settings: Settings, driver: AsyncDriver, producer: EventProducer
) -> MatchingService:
    database, ns, prefix = settings.neo4j_database, settings.graph_namespace, settings.topic_prefix
    history = AnnouncedHistory(
        settings.kafka_bootstrap_servers,
        prefix + MATCHES_TOPIC,
        [prefix + t for t in (*REGISTRY_TOPICS, FEEDBACK_TOPIC)],
    )
    writer = GraphWriter(driver, database, ns)
    reader = GraphReader(driver, database, ns)
    store = MatchStore(driver, database, ns)
    return MatchingService(
        writer=writer,
        rescorer=Rescorer(
            reader,
            default_taxonomy(),
            settings.min_score,
            settings.max_proposals_per_subject,
            settings.candidate_limit,
        ),
        store=store,
        producer=producer,
        matches_topic=prefix + MATCHES_TOPIC,
        allowed_types=CONSUMED_TYPES,
        lock=NamespaceLock(driver, database, ns),
        batch=BatchTransaction(driver, database, [writer.queries, reader.queries, store.queries]),
        history=history,
        # its own reader: a batch decided ahead reads outside the transaction of the one before
        ahead_reader=GraphReader(driver, database, ns) if settings.decide_ahead else None,
        cpu=asyncio.to_thread,
    )


async def _until_ready(what: str, step: object) -> None:
    async for attempt in AsyncRetrying(wait=wait_exponential_jitter(initial=0.5, max=10)):
        with attempt:
            try:
                await step()  # type: ignore[operator]
            except RETRYABLE as error:
                log.warning("%s not ready yet: %r", what, error)
                raise


def _report_failed_start(task: asyncio.Task[None]) -> None:
    # Otherwise a start-up that failed only shows as /ready answering 503 for ever.
    if not task.cancelled() and (error := task.exception()) is not None:
        log.critical("matching did not start: %r", error, exc_info=error)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    configure_logging(settings.log_level)
    tracer_provider = configure_tracing("livinglab-matching")
    prefix = settings.topic_prefix
    driver = AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        # Fail fast when Neo4j is away: coordinators get a 503 in seconds, and the worker has
        # its own backoff (handle_with_retry), so the driver's default 30 s of retries only
        # held requests and batches.
        connection_timeout=5.0,
        connection_acquisition_timeout=10.0,
        max_transaction_retry_time=5.0,
        # "property key not in the database yet" (e.g. feedback before any decision) is
        # expected here; logged per query it drowned the logs under load (issue 15)
        notifications_disabled_categories=[NotificationDisabledCategory.UNRECOGNIZED],
    )
    producer = EventProducer(settings.kafka_bootstrap_servers)
    ring = KeyRing(settings.key_pepper.get_secret_value())
    keys_follower = follow_keys(settings.kafka_bootstrap_servers, prefix + API_KEYS_TOPIC, ring)
    matching = Matching(
        settings=settings,
        driver=driver,
        keys=ring,
        producer=producer,
        queries=MatchQueries(driver, settings.neo4j_database, settings.graph_namespace),
        feedback_topic=prefix + FEEDBACK_TOPIC,
        followers=[keys_follower],
        rate_limiter=RateLimiter(settings.rate_limit_per_minute),
    )
    service = build_service(settings, driver, producer)
    if settings.run_worker:
        matching.progress = service.progress
        matching.service = service
        metrics.watch_announcing(service.progress)
    worker: faust.App | None = None

    async def start() -> None:
        nonlocal worker
        await _until_ready("neo4j", service._writer.ensure_schema)
        await _until_ready("kafka", producer.start)
        await _until_ready("outbox", service.flush_outbox)
        if settings.run_worker:
            await _until_ready("rebuild", service.prepare)
            topics = [prefix + t for t in (*REGISTRY_TOPICS, FEEDBACK_TOPIC)]
            worker = build_worker(
                prefix + settings.consumer_group,
                settings.kafka_bootstrap_servers,
                topics,
                service,
                settings.batch_size,
                settings.batch_window_s,
                settings.state_dir,
            )
            await worker.start()
        matching.started = True
        log.info(
            "matching ready (namespace %s, worker %s)",
            settings.graph_namespace,
            settings.run_worker,
        )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        keys_follower.start()
        starting = asyncio.create_task(start(), name="matching-start")
        starting.add_done_callback(_report_failed_start)
        yield
        starting.cancel()
        await asyncio.gather(starting, return_exceptions=True)
        if worker is not None:
            await worker.stop()
        await service.close()
        await keys_follower.stop()
        await producer.stop()
        await driver.close()

    app = FastAPI(
        title="Livinglab Matching",
        version="1.0.0",
        lifespan=lifespan,
        description="Explainable collaboration matches for coordinators, and the network graph.",
        # Server spans only when OTEL_TRACES_EXPORTER asks for them (livinglab_common.tracing).
        telemetry=fastapi_telemetry(tracer_provider),
    )
    app.state.matching = matching
    install_error_handlers(app)

    # A server that is away is the client's cue to come back, not a bug: 503, never a 500.
    @app.exception_handler(KafkaError)
    async def _kafka_down(_: Request, error: KafkaError) -> JSONResponse:
        log.warning("kafka unavailable for a request: %r", error)
        return error_json(
            503,
            "kafka_unavailable",
            "could not store this durably in Kafka right now; nothing was changed, retry later",
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )

    async def _neo4j_down(_: Request, error: Exception) -> JSONResponse:
        log.warning("neo4j unavailable for a request: %r", error)
        return error_json(
            503,
            "neo4j_unavailable",
            "the graph database cannot be reached right now; retry later",
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )

    for away in NEO4J_AWAY:
        app.add_exception_handler(away, _neo4j_down)
    app.add_middleware(BodySizeLimit, max_bytes=65_536)
    # Outermost, so requests the body limit refuses are counted too.
    app.add_middleware(RequestMetrics)

    async def neo4j_problem() -> str | None:
        try:
            await asyncio.wait_for(driver.verify_connectivity(), 3)
        except Exception as error:
            return f"neo4j unreachable: {error!r}"
        return None

    async def worker_problem() -> str | None:
        if not matching.started:
            return "starting: schema, kafka producer and worker not up yet"
        if not keys_follower.caught_up.is_set():
            return "still reading API keys"
        return None

    app.include_router(health_router({"neo4j": neo4j_problem, "worker": worker_problem}))
    app.include_router(api.router)
    # Before the dashboard's files: its catch-all would answer /dashboard/labelling/... as a file.
    app.include_router(labelling_proxy.build_router(settings.registry_url))
    app.include_router(dashboard.build_router(settings.dashboard_dir, settings.notifications_url))
    return app
