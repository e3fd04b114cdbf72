"""Sealing webhook secrets for storage on the subscriptions topic.

Every instance signs deliveries with the subscriber's secret, so the secret must be stored in a
form it can open again; a one-way hash cannot work. It is sealed with Fernet from `cryptography`
(AES-128-CBC with an HMAC-SHA256 over the whole token, so an altered token is refused, not opened
wrongly). No cryptography is made by hand here.

Keys: the operator sets any long random string (`NOTIFICATIONS_WEBHOOK_SECRET_KEY`, like the
pepper), and the 32-byte Fernet key is derived from it with HKDF-SHA256. HKDF does not stretch a
weak string, so the setting must be random, not a password (production asks for 32+ characters).

Rotation: the first key seals, every key opens (`MultiFernet`). Further keys come from
`NOTIFICATIONS_WEBHOOK_SECRET_KEY_FALLBACKS`; docs/security.md describes the procedure.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

# Binds the derived keys to this one use; another use of the same setting gets other keys.
_HKDF_INFO = b"livinglab notifications: webhook secrets at rest, fernet, v1"


class SecretNotOpened(Exception):
    """The sealed secret was made with none of the configured keys, or it was altered."""


class SecretBox:
    """Seals with the first key; opens with any of them, tried in order."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys or not all(keys):
            raise ValueError("at least one webhook secret key, none of them empty")
        self._fernet = MultiFernet([Fernet(_fernet_key(key)) for key in keys])

    def seal(self, secret: str) -> str:
        """A Fernet token (URL-safe base64); a fresh random IV each time, so never the same."""
        return self._fernet.encrypt(secret.encode()).decode("ascii")

    def open(self, sealed: str) -> str:
        """Raises SecretNotOpened; the message never includes the token or the secret."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except (InvalidToken, UnicodeError):
            raise SecretNotOpened("sealed with none of the configured keys, or altered") from None

    def __repr__(self) -> str:
        return "SecretBox(<keys hidden>)"


def _fernet_key(key: str) -> bytes:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        key.encode()
    )
    return base64.urlsafe_b64encode(derived)
