"""What the routes need at run time, built once by bootstrap.create_app."""

from __future__ import annotations

from dataclasses import dataclass, field

from livinglab_common.follower import TopicFollower
from livinglab_common.keys import KeyRing
from livinglab_common.ratelimit import RateLimiter
from neo4j import AsyncDriver

from matching.adapters.kafka_producer import EventProducer
from matching.adapters.queries import MatchQueries
from matching.config import Settings
from matching.service_layer.handlers import MatchingService, Progress


@dataclass
class Matching:
    settings: Settings
    driver: AsyncDriver
    keys: KeyRing
    producer: EventProducer
    queries: MatchQueries
    feedback_topic: str
    followers: list[TopicFollower]
    rate_limiter: RateLimiter
    started: bool = False
    problems: dict[str, str] = field(default_factory=dict)
    progress: Progress | None = None  # the worker's, when this process runs one
    service: MatchingService | None = None  # the worker, when this process runs one
