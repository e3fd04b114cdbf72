"""Composition root: builds adapters, handlers and the worker once, and wires the FastAPI app."""

from __future__ import annotations

import inspect
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
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
from livinglab_contracts import MATCHES_TOPIC, REGISTRY_TOPICS, dead_letter_topic

from notifications import metrics, topics
from notifications.adapters.email_sender import SmtpEmailSender
from notifications.adapters.followers import LedgerFollower, follow_subscriptions
from notifications.adapters.kafka_writer import KafkaWriter
from notifications.adapters.ledger_sync import LedgerSync
from notifications.adapters.webhook_sender import HttpWebhookSender, SystemResolver
from notifications.app_state import Notifications
from notifications.config import Settings
from notifications.domain.ledger_view import LedgerView
from notifications.domain.retry_policy import RetryPolicy
from notifications.domain.secret_box import SecretBox
from notifications.domain.subscriptions import SubscriptionBook
from notifications.entrypoints import delivery_routes, feed_routes, subscription_routes
from notifications.entrypoints.consumer import MatchConsumer
from notifications.entrypoints.reminder_consumer import ReminderConsumer
from notifications.runtime import Runtime
from notifications.service_layer.announcer import Announcer
from notifications.service_layer.delivery import DeliveryConfig, DeliveryRunner
from notifications.service_layer.digests import DigestConfig, DigestSender
from notifications.service_layer.dispatcher import Dispatcher
from notifications.service_layer.feed import FeedHub
from notifications.service_layer.ports import WriteUnavailable
from notifications.service_layer.subscriptions import SubscriptionService
from notifications.service_layer.validation import WebhookValidator

RETRY_AFTER_S = 2
DESCRIPTION = """
Subscribe to the matches the Livinglab network proposes, by region, theme, initiative or partner,
match kind and score. Every change (proposed, updated, withdrawn) is announced once per
subscription: a webhook signed by Standard Webhooks (sent once the endpoint has agreed in the
CloudEvents validation handshake), an e-mail in Dutch or English, and the live feed (`/v1/feed`).
Authenticate with `Authorization: Bearer <API key>` or `X-API-Key` (coordinator or partner system).
"""


def build(
    settings: Settings, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> tuple[Notifications, Runtime]:
    """`clock` drives the daily digests (tests move it to the next morning)."""
    bootstrap, prefix = settings.kafka_bootstrap_servers, settings.topic_prefix
    ledger_topic = prefix + topics.DELIVERIES_TOPIC
    keys, book, ledger = (
        KeyRing(settings.key_pepper.get_secret_value()),
        SubscriptionBook(),
        LedgerView(),
    )
    writer, resolver = KafkaWriter(bootstrap), SystemResolver()
    secrets = SecretBox(settings.webhook_secret_keys())
    feed = FeedHub(settings.feed_history, settings.feed_queue)
    webhooks = HttpWebhookSender(
        settings.webhook_timeout_s,
        settings.max_concurrent_deliveries,
        resolver=resolver,
        allow_private=settings.allow_private_webhooks,
    )
    emails = SmtpEmailSender(
        settings.smtp_host,
        settings.smtp_port,
        settings.smtp_from,
        settings.smtp_timeout_s,
        settings.smtp_username,
        settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        settings.smtp_start_tls,
    )
    config = DeliveryConfig(
        policy=RetryPolicy(settings.max_attempts, settings.backoff_base_s, settings.backoff_max_s),
        ledger_topic=ledger_topic,
        dead_letter_topic=prefix + topics.NOTIFICATIONS_DLQ,
        allow_private_webhooks=settings.allow_private_webhooks,
        max_concurrent=settings.max_concurrent_deliveries,
        webhook_origin=settings.webhook_origin,
    )
    subscriptions = SubscriptionService(
        book,
        writer,
        prefix + topics.SUBSCRIPTIONS_TOPIC,
        secrets,
        resolver,
        settings.allow_private_webhooks,
        settings.max_subscriptions_per_owner,
        on_webhook_pending=lambda subscription_id: validator.request(subscription_id),
    )
    validator = WebhookValidator(
        book,
        subscriptions,
        webhooks,
        resolver,
        origin=config.webhook_origin,
        policy=config.policy,
        allow_private_webhooks=settings.allow_private_webhooks,
    )
    book.on_change(validator.changed)
    dispatcher = Dispatcher(
        lambda delivery_id: runner.run(delivery_id), settings.lanes_per_subscription
    )
    runner = DeliveryRunner(
        config,
        book,
        ledger,
        writer,
        webhooks,
        emails,
        resolver,
        owns=dispatcher.owns,
        gate=validator,
    )
    announcer = Announcer(
        book, ledger, writer, dispatcher, feed, ledger_topic, prefix + topics.MATCHES_DLQ
    )
    digests = DigestSender(
        DigestConfig(
            config.policy,
            ledger_topic,
            config.dead_letter_topic,
            settings.match_link_template,
        ),
        book,
        ledger,
        writer,
        emails,
        owns=dispatcher.owns,
        clock=clock,
    )
    # Freshness reminders from the registry topics, delivered once (reminder_consumer.py).
    reminder_dispatcher = Dispatcher(
        lambda delivery_id: reminder_runner.run(delivery_id), settings.lanes_per_subscription
    )
    reminder_runner = DeliveryRunner(
        config,
        book,
        ledger,
        writer,
        webhooks,
        emails,
        resolver,
        owns=reminder_dispatcher.owns,
        gate=validator,
    )
    reminders = ReminderConsumer(
        bootstrap,
        [prefix + topic for topic in REGISTRY_TOPICS],
        prefix + settings.consumer_group + "-reminders",
        book,
        ledger,
        writer,
        ledger_topic,
        reminder_dispatcher,
    )
    ledger_follower = LedgerFollower(
        bootstrap, ledger_topic, ledger, lambda entry: announcer.hand_out([entry])
    )
    consumer = MatchConsumer(
        bootstrap,
        prefix + MATCHES_TOPIC,
        prefix + settings.consumer_group,
        announcer,
        dispatcher,
        ledger,
        LedgerSync(bootstrap, ledger_follower),
    )
    followers = [
        follow_keys(bootstrap, prefix + API_KEYS_TOPIC, keys),
        follow_subscriptions(
            bootstrap,
            prefix + topics.SUBSCRIPTIONS_TOPIC,
            book,
            secrets,
            dead_letter_topic(prefix + topics.SUBSCRIPTIONS_TOPIC),
        ),
    ]
    metrics.IN_PROGRESS.set_function(lambda: dispatcher.in_progress)
    metrics.FEED_CONNECTIONS.set_function(lambda: feed.connection_count)
    notifications = Notifications(
        settings, keys, subscriptions, ledger, feed, RateLimiter(settings.rate_limit_per_minute)
    )
    return notifications, Runtime(
        writer,
        followers,
        ledger_follower,
        consumer,
        dispatcher,
        webhooks,
        validator,
        digests,
        settings.digest_check_interval_s,
        reminders=reminders,
    )


def create_app(
    settings: Settings | None = None, built: tuple[Notifications, Runtime | None] | None = None
) -> FastAPI:
    """`built` lets tests pass in-memory parts; the runtime is then usually None."""
    settings = settings or Settings()
    configure_logging(settings.log_level)
    # httpx logs every request URL at INFO; webhook URLs may carry tokens in their path.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    tracer_provider = configure_tracing("livinglab-notifications")
    notifications, runtime = built or build(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if runtime is not None:
            runtime.start()
        yield
        if runtime is not None:
            await runtime.stop()

    app = FastAPI(
        title="Livinglab Notifications",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        # Server spans only when OTEL_TRACES_EXPORTER asks for them (livinglab_common.tracing).
        telemetry=fastapi_telemetry(tracer_provider),
    )
    app.state.notifications = notifications
    install_error_handlers(app)
    _install_refusals(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    # Outermost, so requests the body limit refuses are counted too.
    app.add_middleware(RequestMetrics)
    checks = {"kafka": runtime.kafka_problem, "state": runtime.state_problem} if runtime else {}
    app.include_router(health_router(checks))
    app.include_router(subscription_routes.router)
    app.include_router(delivery_routes.router)
    app.include_router(feed_routes.router)
    return app


def _install_refusals(app: FastAPI) -> None:
    fallback = app.exception_handlers[RequestValidationError]

    @app.exception_handler(RequestValidationError)
    async def _malformed_json(request: Request, error: RequestValidationError) -> JSONResponse:
        broken = [e for e in error.errors() if e.get("type") == "json_invalid"]
        if broken:
            message = f"body is not valid JSON: {broken[0].get('ctx', {}).get('error', 'invalid')}"
            return error_json(400, "malformed_json", message)
        response = fallback(request, error)
        if inspect.isawaitable(response):
            response = await response
        assert isinstance(response, JSONResponse)
        return response

    @app.exception_handler(WriteUnavailable)
    async def _kafka_down(_: Request, error: WriteUnavailable) -> JSONResponse:
        return error_json(
            503,
            "kafka_unavailable",
            "could not store this durably in Kafka right now; nothing was changed, retry later",
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )
