"""The registry's settings: the only place that reads the environment."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOCAL_ADMIN_TOKEN = "local-admin-token"
LOCAL_KEY_PEPPER = "local-key-pepper"


def _shared(name: str) -> AliasChoices:
    """A setting the three services share, overridable per service with the REGISTRY_ prefix."""
    return AliasChoices(f"REGISTRY_{name}", name)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="REGISTRY_", env_ignore_empty=True, extra="ignore", populate_by_name=True
    )

    environment: Literal["local", "production"] = Field(
        "local", validation_alias=_shared("LIVINGLAB_ENVIRONMENT")
    )
    host: str = "127.0.0.1"
    port: int = Field(8001, ge=1, le=65535)
    log_level: str = Field("INFO", validation_alias=_shared("LOG_LEVEL"))
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", validation_alias=_shared("KAFKA_BOOTSTRAP_SERVERS")
    )
    topic_prefix: str = Field("", validation_alias=_shared("TOPIC_PREFIX"))
    admin_token: SecretStr = SecretStr(LOCAL_ADMIN_TOKEN)
    key_pepper: SecretStr = SecretStr(LOCAL_KEY_PEPPER)
    # One limit per route, as docs/security.md states: 64 KiB for a request (a single event
    # included) and for each event of a batch; a batch body as a whole up to max_batch_body_bytes.
    max_body_bytes: int = Field(
        65_536, ge=1024, description="Largest request body, and largest event inside a batch"
    )
    max_batch_body_bytes: int = Field(
        1_048_576, ge=1024, description="Largest body of POST /v1/events:batch"
    )
    max_batch_items: int = Field(500, ge=1, le=10_000)
    publish_timeout_s: float = Field(10.0, gt=0)
    rate_limit_per_minute: int = Field(
        6000, ge=1, description="Requests per API key per minute; a batch costs one per event"
    )
    auth_failures_per_minute: int = Field(
        30, ge=1, description="Failed authentications per client address per minute (burst too)"
    )
    earliest_event_time: datetime = Field(
        datetime(2000, 1, 1, tzinfo=UTC), description="Events may not say they happened earlier"
    )
    max_event_time_ahead_s: float = Field(
        3600.0, ge=0, description="How far an event's time may lie ahead of the registry's clock"
    )
    page_size_max: int = Field(200, ge=1)
    # Several instances (docs/architecture.md, "Several registry instances"): one holds the
    # admission lease and decides; the others pass writes on to it at this URL.
    advertised_url: str | None = Field(
        None,
        description="How the other registry instances reach this one; default "
        "http://<host>:<port>, with the machine's host name when host is 0.0.0.0",
    )
    lease_session_timeout_ms: int = Field(
        10_000,
        ge=6_000,
        le=300_000,
        description="How long the admission lease outlives a holder that stopped answering "
        "(the Kafka group session; 6000 is the broker's smallest by default)",
    )
    wait_for_admitter_s: float = Field(
        3.0, ge=0, description="How long a write waits while the admission lease is handed on"
    )
    forward_timeout_s: float = Field(
        20.0, gt=0, description="How long a passed-on write waits for the admitting instance"
    )

    @property
    def own_url(self) -> str:
        if self.advertised_url:
            return self.advertised_url.rstrip("/")
        host = socket.gethostname() if self.host in ("0.0.0.0", "::") else self.host
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"

    # Profile freshness (docs/freshness.md): stale this long after the last confirmation,
    # reminded this long before; the admitting instance looks every sweep interval.
    freshness_period_s: float = Field(
        365 * 86_400.0, gt=0, description="Seconds after its last confirmation a profile is stale"
    )
    freshness_reminder_lead_s: float = Field(
        14 * 86_400.0, ge=0, description="Seconds before it is stale that its owner is reminded"
    )
    freshness_sweep_interval_s: float = Field(
        60.0, gt=0, description="How often the admitting instance looks for due profiles"
    )
    freshness_counts_from: datetime = Field(
        datetime(2026, 12, 6, tzinfo=UTC),
        description="Confirmations older than this count from it (the day freshness was "
        "introduced): older profiles and imported history get one full period from then",
    )

    export_licence: str = Field(
        "https://creativecommons.org/licenses/by/4.0/",
        description="Licence URL of GET /v1/export (open data); CC BY 4.0 unless set",
    )
    export_timeout_s: float = Field(
        60.0, gt=0, description="Longest time an as_of export may spend reading the topics"
    )

    @model_validator(mode="after")
    def _no_default_secrets_in_production(self) -> Settings:
        if self.environment == "production":
            defaults = {
                "REGISTRY_ADMIN_TOKEN": self.admin_token.get_secret_value() == LOCAL_ADMIN_TOKEN,
                "REGISTRY_KEY_PEPPER": self.key_pepper.get_secret_value() == LOCAL_KEY_PEPPER,
            }
            unset = [name for name, is_default in defaults.items() if is_default]
            if unset:
                raise ValueError(
                    f"set {', '.join(unset)} in production; the local defaults are public"
                )
        return self


class ClientSettings(BaseSettings):
    """Defaults for the `livinglab` command-line client (flags override them)."""

    model_config = SettingsConfigDict(
        env_prefix="LIVINGLAB_", env_ignore_empty=True, extra="ignore"
    )

    url: str = "http://127.0.0.1:8001"
    api_key: SecretStr | None = None
    admin_token: SecretStr = SecretStr(LOCAL_ADMIN_TOKEN)
