"""The notification service's settings: the only place that reads the environment."""

from __future__ import annotations

from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LOCAL_KEY_PEPPER = "local-key-pepper"
LOCAL_WEBHOOK_SECRET_KEY = "local-webhook-secret-key"
MIN_WEBHOOK_SECRET_KEY_LENGTH = 32


def _shared(name: str) -> AliasChoices:
    """A setting the services share, overridable for this service with the NOTIFICATIONS_ prefix."""
    return AliasChoices(f"NOTIFICATIONS_{name}", name)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="NOTIFICATIONS_", env_ignore_empty=True, extra="ignore", populate_by_name=True
    )

    environment: Literal["local", "production"] = Field(
        "local", validation_alias=_shared("LIVINGLAB_ENVIRONMENT")
    )
    host: str = "127.0.0.1"
    port: int = Field(8003, ge=1, le=65535)
    log_level: str = Field("INFO", validation_alias=_shared("LOG_LEVEL"))
    kafka_bootstrap_servers: str = Field(
        "127.0.0.1:9092", validation_alias=_shared("KAFKA_BOOTSTRAP_SERVERS")
    )
    topic_prefix: str = Field("", validation_alias=_shared("TOPIC_PREFIX"))
    key_pepper: SecretStr = Field(
        SecretStr(LOCAL_KEY_PEPPER),
        validation_alias=AliasChoices("NOTIFICATIONS_KEY_PEPPER", "REGISTRY_KEY_PEPPER"),
    )
    consumer_group: str = Field("livinglab-notifications", description="Kafka consumer group id")
    webhook_secret_key: SecretStr = Field(
        SecretStr(LOCAL_WEBHOOK_SECRET_KEY),
        description="Seals webhook secrets on the subscriptions topic: a long random string",
    )
    webhook_secret_key_fallbacks: SecretStr = Field(
        SecretStr(""),
        description="Comma-separated keys that only open stored webhook secrets (rotation)",
    )

    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_from: str = "matches@livinglab.example"
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_start_tls: bool | None = Field(
        None, description="None: STARTTLS when the server offers it"
    )
    smtp_timeout_s: float = Field(10.0, gt=0)
    digest_check_interval_s: float = Field(
        60.0, gt=0, description="How often due daily digests are looked for (and retried)"
    )
    match_link_template: str = Field(
        "http://localhost:8002/v1/matches/{match_id}",
        description="The link to a match in daily digests; must contain {match_id}",
        pattern=r"\{match_id\}",
    )

    allow_private_webhooks: bool = Field(
        False, description="Allow webhook hosts on loopback/private networks (tests, local demos)"
    )
    webhook_timeout_s: float = Field(10.0, gt=0, le=120)
    webhook_origin: str = Field(
        "notifications.livinglab.example",
        min_length=1,
        max_length=253,
        pattern=r"^[A-Za-z0-9.-]+$",
        description="Sent as WebHook-Request-Origin in the validation handshake: this "
        "deployment's DNS name, which endpoints allow (or '*')",
    )
    max_attempts: int = Field(8, ge=1, le=50, description="Attempts per delivery before the DLQ")
    backoff_base_s: float = Field(1.0, ge=0, description="Delay before the 2nd attempt")
    backoff_max_s: float = Field(300.0, ge=0, description="Upper bound of any single delay")
    max_concurrent_deliveries: int = Field(64, ge=1, le=10_000)
    lanes_per_subscription: int = Field(
        8,
        ge=1,
        le=256,
        description="Deliveries of one subscription and channel in flight at once, for "
        "different matches (a match's revisions always share a lane); 1: strict order",
    )

    max_body_bytes: int = Field(65_536, ge=1024)
    max_subscriptions_per_owner: int = Field(100, ge=1)
    rate_limit_per_minute: int = Field(6000, ge=1, description="Requests per API key per minute")
    feed_history: int = Field(1000, ge=0, description="Recent feed messages kept for Last-Event-ID")
    feed_queue: int = Field(1000, ge=1, description="Messages buffered per live feed connection")
    feed_ping_s: float = Field(15.0, gt=0)

    @model_validator(mode="after")
    def _no_default_secrets_in_production(self) -> Settings:
        if not self.webhook_secret_keys()[0]:
            raise ValueError("NOTIFICATIONS_WEBHOOK_SECRET_KEY must not be blank")
        if self.environment == "production":
            if self.key_pepper.get_secret_value() == LOCAL_KEY_PEPPER:
                raise ValueError(
                    "set REGISTRY_KEY_PEPPER in production; the local default is public"
                )
            keys = self.webhook_secret_keys()
            if LOCAL_WEBHOOK_SECRET_KEY in keys:
                raise ValueError(
                    "set NOTIFICATIONS_WEBHOOK_SECRET_KEY in production; the local default is "
                    "public (keep it out of NOTIFICATIONS_WEBHOOK_SECRET_KEY_FALLBACKS too)"
                )
            if len(keys[0]) < MIN_WEBHOOK_SECRET_KEY_LENGTH:
                raise ValueError(
                    f"NOTIFICATIONS_WEBHOOK_SECRET_KEY needs at least "
                    f"{MIN_WEBHOOK_SECRET_KEY_LENGTH} random characters in production"
                )
            if self.allow_private_webhooks:
                raise ValueError("NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS must be false in production")
        return self

    def webhook_secret_keys(self) -> tuple[str, ...]:
        """The key that seals, then the fallbacks that only open; spaces around each are dropped."""
        fallbacks = self.webhook_secret_key_fallbacks.get_secret_value().split(",")
        return (
            self.webhook_secret_key.get_secret_value().strip(),
            *(key.strip() for key in fallbacks if key.strip()),
        )
