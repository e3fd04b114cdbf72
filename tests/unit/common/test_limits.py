"""BodySizeLimit in front of a tiny Starlette app: oversized bodies never reach the app."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from livinglab_common.limits import BodySizeLimit
from pydantic import BaseModel
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

LIMIT = 1024


class Body(BaseModel):
    name: str


def client() -> tuple[httpx.AsyncClient, list[int]]:
    """A client for an echo app behind the limit, and the body sizes the app got to read."""
    seen: list[int] = []

    async def echo(request: Request) -> JSONResponse:
        body = await request.body()
        seen.append(len(body))
        return JSONResponse({"length": len(body)})

    app = BodySizeLimit(Starlette(routes=[Route("/", echo, methods=["POST"])]), max_bytes=LIMIT)
    transport = httpx.ASGITransport(app=app)
    return httpx.AsyncClient(transport=transport, base_url="http://test"), seen


async def chunks(total: int, size: int = 100) -> AsyncIterator[bytes]:
    for start in range(0, total, size):
        yield b"x" * min(size, total - start)


@pytest.mark.parametrize("length", [0, 1, LIMIT])
async def test_bodies_up_to_the_limit_pass_unchanged(length: int) -> None:
    api, seen = client()
    async with api:
        response = await api.post("/", content=b"x" * length)
    assert (response.status_code, response.json()) == (200, {"length": length})
    assert seen == [length]


async def test_a_declared_length_over_the_limit_is_refused_before_the_app_runs() -> None:
    api, seen = client()
    async with api:
        response = await api.post("/", content=b"x" * (LIMIT + 1))
    assert response.status_code == 413
    assert response.json() == {
        "error": {
            "status": 413,
            "code": "body_too_large",
            "message": f"request body exceeds the limit of {LIMIT} bytes",
            "details": [],
        }
    }
    assert seen == []


@pytest.mark.parametrize(("total", "status"), [(LIMIT, 200), (LIMIT + 1, 413), (50 * LIMIT, 413)])
async def test_a_streamed_body_without_a_length_is_counted_as_it_arrives(
    total: int, status: int
) -> None:
    api, seen = client()
    async with api:
        response = await api.post("/", content=chunks(total))
    assert response.status_code == status
    assert seen == ([total] if status == 200 else [])


async def test_non_http_scopes_pass_through_untouched() -> None:
    calls: list[str] = []

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope["type"])

    async def receive() -> Message:
        return {"type": "lifespan.startup"}

    async def send(message: Message) -> None:
        raise AssertionError("the limit must not answer a lifespan scope")

    await BodySizeLimit(inner, max_bytes=1)({"type": "lifespan"}, receive, send)
    assert calls == ["lifespan"]


async def test_a_route_that_parses_its_body_still_answers_413_not_400() -> None:
    # FastAPI turns any error while reading a model body into "400 error parsing the body".
    app = FastAPI()
    app.add_middleware(BodySizeLimit, max_bytes=LIMIT)

    @app.post("/things")
    async def create(body: Body) -> dict[str, str]:
        return {"name": body.name}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as api:
        headers = {"Content-Type": "application/json"}
        streamed = await api.post("/things", content=chunks(2 * LIMIT), headers=headers)
        small = await api.post("/things", json={"name": "cop"})
    assert (streamed.status_code, streamed.json()["error"]["code"]) == (413, "body_too_large")
    assert (small.status_code, small.json()) == (200, {"name": "cop"})
