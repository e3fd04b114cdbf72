"""Real receivers for the service to talk to: an HTTP webhook endpoint and an SMTP server.

The webhook endpoint does what a Standard Webhooks receiver behind the CloudEvents abuse
protection does: it answers the validation handshake (`OPTIONS` with `WebHook-Request-Origin`)
by allowing that origin, unless a hook is told to refuse, and accepts the `POST`s. Signatures are
checked by the tests, with the `standardwebhooks` library (`verified`).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import threading
import time
import uuid
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiohttp import web
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from standardwebhooks.webhooks import Webhook

from tests.support.processes import free_port


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes
    status: int
    at: float  # time.time() when it arrived

    def verified(self, secret: str | bytes) -> Any:
        """The parsed body, if the Standard Webhooks signature holds; raises otherwise.

        A `whsec_...` secret is passed as it is; a secret of the deprecated raw form as bytes.
        """
        return Webhook(secret).verify(self.body, self.headers)


@dataclass
class Behaviour:
    fail_first: int = 0
    failure_status: int = 503
    hold: asyncio.Event | None = None  # when set, requests wait for it before being answered
    allow: bool = True  # answers the validation handshake by allowing the requesting origin
    handshake_hold: asyncio.Event | None = None  # when set, handshakes wait for it


@dataclass
class WebhookReceiver:
    """Each hook gets its own path; a hook can fail its first N requests (or all of them)."""

    port: int = field(default_factory=free_port)
    received: dict[str, list[Received]] = field(default_factory=dict)
    handshakes: dict[str, list[Received]] = field(default_factory=dict)
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
        self,
        fail_first: int = 0,
        failure_status: int = 503,
        hold: asyncio.Event | None = None,
        allow: bool = True,
        handshake_hold: asyncio.Event | None = None,
    ) -> str:
        path = f"/hooks/{uuid.uuid4().hex}"
        self.behaviours[path] = Behaviour(fail_first, failure_status, hold, allow, handshake_hold)
        self.received[path] = []
        self.handshakes[path] = []
        return f"http://127.0.0.1:{self.port}{path}"

    def _path(self, url: str) -> str:
        return url.split(str(self.port), 1)[1]

    def at(self, url: str) -> list[Received]:
        """The POSTs (deliveries) that reached this hook."""
        return self.received[self._path(url)]

    def handshakes_at(self, url: str) -> list[Received]:
        """The validation requests (OPTIONS) that reached this hook."""
        return self.handshakes[self._path(url)]

    def allow(self, url: str, allowed: bool) -> None:
        """From now on, answer the validation handshake of this hook with yes or no."""
        self.behaviours[self._path(url)].allow = allowed

    async def _handshake(self, request: web.Request) -> web.Response:
        behaviour = self.behaviours.get(request.path, Behaviour())
        origin = request.headers.get("WebHook-Request-Origin")
        allowed = behaviour.allow and origin is not None
        status = 200 if allowed else 403
        calls = self.handshakes.setdefault(request.path, [])
        calls.append(Received(dict(request.headers), b"", status, time.time()))
        async with self._arrival:
            self._arrival.notify_all()
        if behaviour.handshake_hold is not None:
            await behaviour.handshake_hold.wait()
        if not allowed:
            return web.Response(status=status)
        # CloudEvents webhook spec 4.2: name the origin (or '*') and allow POST.
        headers = {"WebHook-Allowed-Origin": origin or "", "Allow": "POST, OPTIONS"}
        if "WebHook-Request-Rate" in request.headers:
            headers["WebHook-Allowed-Rate"] = request.headers["WebHook-Request-Rate"]
        return web.Response(status=status, headers=headers)

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
        app.router.add_route("OPTIONS", "/hooks/{name}", self._handshake)
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
