"""Writes that must land: retried with backoff until Kafka acknowledges them.

Used where giving up is not an option because later decisions already rely on the write (the
consumer does not commit, and a delivery does not move on, until its ledger record is stored).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from tenacity import AsyncRetrying, retry_if_exception_type, wait_exponential_jitter

from notifications.service_layer.ports import OutRecord, RecordWriter, WriteUnavailable

log = logging.getLogger(__name__)


async def write_durably(
    writer: RecordWriter, topic: str, records: Sequence[OutRecord], max_wait_s: float = 10.0
) -> None:
    if not records:
        return
    async for attempt in AsyncRetrying(
        retry=retry_if_exception_type(WriteUnavailable),
        wait=wait_exponential_jitter(multiplier=0.2, max=max_wait_s, jitter=0.2),
        before_sleep=lambda state: log.warning(
            "write of %d record(s) to %s failed (%r); retrying",
            len(records),
            topic,
            state.outcome and state.outcome.exception(),
        ),
        reraise=True,
    ):
        with attempt:
            await writer.write(topic, records)
