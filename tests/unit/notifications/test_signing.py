"""Webhook signatures follow Standard Webhooks: checked with its reference library, not our code."""

from __future__ import annotations

import base64
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from notifications.domain.signing import (
    ATTEMPT_HEADER,
    ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    new_secret,
    signing_key,
    standard_key,
    webhook_headers,
)
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

# The test vector published with the Standard Webhooks specification (and its libraries' tests).
SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_ID, SPEC_TIME = "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330
SPEC_BODY = b'{"test": 2432232314}'
SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_signature_matches_the_specifications_test_vector() -> None:
    headers = webhook_headers(SPEC_SECRET, SPEC_BODY, SPEC_ID, 1, SPEC_TIME)
    assert headers[SIGNATURE_HEADER] == SPEC_SIGNATURE


def test_headers_carry_id_timestamp_signature_attempt_and_the_cloudevents_type() -> None:
    headers = webhook_headers(new_secret(), b"{}", "d-1", 2, 1_772_352_000)
    assert headers[ID_HEADER] == "d-1"
    assert headers[TIMESTAMP_HEADER] == "1772352000"
    assert headers[SIGNATURE_HEADER].startswith("v1,")
    assert headers[ATTEMPT_HEADER] == "2"
    assert headers["Content-Type"] == "application/cloudevents+json"


@settings(max_examples=50)
@given(st.binary(max_size=2000).map(lambda b: b.hex().encode()), st.text("abc-123", min_size=1))
def test_the_reference_library_verifies_a_delivery_and_refuses_any_change(
    body: bytes, delivery_id: str
) -> None:
    secret, now = new_secret(), int(time.time())
    headers = webhook_headers(secret, body, delivery_id, 1, now)
    verifier = Webhook(secret)
    verifier.verify(body, headers, json_parse=False)
    for changed_body, changed in [
        (body + b" ", headers),
        (body, headers | {ID_HEADER: delivery_id + "x"}),
        (body, headers | {TIMESTAMP_HEADER: str(now - 1)}),
    ]:
        with pytest.raises(WebhookVerificationError):
            verifier.verify(changed_body, changed, json_parse=False)
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret()).verify(body, headers, json_parse=False)


def test_a_delivery_outside_the_five_minute_tolerance_is_refused_by_the_library() -> None:
    secret, body = new_secret(), b"{}"
    stale = webhook_headers(secret, body, "d-1", 1, int(time.time()) - 6 * 60)
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(secret).verify(body, stale, json_parse=False)


def test_generated_secrets_are_whsec_base64_of_32_random_bytes() -> None:
    first, second = new_secret(), new_secret()
    assert first != second
    assert first.startswith("whsec_")
    assert len(base64.b64decode(first.removeprefix("whsec_"), validate=True)) == 32
    assert standard_key(first) == signing_key(first)


@pytest.mark.parametrize(
    "secret",
    [
        "my-own-secret-of-40-characters-000000000",  # custom secrets before Standard Webhooks
        "whsec_Zm9vYmFy-_x0000000000000000000000000000000000",  # URL-safe tokens made before
        "whsec_Zm9vYmFy",  # base64, but 6 bytes: below the 24 the specification asks for
    ],
)
def test_a_secret_of_another_shape_is_a_raw_key_the_library_verifies_as_bytes(
    secret: str,
) -> None:
    assert standard_key(secret) is None and signing_key(secret) == secret.encode()
    body, now = b'{"a": 1}', int(time.time())
    headers = webhook_headers(secret, body, "d-1", 1, now)
    Webhook(secret.encode()).verify(body, headers, json_parse=False)
