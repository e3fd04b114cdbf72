"""In-memory stand-ins for everything that leaves the process (style rule 6)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from notifications.domain.email_text import EmailText
from notifications.domain.handshake import HandshakeAnswer
from notifications.domain.ledger import AttemptOutcome
from notifications.service_layer.ports import OutRecord, SendResult, WriteUnavailable

OK = SendResult(AttemptOutcome.DELIVERED, 200, "HTTP 200")
UNAVAILABLE = SendResult(AttemptOutcome.RETRYABLE, 503, "HTTP 503")
GONE = SendResult(AttemptOutcome.PERMANENT, 410, "HTTP 410")


class InMemoryWriter:
    def __init__(self, failures_before_success: int = 0) -> None:
        self.topics: dict[str, list[OutRecord]] = defaultdict(list)
        self._failures = failures_before_success

    async def write(self, topic: str, records: Sequence[OutRecord]) -> None:
        if self._failures:
            self._failures -= 1
            raise WriteUnavailable("broker down (fake)")
        self.topics[topic].extend(records)


@dataclass
class Posted:
    url: str
    body: bytes
    headers: dict[str, str]


ALLOWED = HandshakeAnswer(200, "*", "HTTP 200")


@dataclass
class RecordingWebhookSender:
    """Answers with the scripted results in order, then with the last one forever; the same
    for validation handshakes, which can also be held until `hold` is set."""

    script: list[SendResult] = field(default_factory=lambda: [OK])
    posted: list[Posted] = field(default_factory=list)
    answers: list[HandshakeAnswer] = field(default_factory=lambda: [ALLOWED])
    asked: list[Posted] = field(default_factory=list)
    hold: asyncio.Event | None = None
    was_asked: asyncio.Event = field(default_factory=asyncio.Event)

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> SendResult:
        self.posted.append(Posted(url, body, dict(headers)))
        return self.script[min(len(self.posted), len(self.script)) - 1]

    async def handshake(self, url: str, headers: Mapping[str, str]) -> HandshakeAnswer:
        self.asked.append(Posted(url, b"", dict(headers)))
        self.was_asked.set()
        if self.hold is not None:
            await self.hold.wait()
        return self.answers[min(len(self.asked), len(self.answers)) - 1]


@dataclass
class RecordingEmailSender:
    sent: list[tuple[str, EmailText, str]] = field(default_factory=list)

    async def send(self, to: str, text: EmailText, message_id: str) -> SendResult:
        self.sent.append((to, text, message_id))
        return SendResult(AttemptOutcome.DELIVERED, None, "250 OK")


@dataclass
class FakeResolver:
    addresses: dict[str, list[str]] = field(default_factory=dict)

    async def resolve(self, host: str, port: int) -> list[str]:
        if host not in self.addresses:
            raise OSError(f"[Errno -2] Name or service not known: {host}")
        return self.addresses[host]
