"""Log redaction: nothing shaped like an API key, bearer token or webhook secret is written."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from livinglab_common.keys import new_token
from livinglab_common.logs import RedactSecrets, configure_logging


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
