"""Schemathesis against the matching service's OpenAPI document: no request is a 5xx or hangs,
every status it answers with is declared in the document, every refusal is in the one error
shape, and schemathesis's other checks (response schemas, content types, negative data refused,
Allow headers, authentication not ignored) hold.

As for the registry (tests/integration/registry/test_openapi_fuzz.py) the document is built in
process at collection time and checked to be exactly what the live process serves. Each
operation is fuzzed with a coordinator key and without one (then the generated Authorization /
X-API-Key headers, absent or garbage, are what the service sees). The graph holds a small
network with real matches, and half of the well-formed ids in paths name them, so feedback on a
real match and the answers for real nodes are fuzzed too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from matching.bootstrap import create_app
from matching.config import Settings
from neo4j import GraphDatabase

from scripts.create_topics import create_all
from tests.integration.registry.harness import issue_key, registry_env
from tests.integration.registry.network import Network
from tests.integration.security.fuzzing import (
    EXCLUDED_CHECKS,
    aim_at_known_ids,
    refusals_in_the_one_error_shape,
)
from tests.support.processes import ServiceProcess
from tests.support.system import stack_env
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration


async def _document() -> dict[str, Any]:
    # The app builds a Kafka producer, which wants a running event loop (nothing connects).
    return create_app(Settings()).openapi()


DOCUMENT = asyncio.run(_document())
schema = schemathesis.openapi.from_dict(DOCUMENT)
SOURCE = "/systems/mfuzz"


@dataclass(frozen=True)
class Fuzzed:
    service: ServiceProcess
    token: str
    known: dict[str, list[str]]


def _seed(registry: ServiceProcess, matching: ServiceProcess, token: str, partner: str) -> Any:
    """Posts the example network through the registry; returns its ids once matches exist."""
    network = Network(SOURCE)
    events = [
        # the example partner, here also working on the initiative's own theme: a sure match
        network.event("partner.registered", themes=["procestechniek", "procesindustrie"]),
        network.event("initiative.registered"),
        network.event("need.published"),
    ]
    with httpx.Client(base_url=registry.url, headers={"X-API-Key": partner}) as client:
        for event in events:
            response = client.post("/v1/events", json=event)
            assert response.status_code == 202, response.text
    with httpx.Client(base_url=matching.url, headers={"X-API-Key": token}) as client:
        items = eventually(lambda: client.get("/v1/matches").json()["items"], "a proposed match")
    return {
        "match_id": [m["match_id"] for m in items],
        "node_id": [event["subject"] for event in events],
    }


@pytest.fixture(scope="module")
def fuzzed_matching(
    topic_prefix: str,
    graph_namespace: str,
    kafka_bootstrap: str,
    neo4j_auth: tuple[str, str, str],
) -> Iterator[Fuzzed]:
    """A matching process (own topics, own graph namespace, a small network with matches) and a
    coordinator key for it."""
    prefix, namespace = f"{topic_prefix}mfuzz.", f"{graph_namespace}-mfuzz"
    asyncio.run(create_all(kafka_bootstrap, prefix))
    registry = ServiceProcess(
        "registry", registry_env(prefix, kafka_bootstrap), name="registry-mfuzz"
    ).start()
    matching = ServiceProcess(
        "matching",
        stack_env(prefix, namespace, kafka_bootstrap),
        name="matching-fuzz",
    )
    try:
        # Issued before matching starts: it is ready only once it has read every key.
        token = issue_key(registry.url, system="fuzz-coordinator", role="coordinator")["token"]
        partner = issue_key(registry.url, system="fuzz-partner", sources=[SOURCE])["token"]
        matching.start()
        assert httpx.get(f"{matching.url}/openapi.json").json() == DOCUMENT
        yield Fuzzed(matching, token, _seed(registry, matching, token, partner))
    finally:
        matching.stop()
        registry.stop()
        uri, user, password = neo4j_auth
        with GraphDatabase.driver(uri, auth=(user, password)) as driver:
            driver.execute_query("MATCH (n {ns: $ns}) DETACH DELETE n", ns=namespace)


@pytest.mark.parametrize("auth", ["coordinator", "none"])
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_generated_request_is_a_server_error_or_undocumented(
    case: schemathesis.Case, auth: str, fuzzed_matching: Fuzzed
) -> None:
    aim_at_known_ids(case, fuzzed_matching.known)
    headers = {"X-API-Key": fuzzed_matching.token} if auth == "coordinator" else None
    case.call_and_validate(
        base_url=fuzzed_matching.service.url,
        headers=headers,
        additional_checks=[refusals_in_the_one_error_shape],
        excluded_checks=EXCLUDED_CHECKS,
        timeout=30,
    )
