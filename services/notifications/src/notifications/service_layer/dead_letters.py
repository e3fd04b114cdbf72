"""Dead letters: a delivery that failed for good, and a record that is not a match event."""

from __future__ import annotations

from typing import Any

import orjson
from livinglab_common.dead_letters import dead_letter as shared_dead_letter

from notifications.domain.ledger import DeliveryRecord
from notifications.service_layer.durable import write_durably
from notifications.service_layer.ports import OutRecord, RecordWriter

ORIGIN = b"notifications"


def _headers(reason: str) -> tuple[tuple[str, bytes], ...]:
    return (("x-dlq-reason", reason.encode()[:1000]), ("x-dlq-origin", ORIGIN))


async def dead_letter(
    writer: RecordWriter, topic: str, record: DeliveryRecord, reason: str
) -> None:
    """The failed delivery with its reason, every attempt and the event it could not deliver."""
    body: dict[str, Any] = {
        "reason": reason,
        **record.model_dump(mode="json", exclude={"status", "finished_at", "reason"}),
    }
    value = orjson.dumps(body)
    await write_durably(
        writer, topic, [OutRecord(record.delivery_id.encode(), value, _headers(reason))]
    )


def poison_record(key: bytes | None, value: bytes | None, reason: str, origin: str) -> OutRecord:
    """The rejected record, with why and where it came from in the headers; cut when too large
    to forward whole (a record the writer cannot send would be retried forever and stall the
    partition), the full one staying at its origin."""
    letter = shared_dead_letter(key, value, reason, origin)
    return OutRecord(letter.key, letter.value, letter.headers)
