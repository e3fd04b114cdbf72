"""The delivery ledger's records: one per (subscription, match, revision, channel).

The delivery id is derived from those four values, so planning the same announcement twice
(after a crash, a rebalance or a replay) yields the same id instead of a second delivery.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from notifications.domain.changes import ChangeKind
from notifications.domain.subscriptions import Channel

Frozen = ConfigDict(frozen=True, extra="ignore")
_DELIVERY_NAMESPACE = uuid.UUID("6a1d3c52-8f5e-4b7a-9c1e-2f4d6b8a0c13")


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up; a copy is on notifications.dlq
    CANCELLED = "cancelled"  # subscription deleted, or its webhook refused, before delivery


class AttemptOutcome(StrEnum):
    DELIVERED = "delivered"
    RETRYABLE = "retryable"
    PERMANENT = "permanent"


class Attempt(BaseModel):
    model_config = Frozen

    number: int = Field(ge=1)
    at: datetime
    duration_ms: float = Field(ge=0)
    outcome: AttemptOutcome
    status_code: int | None = None
    detail: str = Field("", max_length=500)


class DeliveryRecord(BaseModel):
    model_config = Frozen

    delivery_id: str
    subscription_id: str
    channel: Channel
    match_id: str
    revision: int
    change: ChangeKind
    event_id: str
    source_partition: int = Field(description="Partition of the matches topic it came from")
    created_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: tuple[Attempt, ...] = ()
    finished_at: datetime | None = None
    reason: str = Field("", max_length=1000)
    event: dict[str, Any] | None = Field(
        None, description="The CloudEvent to deliver; dropped once nothing is left to send"
    )
    digest_id: str | None = Field(
        None,
        description="The daily digest e-mail this change was put in (claimed before it is sent)",
    )

    @property
    def is_final(self) -> bool:
        return self.status is not DeliveryStatus.PENDING

    @property
    def progress(self) -> tuple[int, int, int]:
        """Grows with every state change; the ledger never goes back to a smaller one."""
        return len(self.attempts), int(self.digest_id is not None), int(self.is_final)

    def in_digest(self, digest: str) -> DeliveryRecord:
        return self.model_copy(update={"digest_id": digest})

    def with_attempt(self, attempt: Attempt) -> DeliveryRecord:
        return self.model_copy(update={"attempts": (*self.attempts, attempt)})

    def finished(self, status: DeliveryStatus, at: datetime, reason: str = "") -> DeliveryRecord:
        update = {"status": status, "finished_at": at, "reason": reason[:1000], "event": None}
        return self.model_copy(update=update)


def delivery_id(subscription_id: str, match_id: str, revision: int, channel: Channel) -> str:
    return str(
        uuid.uuid5(_DELIVERY_NAMESPACE, f"{subscription_id}|{match_id}|{revision}|{channel}")
    )


def digest_id(subscription_id: str, local_date: date) -> str:
    """One id per subscription and local day: the digest's Message-ID and its dedupe key."""
    return str(uuid.uuid5(_DELIVERY_NAMESPACE, f"{subscription_id}|digest|{local_date}"))
