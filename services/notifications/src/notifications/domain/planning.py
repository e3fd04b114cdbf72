"""Which subscriptions hear about a match change: the exactly-once decision.

A change is announced to a subscription when its filters match, or when the subscription was
already told about an earlier revision of the same match (so it also hears the update or the
withdrawal of a match it knows, even when the new score falls below its threshold). A revision
at or below the one already announced is a duplicate or a stale replay and is never announced.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from notifications.domain.changes import ChangeKind, MatchChange
from notifications.domain.filters import matches_filters
from notifications.domain.ledger import DeliveryRecord, DeliveryStatus, delivery_id
from notifications.domain.ledger_view import LedgerView
from notifications.domain.subscriptions import Channel, Subscription


class Decision(StrEnum):
    ANNOUNCE = "announce"
    DUPLICATE = "duplicate"  # this revision was announced already
    STALE = "stale"  # a later revision was announced already
    NOT_RELEVANT = "not_relevant"


def decide(
    subscription: Subscription, change: MatchChange, announced_revision: int | None
) -> Decision:
    if announced_revision is not None:
        if change.revision == announced_revision:
            return Decision.DUPLICATE
        if change.revision < announced_revision:
            return Decision.STALE
        return Decision.ANNOUNCE
    if change.kind is ChangeKind.WITHDRAWN:
        return Decision.NOT_RELEVANT  # never told about it, so nothing to take back
    if matches_filters(subscription.filters, change.match):
        return Decision.ANNOUNCE
    return Decision.NOT_RELEVANT


def announcement_records(
    subscription: Subscription, change: MatchChange, source_partition: int, now: datetime
) -> list[DeliveryRecord]:
    """One record per channel; the feed record is final at once (publishing cannot fail)."""
    records = []
    for channel in subscription.channels:
        record = DeliveryRecord(
            delivery_id=delivery_id(
                subscription.subscription_id, change.match_id, change.revision, channel
            ),
            subscription_id=subscription.subscription_id,
            channel=channel,
            match_id=change.match_id,
            revision=change.revision,
            change=change.kind,
            event_id=change.event_id,
            source_partition=source_partition,
            created_at=now,
            event=change.event,
        )
        if channel is Channel.FEED:
            record = record.model_copy(
                update={"status": DeliveryStatus.DELIVERED, "finished_at": now}
            )
        records.append(record)
    return records


def plan(
    change: MatchChange,
    subscriptions: Iterable[Subscription],
    ledger: LedgerView,
    source_partition: int,
    now: datetime,
) -> list[DeliveryRecord]:
    planned: list[DeliveryRecord] = []
    for subscription in subscriptions:
        announced = ledger.announced_revision(subscription.subscription_id, change.match_id)
        if decide(subscription, change, announced) is Decision.ANNOUNCE:
            planned.extend(announcement_records(subscription, change, source_partition, now))
    return planned
