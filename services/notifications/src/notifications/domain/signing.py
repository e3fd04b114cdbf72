"""Webhook signatures by the Standard Webhooks specification (https://www.standardwebhooks.com).

Every delivery carries `webhook-id` (the delivery id, the same for every attempt, so receivers
dedupe on it), `webhook-timestamp` (Unix seconds of this attempt) and
`webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`. Signing the id and
timestamp with the body lets a receiver refuse a replayed or re-dated request, which the earlier
`X-Livinglab-Signature` (body only) could not.

The key is the secret's base64 part when the secret is `whsec_<base64>` (what every Standard
Webhooks library expects). Secrets of any other shape (custom secrets and `whsec_` tokens in the
URL-safe alphabet, made before this scheme) are used as their UTF-8 bytes, which the libraries
accept as a raw key, so existing subscriptions keep working without a new secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"
ATTEMPT_HEADER = "X-Livinglab-Attempt"  # informational, not signed
SECRET_PREFIX = "whsec_"  # the shared log filter masks anything that starts with this
SIGNATURE_VERSION = "v1"
# The specification asks for keys of 24 to 64 bytes; generated ones have 32, an HMAC-SHA256 output.
SECRET_BYTES = 32
MIN_KEY_BYTES, MAX_KEY_BYTES = 24, 64


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def standard_key(secret: str) -> bytes | None:
    """The key of a `whsec_<base64>` secret (24-64 bytes, standard alphabet), else None."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError):
        return None
    return key if MIN_KEY_BYTES <= len(key) <= MAX_KEY_BYTES else None


def signing_key(secret: str) -> bytes:
    """The HMAC key for `secret`: decoded `whsec_<base64>`, or the raw bytes of any other secret."""
    key = standard_key(secret)
    return key if key is not None else secret.encode()


def signature(secret: str, message_id: str, unix_time: int, body: bytes) -> str:
    signed = b"%s.%d.%s" % (message_id.encode(), unix_time, body)
    digest = hmac.new(signing_key(secret), signed, hashlib.sha256).digest()
    return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode()}"


def webhook_headers(
    secret: str, body: bytes, delivery_id: str, attempt_number: int, unix_time: int
) -> dict[str, str]:
    return {
        "Content-Type": "application/cloudevents+json",
        ID_HEADER: delivery_id,
        TIMESTAMP_HEADER: str(unix_time),
        SIGNATURE_HEADER: signature(secret, delivery_id, unix_time, body),
        ATTEMPT_HEADER: str(attempt_number),
    }
