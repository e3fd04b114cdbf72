"""The outside world as the handlers see it; adapters implement these, unit tests fake them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from notifications.domain.email_text import EmailText
from notifications.domain.handshake import HandshakeAnswer
from notifications.domain.ledger import AttemptOutcome


class WriteUnavailable(Exception):
    """Kafka did not acknowledge a write; nothing may be reported as stored."""


@dataclass(frozen=True)
class OutRecord:
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True)
class SendResult:
    outcome: AttemptOutcome
    status_code: int | None
    detail: str


class RecordWriter(Protocol):
    async def write(self, topic: str, records: Sequence[OutRecord]) -> None:
        """Returns once the broker acknowledged every record (acks=all); else WriteUnavailable."""
        ...


class WebhookSender(Protocol):
    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> SendResult: ...

    async def handshake(self, url: str, headers: Mapping[str, str]) -> HandshakeAnswer:
        """`OPTIONS url`; every failure becomes an answer, never an exception."""
        ...


class EmailSender(Protocol):
    async def send(self, to: str, text: EmailText, message_id: str) -> SendResult: ...


class AddressResolver(Protocol):
    async def resolve(self, host: str, port: int) -> list[str]:
        """IP addresses of `host`; raises OSError when it does not resolve."""
        ...
