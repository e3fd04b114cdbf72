"""Real receivers for the service to talk to: an HTTP webhook endpoint and an SMTP server."""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
import time
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiohttp import web
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.support.processes import free_port


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes
    status: int
    at: float  # time.time() when it arrived


@dataclass
class Behaviour:
    fail_first: int = 0
    failure_status: int = 503
    hold: asyncio.Event | None = None  # when set, requests wait for it before being answered


@dataclass
class WebhookReceiver:
    """Each hook gets its own path; a hook can fail its first N requests (or all of them)."""

    port: int = field(default_factory=free_port)
    received: dict[str, list[Received]] = field(default_factory=dict)
    behaviours: dict[str, Behaviour] = field(default_factory=dict)
    _runner: web.AppRunner | None = None
    _arrival: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def wait_for(self, url: str, count: int, timeout_s: float = 60) -> list[Received]:
        """Waits until `count` requests reached this hook (or fails after the deadline)."""
        async with self._arrival:
            await asyncio.wait_for(
                self._arrival.wait_for(lambda: len(self.at(url)) >= count), timeout_s
            )
        return self.at(url)

    def hook(
        self, fail_first: int = 0, failure_status: int = 503, hold: asyncio.Event | None = None
    ) -> str:
        path = f"/hooks/{uuid.uuid4().hex}"
        self.behaviours[path] = Behaviour(fail_first, failure_status, hold)
        self.received[path] = []
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, url: str) -> list[Received]:
        return self.received[url.split(str(self.port), 1)[1]]

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        calls = self.received.setdefault(request.path, [])
        behaviour = self.behaviours.get(request.path, Behaviour())
        status = behaviour.failure_status if len(calls) < behaviour.fail_first else 204
        calls.append(Received(dict(request.headers), body, status, time.time()))
        async with self._arrival:
            self._arrival.notify_all()
        if behaviour.hold is not None:
            await behaviour.hold.wait()
        return web.Response(status=status)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hooks/{name}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


class _Collect:
    def __init__(self, box: Mailbox) -> None:
        self._box = box

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        message = email.message_from_bytes(
            envelope.original_content or b"", policy=email.policy.default
        )
        with self._box.lock:
            self._box.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"


@dataclass
class Mailbox:
    """A real SMTP server (aiosmtpd, own thread) that keeps every message it accepts."""

    port: int = field(default_factory=free_port)
    messages: list[EmailMessage] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(_Collect(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return [m for m in self.messages if m["To"] == address]
