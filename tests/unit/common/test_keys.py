"""KeyRing.authenticate: only a known, unrevoked, unexpired key with the right secret passes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from livinglab_common.keys import (
    TOKEN_PREFIX,
    ApiKeyRecord,
    AuthError,
    KeyRing,
    Role,
    hash_secret,
    new_token,
    parse_token,
    revoked,
)

PEPPER = "unit-pepper"
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def ring_with(**changes: object) -> tuple[KeyRing, str]:
    """A ring holding one partner key; returns it and the key's token."""
    key_id, secret, token = new_token()
    record = ApiKeyRecord(
        key_id=key_id,
        secret_hash=hash_secret(PEPPER, secret),
        system="vista-crm",
        role=Role.PARTNER_SYSTEM,
        sources=("/systems/vista-crm",),
        granted_aggregates=("cop-limburg",),
        created_at=NOW - timedelta(days=30),
    ).model_copy(update=changes)
    ring = KeyRing(PEPPER)
    ring.apply(record)
    return ring, token


def refusal(ring: KeyRing, token: str | None) -> str:
    with pytest.raises(AuthError) as refused:
        ring.authenticate(token, now=NOW)
    return str(refused.value)


def test_a_valid_key_yields_its_principal() -> None:
    ring, token = ring_with()
    principal = ring.authenticate(token, now=NOW)
    assert (principal.system, principal.role, principal.sources) == (
        "vista-crm",
        Role.PARTNER_SYSTEM,
        ("/systems/vista-crm",),
    )
    assert principal.granted_aggregates == frozenset({"cop-limburg"})
    assert principal.key_id == token.removeprefix(TOKEN_PREFIX).split(".")[0]


@pytest.mark.parametrize("token", [None, ""])
def test_a_missing_key_is_refused(token: str | None) -> None:
    ring, _ = ring_with()
    assert "missing API key" in refusal(ring, token)


@pytest.mark.parametrize(
    "token",
    ["abc", "llk_", "llk_abc", "llk_.secret", "llk_abc.", "Bearer llk_a.b", "llk_a." + "x" * 200],
)
def test_a_malformed_key_is_refused_without_looking_it_up(token: str) -> None:
    ring, _ = ring_with()
    assert "malformed API key" in refusal(ring, token)


def test_a_wrong_secret_and_an_unknown_key_id_get_the_same_answer() -> None:
    ring, token = ring_with()
    wrong_secret = token.rsplit(".", 1)[0] + ".not-the-secret"
    _, _, unknown = new_token()
    assert refusal(ring, wrong_secret) == refusal(ring, unknown) == "unknown or wrong API key"


def test_a_key_issued_under_another_pepper_is_refused() -> None:
    ring, token = ring_with()
    other = KeyRing("other-pepper")
    for record in ring.records():
        other.apply(record)
    assert refusal(other, token) == "unknown or wrong API key"


def test_a_revoked_key_is_refused_from_the_moment_of_revocation() -> None:
    ring, token = ring_with()
    (record,) = ring.records()
    ring.apply(revoked(record, NOW))
    assert refusal(ring, token) == "API key has been revoked"
    ring.apply(revoked(record, NOW + timedelta(minutes=1)))  # scheduled: still valid now
    assert ring.authenticate(token, now=NOW).key_id == record.key_id


def test_an_expired_key_is_refused() -> None:
    ring, token = ring_with(expires_at=NOW)
    assert refusal(ring, token) == "API key has expired"
    later, token = ring_with(expires_at=NOW + timedelta(seconds=1))
    assert later.authenticate(token, now=NOW).system == "vista-crm"


def test_the_latest_record_of_a_key_wins_and_records_list_oldest_first() -> None:
    ring, token = ring_with()
    (record,) = ring.records()
    ring.apply(record.model_copy(update={"sources": ("/systems/other",)}))
    assert ring.authenticate(token, now=NOW).sources == ("/systems/other",)
    older = record.model_copy(
        update={"key_id": "older0001", "created_at": NOW - timedelta(days=90)}
    )
    ring.apply(older)
    assert [r.key_id for r in ring.records()] == ["older0001", record.key_id] and len(ring) == 2


def test_tokens_are_unique_and_only_their_hash_is_kept() -> None:
    tokens = {new_token()[2] for _ in range(100)}
    assert len(tokens) == 100
    key_id, secret, token = new_token()
    assert parse_token(token) == (key_id, secret)
    digest = hash_secret(PEPPER, secret)
    assert len(digest) == 64 and secret not in digest and digest != hash_secret("x", secret)
