"""Talking to a registry process: its environment, API keys, and a partner system's view."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from tests.integration.registry.network import Network

ADMIN = {"Authorization": "Bearer local-admin-token"}
MAX_BODY_BYTES = 65_536  # per request, and per event inside a batch
MAX_BATCH_BODY_BYTES = 131_072  # a batch body as a whole
MAX_BATCH_ITEMS = 20


def registry_env(prefix: str, bootstrap: str, **settings: str) -> dict[str, str]:
    """Environment for `python -m registry`; `settings` are REGISTRY_* values without prefix."""
    return {
        "TOPIC_PREFIX": prefix,
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
        "REGISTRY_MAX_BODY_BYTES": str(MAX_BODY_BYTES),
        "REGISTRY_MAX_BATCH_BODY_BYTES": str(MAX_BATCH_BODY_BYTES),
        "REGISTRY_MAX_BATCH_ITEMS": str(MAX_BATCH_ITEMS),
        **{f"REGISTRY_{name.upper()}": value for name, value in settings.items()},
    }


def issue_key(url: str, **body: Any) -> dict[str, Any]:
    response = httpx.post(f"{url}/v1/admin/keys", json=body, headers=ADMIN, timeout=30)
    assert response.status_code == 201, response.text
    issued: dict[str, Any] = response.json()
    return issued


@dataclass(frozen=True)
class Partner:
    """A partner system's key, the source only it may claim, and its events."""

    url: str
    key_id: str
    token: str
    network: Network

    @property
    def source(self) -> str:
        return self.network.source

    @property
    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.token}

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, headers=self.headers, timeout=30)


def new_partner(url: str, **key: Any) -> Partner:
    source = f"/systems/it-{uuid.uuid4().hex[:8]}"
    issued = issue_key(url, **({"system": "it-partner", "sources": [source]} | key))
    return Partner(url, issued["key_id"], issued["token"], Network(source))
