"""One error shape for every service, so clients parse refusals the same way everywhere.

{"error": {"status": 422, "code": "invalid_event", "message": "...",
           "details": [{"field": "data.themes[0]", "rule": "...", "message": "..."}]}}
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from livinglab_common.logs import redact

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    field: str
    rule: str
    message: str

    # Refusals quote refused values; one that is a key (in the wrong field) is masked, so client
    # logs of error bodies do not keep it. A field path names object keys, which may be one too.
    _redacted = field_validator("message", "field")(redact)


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    details: list[ErrorDetail] = []

    _redacted = field_validator("message")(redact)


class ErrorResponse(BaseModel):
    error: ErrorBody


class ApiError(Exception):
    """Raised by handlers and routes; rendered as ErrorResponse with the given status."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Sequence[ErrorDetail | dict[str, str]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = redact(message)
        self.details = [d if isinstance(d, ErrorDetail) else ErrorDetail(**d) for d in details]
        self.headers = headers or {}


def error_json(
    status: int,
    code: str,
    message: str,
    details: Sequence[ErrorDetail] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorResponse(
        error=ErrorBody(status=status, code=code, message=message, details=list(details))
    )
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def field_path(location: Sequence[Any]) -> str:
    """('body', 'data', 'themes', 2) -> 'data.themes[2]'."""
    path = ""
    for part in location:
        if part in ("body", "query", "path", "header") and not path:
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "body"


def _validation_details(error: RequestValidationError) -> list[ErrorDetail]:
    return [
        ErrorDetail(
            field=field_path(e.get("loc", ())), rule=str(e.get("type")), message=str(e.get("msg"))
        )
        for e in error.errors()
    ]


_HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods the OpenAPI document lists for the route template `path` matches.

    Starlette's 405 names only the methods of the first route with that path (`POST` for
    /v1/subscriptions, which also answers GET); RFC 9110 wants all of the resource's methods.
    """
    for template, operations in app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            methods = {method.upper() for method in operations}
            if "GET" in methods:
                methods.add("HEAD")
            return [method for method in _HTTP_METHODS if method in methods]
    return []


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, error: ApiError) -> JSONResponse:
        return error_json(error.status, error.code, error.message, error.details, error.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_: Request, error: RequestValidationError) -> JSONResponse:
        # A body that is not JSON at all (or nested too deeply to parse) is the client's syntax
        # error, 400 as in every service, not a schema mismatch.
        broken = [e for e in error.errors() if e.get("type") == "json_invalid"]
        if broken:
            reason = broken[0].get("ctx", {}).get("error", "invalid")
            return error_json(400, "malformed_json", f"body is not valid JSON: {reason}")
        return error_json(
            422, "invalid_request", "request does not match the API", _validation_details(error)
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.status_code, "http_error")
        message = str(error.detail)
        headers = dict(getattr(error, "headers", None) or {})
        if error.status_code == 400 and message == "There was an error parsing the body":
            # FastAPI's answer to a body its JSON parser gives up on (e.g. nested too deeply).
            code, message = "malformed_json", "body is not valid JSON (or nested too deeply)"
        if error.status_code == 405:
            allowed = allowed_methods(request.app, request.url.path)
            if allowed:
                headers["Allow"] = ", ".join(allowed)
        return error_json(error.status_code, code, message, headers=headers or None)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        # A 500 is a bug by definition here; log it with the route, never with the body.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_json(500, "internal_error", "internal error; it has been logged")
