"""Feeds the registry's own topics into its current-state view (read at start-up, then followed)."""

from __future__ import annotations

import hashlib

from aiokafka import ConsumerRecord
from livinglab_common.follower import PoisonRecord, TopicFollower
from livinglab_contracts import (
    REGISTRY_EVENT_TYPES,
    REGISTRY_TOPICS,
    ContractViolation,
    decode_event,
)

from registry.domain.events import from_contract
from registry.domain.view import Position, RegistryView


def follow_registry_topics(
    bootstrap_servers: str, prefix: str, view: RegistryView
) -> TopicFollower:
    def apply(record: ConsumerRecord[bytes, bytes]) -> None:
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
        digest = hashlib.sha256(event.canonical).hexdigest()
        view.apply(event, digest, position)

    topics = [prefix + topic for topic in REGISTRY_TOPICS]
    return TopicFollower(bootstrap_servers, topics, apply, name="registry-view")
