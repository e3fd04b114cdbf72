"""The /dashboard router on its own: files, reference lists, and the live-feed pass-through.

No browser and no Kafka: the router is mounted in a bare app with a real KeyRing, and the feed's
upstream is a small real HTTP server on 127.0.0.1 that streams two events and ends.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import StreamingResponse
from livinglab_common.errors import install_error_handlers
from livinglab_common.keys import ApiKeyRecord, KeyRing, Role, hash_secret, new_token
from livinglab_common.ratelimit import RateLimiter
from matching.entrypoints.dashboard import build_router

from tests.support.processes import free_port

PEPPER = "test-pepper"


@pytest.fixture(scope="module")
def coordinator_token() -> tuple[KeyRing, str]:
    ring = KeyRing(PEPPER)
    key_id, secret, token = new_token()
    ring.apply(
        ApiKeyRecord(
            key_id=key_id,
            secret_hash=hash_secret(PEPPER, secret),
            system="routes-test",
            role=Role.COORDINATOR,
            created_at=datetime.now(UTC),
        )
    )
    return ring, token


@pytest.fixture(scope="module")
def upstream() -> Iterator[str]:
    """A feed that echoes the headers it got in its first event, sends a second, and ends."""
    app = FastAPI()

    @app.get("/v1/feed")
    async def feed(request: Request) -> StreamingResponse:
        key = request.headers.get("x-api-key", "")
        last = request.headers.get("last-event-id", "")
        region = request.query_params.get("region", "")

        async def events() -> AsyncIterator[bytes]:
            yield f'id: 1\nevent: hello\ndata: {{"key": "{key}", "last": "{last}"'.encode()
            yield f', "region": "{region}"}}\n\n'.encode()
            yield b'id: 2\nevent: nl.livinglab.match.proposed.v1\ndata: {"match_id": "m-1"}\n\n'

        return StreamingResponse(events(), media_type="text/event-stream")

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def dashboard_app(ring: KeyRing, dist: Path, notifications_url: str) -> FastAPI:
    app = FastAPI()
    app.state.matching = SimpleNamespace(keys=ring, rate_limiter=RateLimiter(6000))
    install_error_handlers(app)
    app.include_router(build_router(dist, notifications_url))
    return app


def client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://dash")


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "vendor").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>")
    (tmp_path / "app.js").write_text("export {};")
    (tmp_path / "vendor" / "lib.mjs").write_text("export default 1;")
    (tmp_path.parent / "secret.txt").write_text("not for the browser")
    return tmp_path


async def test_serves_the_built_files_with_a_strict_policy(
    coordinator_token: tuple[KeyRing, str], dist: Path
) -> None:
    ring, _ = coordinator_token
    async with client(dashboard_app(ring, dist, "http://127.0.0.1:9")) as http:
        assert (await http.get("/dashboard")).headers["location"] == "/dashboard/"
        index = await http.get("/dashboard/")
        assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
        assert "default-src 'self'" in index.headers["content-security-policy"]
        module = await http.get("/dashboard/vendor/lib.mjs")
        assert module.headers["content-type"].startswith("text/javascript")
        assert (await http.get("/dashboard/../secret.txt")).status_code == 404
        assert (await http.get("/dashboard/%2e%2e/secret.txt")).status_code == 404
        assert (await http.get("/dashboard/nothing.js")).status_code == 404


async def test_says_how_to_build_when_the_page_is_not_built(
    coordinator_token: tuple[KeyRing, str], tmp_path: Path
) -> None:
    ring, _ = coordinator_token
    async with client(dashboard_app(ring, tmp_path / "missing", "http://127.0.0.1:9")) as http:
        response = await http.get("/dashboard/")
    assert response.status_code == 503
    assert "npm ci && npm run build" in response.json()["error"]["message"]


async def test_reference_lists_come_from_the_contracts(
    coordinator_token: tuple[KeyRing, str], dist: Path
) -> None:
    ring, _ = coordinator_token
    async with client(dashboard_app(ring, dist, "http://127.0.0.1:9")) as http:
        body = (await http.get("/dashboard/reference.json")).json()
    regions = {r["code"]: r for r in body["regions"]}
    assert regions["CR39"]["parent"] == "NL42" and regions["CR39"]["name_en"] == "South Limburg"
    assert {t["slug"] for t in body["themes"]} >= {"procesindustrie", "chemie-procesindustrie"}
    assert [h["id"] for h in body["helix"]][:2] == ["onderwijs", "onderzoek"]


async def test_feed_needs_a_valid_key(coordinator_token: tuple[KeyRing, str], dist: Path) -> None:
    ring, _ = coordinator_token
    async with client(dashboard_app(ring, dist, "http://127.0.0.1:9")) as http:
        assert (await http.get("/dashboard/feed")).status_code == 401
        wrong = await http.get("/dashboard/feed", headers={"X-API-Key": "llk_abcdefabcdef.nope"})
        assert wrong.status_code == 401


async def test_feed_is_unavailable_when_notifications_is_not_there(
    coordinator_token: tuple[KeyRing, str], dist: Path
) -> None:
    ring, token = coordinator_token
    nobody = f"http://127.0.0.1:{free_port()}"
    async with client(dashboard_app(ring, dist, nobody)) as http:
        response = await http.get("/dashboard/feed", headers={"X-API-Key": token})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "feed_unavailable"
    assert f"{nobody}/v1/feed" in response.json()["error"]["message"]


async def test_feed_passes_the_stream_through_with_key_and_last_event_id(
    coordinator_token: tuple[KeyRing, str], dist: Path, upstream: str
) -> None:
    ring, token = coordinator_token
    async with client(dashboard_app(ring, dist, upstream)) as http:
        response = await http.get(
            "/dashboard/feed",
            params={"region": "CR39"},
            headers={"X-API-Key": token, "Last-Event-ID": "41"},
        )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.text == (
        f'id: 1\nevent: hello\ndata: {{"key": "{token}", "last": "41", "region": "CR39"}}\n\n'
        'id: 2\nevent: nl.livinglab.match.proposed.v1\ndata: {"match_id": "m-1"}\n\n'
    )
