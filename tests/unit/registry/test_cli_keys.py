"""`livinglab keys list` prints one aligned line per key, with its status, never a token."""

from __future__ import annotations

from registry.entrypoints.cli import key_status, key_table


def _key(key_id: str, system: str, **extra: object) -> dict[str, object]:
    return {
        "key_id": key_id,
        "system": system,
        "role": "partner_system",
        "sources": [f"/systems/{system}"],
        "created_at": "2026-12-06T10:00:00Z",
        "expires_at": None,
        "revoked_at": None,
    } | extra


def test_each_key_is_one_aligned_line_under_a_header() -> None:
    keys = [
        _key("aaaaaaaaaaaa", "acme-erp"),
        _key("bbbbbbbbbbbb", "coordinator-zuid-limburg", role="coordinator", sources=[]),
    ]
    lines = key_table(keys).splitlines()
    assert lines[0].split() == ["KEY_ID", "SYSTEM", "ROLE", "SOURCES", "CREATED", "STATUS"]
    assert lines[1].split() == [
        "aaaaaaaaaaaa",
        "acme-erp",
        "partner_system",
        "/systems/acme-erp",
        "2026-12-06T10:00:00Z",
        "active",
    ]
    assert lines[2].split()[3] == "-"  # a coordinator claims no source
    assert lines[1].index("partner_system") == lines[0].index("ROLE")  # the columns line up


def test_status_says_revoked_or_when_it_expires() -> None:
    assert key_status(_key("a", "s", revoked_at="2026-12-07T00:00:00Z")) == (
        "revoked 2026-12-07T00:00:00Z"
    )
    assert key_status(_key("a", "s", expires_at="2027-01-01T00:00:00Z")) == (
        "expires 2027-01-01T00:00:00Z"
    )
    assert key_status(_key("a", "s")) == "active"
