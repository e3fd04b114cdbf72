"""The registry's labelling read routes, passed through for the dashboard's labelling tab.

The dashboard is served by this service and talks only to its own origin (its Content-Security-
Policy says `connect-src 'self'`), while the labelling workflow lives in the registry. This router
forwards a small, fixed set of GET routes, and nothing else, to the registry (issue 19):

    /dashboard/labelling/criteria                  -> GET {registry}/v1/labelling/criteria
    /dashboard/labelling/waves                     -> GET {registry}/v1/labelling/waves
    /dashboard/labelling/queue                     -> GET {registry}/v1/labelling/queue
    /dashboard/labelling/applications              -> GET {registry}/v1/labelling/applications
    /dashboard/labelling/applications/{id}         -> GET {registry}/v1/labelling/applications/{id}

plus /dashboard/labelling/role, answered here: the caller's role and system (from the key this
service already checks), so the page knows whether to ask for the coordinators' list or the
evaluator's queue.

The caller's key (X-API-Key or Authorization) goes with the request, so the registry decides
what this key may read (a coordinator everything, an evaluator its queue and its applications,
blind scoring included); its status code and JSON body come back unchanged. The key is checked
here first as on every other route of this service (401, rate limit). Any other path is a 404
and any other method a 405: the proxy never writes. When the registry cannot be reached or does
not answer in time, the answer is a 502 `registry_unavailable` naming the registry's URL, never
a 500.
"""

from __future__ import annotations

import logging
from typing import Annotated

import httpx
from fastapi import APIRouter, Header, Path
from fastapi.responses import JSONResponse, Response
from livinglab_common.errors import error_json

from matching.entrypoints.deps import PrincipalDep

log = logging.getLogger(__name__)

READABLE = ("criteria", "waves", "queue", "applications")
PASSED_HEADERS = ("content-type", "retry-after", "www-authenticate")
TIMEOUT_S = 10.0
ApplicationId = Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:\-]*$")]


def build_router(registry_url: str, transport: httpx.AsyncBaseTransport | None = None) -> APIRouter:
    """`transport` lets tests put the registry in-process; by default it is the network."""
    base = registry_url.rstrip("/") + "/v1/labelling"
    router = APIRouter(prefix="/dashboard/labelling", include_in_schema=False)

    async def forward(path: str, x_api_key: str | None, authorization: str | None) -> Response:
        url = f"{base}/{path}"
        headers = {"Accept": "application/json"}
        if x_api_key:
            headers["X-API-Key"] = x_api_key
        if authorization:
            headers["Authorization"] = authorization
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_S, transport=transport) as client:
                upstream = await client.get(url, headers=headers)
        except httpx.HTTPError as error:
            log.info("registry unavailable for %s: %r", url, error)
            return error_json(
                502,
                "registry_unavailable",
                f"the registry's labelling API at {base} could not be reached "
                f"({type(error).__name__}); retry later",
                headers={"Cache-Control": "no-store"},
            )
        passed = {k: v for k, v in upstream.headers.items() if k.lower() in PASSED_HEADERS}
        passed["Cache-Control"] = "no-store"
        if not upstream.headers.get("content-type", "").startswith("application/json"):
            return error_json(
                502,
                "registry_unavailable",
                f"{url} answered {upstream.status_code} without JSON; "
                f"is {registry_url} the registry?",
                headers={"Cache-Control": "no-store"},
            )
        return Response(upstream.content, status_code=upstream.status_code, headers=passed)

    @router.get("/role")
    async def labelling_role(principal: PrincipalDep) -> Response:
        """This key's role and system as this service knows them, so the page asks for the
        coordinators' list or the evaluator's queue without probing for a 403."""
        return JSONResponse(
            {"system": principal.system, "role": principal.role.value},
            headers={"Cache-Control": "no-store"},
        )

    @router.get("/{route}")
    async def labelling_list(
        route: str,
        principal: PrincipalDep,
        x_api_key: Annotated[str | None, Header()] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> Response:
        if route not in READABLE:
            return error_json(
                404,
                "not_found",
                f"no labelling route '{route[:100]}' here (only {', '.join(READABLE)} and "
                "applications/{id}, read-only)",
            )
        log.debug("labelling %s for key %s", route, principal.key_id)
        return await forward(route, x_api_key, authorization)

    @router.get("/applications/{application_id}")
    async def labelling_application(
        application_id: ApplicationId,
        principal: PrincipalDep,
        x_api_key: Annotated[str | None, Header()] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> Response:
        log.debug("labelling application for key %s", principal.key_id)
        return await forward(f"applications/{application_id}", x_api_key, authorization)

    return router
