"""Schemathesis against the matching service's OpenAPI document: no request is a 5xx or hangs,
and every status it answers with is declared in the document.

As for the registry (tests/integration/registry/test_openapi_fuzz.py) the document is built in
process at collection time and checked to be exactly what the live process serves. Each
operation is fuzzed with a coordinator key and without one (then the generated Authorization /
X-API-Key headers, absent or garbage, are what the service sees).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from matching.bootstrap import create_app
from matching.config import Settings
from neo4j import GraphDatabase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from scripts.create_topics import create_all
from tests.integration.registry.harness import issue_key, registry_env
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.integration


async def _document() -> dict[str, Any]:
    # The app builds a Kafka producer, which wants a running event loop (nothing connects).
    return create_app(Settings()).openapi()


DOCUMENT = asyncio.run(_document())
schema = schemathesis.openapi.from_dict(DOCUMENT)


@pytest.fixture(scope="module")
def fuzzed_matching(
    topic_prefix: str,
    graph_namespace: str,
    kafka_bootstrap: str,
    neo4j_auth: tuple[str, str, str],
) -> Iterator[tuple[ServiceProcess, str]]:
    """A matching process (own topics, own graph namespace) and a coordinator key for it."""
    prefix, namespace = f"{topic_prefix}mfuzz.", f"{graph_namespace}-mfuzz"
    asyncio.run(create_all(kafka_bootstrap, prefix))
    registry = ServiceProcess(
        "registry", registry_env(prefix, kafka_bootstrap), name="registry-mfuzz"
    ).start()
    matching = ServiceProcess(
        "matching",
        {
            "TOPIC_PREFIX": prefix,
            "GRAPH_NAMESPACE": namespace,
            "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
            "MATCHING_BATCH_WINDOW_S": "0.05",
        },
        name="matching-fuzz",
    )
    try:
        # Issued before matching starts: it is ready only once it has read every key.
        token = issue_key(registry.url, system="fuzz-coordinator", role="coordinator")["token"]
        matching.start()
        assert httpx.get(f"{matching.url}/openapi.json").json() == DOCUMENT
        yield matching, token
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
    case: schemathesis.Case, auth: str, fuzzed_matching: tuple[ServiceProcess, str]
) -> None:
    service, token = fuzzed_matching
    headers = {"X-API-Key": token} if auth == "coordinator" else None
    case.call_and_validate(
        base_url=service.url,
        headers=headers,
        checks=[not_a_server_error, status_code_conformance],
        timeout=30,
    )
