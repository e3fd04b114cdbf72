"""Webhook URL validation including name resolution, at creation and before every attempt."""

from __future__ import annotations

import asyncio

from notifications.domain.webhook_urls import UrlRefused, address_refusal, parse_webhook_url
from notifications.service_layer.ports import AddressResolver

RESOLVE_TIMEOUT_S = 5.0


async def check_webhook_url(url: str, resolver: AddressResolver, allow_private: bool) -> None:
    """Raises UrlRefused with the rule that failed; returns when the URL may be called."""
    target = parse_webhook_url(url)
    if allow_private:
        return
    if target.ip_literal:
        addresses = [target.host]
    else:
        try:
            addresses = await asyncio.wait_for(
                resolver.resolve(target.host, target.port), RESOLVE_TIMEOUT_S
            )
        except (OSError, TimeoutError) as error:
            raise UrlRefused(
                "unresolvable_host", f"host '{target.host}' does not resolve: {error}"
            ) from None
    if not addresses:
        raise UrlRefused("unresolvable_host", f"host '{target.host}' has no addresses")
    for address in addresses:
        refusal = address_refusal(target.host, address)
        if refusal is not None:
            raise refusal
