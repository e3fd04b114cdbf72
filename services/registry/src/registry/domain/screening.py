"""Checks on a raw event before it is parsed: no secrets inside, a believable time (pure).

A key inside an event would be stored on a topic every service reads and served to every reader
of the register, so it is refused before anything quotes it (parse errors echo values).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

# This project's API keys (llk_<key id>.<secret>) and webhook secrets (whsec_...).
_SECRET_SHAPE = re.compile(r"llk_[a-z0-9]+\.[A-Za-z0-9_\-]+|whsec_[A-Za-z0-9_\-+/=]{8,}")
_SECRET_SHAPE_BYTES = re.compile(_SECRET_SHAPE.pattern.encode())
_MIN_LITERAL = 12  # a configured secret shorter than this would refuse ordinary words


@dataclass(frozen=True)
class EventRules:
    """What the registry's settings say about every event (see config.Settings)."""

    earliest_time: datetime = datetime(2000, 1, 1, tzinfo=UTC)
    max_ahead: timedelta = timedelta(hours=1)
    # A batch item may be no larger than a single event's request body.
    max_event_bytes: int = 65_536
    # Secrets with no shape of their own (the admin token): refused wherever they appear.
    secret_literals: tuple[str, ...] = field(default=(), repr=False)


def looks_secret(value: str, literals: tuple[str, ...] = ()) -> bool:
    if _SECRET_SHAPE.search(value):
        return True
    return any(len(lit) >= _MIN_LITERAL and lit in value for lit in literals)


def _secret_paths(value: Any, path: str, literals: tuple[str, ...]) -> Iterator[str]:
    """Paths of the strings in a JSON value that look secret, object keys included (a secret
    key is named as '(key)' in the path, so the path never quotes it)."""
    if isinstance(value, str):
        if looks_secret(value, literals):
            yield path
    elif isinstance(value, Mapping):
        for key, item in value.items():
            secret_key = looks_secret(str(key), literals)
            if secret_key:
                yield path or "(event)"
            name = "(key)" if secret_key else str(key)
            yield from _secret_paths(item, f"{path}.{name}" if path else name, literals)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _secret_paths(item, f"{path}[{index}]", literals)


def secret_fields(
    raw: Mapping[str, Any], rules: EventRules, serialised: bytes | None = None
) -> list[str]:
    """The fields of `raw` holding something shaped like a key or token, in order, once each.

    `serialised` is `raw` as orjson writes it. A string holding a secret holds it verbatim in
    that text too (orjson escapes only quotes, backslashes and control characters, none of
    which a key's shape has, and escapes a literal the same way wherever it stands), so one
    search of the text clears the usual event; only a hit walks the fields to name them.
    """
    if serialised is not None and not _may_hold_secret(serialised, rules.secret_literals):
        return []
    return list(dict.fromkeys(_secret_paths(raw, "", rules.secret_literals)))


def _may_hold_secret(serialised: bytes, literals: tuple[str, ...]) -> bool:
    if _SECRET_SHAPE_BYTES.search(serialised):
        return True
    return any(
        len(lit) >= _MIN_LITERAL and orjson.dumps(lit)[1:-1] in serialised for lit in literals
    )


def time_problem(time: datetime, now: datetime, rules: EventRules) -> str | None:
    if time < rules.earliest_time:
        return f"time is before {rules.earliest_time.date().isoformat()}, the earliest accepted"
    if time > now + rules.max_ahead:
        ahead = int(rules.max_ahead.total_seconds())
        return f"time lies more than {ahead} s ahead of the registry's clock"
    return None
