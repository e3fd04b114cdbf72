"""Passing a write on to the registry instance that admits (HTTP, one pooled client)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

# Hop-by-hop headers, and those the client recomputes for the body it sends or receives.
_NOT_PASSED_ON = frozenset(
    {"host", "connection", "keep-alive", "transfer-encoding", "content-length", "upgrade", "te"}
)


class PeerUnreachable(Exception):
    """The admitting instance could not be reached, so the request never arrived there."""


class PeerTimedOut(Exception):
    """The request was sent, but the answer did not come in time: it may have been accepted."""


@dataclass(frozen=True)
class PeerAnswer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class PeerClient:
    def __init__(self, timeout_s: float) -> None:
        self._timeout_s = timeout_s
        self._client: httpx.AsyncClient | None = None

    async def stop(self) -> None:
        if self._client is not None:
            await self._client.aclose()

    async def forward(
        self, base_url: str, method: str, target: str, headers: list[tuple[str, str]], body: bytes
    ) -> PeerAnswer:
        if self._client is None:
            # Created on first use, on the running loop; never follows redirects or reads
            # proxies from the environment (this is traffic between the registry's instances).
            self._client = httpx.AsyncClient(
                timeout=self._timeout_s, trust_env=False, follow_redirects=False
            )
        sent = [(k, v) for k, v in headers if k.lower() not in _NOT_PASSED_ON]
        try:
            response = await self._client.request(
                method, base_url + target, headers=sent, content=body
            )
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise PeerUnreachable(repr(error)) from None
        except httpx.HTTPError as error:
            raise PeerTimedOut(repr(error)) from None
        passed = [
            (k.encode("latin-1"), v.encode("latin-1"))
            for k, v in response.headers.multi_items()
            if k.lower() not in _NOT_PASSED_ON
        ]
        return PeerAnswer(response.status_code, passed, response.content)
