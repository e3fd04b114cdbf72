"""The register as it was at a past moment, rebuilt from the registry's own topics.

The topics are the source of truth and keep every event (no compaction, no retention limit), so
the register at moment T is the projection of exactly those records the topics held at T. Per
partition the records are read from the beginning up to the first offset whose record timestamp
lies after T (Kafka's offsets_for_times), and applied with the same projection the live view
uses. docs/open-data.md says what compaction or retention would change.
"""

from __future__ import annotations

import logging
from datetime import datetime

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from livinglab_contracts import (
    REGISTRY_EVENT_TYPES,
    REGISTRY_TOPICS,
    ContractViolation,
    decode_event,
)

from registry.domain.events import from_contract
from registry.domain.view import Position, RegistryView

log = logging.getLogger(__name__)


class SnapshotUnavailable(Exception):
    """Kafka could not be read to the end of the asked moment; the message says why."""


def _first_after_ms(moment: datetime) -> int:
    # Record timestamps are whole milliseconds: a record at T's millisecond belongs to T.
    return max(0, int(moment.timestamp() * 1000) + 1)


async def register_at(bootstrap_servers: str, prefix: str, moment: datetime) -> RegistryView:
    """The registry's view built from every record written up to `moment` (inclusive)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap_servers,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        group_id=None,
    )
    await consumer.start()
    try:
        partitions = await _partitions(consumer, [prefix + topic for topic in REGISTRY_TOPICS])
        consumer.assign(partitions)
        stops = await _stop_offsets(consumer, partitions, _first_after_ms(moment))
        await consumer.seek_to_beginning(*partitions)
        view = RegistryView()
        pending = {tp for tp, stop in stops.items() if stop > 0}
        while pending:
            batches = await consumer.getmany(*pending, timeout_ms=500, max_records=1000)
            for tp, records in batches.items():
                for record in records:
                    if record.offset < stops[tp]:
                        _apply(view, record)
            pending = {tp for tp in pending if await consumer.position(tp) < stops[tp]}
        return view
    finally:
        await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer, topics: list[str]) -> list[TopicPartition]:
    found: list[TopicPartition] = []
    for topic in topics:
        ids = consumer.partitions_for_topic(topic)
        if ids is None:
            await consumer._client.force_metadata_update()  # as livinglab_common.follower does
            ids = consumer.partitions_for_topic(topic)
        if not ids:
            raise SnapshotUnavailable(f"topic {topic} is not there")
        found.extend(TopicPartition(topic, p) for p in sorted(ids))
    return found


async def _stop_offsets(
    consumer: AIOKafkaConsumer, partitions: list[TopicPartition], first_after_ms: int
) -> dict[TopicPartition, int]:
    """Per partition, the first offset not to read: the earliest record stamped after the
    moment, or the end of the partition when every record so far is at or before it."""
    after = await consumer.offsets_for_times({tp: first_after_ms for tp in partitions})
    ends = await consumer.end_offsets(partitions)
    return {tp: found.offset if found else ends[tp] for tp, found in after.items()}


def _apply(view: RegistryView, record: ConsumerRecord[bytes, bytes]) -> None:
    try:
        event = from_contract(decode_event(record.value, REGISTRY_EVENT_TYPES))
    except ContractViolation as violation:
        # The live view sets such a record aside too (adapters/view_follower.py).
        log.warning(
            "as_of: skipping %s-%d@%d: %s", record.topic, record.partition, record.offset, violation
        )
        return
    view.apply(event, event.digest, Position(record.topic, record.partition, record.offset))
