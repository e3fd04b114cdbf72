"""Feeds the registry's own topics into its current-state view (read at start-up, then followed)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from aiokafka import ConsumerRecord
from livinglab_common.follower import PoisonRecord, TopicFollower, end_offsets
from livinglab_contracts import (
    REGISTRY_EVENT_TYPES,
    REGISTRY_TOPICS,
    ContractViolation,
    decode_event,
)

from registry.domain.events import from_contract
from registry.domain.view import Position, RegistryView

# How far the view has read each partition: the offset after the last record it took in,
# keyed `topic/partition` (as livinglab_common.follower.end_offsets reports the log end).
ReadProgress = dict[str, int]


def registry_topics(prefix: str) -> list[str]:
    return [prefix + topic for topic in REGISTRY_TOPICS]


def follow_registry_topics(
    bootstrap_servers: str, prefix: str, view: RegistryView, progress: ReadProgress | None = None
) -> TopicFollower:
    read = progress if progress is not None else {}

    def apply(record: ConsumerRecord[bytes, bytes]) -> None:
        # Counted before anything can refuse the record: a skipped record has been read too.
        read[f"{record.topic}/{record.partition}"] = record.offset + 1
        position = Position(record.topic, record.partition, record.offset)
        if view.read_here(position, record.value):
            return  # this instance wrote it and applies it itself: no need to decode it again
        try:
            # Registry events only: a valid event of another kind (a match event) must not
            # register its subject in the view, where it would block that id for good.
            event = from_contract(decode_event(record.value, REGISTRY_EVENT_TYPES))
        except ContractViolation as violation:
            # Only the registry writes these topics, after validation; a bad record means someone
            # bypassed it. The matching worker dead-letters it (it owns these dead-letter
            # topics); here it is logged, left out of the view, and the follower reads on.
            raise PoisonRecord(f"not a registry event: {violation}") from None
        view.apply(event, event.digest, position)

    return TopicFollower(bootstrap_servers, registry_topics(prefix), apply, name="registry-view")


async def read_to_log_end(
    bootstrap_servers: str, topics: Sequence[str], progress: ReadProgress, poll_s: float = 0.02
) -> None:
    """Returns once the view has read every record the topics hold now (their log end at the
    time of the call): what an instance must know before it decides about any of them."""
    ends = await end_offsets(bootstrap_servers, topics)
    behind = dict(ends)
    while behind:
        # Polled: the follower applies records one by one and need not signal each of them.
        await asyncio.sleep(poll_s)
        behind = {p: end for p, end in behind.items() if progress.get(p, 0) < end}
