"""Logging set-up with a filter that masks anything shaped like an API key or bearer token."""

from __future__ import annotations

import logging
import re

# A query parameter whose name says it carries a credential: clients put admin tokens and keys
# there although the APIs only read headers, and such a value has no shape to recognise.
_CREDENTIAL_PARAMETER = (
    r"([?&;](?i:[a-z_\-]*(?:token|key|secret|password|auth)[a-z_\-]*)=)[^&;\s\"']+"
)
# A "<placeholder>" after Bearer is documentation ("send 'Authorization: Bearer <key>'"), kept.
_SECRET = re.compile(
    r"(llk_[a-z0-9]+\.)[A-Za-z0-9_\-]+|(Bearer\s+)(?!<)\S+|(whsec_)[A-Za-z0-9_\-]+|"
    + _CREDENTIAL_PARAMETER
)
# uvicorn sets these up with handlers of its own before the app factory runs.
_UVICORN_LOGGERS = ("uvicorn", "uvicorn.error")
# One line per request, with the query string: off, as documented (docs/security.md).
_ACCESS_LOGGER = "uvicorn.access"


def _mask(match: re.Match[str]) -> str:
    prefix = next(group for group in match.groups() if group)
    return f"{prefix}***"


def redact(text: str) -> str:
    """`text` with every API key, bearer token and webhook secret shape masked."""
    return _SECRET.sub(_mask, text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _SECRET.search(message):
            record.msg = redact(message)
            record.args = None
        # A traceback quotes exception messages, which may quote request values.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RedactSecrets())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Every line goes through the one redacting handler, uvicorn's included.
    for name in _UVICORN_LOGGERS:
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers[:] = []
        uvicorn_logger.propagate = True
    # Propagating the access logger to the root handler would undo uvicorn's access_log=False.
    access = logging.getLogger(_ACCESS_LOGGER)
    access.handlers[:] = []
    access.propagate = False
    access.disabled = True
    logging.getLogger("aiokafka").setLevel(max(logging.WARNING, root.level))
    # The Neo4j driver logs schema hints (unknown labels on an empty graph) as warnings.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    logging.getLogger("faust").setLevel(max(logging.WARNING, root.level))
