"""Feeds the registry's own topics into its current-state view (read at start-up, then followed)."""

from __future__ import annotations

import hashlib
import logging

from aiokafka import ConsumerRecord
from livinglab_common.follower import TopicFollower
from livinglab_contracts import REGISTRY_TOPICS, ContractViolation, decode_event

from registry.domain.events import from_contract
from registry.domain.view import Position, RegistryView

log = logging.getLogger(__name__)


def follow_registry_topics(
    bootstrap_servers: str, prefix: str, view: RegistryView
) -> TopicFollower:
    def apply(record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            event = from_contract(decode_event(record.value))
        except ContractViolation as violation:
            # Only the registry writes these topics, after validation; a bad record means someone
            # bypassed it. The matching worker dead-letters it; here it is left out of the view.
            log.error(
                "record %s/%s/%s is not a valid event: %s",
                record.topic,
                record.partition,
                record.offset,
                violation,
            )
            return
        digest = hashlib.sha256(event.canonical).hexdigest()
        view.apply(event, digest, Position(record.topic, record.partition, record.offset))

    topics = [prefix + topic for topic in REGISTRY_TOPICS]
    return TopicFollower(bootstrap_servers, topics, apply, name="registry-view")
