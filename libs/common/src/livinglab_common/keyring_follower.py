"""Keeps a KeyRing in step with the API-key topic."""

from __future__ import annotations

from aiokafka import ConsumerRecord
from pydantic import ValidationError

from livinglab_common.follower import PoisonRecord, TopicFollower
from livinglab_common.keys import ApiKeyRecord, KeyRing


def follow_keys(
    bootstrap_servers: str, topic: str, ring: KeyRing, dead_letter_topic: str | None = None
) -> TopicFollower:
    """`dead_letter_topic` only for the registry, which writes the topic: every service reads
    it, and one owner keeps a bad record from being dead-lettered three times."""

    def apply(record: ConsumerRecord[bytes, bytes]) -> None:
        if record.value is None:
            return
        try:
            ring.apply(ApiKeyRecord.model_validate_json(record.value))
        except ValidationError as error:
            # Only the registry writes this topic; a bad record is left out of the ring. Field
            # names and rules only: the input may hold a secret hash.
            raise PoisonRecord(f"not an API key record: {fields_and_rules(error)}") from None

    return TopicFollower(
        bootstrap_servers, [topic], apply, name="api-keys", dead_letter_topic=dead_letter_topic
    )


def fields_and_rules(error: ValidationError) -> str:
    """A pydantic error without the input values (which may be secrets)."""
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])) or '(record)'}: {e['type']}" for e in error.errors()
    )
