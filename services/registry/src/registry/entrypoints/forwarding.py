"""Every instance takes every request; writes are decided by the one that holds the admission
lease (adapters/admission_lease.py). This middleware passes a write on to that instance, as is,
and returns its answer. Reads are answered here, from this instance's own view.

Before it returns an answer that accepted events, this instance waits (briefly) until its own
view has read them, so a client that wrote through it reads its writes from it too.

A forwarded request carries a peer proof (derived from the key pepper, which all instances
share) and the client's address, so the admitting instance counts failed authentications
against the real client, and an instance that no longer admits refuses a forwarded write
instead of passing it on again (no forwarding loops).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from typing import Any

import orjson
from livinglab_common.errors import error_json
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from registry.adapters.admission_lease import AdmissionLease
from registry.adapters.peers import PeerAnswer, PeerAnswerLost, PeerClient, PeerUnreachable
from registry.adapters.view_follower import ReadProgress
from registry.service_layer.submission import RETRY_AFTER_S

log = logging.getLogger(__name__)

PEER_HEADER = "x-livinglab-peer"
CLIENT_HEADER = "x-livinglab-client"
NOT_ADMITTING_HEADER = "x-livinglab-not-admitting"
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# How long an accepted write passed on waits for this instance's view to read it (the view
# follows the topics milliseconds behind; a slower view still answers, just without the wait).
READ_YOUR_WRITES_S = 2.0


def peer_proof(key_pepper: str) -> str:
    return hmac.new(key_pepper.encode(), b"registry peer", hashlib.sha256).hexdigest()


class ForwardWrites:
    def __init__(
        self,
        app: ASGIApp,
        lease: AdmissionLease,
        peers: PeerClient,
        proof: str,
        wait_for_admitter_s: float,
        progress: ReadProgress,
    ) -> None:
        self.app = app
        self._progress = progress
        self._lease = lease
        self._peers = peers
        self._proof = proof
        self._wait_s = wait_for_admitter_s
        self._unreachable: str | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] in READ_METHODS
            or not scope["path"].startswith("/v1/")
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if hmac.compare_digest(headers.get(PEER_HEADER, "").encode(), self._proof.encode()):
            await self._forwarded_here(scope, receive, send, headers)
            return
        admitter = await self._admitter()
        if admitter == self._lease.own_url:
            await self.app(scope, receive, send)
            return
        body = await _body(receive)
        answer: PeerAnswer | None = None
        for attempt in range(2):  # once more if the first one was gone or no longer admits
            if admitter is None:
                break
            try:
                answer = await self._forward(admitter, scope, headers, body)
            except PeerUnreachable as error:
                if admitter != self._unreachable:  # once per instance, not once per request
                    log.warning("admitting instance %s unreachable: %s", admitter, error)
                    self._unreachable = admitter
                answer = None
            except PeerAnswerLost as error:
                log.warning("admitting instance %s did not answer: %s", admitter, error)
                await _unavailable(
                    scope,
                    receive,
                    send,
                    "admitter_no_answer",
                    "the admitting registry instance did not answer; the request may have been "
                    "accepted: retry with the same event ids to learn where they landed",
                )
                return
            if answer is not None and not _said_not_admitting(answer):
                self._unreachable = None
                break
            if attempt == 1:
                break
            await self._lease.wait_for_change(self._wait_s)
            admitter = self._lease.admitter()
            if admitter == self._lease.own_url:
                await self.app(scope, _replay(body), send)
                return
        if answer is None or _said_not_admitting(answer):
            await _unavailable(
                scope,
                receive,
                send,
                "no_admitter",
                "no registry instance admits events right now (the admission lease is being "
                "handed on); nothing was accepted, retry later",
            )
            return
        await read_here(self._progress, answer)
        await send(
            {"type": "http.response.start", "status": answer.status, "headers": answer.headers}
        )
        await send({"type": "http.response.body", "body": answer.body})

    async def _admitter(self) -> str | None:
        admitter = self._lease.admitter()
        if admitter is None:
            # A takeover is under way (or this instance is just starting): it takes a moment.
            await self._lease.wait_for_change(self._wait_s)
            admitter = self._lease.admitter()
        return admitter

    async def _forwarded_here(
        self, scope: Scope, receive: Receive, send: Send, headers: Headers
    ) -> None:
        if not self._lease.admitting:
            await _unavailable(
                scope,
                receive,
                send,
                "not_admitting",
                "this registry instance no longer admits events; nothing was accepted, retry",
                {NOT_ADMITTING_HEADER: "1"},
            )
            return
        client = headers.get(CLIENT_HEADER)
        if client:
            scope = {**scope, "client": (client, 0)}
        await self.app(scope, receive, send)

    async def _forward(
        self, admitter: str, scope: Scope, headers: Headers, body: bytes
    ) -> PeerAnswer:
        target = scope.get("raw_path") or scope["path"].encode()
        if scope.get("query_string"):
            target += b"?" + scope["query_string"]
        client = scope.get("client")
        passed = [(k, v) for k, v in headers.items() if k not in (PEER_HEADER, CLIENT_HEADER)]
        passed.append((PEER_HEADER, self._proof))
        if client:
            passed.append((CLIENT_HEADER, str(client[0])))
        return await self._peers.forward(
            admitter, scope["method"], target.decode("latin-1"), passed, body
        )


async def read_here(progress: ReadProgress, answer: PeerAnswer) -> None:
    """Returns once the view has read every record `answer` reports (by `progress`), or after
    READ_YOUR_WRITES_S."""
    if answer.status not in (200, 202):
        return
    try:
        body = orjson.loads(answer.body)
    except orjson.JSONDecodeError:
        return
    loop = asyncio.get_running_loop()
    deadline = loop.time() + READ_YOUR_WRITES_S
    behind = _positions(body)
    while True:
        behind = {p: o for p, o in behind.items() if progress.get(p, 0) <= o}
        if not behind or loop.time() >= deadline:
            return
        # Polled: the follower applies records one by one and need not signal each of them.
        await asyncio.sleep(0.002)


def _positions(body: Any) -> dict[str, int]:
    """The last offset per `topic/partition` an answer reports (one event, or a batch's)."""
    items = body.get("results") if isinstance(body, dict) and "results" in body else [body]
    last: dict[str, int] = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        topic, partition, offset = item.get("topic"), item.get("partition"), item.get("offset")
        if isinstance(topic, str) and isinstance(partition, int) and isinstance(offset, int):
            key = f"{topic}/{partition}"
            last[key] = max(offset, last.get(key, -1))
    return last


def _said_not_admitting(answer: PeerAnswer) -> bool:
    return any(k.lower() == NOT_ADMITTING_HEADER.encode() for k, _ in answer.headers)


async def _body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> dict[str, object]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


async def _unavailable(
    scope: Scope,
    receive: Receive,
    send: Send,
    code: str,
    message: str,
    extra_headers: dict[str, str] | None = None,
) -> None:
    response = error_json(
        503, code, message, headers={"Retry-After": str(RETRY_AFTER_S), **(extra_headers or {})}
    )
    await response(scope, receive, send)
