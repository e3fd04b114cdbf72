"""In-memory view of the delivery ledger: what was announced, and what is still to deliver."""

from __future__ import annotations

from collections.abc import Collection

from notifications.domain.lanes import in_delivery_order
from notifications.domain.ledger import DeliveryRecord, DeliveryStatus


class LedgerView:
    def __init__(self) -> None:
        self._records: dict[str, DeliveryRecord] = {}
        self._announced: dict[tuple[str, str], int] = {}  # (subscription, match) -> revision
        self._by_subscription: dict[str, list[str]] = {}

    def apply(self, record: DeliveryRecord) -> bool:
        """Keeps the record if it moves its delivery forward; True when something changed.

        Records arrive twice (applied locally when written, then again from the topic) and
        possibly out of order across instances, so older states are ignored, not re-applied.
        """
        known = self._records.get(record.delivery_id)
        if known is not None and record.progress <= known.progress:
            return False
        if record.is_final and record.event is not None:
            record = record.model_copy(update={"event": None})
        self._records[record.delivery_id] = record
        if known is None:
            self._by_subscription.setdefault(record.subscription_id, []).append(record.delivery_id)
        key = (record.subscription_id, record.match_id)
        self._announced[key] = max(record.revision, self._announced.get(key, 0))
        return True

    def get(self, delivery_id: str) -> DeliveryRecord | None:
        return self._records.get(delivery_id)

    def announced_revision(self, subscription_id: str, match_id: str) -> int | None:
        return self._announced.get((subscription_id, match_id))

    def for_subscription(self, subscription_id: str) -> list[DeliveryRecord]:
        """Newest first."""
        ids = self._by_subscription.get(subscription_id, [])
        return [self._records[i] for i in reversed(ids)]

    def pending(self, partitions: Collection[int]) -> list[DeliveryRecord]:
        """In the order to resume them: each match's revisions ascending (see domain/lanes.py)."""
        return in_delivery_order(
            r
            for r in self._records.values()
            if r.status is DeliveryStatus.PENDING and r.source_partition in partitions
        )

    def __len__(self) -> int:
        return len(self._records)
