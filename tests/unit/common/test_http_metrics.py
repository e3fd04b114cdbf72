"""Request metrics per route template (issue 18): labelled by the route FastAPI matched, never by
the raw path; refusals before routing count under the route they were meant for."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from livinglab_common.http_metrics import REQUEST_SECONDS, REQUESTS, RequestMetrics
from livinglab_common.limits import BodySizeLimit
from prometheus_client import Counter, Histogram


def sample(metric: Counter | Histogram, name: str, **labels: str) -> float:
    found = [s.value for s in metric.collect()[0].samples if s.name == name and s.labels == labels]
    return found[0] if found else 0.0


def counted(method: str, route: str, status: str) -> float:
    return sample(REQUESTS, "http_requests_total", method=method, route=route, status=status)


def timed(method: str, route: str) -> float:
    return sample(
        REQUEST_SECONDS, "http_request_duration_seconds_count", method=method, route=route
    )


def app() -> FastAPI:
    application = FastAPI()

    @application.get("/v1/things/{thing_id}")
    async def thing(thing_id: str) -> dict[str, str]:
        return {"id": thing_id}

    @application.post("/v1/things")
    async def create() -> dict[str, str]:
        return {}

    @application.get("/boom")
    async def boom() -> None:
        raise RuntimeError("bug")

    application.add_middleware(BodySizeLimit, max_bytes=10)
    application.add_middleware(RequestMetrics)
    return application


async def test_requests_are_counted_and_timed_per_route_template() -> None:
    before = counted("GET", "/v1/things/{thing_id}", "200"), timed("GET", "/v1/things/{thing_id}")
    transport = httpx.ASGITransport(app=app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        for thing_id in ("a", "b", "c"):
            assert (await client.get(f"/v1/things/{thing_id}")).status_code == 200
        assert (await client.get("/no/such/path")).status_code == 404
        assert (await client.post("/v1/things", content=b"x" * 100)).status_code == 413
        assert (await client.get("/v1/things")).status_code == 405
        assert (await client.get("/boom")).status_code == 500
    assert counted("GET", "/v1/things/{thing_id}", "200") == before[0] + 3
    assert timed("GET", "/v1/things/{thing_id}") == before[1] + 3
    assert counted("GET", "(unmatched)", "404") >= 1
    assert counted("POST", "/v1/things", "413") >= 1  # refused by the body limit, before routing
    assert counted("GET", "/v1/things", "405") >= 1
    assert counted("GET", "/boom", "500") >= 1
    # No series per raw path.
    assert not [s for s in REQUESTS.collect()[0].samples if "/v1/things/a" in str(s.labels)]
