"""DeliveryRunner with fakes: signed posts (Standard Webhooks), retries in the ledger, the DLQ."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from notifications.domain.handshake import HandshakeAnswer
from notifications.domain.ledger import AttemptOutcome, DeliveryRecord, DeliveryStatus
from notifications.domain.ledger_view import LedgerView
from notifications.domain.planning import plan
from notifications.domain.retry_policy import RetryPolicy
from notifications.domain.secret_box import SecretBox
from notifications.domain.signing import ID_HEADER
from notifications.domain.subscriptions import (
    Channel,
    Language,
    Subscription,
    SubscriptionBook,
    WebhookStatus,
)
from notifications.service_layer.delivery import DeliveryConfig, DeliveryRunner
from notifications.service_layer.subscriptions import SubscriptionService
from notifications.service_layer.validation import WebhookValidator
from standardwebhooks.webhooks import Webhook

from tests.unit.notifications.builders import NOW, SECRET, change, subscription
from tests.unit.notifications.fakes import (
    GONE,
    OK,
    UNAVAILABLE,
    FakeResolver,
    InMemoryWriter,
    RecordingEmailSender,
    RecordingWebhookSender,
)

ORIGIN = "notifications.unit.example"
CONFIG = DeliveryConfig(RetryPolicy(3, 0.0, 0.0), "ledger", "dlq", False, 4, ORIGIN)


@dataclass
class Rig:
    runner: DeliveryRunner
    ledger: LedgerView
    book: SubscriptionBook
    writer: InMemoryWriter
    webhooks: RecordingWebhookSender
    emails: RecordingEmailSender

    def announce(self, sub: Subscription, channel: Channel = Channel.WEBHOOK) -> DeliveryRecord:
        self.book.apply(sub.subscription_id, sub)
        records = plan(change(), [sub], self.ledger, 0, NOW)
        for record in records:
            self.ledger.apply(record)
        return next(r for r in records if r.channel is channel)

    def stored(self, record: DeliveryRecord) -> DeliveryRecord:
        found = self.ledger.get(record.delivery_id)
        assert found is not None
        return found


def rig(*script: object, writer_failures: int = 0) -> Rig:
    ledger, book = LedgerView(), SubscriptionBook()
    writer = InMemoryWriter(writer_failures)
    webhooks = RecordingWebhookSender(list(script) or [OK])  # type: ignore[arg-type]
    emails = RecordingEmailSender()
    resolver = FakeResolver({"hooks.example.org": ["93.184.215.14"]})

    async def no_wait(_: float) -> None:
        return None

    # The real validator, with the fake sender's scripted handshake answers.
    subscriptions = SubscriptionService(
        book, writer, "subs", SecretBox(["unit-key"]), resolver, False, 10
    )
    validator = WebhookValidator(
        book,
        subscriptions,
        webhooks,
        resolver,
        origin=CONFIG.webhook_origin,
        policy=CONFIG.policy,
        allow_private_webhooks=False,
        sleep=no_wait,
    )
    book.on_change(validator.changed)
    runner = DeliveryRunner(
        CONFIG,
        book,
        ledger,
        writer,
        webhooks,
        emails,
        resolver,
        lambda _: True,
        gate=validator,
        sleep=no_wait,
    )
    return Rig(runner, ledger, book, writer, webhooks, emails)


async def test_a_webhook_is_signed_over_the_exact_body_and_recorded_as_delivered() -> None:
    r = rig(OK)
    record = r.announce(subscription())
    await r.runner.run(record.delivery_id)
    [posted] = r.webhooks.posted
    # Verified by the Standard Webhooks reference library, which also parses the body.
    event = Webhook(SECRET).verify(posted.body, posted.headers)
    assert posted.headers[ID_HEADER] == record.delivery_id
    assert posted.headers["WebHook-Request-Origin"] == ORIGIN  # as in the handshake
    assert event["type"] == "nl.livinglab.match.proposed.v1"
    stored = r.stored(record)
    assert stored.status is DeliveryStatus.DELIVERED and len(stored.attempts) == 1
    assert len(r.writer.topics["ledger"]) == 1  # one write on the happy path


async def test_failures_are_retried_with_every_attempt_in_the_ledger() -> None:
    r = rig(UNAVAILABLE, UNAVAILABLE, OK)
    record = r.announce(subscription())
    await r.runner.run(record.delivery_id)
    stored = r.stored(record)
    assert stored.status is DeliveryStatus.DELIVERED
    assert [a.outcome for a in stored.attempts] == [
        AttemptOutcome.RETRYABLE,
        AttemptOutcome.RETRYABLE,
        AttemptOutcome.DELIVERED,
    ]
    assert {p.headers[ID_HEADER] for p in r.webhooks.posted} == {record.delivery_id}


async def test_a_receiver_that_never_recovers_ends_in_the_dlq_with_the_reason() -> None:
    r = rig(UNAVAILABLE)
    record = r.announce(subscription())
    await r.runner.run(record.delivery_id)
    assert len(r.webhooks.posted) == 3
    stored = r.stored(record)
    assert stored.status is DeliveryStatus.FAILED and "after 3 attempts" in stored.reason
    [dead] = r.writer.topics["dlq"]
    body = json.loads(dead.value or b"")
    assert body["reason"] == stored.reason and len(body["attempts"]) == 3
    assert body["event"]["data"]["match_id"] == record.match_id
    assert dict(dead.headers)["x-dlq-reason"].decode() == stored.reason


async def test_a_permanent_refusal_is_not_retried() -> None:
    r = rig(GONE)
    record = r.announce(subscription())
    await r.runner.run(record.delivery_id)
    assert len(r.webhooks.posted) == 1
    assert r.stored(record).status is DeliveryStatus.FAILED


async def test_a_url_that_now_resolves_privately_is_refused_before_any_request() -> None:
    r = rig(OK)
    sub = subscription()
    r.runner._resolver = FakeResolver({"hooks.example.org": ["10.0.0.5"]})  # DNS rebinding
    record = r.announce(sub)
    await r.runner.run(record.delivery_id)
    assert r.webhooks.posted == []
    assert "private_address" in r.stored(record).reason


async def test_email_goes_out_in_the_subscription_language_with_a_stable_message_id() -> None:
    r = rig()
    record = r.announce(subscription(webhook=False, email=Language.EN), Channel.EMAIL)
    await r.runner.run(record.delivery_id)
    [(to, text, message_id)] = r.emails.sent
    assert to == "c@example.org" and text.subject.startswith("New match")
    assert message_id == f"<{record.delivery_id}@livinglab>"


async def test_deleting_the_subscription_cancels_what_is_still_pending() -> None:
    r = rig(OK)
    record = r.announce(subscription())
    r.book.apply(record.subscription_id, None)
    await r.runner.run(record.delivery_id)
    assert r.webhooks.posted == []
    assert r.stored(record).status is DeliveryStatus.CANCELLED


async def test_ledger_writes_are_retried_until_kafka_takes_them() -> None:
    r = rig(OK, writer_failures=2)
    record = r.announce(subscription())
    await r.runner.run(record.delivery_id)
    assert len(r.writer.topics["ledger"]) == 1


async def test_a_delivery_for_a_pending_webhook_waits_for_the_handshake_then_goes_out() -> None:
    r = rig(OK)
    r.webhooks.hold = asyncio.Event()
    record = r.announce(subscription(webhook_status=WebhookStatus.PENDING_VALIDATION))
    running = asyncio.create_task(r.runner.run(record.delivery_id))
    await r.webhooks.was_asked.wait()
    # The endpoint is being asked: nothing is posted, nothing attempted, still pending.
    assert r.webhooks.posted == [] and r.stored(record).attempts == ()
    [asked] = r.webhooks.asked
    assert asked.headers == {"WebHook-Request-Origin": ORIGIN}
    r.webhooks.hold.set()
    await running
    assert len(r.webhooks.posted) == 1
    assert r.stored(record).status is DeliveryStatus.DELIVERED
    sub = r.book.get(record.subscription_id)
    assert sub is not None and sub.webhook is not None
    assert sub.webhook.status is WebhookStatus.ACTIVE


async def test_a_refused_handshake_cancels_the_delivery_without_a_request() -> None:
    r = rig(OK)
    r.webhooks.answers = [HandshakeAnswer(405, None, "HTTP 405")]
    record = r.announce(subscription(webhook_status=WebhookStatus.PENDING_VALIDATION))
    await r.runner.run(record.delivery_id)
    assert r.webhooks.posted == []
    stored = r.stored(record)
    assert stored.status is DeliveryStatus.CANCELLED and stored.attempts == ()
    assert stored.reason.startswith("webhook_refused:") and "HTTP 405" in stored.reason


async def test_e_mail_of_a_subscription_with_a_pending_webhook_does_not_wait() -> None:
    r = rig(OK)
    r.webhooks.hold = asyncio.Event()  # never set: the endpoint never answers
    sub = subscription(email=Language.EN, webhook_status=WebhookStatus.PENDING_VALIDATION)
    record = r.announce(sub, Channel.EMAIL)
    await r.runner.run(record.delivery_id)
    assert r.stored(record).status is DeliveryStatus.DELIVERED and len(r.emails.sent) == 1
