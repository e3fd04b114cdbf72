"""SSRF attempts through a webhook URL: every way of naming an internal address is refused before
any request, unless the operator allows private webhooks; credentials and schemes never pass."""

from __future__ import annotations

import pytest
from notifications.domain.webhook_urls import UrlRefused
from notifications.service_layer.url_check import check_webhook_url

from tests.unit.notifications.fakes import FakeResolver

# Names an attacker controls, pointing inside (the resolver seam stands in for DNS).
RESOLVER = FakeResolver(
    {
        "public.example.org": ["93.184.215.14"],
        "metadata.attacker.example": ["169.254.169.254"],
        "localhost.attacker.example": ["127.0.0.1"],
        "v6-loopback.attacker.example": ["::1"],
        "lan.attacker.example": ["192.168.1.20"],
        "mapped.attacker.example": ["::ffff:10.0.0.1"],
        "dual.attacker.example": ["2606:2800:21f:cb07:6820:80da:af6b:8b2c", "fd12::1"],
    }
)

INTERNAL = [
    "http://10.0.0.1/hook",
    "http://10.255.255.254/hook",
    "http://172.16.0.1/hook",
    "http://172.31.255.1/hook",
    "http://192.168.0.1/hook",
    "http://127.0.0.1:8080/hook",
    "http://127.9.9.9/hook",
    "http://[::1]/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://169.254.0.1/hook",
    "http://[fe80::1]/hook",
    "http://[fc00::1]/hook",
    "http://[fd00:ec2::254]/hook",
    "http://0.0.0.0/hook",
    "http://[::]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[::ffff:169.254.169.254]/hook",
    # 6to4 addresses carry an IPv4 address, which is what they reach; site-local is internal.
    "http://[2002:7f00:1::1]/hook",
    "http://[2002:a9fe:a9fe::]/hook",
    "http://[fec0::1]/hook",
    # Shorthand IPv4 forms that resolvers and HTTP clients accept for 127.0.0.1 / 10.0.0.1.
    "http://2130706433/hook",
    "http://0x7f.1/hook",
    "http://0x7f000001/hook",
    "http://0177.0.0.1/hook",
    "http://127.1/hook",
    "http://167772161/hook",
    # Host names that resolve inside.
    "http://metadata.attacker.example/hook",
    "http://localhost.attacker.example/hook",
    "http://v6-loopback.attacker.example/hook",
    "http://lan.attacker.example/hook",
    "http://mapped.attacker.example/hook",
    "http://dual.attacker.example/hook",
]


@pytest.mark.parametrize("url", INTERNAL)
async def test_internal_addresses_are_refused(url: str) -> None:
    with pytest.raises(UrlRefused) as refused:
        await check_webhook_url(url, RESOLVER, allow_private=False)
    assert refused.value.rule == "private_address"
    # The refusal says what a newcomer testing a local receiver can do about it.
    assert "NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS=true" in str(refused.value)
    assert "docs/quickstart-subscriber.md, section 1" in str(refused.value)


@pytest.mark.parametrize("url", INTERNAL)
async def test_the_operator_setting_lets_internal_addresses_through(url: str) -> None:
    await check_webhook_url(url, RESOLVER, allow_private=True)


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("http://good.example.org@127.0.0.1/hook", "credentials_in_url"),
        ("http://public.example.org:x@127.0.0.1/hook", "credentials_in_url"),
        ("http://public.example.org\\@127.0.0.1/hook", "credentials_in_url"),
        ("file:///etc/passwd", "scheme_not_allowed"),
        ("gopher://127.0.0.1:6379/_SET", "scheme_not_allowed"),
        ("dict://127.0.0.1:11211/stat", "scheme_not_allowed"),
        ("ftp://public.example.org/hook", "scheme_not_allowed"),
        ("data:text/plain,hello", "scheme_not_allowed"),
        ("//public.example.org/hook", "scheme_not_allowed"),
        ("http://public.example.org\r\nHost: 127.0.0.1/", "invalid_url"),
    ],
)
@pytest.mark.parametrize("allow_private", [False, True])
async def test_schemes_and_userinfo_tricks_are_refused_even_when_private_is_allowed(
    url: str, rule: str, allow_private: bool
) -> None:
    with pytest.raises(UrlRefused) as refused:
        await check_webhook_url(url, RESOLVER, allow_private=allow_private)
    assert refused.value.rule == rule


@pytest.mark.parametrize(
    "url",
    [
        "https://public.example.org/hook",
        "http://93.184.215.14/hook",
        "https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook",
        "https://[2002:5db8:d70e::1]/hook",  # 6to4 of the public 93.184.215.14
        "https://public.example.org/hook#@127.0.0.1",
    ],
)
async def test_public_targets_pass(url: str) -> None:
    await check_webhook_url(url, RESOLVER, allow_private=False)
