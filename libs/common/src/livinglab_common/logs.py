"""Logging set-up with a filter that masks anything shaped like an API key or bearer token."""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(r"(llk_[a-z0-9]+\.)[A-Za-z0-9_\-]+|(Bearer\s+)\S+|(whsec_)[A-Za-z0-9_\-]+")


def _mask(match: re.Match[str]) -> str:
    prefix = next(group for group in match.groups() if group)
    return f"{prefix}***"


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _SECRET.search(message):
            record.msg = _SECRET.sub(_mask, message)
            record.args = None
        return True


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.addFilter(RedactSecrets())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("aiokafka").setLevel(max(logging.WARNING, root.level))
    # The Neo4j driver logs schema hints (unknown labels on an empty graph) as warnings.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    logging.getLogger("faust").setLevel(max(logging.WARNING, root.level))
