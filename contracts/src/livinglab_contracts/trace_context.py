"""The CloudEvents distributed-tracing extension: `traceparent` and `tracestate` attributes.

Both are W3C Trace Context values (https://www.w3.org/TR/trace-context/): the context in which
the event was created. They say under which trace an event was sent, not what it says, so
"same id, same body" leaves them out (`parsing.comparable_of`). Refusals name the rule broken.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from livinglab_contracts.violations import echo

TRACE_ATTRIBUTES = ("traceparent", "tracestate")
TRACESTATE_MAX_CHARS = 512
TRACESTATE_MAX_MEMBERS = 32

EXAMPLE_TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
TRACEPARENT_PATTERN = r"^(?!ff)[0-9a-f]{2}-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}$"
_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")
# W3C list members: simple-key or tenant@system key, `=`, a value of printable ASCII except
# `,` and `=` that does not end in a space.
_KEY_CHARS = r"[a-z0-9_\-*/]"
_MEMBER_PATTERN = (
    rf"(?:[a-z]{_KEY_CHARS}{{0,255}}|[a-z0-9]{_KEY_CHARS}{{0,240}}@[a-z]{_KEY_CHARS}{{0,13}})"
    r"=[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]"
)
_MEMBER = re.compile(_MEMBER_PATTERN)
# The same list for JSON Schema readers (members and empty members between commas, OWS around).
TRACESTATE_PATTERN = (
    rf"^[ \t]*(?:{_MEMBER_PATTERN})?[ \t]*(?:,[ \t]*(?:{_MEMBER_PATTERN})?[ \t]*)*$"
)


def _refuse(rule: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(rule, message)


def check_traceparent(value: str) -> str:
    """`value` if it is a W3C traceparent (version-traceid-parentid-flags, lowercase hex)."""
    found = _TRACEPARENT.fullmatch(value)
    if found is None:
        raise _refuse(
            "traceparent_format",
            "traceparent must be W3C trace context 'version-traceid-parentid-flags' in lowercase"
            f" hex (2-32-16-2 digits), e.g. {EXAMPLE_TRACEPARENT}; got '{echo(value)}'",
        )
    version, trace_id, parent_id, _flags = found.groups()
    if version == "ff":
        raise _refuse("traceparent_version", "traceparent version ff is not allowed (W3C)")
    if trace_id == "0" * 32:
        raise _refuse("traceparent_trace_id", "traceparent's trace id must not be all zeros")
    if parent_id == "0" * 16:
        raise _refuse("traceparent_parent_id", "traceparent's parent id must not be all zeros")
    return value


def check_tracestate(value: str) -> str:
    """`value` if it is a W3C tracestate list: at most 512 characters and 32 members, each
    `key=value`, keys unique; empty members (`a=1,,b=2`) are allowed, as the W3C list says."""
    if len(value) > TRACESTATE_MAX_CHARS:
        raise _refuse(
            "tracestate_too_long",
            f"tracestate may have at most {TRACESTATE_MAX_CHARS} characters, got {len(value)}",
        )
    members = [member.strip(" \t") for member in value.split(",")]
    members = [member for member in members if member]
    if len(members) > TRACESTATE_MAX_MEMBERS:
        raise _refuse(
            "tracestate_too_many_members",
            f"tracestate may have at most {TRACESTATE_MAX_MEMBERS} members, got {len(members)}",
        )
    keys: set[str] = set()
    for number, member in enumerate(members, start=1):
        if _MEMBER.fullmatch(member) is None:
            raise _refuse(
                "tracestate_member",
                f"tracestate member {number} '{echo(member)}' is not a W3C list member: key"
                " (lowercase, digits, _-*/, optionally tenant@system) '=' value (printable"
                " ASCII without ',' or '=', not ending in a space)",
            )
        key = member.split("=", 1)[0]
        if key in keys:
            raise _refuse("tracestate_duplicate_key", f"tracestate names key '{key}' twice")
        keys.add(key)
    return value


TraceParent = Annotated[
    str,
    AfterValidator(check_traceparent),
    WithJsonSchema({"type": "string", "pattern": TRACEPARENT_PATTERN}),
]
TraceState = Annotated[
    str,
    AfterValidator(check_tracestate),
    WithJsonSchema(
        {"type": "string", "maxLength": TRACESTATE_MAX_CHARS, "pattern": TRACESTATE_PATTERN}
    ),
]
