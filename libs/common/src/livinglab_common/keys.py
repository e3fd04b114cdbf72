"""API keys: issued by the registry, stored hashed on a compacted topic, verified by every service.

A token looks like ``llk_<key_id>.<secret>``. Only ``HMAC-SHA256(pepper, secret)`` is ever stored
or published, so neither the topic nor a log line can leak a usable key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

TOKEN_PREFIX = "llk_"


class Role(StrEnum):
    PARTNER_SYSTEM = "partner_system"  # posts events for the aggregates its system owns
    COORDINATOR = "coordinator"  # reads the register and matches, gives feedback, subscribes
    ADMIN = "admin"  # issues and revokes keys
    EVALUATOR = "evaluator"  # scores the labelling applications assigned to it (issue 19)


class ApiKeyRecord(BaseModel):
    """One key as stored on the key topic (latest record per key_id wins)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key_id: str = Field(min_length=8, max_length=64, pattern=r"^[a-z0-9]+$")
    secret_hash: str = Field(min_length=64, max_length=64)
    system: str = Field(
        min_length=1, max_length=100, description="Partner system or person owning the key"
    )
    role: Role
    sources: tuple[str, ...] = Field(
        default=(), description="CloudEvents `source` values this key may claim"
    )
    granted_aggregates: tuple[str, ...] = Field(
        default=(), description="Aggregates owned by another system that this key may also write"
    )
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None


class AuthError(Exception):
    """Refusal with a reason safe to show to the caller (never contains the secret)."""


@dataclass(frozen=True)
class Principal:
    key_id: str
    system: str
    role: Role
    sources: tuple[str, ...]
    granted_aggregates: frozenset[str] = field(default_factory=frozenset)


def hash_secret(pepper: str, secret: str) -> str:
    return hmac.new(pepper.encode(), secret.encode(), hashlib.sha256).hexdigest()


def new_token() -> tuple[str, str, str]:
    """Returns (key_id, secret, token); the token is shown to the caller once."""
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return key_id, secret, f"{TOKEN_PREFIX}{key_id}.{secret}"


def parse_token(token: str) -> tuple[str, str]:
    if not token.startswith(TOKEN_PREFIX) or "." not in token or len(token) > 200:
        raise AuthError("malformed API key: expected 'llk_<key id>.<secret>'")
    key_id, _, secret = token.removeprefix(TOKEN_PREFIX).partition(".")
    if not key_id or not secret:
        raise AuthError("malformed API key: expected 'llk_<key id>.<secret>'")
    return key_id, secret


class KeyRing:
    """In-memory view of the key topic; `authenticate` is the only way to get a Principal."""

    def __init__(self, pepper: str) -> None:
        self._pepper = pepper
        self._records: dict[str, ApiKeyRecord] = {}

    def apply(self, record: ApiKeyRecord) -> None:
        self._records[record.key_id] = record

    def get(self, key_id: str) -> ApiKeyRecord | None:
        return self._records.get(key_id)

    def records(self) -> list[ApiKeyRecord]:
        return sorted(self._records.values(), key=lambda r: r.created_at)

    def __len__(self) -> int:
        return len(self._records)

    def authenticate(self, token: str | None, now: datetime | None = None) -> Principal:
        if not token:
            raise AuthError("missing API key: send 'Authorization: Bearer <key>' or 'X-API-Key'")
        key_id, secret = parse_token(token)
        record = self._records.get(key_id)
        expected = record.secret_hash if record else hash_secret(self._pepper, "unknown-key")
        presented = hash_secret(self._pepper, secret)
        # Compare even for unknown ids so timing does not reveal which key ids exist.
        if not hmac.compare_digest(expected, presented) or record is None:
            raise AuthError("unknown or wrong API key")
        moment = now or datetime.now(UTC)
        if record.revoked_at is not None and record.revoked_at <= moment:
            raise AuthError("API key has been revoked")
        if record.expires_at is not None and record.expires_at <= moment:
            raise AuthError("API key has expired")
        return Principal(
            key_id=record.key_id,
            system=record.system,
            role=record.role,
            sources=record.sources,
            granted_aggregates=frozenset(record.granted_aggregates),
        )


def revoked(record: ApiKeyRecord, at: datetime) -> ApiKeyRecord:
    return record.model_copy(update={"revoked_at": at})


__all__ = [
    "API_KEYS_TOPIC",
    "TOKEN_PREFIX",
    "ApiKeyRecord",
    "AuthError",
    "KeyRing",
    "Principal",
    "Role",
    "hash_secret",
    "new_token",
    "parse_token",
    "revoked",
]


API_KEYS_TOPIC = "registry.api-keys.v1"
"""Compacted topic, keyed by key_id; the registry writes it, every service follows it."""
