"""Reaching webhook hosts: name resolution, signed POSTs and validation OPTIONS with httpx.

Every failure of a POST becomes an outcome, never an exception.

Redirects are not followed: the target of a redirect was never validated against the address
rules, so a 3xx is reported as a permanent failure instead.

The delivery handler checks the URL before every attempt; this adapter checks again at the one
moment that counts, when it opens the TCP connection. It resolves the host itself, judges every
address and connects to the address it judged, so a name that answers with a public address for
the check and an internal one for the connect (DNS rebinding) never gets a connection. For the
same reason webhooks never go through a proxy taken from the environment.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Iterable, Mapping
from urllib.parse import urlsplit

import httpcore
import httpx

from notifications.domain.handshake import ALLOWED_ORIGIN_HEADER, HandshakeAnswer
from notifications.domain.ledger import AttemptOutcome
from notifications.domain.retry_policy import outcome_for_status
from notifications.domain.webhook_urls import address_refusal
from notifications.service_layer.ports import AddressResolver, SendResult

log = logging.getLogger(__name__)
USER_AGENT = "livinglab-notifications/1.0"


class AddressRefused(httpcore.ConnectError):
    """The host resolved, at connect time, to an address webhooks may not reach."""


class CheckedNetwork(httpcore.AsyncNetworkBackend):
    """TCP connects that resolve through `resolver`, refuse internal addresses (unless allowed)
    and connect to exactly the addresses that were judged."""

    def __init__(self, resolver: AddressResolver, allow_private: bool) -> None:
        self._resolver, self._allow_private = resolver, allow_private
        self._network = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                addresses = await self._resolver.resolve(host, port)
        except (OSError, TimeoutError) as error:
            raise httpcore.ConnectError(f"{host} does not resolve: {error}") from None
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no addresses")
        if not self._allow_private:
            for address in addresses:
                refusal = address_refusal(host, address)
                if refusal is not None:
                    raise AddressRefused(f"{refusal.rule}: {refusal.message}")
        *others, last = addresses
        for address in others:
            try:
                return await self._network.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout):
                continue  # the next address of the same host
        return await self._network.connect_tcp(last, port, timeout, local_address, socket_options)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore's interface
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("webhooks are only sent over TCP")

    async def sleep(self, seconds: float) -> None:
        await self._network.sleep(seconds)


class CheckedTransport(httpx.AsyncHTTPTransport):
    """httpx's own transport, with a connection pool that connects through CheckedNetwork."""

    def __init__(self, network: CheckedNetwork, limits: httpx.Limits) -> None:
        super().__init__(limits=limits)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=network,
        )


class HttpWebhookSender:
    def __init__(
        self,
        timeout_s: float,
        max_connections: int = 100,
        *,
        resolver: AddressResolver | None = None,
        allow_private: bool = False,
    ) -> None:
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=20)
        network = CheckedNetwork(resolver or SystemResolver(), allow_private)
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=False,
            # A transport of our own also means no proxy from the environment (see above).
            transport=CheckedTransport(network, limits),
            headers={"User-Agent": USER_AGENT},
        )

    async def close(self) -> None:
        await self._client.aclose()

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> SendResult:
        sent = await self._send("POST", url, headers, body)
        if isinstance(sent, SendResult):
            return sent
        outcome = outcome_for_status(sent.status_code)
        detail = f"HTTP {sent.status_code}"
        if sent.is_redirect:
            detail += " (redirect not followed)"
        return SendResult(outcome, sent.status_code, detail)

    async def handshake(self, url: str, headers: Mapping[str, str]) -> HandshakeAnswer:
        sent = await self._send("OPTIONS", url, headers, b"")
        if isinstance(sent, SendResult):
            final = sent.outcome is AttemptOutcome.PERMANENT
            return HandshakeAnswer(None, None, sent.detail, final=final)
        detail = f"HTTP {sent.status_code}"
        if sent.is_redirect:
            detail += " (redirect not followed)"
        return HandshakeAnswer(sent.status_code, sent.headers.get(ALLOWED_ORIGIN_HEADER), detail)

    async def _send(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes
    ) -> httpx.Response | SendResult:
        """The response, or the failure as a SendResult."""
        host = urlsplit(url).hostname  # logs name the host only: paths may carry tokens
        try:
            return await self._client.request(method, url, content=body, headers=dict(headers))
        except httpx.TimeoutException as error:
            return SendResult(AttemptOutcome.RETRYABLE, None, f"timeout: {type(error).__name__}")
        except httpx.InvalidURL as error:
            # A URL the check accepted but httpx cannot send to (e.g. '0177.0.0.1', allowed only
            # with private webhooks): no retry can change that.
            return SendResult(AttemptOutcome.PERMANENT, None, f"invalid URL: {str(error)[:200]}")
        except httpx.HTTPError as error:
            if isinstance(error.__cause__, AddressRefused):
                # The name now resolves inside, after the handler's check passed: DNS rebinding.
                log.warning("webhook to %s refused at connect: %s", host, error.__cause__)
                return SendResult(AttemptOutcome.PERMANENT, None, str(error.__cause__)[:300])
            log.info("webhook %s to %s failed: %s", method, host, type(error).__name__)
            return SendResult(
                AttemptOutcome.RETRYABLE, None, f"{type(error).__name__}: {str(error)[:200]}"
            )


class SystemResolver:
    """Host name resolution through the event loop (the system resolver, off the loop thread)."""

    async def resolve(self, host: str, port: int) -> list[str]:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return sorted({str(info[4][0]) for info in infos})
