"""Redaction: nothing shaped like an API key, bearer token or webhook secret is written to a log
line or an error body."""

from __future__ import annotations

import io
import logging
import logging.config
from collections.abc import Iterator

import pytest
import uvicorn.config
from livinglab_common.errors import ApiError, ErrorBody, ErrorDetail
from livinglab_common.keys import new_token
from livinglab_common.logs import RedactSecrets, configure_logging, redact


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def test_api_keys_keep_their_id_and_lose_their_secret(logged) -> None:  # type: ignore[no-untyped-def]
    logger, stream = logged
    key_id, secret, token = new_token()
    logger.info("request with key %s from %s", token, "vista")
    line = stream.getvalue()
    assert secret not in line
    assert f"llk_{key_id}.***" in line and "from vista" in line


@pytest.mark.parametrize(
    ("message", "secret"),
    [
        ("Authorization: Bearer abc.def-123", "abc.def-123"),
        ("header bearer-ish Bearer    s3cr3t, next", "s3cr3t"),
        ("signing with whsec_Q2hhbmdlIG1l-_x", "Q2hhbmdlIG1l-_x"),
    ],
)
def test_bearer_tokens_and_webhook_secrets_are_masked(logged, message: str, secret: str) -> None:  # type: ignore[no-untyped-def]
    logger, stream = logged
    logger.warning(message)
    assert secret not in stream.getvalue() and "***" in stream.getvalue()


def test_other_messages_are_left_alone_with_their_arguments(logged) -> None:  # type: ignore[no-untyped-def]
    logger, stream = logged
    logger.info("posted %d events for %s (100%%)", 3, "llk-like but not a key")
    assert stream.getvalue() == "posted 3 events for llk-like but not a key (100%)\n"


def test_configure_logging_installs_the_redaction_on_the_root_handler(
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        configure_logging("INFO")
        _, secret, token = new_token()
        logging.getLogger("registry.test").info("key=%s", token)
        assert "key=llk_" in capsys.readouterr().err
        logging.getLogger("registry.test").info("again %s", token)
        assert secret not in capsys.readouterr().err
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


def test_a_key_in_an_exception_is_masked_in_the_traceback(logged) -> None:  # type: ignore[no-untyped-def]
    # A 500 is logged with its traceback; the exception's message may quote a request value.
    logger, stream = logged
    _, secret, token = new_token()
    try:
        raise ValueError(f"could not parse {token}")
    except ValueError:
        logger.exception("unhandled error on POST /v1/events")
    text = stream.getvalue()
    assert "Traceback" in text and "could not parse llk_" in text
    assert secret not in text


def test_uvicorns_own_loggers_are_redacted_too(capsys: pytest.CaptureFixture[str]) -> None:
    # uvicorn configures its loggers (own handlers, no propagation) before the app factory
    # calls configure_logging; its "Exception in ASGI application" carries the traceback.
    root, uvicorn_loggers = logging.getLogger(), ["uvicorn", "uvicorn.error", "uvicorn.access"]
    saved = [
        (lg, lg.handlers[:], lg.propagate, lg.disabled)
        for lg in map(logging.getLogger, uvicorn_loggers)
    ]
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        logging.config.dictConfig(uvicorn.config.LOGGING_CONFIG)
        configure_logging("INFO")
        _, secret, token = new_token()
        try:
            raise RuntimeError(f"Bearer {token}")
        except RuntimeError:
            logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
        logging.getLogger("uvicorn.access").info('"GET /v1/partners?key=%s HTTP/1.1" 401', token)
        err = capsys.readouterr().err
        # The access log is off (issue 16: propagating it undid uvicorn's access_log=False).
        assert "Exception in ASGI application" in err and "/v1/partners" not in err
        assert secret not in err
    finally:
        for lg, handlers, propagate, disabled in saved:
            lg.handlers[:], lg.propagate, lg.disabled = handlers, propagate, disabled
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


def test_documentation_placeholders_after_bearer_are_kept() -> None:
    message = "missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key'"
    assert redact(message) == message


def test_error_bodies_mask_a_key_they_quote() -> None:
    # Refusals quote the refused value, e.g. a claimed CloudEvents source; a client that put a
    # key there must not find it in the body its own logs keep.
    _, secret, token = new_token()
    error = ApiError(
        403,
        "source_not_allowed",
        f"this API key may not claim source '{token}'",
        [{"field": "source", "rule": "source_not_allowed", "message": f"source '{token}'"}],
    )
    body = ErrorBody(
        status=error.status, code=error.code, message=error.message, details=error.details
    )
    assert secret not in body.model_dump_json() and secret not in error.message
    assert "llk_" in body.message and "***" in body.details[0].message
    assert secret not in ErrorBody(status=401, code="x", message=f"Bearer {secret}").message


@pytest.mark.parametrize(
    "line",
    [
        "GET /v1/partners?access_token=local-admin-token HTTP/1.1",
        "GET /v1/partners?x=1&api_key=s3cr3t-value HTTP/1.1",
        "GET /v1/partners?limit=5;AdminToken=s3cr3t-value",
        "redirect to https://h/cb?client_secret=s3cr3t-value&x=1",
    ],
)
def test_credentials_in_query_strings_are_masked(line: str) -> None:
    masked = redact(line)
    assert "s3cr3t-value" not in masked and "local-admin-token" not in masked
    assert "=***" in masked


def test_a_key_named_as_a_field_path_is_masked_in_error_details() -> None:
    _, secret, token = new_token()
    detail = ErrorDetail(field=f"data.{token}", rule="extra_forbidden", message="extra input")
    assert secret not in detail.field and detail.field.startswith("data.llk_")
