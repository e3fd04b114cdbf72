"""One error shape for every refusal, and /health, /ready, /metrics."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI, Query
from livinglab_common.errors import ApiError, field_path, install_error_handlers
from livinglab_common.health import health_router


def app_with_errors() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/refuse")
    async def refuse() -> None:
        raise ApiError(
            409,
            "stale_sequence",
            "sequence 1 is not after 2",
            [{"field": "sequence", "rule": "stale_sequence", "message": "not after 2"}],
            headers={"Retry-After": "3"},
        )

    @app.get("/page")
    async def paged(limit: int = Query(ge=1, le=10)) -> dict[str, int]:
        return {"limit": limit}

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret detail llk_abc.def")

    return app


async def get(app: FastAPI, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.get(path)


async def test_an_api_error_is_rendered_with_its_details_and_headers() -> None:
    response = await get(app_with_errors(), "/refuse")
    assert response.status_code == 409 and response.headers["Retry-After"] == "3"
    assert response.json() == {
        "error": {
            "status": 409,
            "code": "stale_sequence",
            "message": "sequence 1 is not after 2",
            "details": [{"field": "sequence", "rule": "stale_sequence", "message": "not after 2"}],
        }
    }


async def test_request_validation_names_the_parameter() -> None:
    response = await get(app_with_errors(), "/page?limit=99")
    error = response.json()["error"]
    assert (response.status_code, error["code"]) == (422, "invalid_request")
    assert [(d["field"], d["rule"]) for d in error["details"]] == [("limit", "less_than_equal")]


async def test_unknown_paths_and_methods_use_the_same_shape() -> None:
    app = app_with_errors()
    assert (await get(app, "/nowhere")).json()["error"]["code"] == "not_found"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post("/page")
    assert (response.status_code, response.json()["error"]["code"]) == (405, "method_not_allowed")


async def test_an_unexpected_error_is_a_500_that_reveals_nothing() -> None:
    response = await get(app_with_errors(), "/boom")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "secret" not in response.text and "llk_" not in response.text


@pytest.mark.parametrize(
    ("location", "path"),
    [
        (("body", "data", "themes", 2), "data.themes[2]"),
        (("query", "limit"), "limit"),
        (("body",), "body"),
        (("body", "body"), "body"),
        (("header", "x-api-key"), "x-api-key"),
    ],
)
def test_field_paths_read_like_the_json_they_point_into(location: tuple, path: str) -> None:  # type: ignore[type-arg]
    assert field_path(location) == path


def check(reason: str | None) -> Callable[[], Awaitable[str | None]]:
    async def run() -> str | None:
        return reason

    return run


async def test_ready_lists_every_failing_dependency_and_health_stays_up() -> None:
    app = FastAPI()
    app.include_router(health_router({"kafka": check("kafka unreachable"), "state": check(None)}))
    ready = await get(app, "/ready")
    assert ready.status_code == 503
    assert ready.json() == {"status": "not_ready", "problems": {"kafka": "kafka unreachable"}}
    assert (await get(app, "/health")).json() == {"status": "ok"}
    # The 503 and its body are in the API document, so clients and fuzzers expect them.
    declared = app.openapi()["paths"]["/ready"]["get"]["responses"]["503"]
    schema = declared["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(app.openapi()["components"]["schemas"][schema]["properties"]) == set(ready.json())


async def test_ready_names_its_checks_when_all_pass_and_metrics_are_prometheus_text() -> None:
    app = FastAPI()
    app.include_router(health_router({"state": check(None), "kafka": check(None)}))
    ready = await get(app, "/ready")
    assert (ready.status_code, ready.json()) == (
        200,
        {"status": "ready", "checks": ["kafka", "state"]},
    )
    metrics = await get(app, "/metrics")
    assert metrics.headers["content-type"].startswith("text/plain")
    assert "# HELP" in metrics.text
