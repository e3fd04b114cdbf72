"""`python -m scripts.create_topics`: create every topic the services use (idempotent)."""

from __future__ import annotations

import asyncio
import sys

from livinglab_common.keys import API_KEYS_TOPIC
from livinglab_common.topics import TopicSpec, ensure_topics
from livinglab_contracts import ALL_TOPICS, dead_letter_topic
from livinglab_contracts.labelling import LABELLING_TOPIC
from notifications.topics import DELIVERIES_TOPIC, NOTIFICATIONS_DLQ, SUBSCRIPTIONS_TOPIC
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class TopicSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS")
    )
    topic_prefix: str = Field("", validation_alias=AliasChoices("TOPIC_PREFIX"))
    partitions: int = Field(3, validation_alias=AliasChoices("TOPIC_PARTITIONS"))


def topic_specs(prefix: str, partitions: int = 3) -> list[TopicSpec]:
    specs = [
        TopicSpec(prefix + API_KEYS_TOPIC, 1, compacted=True),
        TopicSpec(prefix + dead_letter_topic(API_KEYS_TOPIC), 1),
    ]
    for topic in ALL_TOPICS:
        specs.append(TopicSpec(prefix + topic, partitions))
        specs.append(TopicSpec(prefix + dead_letter_topic(topic), 1))
    # Labelling (issue 19): one partition keeps its steps in order (they refer to each other).
    specs.append(TopicSpec(prefix + LABELLING_TOPIC, 1))
    specs.append(TopicSpec(prefix + NOTIFICATIONS_DLQ, 1))
    specs.append(TopicSpec(prefix + SUBSCRIPTIONS_TOPIC, 1, compacted=True))
    specs.append(TopicSpec(prefix + dead_letter_topic(SUBSCRIPTIONS_TOPIC), 1))
    specs.append(TopicSpec(prefix + DELIVERIES_TOPIC, partitions, compacted=True))
    return specs


async def create_all(bootstrap: str, prefix: str, partitions: int = 3) -> list[str]:
    return await ensure_topics(bootstrap, topic_specs(prefix, partitions))


def main() -> None:
    settings = TopicSettings()
    created = asyncio.run(
        create_all(settings.kafka_bootstrap_servers, settings.topic_prefix, settings.partitions)
    )
    print(f"topics ready ({len(created)} created)", file=sys.stderr)


if __name__ == "__main__":
    main()
