"""Reaching webhook hosts: name resolution, and signed POSTs with httpx.

Every failure of a POST becomes an outcome, never an exception.

Redirects are not followed: the target of a redirect was never validated against the address
rules, so a 3xx is reported as a permanent failure instead.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx

from notifications.domain.ledger import AttemptOutcome
from notifications.domain.retry_policy import outcome_for_status
from notifications.service_layer.ports import SendResult

log = logging.getLogger(__name__)
USER_AGENT = "livinglab-notifications/1.0"


class HttpWebhookSender:
    def __init__(self, timeout_s: float, max_connections: int = 100) -> None:
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=False,
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=20),
            headers={"User-Agent": USER_AGENT},
        )

    async def close(self) -> None:
        await self._client.aclose()

    async def post(self, url: str, body: bytes, headers: Mapping[str, str]) -> SendResult:
        host = urlsplit(url).hostname  # logs name the host only: paths may carry tokens
        try:
            response = await self._client.post(url, content=body, headers=dict(headers))
        except httpx.TimeoutException as error:
            return SendResult(AttemptOutcome.RETRYABLE, None, f"timeout: {type(error).__name__}")
        except httpx.HTTPError as error:
            log.info("webhook to %s failed: %s", host, type(error).__name__)
            return SendResult(
                AttemptOutcome.RETRYABLE, None, f"{type(error).__name__}: {str(error)[:200]}"
            )
        outcome = outcome_for_status(response.status_code)
        detail = f"HTTP {response.status_code}"
        if response.is_redirect:
            detail += " (redirect not followed)"
        return SendResult(outcome, response.status_code, detail)


class SystemResolver:
    """Host name resolution through the event loop (the system resolver, off the loop thread)."""

    async def resolve(self, host: str, port: int) -> list[str]:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return sorted({str(info[4][0]) for info in infos})
