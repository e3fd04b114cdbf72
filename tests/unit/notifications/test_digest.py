"""The daily digest in memory: when it is due, what it holds, its text, and once per day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from notifications.domain.digest import digest_lines, due_slot, render_digest
from notifications.domain.ledger import DeliveryRecord, DeliveryStatus
from notifications.domain.ledger_view import LedgerView
from notifications.domain.planning import plan
from notifications.domain.retry_policy import RetryPolicy
from notifications.domain.subscriptions import (
    Channel,
    Delivery,
    EmailTarget,
    Language,
    Subscription,
    SubscriptionBook,
)
from notifications.service_layer.digests import DigestConfig, DigestSender

from tests.unit.notifications.builders import change, subscription
from tests.unit.notifications.fakes import UNAVAILABLE, InMemoryWriter, RecordingEmailSender

LINK = "https://matching.example.org/v1/matches/{match_id}"
# 2026-03-02 07:00 in Amsterdam (CET, UTC+1) is 06:00 UTC.
MONDAY_7_AMSTERDAM = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def digest_subscription(language: Language = Language.EN, **email: Any) -> Subscription:
    base = subscription(webhook=False, email=language, subject_ids=("partner-zuid",))
    target = EmailTarget(
        address="c@example.org", language=language, delivery=Delivery.DAILY_DIGEST, **email
    )
    return base.model_copy(update={"email": target})


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def announce(ledger: LedgerView, sub: Subscription, at: datetime, name: str, **data: Any) -> None:
    data.setdefault("subject_ids", ["partner-zuid", "cop-limburg"])
    for record in plan(change(name, **data), [sub], ledger, 0, at):
        ledger.apply(record)


def emails_of(ledger: LedgerView, sub: Subscription) -> list[DeliveryRecord]:
    records = ledger.for_subscription(sub.subscription_id)
    return [r for r in records if r.channel is Channel.EMAIL]


def sender(
    book: SubscriptionBook, ledger: LedgerView, clock: Clock, emails: RecordingEmailSender
) -> DigestSender:
    config = DigestConfig(RetryPolicy(3, 0.1, 0.4), "ledger", "dlq", LINK)
    return DigestSender(
        config, book, ledger, InMemoryWriter(), emails, owns=lambda p: p == 0, clock=clock
    )


def test_the_digest_is_due_from_its_hour_in_its_own_time_zone() -> None:
    email = digest_subscription().email
    assert email is not None
    assert due_slot(email, "s", MONDAY_7_AMSTERDAM - timedelta(seconds=1)) is None
    slot = due_slot(email, "s", MONDAY_7_AMSTERDAM)
    assert slot is not None and slot.local_date.isoformat() == "2026-03-02"
    tokyo = digest_subscription(digest_hour=18, digest_time_zone="Asia/Tokyo").email
    assert tokyo is not None
    # 09:00 UTC is 18:00 in Tokyo: due there, on Tokyo's date.
    assert due_slot(tokyo, "s", datetime(2026, 3, 2, 9, 0, tzinfo=UTC)) is not None
    assert due_slot(tokyo, "s", datetime(2026, 3, 2, 8, 59, tzinfo=UTC)) is None


async def test_one_digest_a_day_with_every_change_and_none_on_an_empty_day() -> None:
    sub = digest_subscription()
    book, ledger, emails = SubscriptionBook(), LedgerView(), RecordingEmailSender()
    book.apply(sub.subscription_id, sub)
    evening = MONDAY_7_AMSTERDAM - timedelta(hours=12)
    announce(ledger, sub, evening, "match.proposed", match_id="m-new", score=0.8)
    announce(ledger, sub, evening, "match.proposed", match_id="m-upd", revision=1)
    announce(
        ledger, sub, evening, "match.updated", match_id="m-upd", revision=2, previous_score=0.5
    )
    announce(ledger, sub, evening, "match.proposed", match_id="m-gone", revision=1)
    announce(ledger, sub, evening, "match.withdrawn", match_id="m-gone", revision=2)
    # Not for this subscription: another subject, so its filter keeps it out.
    announce(ledger, sub, evening, "match.proposed", subject_ids=["someone-else", "x"])
    clock = Clock(MONDAY_7_AMSTERDAM - timedelta(minutes=1))
    digests = sender(book, ledger, clock, emails)

    assert await digests.run_due() == 0  # before its hour
    clock.now = MONDAY_7_AMSTERDAM
    assert await digests.run_due() == 1
    [(to, text, message_id)] = emails.sent
    assert to == "c@example.org" and text.subject == (
        "Livinglab daily digest 2026-03-02: 2 new, 1 withdrawn"
    )
    assert text.body.count(LINK.format(match_id="m-new")) == 1
    assert "Withdrawn matches (1)" in text.body and "Reason for withdrawal:" in text.body
    assert [r.status for r in emails_of(ledger, sub)] == [DeliveryStatus.DELIVERED] * 5

    # A change after the cutoff waits for tomorrow, even though the day has no digest left.
    announce(ledger, sub, MONDAY_7_AMSTERDAM + timedelta(hours=2), "match.proposed", match_id="m2")
    clock.now = MONDAY_7_AMSTERDAM + timedelta(hours=3)
    assert await digests.run_due() == 0
    restarted = sender(book, ledger, clock, emails)  # the ledger is what a restart reads back
    assert await restarted.run_due() == 0
    clock.now = MONDAY_7_AMSTERDAM + timedelta(days=1)
    assert await restarted.run_due() == 1
    assert LINK.format(match_id="m2") in emails.sent[-1][1].body
    assert emails.sent[-1][2] != message_id
    # Wednesday: nothing new, nothing sent.
    clock.now = MONDAY_7_AMSTERDAM + timedelta(days=2)
    assert await restarted.run_due() == 0
    assert len(emails.sent) == 2


async def test_a_digest_claimed_but_not_sent_is_resent_whole_with_the_same_message_id() -> None:
    sub = digest_subscription()
    book, ledger = SubscriptionBook(), LedgerView()
    book.apply(sub.subscription_id, sub)
    announce(ledger, sub, MONDAY_7_AMSTERDAM - timedelta(hours=1), "match.proposed", match_id="a")
    clock = Clock(MONDAY_7_AMSTERDAM)

    class FailingOnce(RecordingEmailSender):
        async def send(self, to, text, message_id):  # type: ignore[no-untyped-def]
            result = await super().send(to, text, message_id)  # records every attempt
            return UNAVAILABLE if len(self.sent) == 1 else result

    emails = FailingOnce()
    assert await sender(book, ledger, clock, emails).run_due() == 0
    # A change arriving before the retry does not join the digest already started.
    announce(ledger, sub, MONDAY_7_AMSTERDAM - timedelta(minutes=5), "match.proposed", match_id="b")
    assert await sender(book, ledger, clock, emails).run_due() == 1
    first, second = emails.sent
    assert first[1:] == second[1:]  # same text, same Message-ID
    records = emails_of(ledger, sub)
    assert sorted(r.status for r in records) == [DeliveryStatus.DELIVERED, DeliveryStatus.PENDING]


async def test_the_instance_without_partition_0_sends_no_digests() -> None:
    sub = digest_subscription()
    book, ledger, emails = SubscriptionBook(), LedgerView(), RecordingEmailSender()
    book.apply(sub.subscription_id, sub)
    announce(ledger, sub, MONDAY_7_AMSTERDAM - timedelta(hours=1), "match.proposed")
    config = DigestConfig(RetryPolicy(3, 0.1, 0.4), "ledger", "dlq", LINK)
    other = DigestSender(
        config,
        book,
        ledger,
        InMemoryWriter(),
        emails,
        owns=lambda p: p == 1,
        clock=Clock(MONDAY_7_AMSTERDAM),
    )
    assert await other.run_due() == 0 and emails.sent == []


def test_the_dutch_digest_groups_and_explains_in_dutch() -> None:
    sub = digest_subscription(Language.NL)
    ledger = LedgerView()
    announce(ledger, sub, MONDAY_7_AMSTERDAM, "match.proposed", match_id="m1", regions=["CR39"])
    announce(ledger, sub, MONDAY_7_AMSTERDAM, "match.updated", match_id="m1", revision=2)
    email = sub.email
    assert email is not None
    slot = due_slot(email, sub.subscription_id, MONDAY_7_AMSTERDAM)
    assert slot is not None
    lines = digest_lines(emails_of(ledger, sub))
    text = render_digest(sub, slot, lines, LINK)
    assert text.subject == "Livinglab dagoverzicht 2026-03-02: 1 nieuw"
    assert "Nieuwe matches (1)" in text.body and "Waarom: " in text.body
    assert "Zuid-Limburg" in text.body  # CR39 by its name
    assert f"Bekijk: {LINK.format(match_id='m1')}" in text.body
    assert "dagoverzicht om 07:00 (Europe/Amsterdam)" in text.body
