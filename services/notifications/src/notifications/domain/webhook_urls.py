"""Which webhook URLs we are willing to call: the syntax rules and the address rules.

Resolving a host name is I/O and happens in the service layer; everything here is pure.
"""

from __future__ import annotations

import ipaddress
import re
import socket
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
    host = _legacy_ipv4(host) or host
    return WebhookUrl(
        url=url,
        host=host,
        port=port or (443 if parts.scheme == "https" else 80),
        ip_literal=_is_ip(host),
    )


_LEGACY_IPV4 = re.compile(r"^[0-9a-fx.]+$", re.IGNORECASE)


def _legacy_ipv4(host: str) -> str | None:
    """'2130706433', '0x7f.1', '0177.0.0.1', '127.1' -> '127.0.0.1': the shorthand IPv4 forms
    that resolvers and HTTP clients accept, so the address rules judge them without DNS."""
    if not _LEGACY_IPV4.match(host) or _is_ip(host):
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def address_refusal(host: str, address: str) -> UrlRefused | None:
    """None when `address` is a public unicast address we may call."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    site_local = False
    if isinstance(ip, ipaddress.IPv6Address):
        site_local = ip.is_site_local  # fec0::/10: deprecated, but still routed inside some sites
        # An IPv4 address inside an IPv6 one (::ffff:a.b.c.d, 6to4 2002:aabb:ccdd::) reaches
        # that IPv4 address, so it is the IPv4 address that is judged.
        ip = ip.ipv4_mapped or ip.sixtofour or ip
    for category, flagged in (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link_local", ip.is_link_local),
        ("site_local", site_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("not_global", not ip.is_global),
    ):
        if flagged:
            return UrlRefused(
                "private_address",
                f"host '{host}' resolves to {ip}, a {category.replace('_', '-')} address;"
                " webhooks must reach a public address (for a receiver on your own machine, an"
                " operator sets NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS=true: docs/notifications.md,"
                " Webhook URLs; a local receiver step by step: docs/quickstart-subscriber.md,"
                " section 1, Let the service call your own machine)",
            )
    return None
