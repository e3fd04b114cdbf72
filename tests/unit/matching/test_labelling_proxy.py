"""The dashboard's read-only pass-through to the registry's labelling routes (issue 19).

The router is mounted in a bare app with a real KeyRing; the registry is an httpx MockTransport
that records what it was asked, or, for the 502, a port nobody listens on.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI
from livinglab_common.errors import install_error_handlers
from livinglab_common.keys import ApiKeyRecord, KeyRing, Role, hash_secret, new_token
from livinglab_common.ratelimit import RateLimiter
from matching.config import Settings
from matching.entrypoints.labelling_proxy import build_router

from tests.support.processes import free_port

PEPPER = "test-pepper"
REGISTRY = "http://registry.test:8001"


@pytest.fixture(scope="module")
def keys() -> tuple[KeyRing, str]:
    ring = KeyRing(PEPPER)
    key_id, secret, token = new_token()
    ring.apply(
        ApiKeyRecord(
            key_id=key_id,
            secret_hash=hash_secret(PEPPER, secret),
            system="eval-anna",
            role=Role.EVALUATOR,
            created_at=datetime.now(UTC),
        )
    )
    return ring, token


class Registry:
    """Answers like the registry: 403 for the coordinators' list, the queue, a 404 otherwise."""

    def __init__(self) -> None:
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        path = request.url.path
        if path == "/v1/labelling/applications":
            body = {"error": {"status": 403, "code": "forbidden", "message": "no", "details": []}}
            return httpx.Response(403, json=body)
        if path == "/v1/labelling/queue":
            return httpx.Response(200, json=[{"application_id": "a-1", "status": "submitted"}])
        if path == "/v1/labelling/applications/a-1":
            return httpx.Response(200, json={"application_id": "a-1", "audit": []})
        if path == "/v1/labelling/waves":
            return httpx.Response(503, json={"error": {"code": "x"}}, headers={"Retry-After": "2"})
        return httpx.Response(404, json={"error": {"code": "not_found"}})


def app_with(
    ring: KeyRing, registry_url: str, transport: httpx.AsyncBaseTransport | None
) -> FastAPI:
    app = FastAPI()
    app.state.matching = SimpleNamespace(keys=ring, rate_limiter=RateLimiter(6000))
    install_error_handlers(app)
    app.include_router(build_router(registry_url, transport))
    return app


def client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://dash")


async def test_forwards_the_key_and_passes_status_and_body_through(
    keys: tuple[KeyRing, str],
) -> None:
    ring, token = keys
    registry = Registry()
    app = app_with(ring, REGISTRY + "/", httpx.MockTransport(registry))
    async with client(app) as http:
        queue = await http.get("/dashboard/labelling/queue", headers={"X-API-Key": token})
        one = await http.get(
            "/dashboard/labelling/applications/a-1", headers={"Authorization": f"Bearer {token}"}
        )
        listed = await http.get("/dashboard/labelling/applications", headers={"X-API-Key": token})
        busy = await http.get("/dashboard/labelling/waves", headers={"X-API-Key": token})
    assert (queue.status_code, queue.json()) == (
        200,
        [{"application_id": "a-1", "status": "submitted"}],
    )
    assert queue.headers["cache-control"] == "no-store"
    assert one.json()["application_id"] == "a-1"
    assert (listed.status_code, listed.json()["error"]["code"]) == (403, "forbidden")
    assert (busy.status_code, busy.headers["retry-after"]) == (503, "2")
    asked = [(r.method, str(r.url)) for r in registry.seen]
    assert asked == [
        ("GET", f"{REGISTRY}/v1/labelling/queue"),
        ("GET", f"{REGISTRY}/v1/labelling/applications/a-1"),
        ("GET", f"{REGISTRY}/v1/labelling/applications"),
        ("GET", f"{REGISTRY}/v1/labelling/waves"),
    ]
    assert registry.seen[0].headers["x-api-key"] == token
    assert registry.seen[1].headers["authorization"] == f"Bearer {token}"


async def test_the_role_comes_from_the_key_without_asking_the_registry(
    keys: tuple[KeyRing, str],
) -> None:
    ring, token = keys
    registry = Registry()
    async with client(app_with(ring, REGISTRY, httpx.MockTransport(registry))) as http:
        role = await http.get("/dashboard/labelling/role", headers={"X-API-Key": token})
        assert (await http.get("/dashboard/labelling/role")).status_code == 401
    assert role.json() == {"system": "eval-anna", "role": "evaluator"}
    assert registry.seen == []


async def test_refuses_anything_but_the_labelling_reads(keys: tuple[KeyRing, str]) -> None:
    ring, token = keys
    registry = Registry()
    app = app_with(ring, REGISTRY, httpx.MockTransport(registry))
    auth = {"X-API-Key": token}
    async with client(app) as http:
        assert (await http.get("/dashboard/labelling/queue")).status_code == 401
        assert (await http.get("/dashboard/labelling/admin", headers=auth)).status_code == 404
        assert (await http.get("/dashboard/labelling/..%2fevents", headers=auth)).status_code == 404
        bad_id = await http.get("/dashboard/labelling/applications/..%2f..%2fkeys", headers=auth)
        assert bad_id.status_code in (404, 422)
        posted = await http.post(
            "/dashboard/labelling/applications/a-1/decision", json={}, headers=auth
        )
        assert posted.status_code in (404, 405)
        assert (
            await http.post("/dashboard/labelling/applications", json={}, headers=auth)
        ).status_code == 405
    assert registry.seen == []


async def test_an_unreachable_registry_is_a_502_that_says_where(keys: tuple[KeyRing, str]) -> None:
    ring, token = keys
    nobody = f"http://127.0.0.1:{free_port()}"
    async with client(app_with(ring, nobody, None)) as http:
        response = await http.get("/dashboard/labelling/queue", headers={"X-API-Key": token})
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["code"] == "registry_unavailable"
    assert f"{nobody}/v1/labelling" in error["message"]


async def test_an_answer_that_is_not_json_is_a_502_too(keys: tuple[KeyRing, str]) -> None:
    ring, token = keys

    def html(_: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>not the registry</html>")

    async with client(app_with(ring, REGISTRY, httpx.MockTransport(html))) as http:
        response = await http.get("/dashboard/labelling/criteria", headers={"X-API-Key": token})
    assert response.status_code == 502
    assert "not the registry" not in response.text
    assert json.loads(response.text)["error"]["code"] == "registry_unavailable"


def test_the_registry_url_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MATCHING_REGISTRY_URL", raising=False)
    assert Settings().registry_url == "http://127.0.0.1:8001"
    monkeypatch.setenv("MATCHING_REGISTRY_URL", "http://registry:8001")
    assert Settings().registry_url == "http://registry:8001"
