"""Webhook signatures: HMAC-SHA256 over the exact body, hex, prefixed with the algorithm."""

from __future__ import annotations

import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st
from notifications.domain.signing import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    new_secret,
    signature,
    verify,
    webhook_headers,
)


def test_signature_is_hmac_sha256_of_the_body_in_hex() -> None:
    expected = hmac.new(b"s3cret", b'{"a":1}', hashlib.sha256).hexdigest()
    assert signature("s3cret", b'{"a":1}') == f"sha256={expected}"


@given(st.binary(max_size=2000), st.text(min_size=1, max_size=50))
def test_a_signature_verifies_only_for_its_own_body_and_secret(body: bytes, secret: str) -> None:
    signed = signature(secret, body)
    assert verify(secret, body, signed)
    assert not verify(secret, body + b" ", signed)
    assert not verify(secret + "x", body, signed)


def test_headers_carry_signature_timestamp_and_a_stable_delivery_id() -> None:
    headers = webhook_headers("s3cret", b"{}", "d-1", 2, 1_772_352_000)
    assert headers[SIGNATURE_HEADER] == signature("s3cret", b"{}")
    assert headers[TIMESTAMP_HEADER] == "1772352000"
    assert headers[DELIVERY_HEADER] == "d-1"
    assert headers["Content-Type"] == "application/cloudevents+json"


def test_generated_secrets_are_long_unique_and_recognisable_for_log_redaction() -> None:
    first, second = new_secret(), new_secret()
    assert first != second
    assert first.startswith("whsec_") and len(first) >= 40
