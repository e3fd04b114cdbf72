"""A registry process on topics of its own, with the settings a test chooses (none: the shipped
defaults), and partner-system keys issued through its admin API (issue 16's tests)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from scripts.create_topics import create_all
from tests.integration.registry.harness import issue_key
from tests.integration.registry.network import Network
from tests.support.processes import ServiceProcess


@dataclass(frozen=True)
class System:
    """One partner system: its key, the one source it may claim, and its own example network."""

    url: str
    token: str
    network: Network

    @property
    def source(self) -> str:
        return self.network.source

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, headers={"X-API-Key": self.token}, timeout=30)


def new_system(url: str, **key: object) -> System:
    name = f"sys-{uuid.uuid4().hex[:8]}"
    source = f"/systems/{name}"
    token = issue_key(url, **({"system": name, "sources": [source]} | key))["token"]
    return System(url, token, Network(source))


@contextmanager
def lone_registry(
    topic_prefix: str, bootstrap: str, name: str, **settings: str
) -> Iterator[ServiceProcess]:
    """`settings` are REGISTRY_* values without the prefix; everything else is the default."""
    prefix = f"{topic_prefix}{name}-{uuid.uuid4().hex[:6]}."
    asyncio.run(create_all(bootstrap, prefix))
    env = {"TOPIC_PREFIX": prefix, "KAFKA_BOOTSTRAP_SERVERS": bootstrap}
    env |= {f"REGISTRY_{key.upper()}": value for key, value in settings.items()}
    service = ServiceProcess("registry", env, name=f"registry-{name}").start()
    try:
        yield service
    finally:
        service.stop()
