"""`/health` (the process is alive) and `/ready` (every dependency answers), plus `/metrics`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Literal

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel

ReadinessCheck = Callable[[], Awaitable[str | None]]
"""Returns None when the dependency is fine, or a short reason why it is not."""


class Ready(BaseModel):
    status: Literal["ready"]
    checks: list[str]


class NotReady(BaseModel):
    """Probes read the status code; `problems` says which dependency and why, for people."""

    status: Literal["not_ready"]
    problems: dict[str, str]


def health_router(checks: Mapping[str, ReadinessCheck]) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health", summary="Liveness: the process answers")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @router.get(
        "/ready",
        summary="Readiness: Kafka (and Neo4j where used) answer",
        response_model=Ready,
        responses={503: {"model": NotReady, "description": "A dependency does not answer yet"}},
    )
    async def ready() -> JSONResponse:
        problems = {name: reason for name, check in checks.items() if (reason := await check())}
        if problems:
            return JSONResponse({"status": "not_ready", "problems": problems}, status_code=503)
        return JSONResponse({"status": "ready", "checks": sorted(checks)})

    @router.get("/metrics", summary="Prometheus metrics", response_class=Response)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
