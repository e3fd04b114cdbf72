"""Webhook signatures: `X-Livinglab-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>`."""

from __future__ import annotations

import hashlib
import hmac
import secrets

SIGNATURE_HEADER = "X-Livinglab-Signature"
TIMESTAMP_HEADER = "X-Livinglab-Timestamp"
DELIVERY_HEADER = "X-Livinglab-Delivery"
ATTEMPT_HEADER = "X-Livinglab-Attempt"
SECRET_PREFIX = "whsec_"  # the shared log filter masks anything that starts with this


def new_secret() -> str:
    return f"{SECRET_PREFIX}{secrets.token_urlsafe(32)}"


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header_value: str) -> bool:
    return hmac.compare_digest(signature(secret, body), header_value)


def webhook_headers(
    secret: str, body: bytes, delivery_id: str, attempt_number: int, unix_time: int
) -> dict[str, str]:
    return {
        "Content-Type": "application/cloudevents+json",
        SIGNATURE_HEADER: signature(secret, body),
        TIMESTAMP_HEADER: str(unix_time),
        DELIVERY_HEADER: delivery_id,
        ATTEMPT_HEADER: str(attempt_number),
    }
