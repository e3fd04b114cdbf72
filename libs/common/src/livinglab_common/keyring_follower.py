"""Keeps a KeyRing in step with the API-key topic."""

from __future__ import annotations

import logging

from aiokafka import ConsumerRecord
from pydantic import ValidationError

from livinglab_common.follower import TopicFollower
from livinglab_common.keys import ApiKeyRecord, KeyRing

log = logging.getLogger(__name__)


def follow_keys(bootstrap_servers: str, topic: str, ring: KeyRing) -> TopicFollower:
    def apply(record: ConsumerRecord[bytes, bytes]) -> None:
        if record.value is None:
            return
        try:
            ring.apply(ApiKeyRecord.model_validate_json(record.value))
        except ValidationError as error:
            # Only the registry writes this topic; a bad record is logged and left out of the ring.
            log.error(
                "ignoring malformed key record at %s/%s: %s", record.partition, record.offset, error
            )

    return TopicFollower(bootstrap_servers, [topic], apply, name="api-keys")
