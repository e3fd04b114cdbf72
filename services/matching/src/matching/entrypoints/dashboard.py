"""The coordinator dashboard at /dashboard: built static assets, reference lists and the live feed.

The page itself is plain ES modules built by `npm ci && npm run build` in dashboard/ (into
dashboard/dist, nothing from a CDN). Besides the files this router serves:

- /dashboard/reference.json: regions, themes and helix categories from livinglab_contracts, so the
  page needs neither the registry (no CORS there) nor a generated copy that could go stale;
- /dashboard/feed: the notifications service's Server-Sent-Events feed (GET /v1/feed), streamed
  through byte for byte with the caller's API key, so the page stays same-origin and can send the
  key as a header (EventSource cannot). When notifications is down or has no feed, it answers 503
  and the page shows 'live feed unavailable'.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import APIRouter, Header, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from livinglab_contracts.reference.regions import REGIONS
from livinglab_contracts.reference.themes import THEMES
from livinglab_contracts.reference.vocabulary import HELIX_OF_KIND, Helix
from sse_starlette import EventSourceResponse
from starlette.background import BackgroundTask

from matching.entrypoints.deps import PrincipalDep

log = logging.getLogger(__name__)

HELIX_NAMES = {
    Helix.ONDERWIJS: ("onderwijs", "education"),
    Helix.ONDERZOEK: ("onderzoek", "research"),
    Helix.BEDRIJFSLEVEN: ("bedrijfsleven", "business"),
    Helix.OVERHEID: ("overheid", "government"),
    Helix.MAATSCHAPPIJ: ("maatschappij", "civil society"),
}
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
        "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@cache
def reference_lists() -> dict[str, Any]:
    return {
        "regions": [
            {
                "code": r.code,
                "name_nl": r.name_nl,
                "name_en": r.name_en,
                "level": r.level.value,
                "parent": r.parent,
            }
            for r in REGIONS.values()
        ],
        "themes": [
            {"slug": t.slug, "name_nl": t.name_nl, "name_en": t.name_en, "parent": t.parent}
            for t in THEMES.values()
        ],
        "helix": [
            {"id": h.value, "name_nl": HELIX_NAMES[h][0], "name_en": HELIX_NAMES[h][1]}
            for h in Helix
        ],
        "partner_kind_helix": {k.value: h.value for k, h in HELIX_OF_KIND.items()},
    }


def _problem(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"error": {"status": status, "code": code, "message": message, "details": []}},
        status_code=status,
        headers={"Cache-Control": "no-store"},
    )


def build_router(dashboard_dir: Path, notifications_url: str) -> APIRouter:
    dist = dashboard_dir.resolve()
    feed_url = notifications_url.rstrip("/") + "/v1/feed"
    router = APIRouter(prefix="/dashboard", include_in_schema=False)

    def file_in_dist(relative: str) -> Path | None:
        # A NUL byte (ValueError) or an over-long name (OSError) in the path names no file;
        # both used to escape from resolve() / is_file() as a 500.
        try:
            target = (dist / relative).resolve()
            return target if target.is_relative_to(dist) and target.is_file() else None
        except (OSError, ValueError):
            return None

    def asset(relative: str) -> Response:
        target = file_in_dist(relative)
        if target is None:
            if not (dist / "index.html").is_file():
                return _problem(
                    503,
                    "dashboard_not_built",
                    f"the dashboard is not built ({dist} has no index.html); "
                    "run: cd dashboard && npm ci && npm run build",
                )
            return _problem(404, "not_found", f"no dashboard file '{relative[:200]}'")
        media_type = MEDIA_TYPES.get(target.suffix, "application/octet-stream")
        return FileResponse(target, media_type=media_type, headers=SECURITY_HEADERS)

    @router.get("")
    async def dashboard_root() -> RedirectResponse:
        return RedirectResponse("/dashboard/", status_code=308)

    @router.get("/")
    async def dashboard_index() -> Response:
        return asset("index.html")

    @router.get("/reference.json")
    async def reference() -> JSONResponse:
        """Regions, themes and helix categories (the registry's reference data, same shapes)."""
        return JSONResponse(reference_lists(), headers={"Cache-Control": "max-age=300"})

    @router.get("/feed")
    async def live_feed(
        request: Request,
        principal: PrincipalDep,
        x_api_key: Annotated[str | None, Header()] = None,
        authorization: Annotated[str | None, Header()] = None,
        last_event_id: Annotated[str | None, Header()] = None,
    ) -> Response:
        """The notifications service's SSE feed for this coordinator key, passed through as is."""
        token = x_api_key or (authorization or "")[7:].strip()
        log.debug("live feed for key %s", principal.key_id)
        headers = {
            "X-API-Key": token,
            "Authorization": f"Bearer {token}",
            "Accept": "text/event-stream",
        }
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        client = httpx.AsyncClient(timeout=httpx.Timeout(5.0, read=None))
        try:
            upstream = await client.send(
                client.build_request("GET", feed_url, headers=headers, params=request.query_params),
                stream=True,
            )
        except httpx.HTTPError as error:
            await client.aclose()
            log.info("live feed unavailable: %r", error)
            return _problem(
                503, "feed_unavailable", f"cannot reach the notifications service at {feed_url}"
            )

        closed = False

        async def close() -> None:
            nonlocal closed
            if not closed:
                closed = True
                await upstream.aclose()
                await client.aclose()

        content_type = upstream.headers.get("content-type", "")
        if upstream.status_code != 200 or not content_type.startswith("text/event-stream"):
            status = upstream.status_code
            await close()
            if status in (401, 403):
                return _problem(status, "unauthorized", "the feed refused this API key")
            return _problem(
                503,
                "feed_unavailable",
                f"{feed_url} answered {status} ({content_type or 'no body'}), not an event stream",
            )

        async def relay() -> AsyncIterator[bytes]:
            try:
                async for chunk in upstream.aiter_raw():
                    yield chunk
            finally:
                await close()

        # Bytes pass through unchanged (no pings of our own: they could split an upstream event);
        # EventSourceResponse ends the stream when the server shuts down.
        return EventSourceResponse(
            relay(), ping=0, media_type=content_type, background=BackgroundTask(close)
        )

    @router.get("/{path:path}")
    async def dashboard_asset(path: str) -> Response:
        return asset(path)

    return router
