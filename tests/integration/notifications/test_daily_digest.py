"""Daily digests against the real Kafka and the aiosmtpd server, with a clock the test moves.

The service runs in this process (built by `bootstrap.build` with the test's clock), on its own
topic prefix, so the test can move to the next morning instead of waiting for it, and can stop
it and build it again from Kafka alone, as a restart does.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage

import pytest
from aiokafka import AIOKafkaProducer
from notifications.app_state import Notifications
from notifications.bootstrap import build
from notifications.config import Settings
from notifications.domain.subscriptions import Channel, Delivery, EmailTarget, Filters, Language
from notifications.runtime import Runtime
from notifications.service_layer.subscriptions import CreateSubscription

from scripts.create_topics import create_all
from tests.integration.notifications.conftest import eventually
from tests.integration.notifications.kafka_io import match_event, produce
from tests.integration.notifications.receivers import Mailbox, WebhookReceiver

pytestmark = pytest.mark.integration
LINK = "https://matching.test.example/v1/matches/{match_id}"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


async def start(settings: Settings, clock: Clock) -> tuple[Notifications, Runtime]:
    notifications, runtime = build(settings, clock=clock)
    runtime.start()

    async def ready() -> bool:
        return await runtime.state_problem() is None

    await eventually(ready, "the notification service to be ready", timeout_s=60)
    return notifications, runtime


def waiting_emails(notifications: Notifications, subscription_id: str) -> int:
    records = notifications.ledger.for_subscription(subscription_id)
    return sum(r.channel is Channel.EMAIL and not r.is_final for r in records)


def digest_target(address: str, language: Language) -> EmailTarget:
    return EmailTarget(
        address=address,
        language=language,
        delivery=Delivery.DAILY_DIGEST,
        digest_hour=7,
        digest_time_zone="UTC",
    )


async def test_one_digest_a_day_per_subscription_in_its_language_and_never_twice(
    topic_prefix: str,
    kafka_bootstrap: str,
    producer: AIOKafkaProducer,
    receivers: tuple[WebhookReceiver, Mailbox],
) -> None:
    prefix = f"{topic_prefix}digest-{uuid.uuid4().hex[:6]}."
    await create_all(kafka_bootstrap, prefix)
    mailbox = receivers[1]
    settings = Settings(
        topic_prefix=prefix,
        kafka_bootstrap_servers=kafka_bootstrap,
        smtp_host="127.0.0.1",
        smtp_port=mailbox.port,
        match_link_template=LINK,
        digest_check_interval_s=3600,  # the test calls run_due itself
    )
    clock = Clock()
    # The morning after the changes below: every change is recorded before its 07:00 cutoff.
    tomorrow_7 = datetime.combine(clock.now.date() + timedelta(days=1), time(7), tzinfo=UTC)
    notifications, runtime = await start(settings, clock)
    english, dutch = (f"{lang}-{uuid.uuid4().hex[:8]}@example.org" for lang in ("en", "nl"))
    try:
        zuid = await notifications.subscriptions.create(
            CreateSubscription(
                "crm-zuid",
                "k1",
                "Zuid-Limburg",
                Filters(regions=("CR39",)),
                email=digest_target(english, Language.EN),
            )
        )
        energy = await notifications.subscriptions.create(
            CreateSubscription(
                "crm-noord",
                "k2",
                "Energie",
                Filters(themes=("energie",)),
                email=digest_target(dutch, Language.NL),
            )
        )
        ids = {name: str(uuid.uuid4()) for name in ("chem", "geo", "upd", "gone")}
        events = [
            match_event(match_id=ids["chem"], regions=["CR39"], themes=["procesindustrie"]),
            match_event(match_id=ids["geo"], regions=["CR01"], themes=["geothermie"]),
            match_event(match_id=ids["upd"], regions=["CR39"], themes=["procesindustrie"]),
            match_event(
                "match.updated",
                match_id=ids["upd"],
                revision=2,
                regions=["CR39"],
                themes=["procesindustrie"],
                score=0.7,
                previous_score=0.62,
            ),
            match_event(match_id=ids["gone"], regions=["CR39"], themes=["energie"]),
            match_event(
                "match.withdrawn",
                match_id=ids["gone"],
                revision=2,
                regions=["CR39"],
                themes=["energie"],
            ),
        ]
        for event in events:
            await produce(producer, prefix, event)
        await eventually(
            lambda: waiting_emails(notifications, zuid.subscription_id) == 5, "5 changes for zuid"
        )
        await eventually(
            lambda: waiting_emails(notifications, energy.subscription_id) == 3, "3 for energy"
        )
        # Nothing is mailed per change, nor before the hour.
        assert await runtime.digests.run_due() == 0
        assert mailbox.to(english) == [] and mailbox.to(dutch) == []

        clock.now = tomorrow_7
        assert await runtime.digests.run_due() == 2
        [en] = mailbox.to(english)
        [nl] = mailbox.to(dutch)
        day = tomorrow_7.date().isoformat()
        assert en["Subject"] == f"Livinglab daily digest {day}: 2 new, 1 withdrawn"
        assert nl["Subject"] == f"Livinglab dagoverzicht {day}: 1 nieuw, 1 ingetrokken"
        en_body, nl_body = body(en), body(nl)
        for name in ("chem", "upd", "gone"):
            assert en_body.count(LINK.format(match_id=ids[name])) == 1
        assert LINK.format(match_id=ids["geo"]) not in en_body  # not in CR39
        assert "Why: Suggested because" in en_body and "Reason for withdrawal:" in en_body
        assert "70% (was 62%)" not in en_body  # proposed and updated the same day: new
        assert LINK.format(match_id=ids["geo"]) in nl_body and "Waarom: " in nl_body
        assert LINK.format(match_id=ids["chem"]) not in nl_body  # not an energy theme
        assert "Ingetrokken matches (1)" in nl_body

        # Later the same day: no second digest, also not after a restart with a new change.
        clock.now = tomorrow_7 + timedelta(hours=5)
        assert await runtime.digests.run_due() == 0
        await runtime.stop()
        notifications, runtime = await start(settings, clock)
        late = str(uuid.uuid4())
        await produce(producer, prefix, match_event(match_id=late, regions=["CR39"]))
        await eventually(
            lambda: waiting_emails(notifications, zuid.subscription_id) == 1, "the late change"
        )
        assert await runtime.digests.run_due() == 0
        assert len(mailbox.to(english)) == 1 and len(mailbox.to(dutch)) == 1

        # The next morning it comes; the energy subscription had nothing new, so gets nothing.
        clock.now = tomorrow_7 + timedelta(days=1)
        assert await runtime.digests.run_due() == 1
        second = mailbox.to(english)[-1]
        assert LINK.format(match_id=late) in body(second)
        assert en["Message-ID"].endswith("@livinglab>")
        assert second["Message-ID"] != en["Message-ID"]
        assert len(mailbox.to(dutch)) == 1
        states = {r.status for r in notifications.ledger.for_subscription(zuid.subscription_id)}
        assert {str(s) for s in states} == {"delivered"}
    finally:
        await runtime.stop()


def body(message: EmailMessage) -> str:
    content: str = message.get_content()
    return content
