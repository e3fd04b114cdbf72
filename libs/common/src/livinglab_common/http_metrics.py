"""Request rate, errors and latency per route for every HTTP app, as Prometheus metrics.

A plain ASGI middleware (no BaseHTTPMiddleware: that one adds a task and a queue per request on
the registry's hot path). Requests are labelled by the route *template* FastAPI matched
(`/v1/partners/{partner_id}`), never by the raw path, so a fuzzer or a scan of random URLs adds
no series; whatever matched no route is counted under one label.
"""

from __future__ import annotations

import functools
import time
from typing import Any

from prometheus_client import Counter, Histogram
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNMATCHED_ROUTE = "(unmatched)"

REQUESTS = Counter(
    "http_requests_total",
    "HTTP requests answered, by method, route template and status code",
    ["method", "route", "status"],
)
REQUEST_SECONDS = Histogram(
    "http_request_duration_seconds",
    "From the request's arrival to the end of its answer, by method and route template",
    ["method", "route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
# Methods outside this set are counted as OTHER: a method is client input too.
_KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Scope) -> str:
    """The path template of the route the router matched for this request, if any."""
    route = scope.get("route") or _route_for(scope)
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template if isinstance(template, str) else UNMATCHED_ROUTE


def _route_for(scope: Scope) -> BaseRoute | None:
    """The route a request refused before routing (an oversized body) was meant for; only
    such requests and unknown paths pay for this walk over the routes."""
    router = getattr(scope.get("app"), "router", None)
    for route in getattr(router, "routes", ()):
        if isinstance(route, BaseRoute) and route.matches(scope)[0] is not Match.NONE:
            return route
    return None


class RequestMetrics:
    """Counts every HTTP request and times it; add it as the outermost middleware so refusals
    by other middleware (an oversized body) are counted too."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers if the app raises before starting a response

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            method = scope["method"] if scope["method"] in _KNOWN_METHODS else "OTHER"
            route = route_template(scope)
            counter, timer = _children(method, route, status)
            counter.inc()
            timer.observe(time.perf_counter() - started)


@functools.cache
def _children(method: str, route: str, status: int) -> tuple[Any, Any]:
    """The labelled series of one (method, route, status), looked up once: `labels()` takes a
    lock and checks its arguments on every call, a cost on the registry's hot path. The keys are
    bounded (known methods, route templates, status codes)."""
    return REQUESTS.labels(method, route, str(status)), REQUEST_SECONDS.labels(method, route)
