"""The CloudEvents webhook validation handshake: judging answers, and the validator's loop."""

from __future__ import annotations

import asyncio

import pytest
from notifications.domain.handshake import HandshakeAnswer, Verdict, judge
from notifications.domain.retry_policy import RetryPolicy
from notifications.domain.secret_box import SecretBox
from notifications.domain.subscriptions import Subscription, SubscriptionBook, WebhookStatus
from notifications.service_layer.subscriptions import SubscriptionService
from notifications.service_layer.validation import WebhookValidator

from tests.unit.notifications.builders import subscription
from tests.unit.notifications.fakes import (
    ALLOWED,
    FakeResolver,
    InMemoryWriter,
    RecordingWebhookSender,
)

ORIGIN = "notifications.livinglab.example"


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (HandshakeAnswer(200, ORIGIN, "HTTP 200"), Verdict.ALLOWED),
        (HandshakeAnswer(200, "*", "HTTP 200"), Verdict.ALLOWED),
        (HandshakeAnswer(200, "Notifications.LivingLab.Example", "HTTP 200"), Verdict.ALLOWED),
        (HandshakeAnswer(204, "*", "HTTP 204"), Verdict.ALLOWED),
        (HandshakeAnswer(200, None, "HTTP 200"), Verdict.REFUSED),  # a plain 200 is no consent
        (HandshakeAnswer(200, "other.example", "HTTP 200"), Verdict.REFUSED),
        (HandshakeAnswer(405, None, "HTTP 405"), Verdict.REFUSED),  # POST-only endpoint
        (HandshakeAnswer(403, "*", "HTTP 403"), Verdict.REFUSED),
        (HandshakeAnswer(302, "*", "HTTP 302 (redirect not followed)"), Verdict.REFUSED),
        (HandshakeAnswer(None, None, "address refused", final=True), Verdict.REFUSED),
        (HandshakeAnswer(503, None, "HTTP 503"), Verdict.ASK_AGAIN),
        (HandshakeAnswer(429, None, "HTTP 429"), Verdict.ASK_AGAIN),
        (HandshakeAnswer(None, None, "ConnectError: refused"), Verdict.ASK_AGAIN),
    ],
)
def test_only_a_2xx_naming_the_origin_or_star_allows_deliveries(
    answer: HandshakeAnswer, verdict: Verdict
) -> None:
    assert judge(answer, ORIGIN).verdict is verdict


async def no_wait(_: float) -> None:
    return None


def validator_for(
    webhooks: RecordingWebhookSender, max_attempts: int = 3
) -> tuple[WebhookValidator, SubscriptionBook, InMemoryWriter]:
    book, writer = SubscriptionBook(), InMemoryWriter()
    resolver = FakeResolver({"hooks.example.org": ["93.184.215.14"]})
    service = SubscriptionService(book, writer, "subs", SecretBox(["unit-key"]), resolver, False, 9)
    validator = WebhookValidator(
        book,
        service,
        webhooks,
        resolver,
        origin=ORIGIN,
        policy=RetryPolicy(max_attempts, 0.0, 0.0),
        allow_private_webhooks=False,
        sleep=no_wait,
    )
    book.on_change(validator.changed)
    return validator, book, writer


async def test_an_endpoint_that_answers_after_two_failures_becomes_active_and_is_stored() -> None:
    unavailable = HandshakeAnswer(503, None, "HTTP 503")
    webhooks = RecordingWebhookSender(answers=[unavailable, unavailable, ALLOWED])
    validator, book, writer = validator_for(webhooks)
    sub = subscription(webhook_status=WebhookStatus.PENDING_VALIDATION)
    book.apply(sub.subscription_id, sub)
    await validator.settled(sub.subscription_id)
    settled = book.get(sub.subscription_id)
    assert settled is not None and settled.webhook is not None
    assert settled.webhook.status is WebhookStatus.ACTIVE and settled.webhook.status_at
    assert len(webhooks.asked) == 3
    [stored] = writer.topics["subs"]  # one write, the settled record
    assert stored.key == sub.subscription_id.encode() and b'"active"' in (stored.value or b"")


async def test_an_endpoint_that_never_answers_is_refused_after_the_last_attempt() -> None:
    webhooks = RecordingWebhookSender(answers=[HandshakeAnswer(None, None, "ConnectError: x")])
    validator, book, _ = validator_for(webhooks, max_attempts=2)
    sub = subscription(webhook_status=WebhookStatus.PENDING_VALIDATION)
    book.apply(sub.subscription_id, sub)
    await validator.settled(sub.subscription_id)
    settled = book.get(sub.subscription_id)
    assert settled is not None and settled.webhook is not None
    assert settled.webhook.status is WebhookStatus.REFUSED
    assert settled.webhook.status_detail.startswith("no answer after 2 attempts")


async def test_a_result_for_a_deleted_or_settled_subscription_is_not_written_back() -> None:
    book, writer = SubscriptionBook(), InMemoryWriter()
    resolver = FakeResolver()
    service = SubscriptionService(book, writer, "subs", SecretBox(["unit-key"]), resolver, False, 9)
    gone = subscription(webhook_status=WebhookStatus.PENDING_VALIDATION)
    book.apply(gone.subscription_id, gone)
    book.apply(gone.subscription_id, None)  # the tombstone arrived while the endpoint was asked
    active = subscription(webhook_status=WebhookStatus.ACTIVE)  # another instance settled it
    book.apply(active.subscription_id, active)
    # A write would bring the deleted subscription back, or overwrite the other's result.
    assert not await service.settle_validation(gone.subscription_id, WebhookStatus.ACTIVE, "x")
    assert not await service.settle_validation(active.subscription_id, WebhookStatus.REFUSED, "x")
    assert writer.topics["subs"] == [] and book.get(gone.subscription_id) is None


async def test_at_start_up_every_pending_webhook_is_asked_and_no_settled_one() -> None:
    webhooks = RecordingWebhookSender()
    validator, book, _ = validator_for(webhooks)
    pending = [subscription(webhook_status=WebhookStatus.PENDING_VALIDATION) for _ in range(2)]
    refused = subscription(webhook_status=WebhookStatus.REFUSED)
    for sub in [*pending, refused, subscription(webhook=False)]:
        book.apply(sub.subscription_id, sub)

    def status_of(sub: Subscription) -> WebhookStatus | None:
        found = book.get(sub.subscription_id)
        return found.webhook.status if found and found.webhook else None

    all_settled = asyncio.Event()
    book.on_change(
        lambda _: (
            all(status_of(s) is not WebhookStatus.PENDING_VALIDATION for s in pending)
            and all_settled.set()
        )
    )
    # No delivery waits for them: only the start-up call can get them settled.
    validator.request_all_pending()
    await all_settled.wait()
    assert [status_of(sub) for sub in pending] == [WebhookStatus.ACTIVE] * 2
    assert len(webhooks.asked) == 2  # the refused one waits for an explicit re-validation
    assert book.get(refused.subscription_id) == refused
