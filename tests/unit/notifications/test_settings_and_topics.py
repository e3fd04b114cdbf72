"""Settings read the shared variables; the service's topics are the ones `make topics` creates."""

from __future__ import annotations

import pytest
from notifications import topics
from notifications.config import LOCAL_WEBHOOK_SECRET_KEY, Settings

from scripts.create_topics import topic_specs


def test_shared_variables_and_the_service_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    monkeypatch.setenv("TOPIC_PREFIX", "acc.")
    monkeypatch.setenv("REGISTRY_KEY_PEPPER", "shared-pepper")
    monkeypatch.setenv("NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS", "true")
    settings = Settings()
    assert settings.kafka_bootstrap_servers == "kafka:9092"
    assert settings.topic_prefix == "acc."
    assert settings.key_pepper.get_secret_value() == "shared-pepper"
    assert settings.allow_private_webhooks and settings.port == 8003


def test_production_refuses_the_public_default_pepper() -> None:
    with pytest.raises(ValueError, match="REGISTRY_KEY_PEPPER"):
        Settings(environment="production")


REAL_KEY = "a-real-webhook-secret-key-0123456789abcdef"


def test_production_refuses_the_public_default_webhook_secret_key() -> None:
    with pytest.raises(ValueError, match="NOTIFICATIONS_WEBHOOK_SECRET_KEY"):
        Settings(environment="production", key_pepper="a-real-pepper")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="NOTIFICATIONS_WEBHOOK_SECRET_KEY_FALLBACKS"):
        Settings(
            environment="production",
            key_pepper="a-real-pepper",  # type: ignore[arg-type]
            webhook_secret_key=REAL_KEY,  # type: ignore[arg-type]
            webhook_secret_key_fallbacks=LOCAL_WEBHOOK_SECRET_KEY,  # type: ignore[arg-type]
        )
    with pytest.raises(ValueError, match="at least 32"):
        Settings(
            environment="production",
            key_pepper="a-real-pepper",  # type: ignore[arg-type]
            webhook_secret_key="short-but-not-default",  # type: ignore[arg-type]
        )
    accepted = Settings(
        environment="production",
        key_pepper="a-real-pepper",  # type: ignore[arg-type]
        webhook_secret_key=REAL_KEY,  # type: ignore[arg-type]
    )
    assert accepted.webhook_secret_keys() == (REAL_KEY,)


def test_the_webhook_secret_keys_come_from_the_environment_current_one_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().webhook_secret_keys() == (LOCAL_WEBHOOK_SECRET_KEY,)
    monkeypatch.setenv("NOTIFICATIONS_WEBHOOK_SECRET_KEY", f" {REAL_KEY}\n")
    monkeypatch.setenv("NOTIFICATIONS_WEBHOOK_SECRET_KEY_FALLBACKS", "old-key-1, old-key-2,")
    settings = Settings()
    assert settings.webhook_secret_keys() == (REAL_KEY, "old-key-1", "old-key-2")
    assert REAL_KEY not in repr(settings) and "old-key-1" not in repr(settings)
    monkeypatch.setenv("NOTIFICATIONS_WEBHOOK_SECRET_KEY", "   ")
    with pytest.raises(ValueError, match="must not be blank"):
        Settings()


def test_the_service_topics_are_created_and_its_stores_are_compacted() -> None:
    specs = {spec.name: spec for spec in topic_specs("p.")}
    assert specs["p." + topics.SUBSCRIPTIONS_TOPIC].compacted
    assert specs["p." + topics.DELIVERIES_TOPIC].compacted
    assert not specs["p." + topics.NOTIFICATIONS_DLQ].compacted
    assert "p." + topics.MATCHES_DLQ in specs
