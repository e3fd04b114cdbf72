"""Settings read the shared variables; the service's topics are the ones `make topics` creates."""

from __future__ import annotations

import pytest
from notifications import topics
from notifications.config import Settings

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


def test_the_service_topics_are_created_and_its_stores_are_compacted() -> None:
    specs = {spec.name: spec for spec in topic_specs("p.")}
    assert specs["p." + topics.SUBSCRIPTIONS_TOPIC].compacted
    assert specs["p." + topics.DELIVERIES_TOPIC].compacted
    assert not specs["p." + topics.NOTIFICATIONS_DLQ].compacted
    assert "p." + topics.MATCHES_DLQ in specs
