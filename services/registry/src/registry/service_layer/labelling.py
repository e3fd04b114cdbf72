"""Admits labelling steps: checked against the read model, stored in Kafka, then applied.

The read model is only ever changed by the follower of the labelling topic, for this
instance's own writes as for a restart's replay, so what the API shows is what the log says.
A write waits until the follower has applied its record before it answers.
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Callable
from datetime import UTC, datetime

from aiokafka import ConsumerRecord
from livinglab_common.follower import PoisonRecord
from livinglab_contracts.labelling import (
    LABELLING_RECORD_KEY,
    LabellingCriteria,
    LabellingData,
    LabellingRecord,
    labelling_record,
)
from pydantic import ValidationError

from registry.adapters.kafka_publisher import Publisher
from registry.domain.labelling import LabellingBook, LabellingRefused, apply_event

log = logging.getLogger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


class LabellingDesk:
    def __init__(
        self,
        criteria: LabellingCriteria,
        publisher: Publisher,
        topic: str,
        clock: Callable[[], datetime] = _now,
        read_back_timeout_s: float = 10.0,
    ) -> None:
        self.book = LabellingBook(criteria)
        self._publisher = publisher
        self.topic = topic
        self._clock = clock
        self._read_back_timeout_s = read_back_timeout_s
        self._write = asyncio.Lock()  # one step at a time: each is checked against the last
        self._read: dict[int, int] = {}  # partition -> offset after the last record applied
        # The same, keyed `topic/partition` as view_follower.ReadProgress: what a new admitter
        # waits on before it admits (bootstrap's catch-up, adapters/admission_lease.py).
        self.progress: dict[str, int] = {}
        self._progress = asyncio.Event()

    def now(self) -> datetime:
        return self._clock()

    def apply_record(self, record: ConsumerRecord[bytes, bytes]) -> None:
        """The labelling topic's follower calls this for every record, in log order."""
        self._read[record.partition] = record.offset + 1
        self.progress[f"{record.topic}/{record.partition}"] = record.offset + 1
        self._progress.set()
        try:
            stored = LabellingRecord.model_validate_json(record.value or b"")
            apply_event(self.book, stored.event(), stored.time)
        except (ValidationError, ValueError) as problem:
            raise PoisonRecord(f"not a labelling record: {problem}") from None
        except LabellingRefused as refused:
            # Only the checked write path produces records, so this means a record written
            # around it; it stays out of the read model, as it was refused when checked.
            raise PoisonRecord(f"labelling step refused on replay: {refused.message}") from None

    async def submit(self, event: LabellingData, actor: str) -> LabellingBook:
        async with self._write:
            at = self._clock()
            apply_event(copy.deepcopy(self.book), event, at)  # refuses before anything is sent
            value = labelling_record(event, at, actor).model_dump_json().encode()
            position = await self._publisher.publish(self.topic, LABELLING_RECORD_KEY, value)
            try:
                async with asyncio.timeout(self._read_back_timeout_s):
                    while self._read.get(position.partition, 0) <= position.offset:
                        self._progress.clear()
                        await self._progress.wait()
            except TimeoutError:
                # Stored, so not a refusal and not "nothing changed": say what holds.
                raise LabellingRefused(
                    504,
                    "stored_not_yet_visible",
                    f"the step is stored in Kafka ({self.topic} offset {position.offset}) but "
                    "this registry has not read it back yet; read the application again shortly",
                ) from None
            return self.book
