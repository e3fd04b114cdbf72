"""Which webhook URLs we are willing to call: the syntax rules and the address rules.

Resolving a host name is I/O and happens in the service layer; everything here is pure.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2000


class UrlRefused(Exception):
    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass(frozen=True)
class WebhookUrl:
    url: str
    host: str
    port: int
    ip_literal: bool


def parse_webhook_url(url: str) -> WebhookUrl:
    if len(url) > MAX_URL_LENGTH:
        raise UrlRefused("url_too_long", f"URL is longer than {MAX_URL_LENGTH} characters")
    if any(c.isspace() or ord(c) < 0x20 for c in url):
        raise UrlRefused("invalid_url", "URL contains whitespace or control characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UrlRefused("invalid_url", f"not a valid URL: {error}") from None
    if parts.scheme not in ("http", "https"):
        raise UrlRefused("scheme_not_allowed", "only http and https URLs are allowed")
    if parts.username is not None or parts.password is not None:
        raise UrlRefused(
            "credentials_in_url", "credentials in the URL are not allowed; we sign requests"
        )
    host = parts.hostname
    if not host:
        raise UrlRefused("missing_host", "URL has no host")
    return WebhookUrl(
        url=url,
        host=host,
        port=port or (443 if parts.scheme == "https" else 80),
        ip_literal=_is_ip(host),
    )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def address_refusal(host: str, address: str) -> UrlRefused | None:
    """None when `address` is a public unicast address we may call."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for category, flagged in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link_local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("not_global", not ip.is_global),
    ):
        if flagged:
            return UrlRefused(
                "private_address",
                f"host '{host}' resolves to {ip}, a {category.replace('_', '-')} address;"
                " webhooks must reach a public address",
            )
    return None
