"""The matching service's settings: the only place that reads the environment."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _shared(name: str) -> AliasChoices:
    """A setting the services share, overridable for this service with the MATCHING_ prefix."""
    return AliasChoices(f"MATCHING_{name}", name)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MATCHING_", env_ignore_empty=True, extra="ignore", populate_by_name=True
    )

    host: str = "127.0.0.1"
    port: int = Field(8002, ge=1, le=65535)
    log_level: str = Field("INFO", validation_alias=_shared("LOG_LEVEL"))
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", validation_alias=_shared("KAFKA_BOOTSTRAP_SERVERS")
    )
    topic_prefix: str = Field("", validation_alias=_shared("TOPIC_PREFIX"))
    consumer_group: str = Field("livinglab-matching", description="Kafka consumer group id")
    neo4j_uri: str = Field("bolt://127.0.0.1:7687", validation_alias=_shared("NEO4J_URI"))
    neo4j_user: str = Field("neo4j", validation_alias=_shared("NEO4J_USER"))
    neo4j_password: SecretStr = Field(
        SecretStr("livinglab-dev"), validation_alias=_shared("NEO4J_PASSWORD")
    )
    neo4j_database: str = Field("neo4j", validation_alias=_shared("NEO4J_DATABASE"))
    graph_namespace: str = Field(
        "default",
        validation_alias=_shared("GRAPH_NAMESPACE"),
        pattern=r"^[a-z0-9][a-z0-9_\-]{0,62}$",
        description="Separates deployments (or test runs) sharing one Neo4j database",
    )
    key_pepper: SecretStr = Field(
        SecretStr("local-key-pepper"), validation_alias=AliasChoices("REGISTRY_KEY_PEPPER")
    )
    batch_size: int = Field(500, ge=1, le=10_000)
    batch_window_s: float = Field(
        0.05,
        gt=0,
        le=10,
        description="How long the worker waits for a batch to fill (a full batch goes at once):"
        " the latency a quiet network adds to a match",
    )
    decide_ahead: bool = Field(
        True,
        description="Re-score the next batch while the one before is still being written and"
        " announced (the worker's pipeline); off: one batch at a time, start to end",
    )
    min_score: float = Field(
        0.3, ge=0, le=1, description="Matches below this are not proposed (see eval/README.md)"
    )
    max_proposals_per_subject: int = Field(
        10,
        ge=1,
        le=100,
        description="A match is proposed only among the k best of each of its subjects per kind",
    )
    candidate_limit: int = Field(
        50, ge=10, description="Candidates per rule and node; keeps the per-event cost flat"
    )
    dashboard_dir: Path = Field(
        Path(__file__).resolve().parents[4] / "dashboard" / "dist",
        description="Output of `npm run build` in dashboard/ (make dashboard)",
    )
    notifications_url: str = Field(
        "http://127.0.0.1:8003", description="Notifications service, for the dashboard's live feed"
    )
    registry_url: str = Field(
        "http://127.0.0.1:8001",
        description="Registry API, for the dashboard's labelling tab (read-only pass-through)",
    )
    state_dir: Path = Field(
        Path(__file__).resolve().parents[4] / ".local" / "faust",
        description="Where the faust worker keeps its per-app folder",
    )
    run_worker: bool = Field(True, description="Consume and match in this process (else API only)")
    rate_limit_per_minute: int = Field(6000, ge=1, description="Requests per API key per minute")
