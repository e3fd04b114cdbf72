"""Freshness reminders (issue 19, docs/freshness.md): who hears that a profile turns stale soon,
and the ledger entries that make each reminder go out once (pure).

The registry writes `...confirmation-requested` when a partner, initiative, need or offer has
not been confirmed for nearly the freshness period. It is delivered to every subscription of the
owning system (the system named on the subscription's key is the one the registry names as the
owner) and to every subscription following that profile (`filters.subject_ids`), over webhook
(the CloudEvent as is, signed like a match) and immediate e-mail. The ledger entry is keyed by
(subscription, `reminder:<id>`, cycle, channel), the cycle being the reminder's sequence (the
aggregate's when the registry wrote it, which grows from one confirmation cycle to the next), so a
replayed or re-read reminder is never planned twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from livinglab_contracts import EVENT_SPECS, AnyEvent, event_json
from livinglab_contracts.freshness import FreshnessNotice

from notifications.domain.changes import ChangeKind
from notifications.domain.email_text import EmailText, one_line
from notifications.domain.ledger import DeliveryRecord, delivery_id
from notifications.domain.ledger_view import LedgerView
from notifications.domain.subscriptions import Channel, Language, Subscription

REMINDER_TYPES: tuple[str, ...] = tuple(
    s.type for s in EVENT_SPECS if s.name.endswith(".confirmation-requested")
)
_PARTITIONS_PER_TOPIC = 1000


@dataclass(frozen=True)
class Reminder:
    event_id: str
    aggregate_id: str
    kind: str  # partner | initiative | need-offer
    notice: FreshnessNotice
    sequence: int  # the aggregate's sequence when the registry wrote it
    event: dict[str, Any]  # the CloudEvent as JSON, what a webhook carries

    @property
    def match_id(self) -> str:
        """The ledger's subject key: one per profile, beside the match ids."""
        return f"reminder:{self.aggregate_id}"

    @property
    def revision(self) -> int:
        """The confirmation cycle: the next cycle's reminder comes after a confirmation, which
        has a higher sequence than this reminder."""
        return self.sequence


def reminder_from_event(event: AnyEvent) -> Reminder:
    """Only for events decoded with `allowed_types=REMINDER_TYPES`."""
    data = event.data
    assert isinstance(data, FreshnessNotice)
    kind = event.type.removeprefix("nl.livinglab.").split(".")[0]
    return Reminder(event.id, event.subject, kind, data, event.sequence, event_json(event))


def source_partition(topic_index: int, partition: int) -> int:
    """Reminder entries are run by the reminder consumer that owns their registry partition;
    negative numbers keep them apart from the matches topic's partitions."""
    return -(1 + topic_index * _PARTITIONS_PER_TOPIC + partition)


def hears(subscription: Subscription, reminder: Reminder) -> bool:
    owner = reminder.notice.owner_system
    return (owner is not None and subscription.owner == owner) or (
        reminder.aggregate_id in subscription.filters.subject_ids
    )


def channels_of(subscription: Subscription) -> list[Channel]:
    """Webhook, and e-mail when it is sent as it happens (the daily digest lists matches)."""
    found = []
    if subscription.webhook is not None:
        found.append(Channel.WEBHOOK)
    if subscription.email is not None and not subscription.wants_digest:
        found.append(Channel.EMAIL)
    return found


def plan_reminder(
    reminder: Reminder,
    subscriptions: Iterable[Subscription],
    ledger: LedgerView,
    partition: int,
    now: datetime,
) -> list[DeliveryRecord]:
    planned = []
    for subscription in subscriptions:
        if not hears(subscription, reminder):
            continue
        known = ledger.announced_revision(subscription.subscription_id, reminder.match_id)
        if known is not None and known >= reminder.revision:
            continue  # this cycle's reminder (or a later one) was planned already
        for channel in channels_of(subscription):
            planned.append(
                DeliveryRecord(
                    delivery_id=delivery_id(
                        subscription.subscription_id, reminder.match_id, reminder.revision, channel
                    ),
                    subscription_id=subscription.subscription_id,
                    channel=channel,
                    match_id=reminder.match_id,
                    revision=reminder.revision,
                    change=ChangeKind.REMINDER,
                    event_id=reminder.event_id,
                    source_partition=partition,
                    created_at=now,
                    event=reminder.event,
                )
            )
    return planned


_TEXT = {
    Language.NL: {
        "subject": "Bevestig uw profiel: {name}",
        "intro": "Het profiel van {name} ({id}) is sinds {last} niet bevestigd.",
        "stale": "Zonder bevestiging wordt het op {stale} als verouderd gemarkeerd en niet meer"
        " voorgesteld voor samenwerkingen.",
        "how": "Bevestig het met het event nl.livinglab.{kind}.confirmed.v1 (of werk het bij).",
        "footer": 'U ontvangt dit bericht vanwege uw abonnement "{sub}" ({sub_id}).',
    },
    Language.EN: {
        "subject": "Please confirm your profile: {name}",
        "intro": "The profile of {name} ({id}) has not been confirmed since {last}.",
        "stale": "Unless it is confirmed it is marked stale on {stale} and no longer proposed"
        " for collaborations.",
        "how": "Confirm it with the event nl.livinglab.{kind}.confirmed.v1 (or update it).",
        "footer": 'You receive this because of your subscription "{sub}" ({sub_id}).',
    },
}


def render_reminder_email(
    event: dict[str, Any], language: Language, subscription_name: str, subscription_id: str
) -> EmailText:
    data = event["data"]
    text = _TEXT[language]
    kind = str(event["type"]).removeprefix("nl.livinglab.").split(".")[0]
    name = data.get("name") or event["subject"]
    lines = [
        text["intro"].format(name=name, id=event["subject"], last=data["last_confirmed"][:10]),
        text["stale"].format(stale=data["stale_at"][:16].replace("T", " ")),
        "",
        text["how"].format(kind=kind),
        "",
        text["footer"].format(sub=subscription_name or "-", sub_id=subscription_id),
    ]
    subject = one_line(text["subject"].format(name=name))[:200]
    return EmailText(subject=subject, body="\n".join(lines) + "\n")
