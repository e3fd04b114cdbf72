"""Webhook URL rules: http(s) only, no credentials, no private or special-purpose addresses."""

from __future__ import annotations

import pytest
from notifications.domain.webhook_urls import UrlRefused, address_refusal, parse_webhook_url
from notifications.service_layer.url_check import check_webhook_url

from tests.unit.notifications.fakes import FakeResolver


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("ftp://example.org/hook", "scheme_not_allowed"),
        ("javascript:alert(1)", "scheme_not_allowed"),
        ("https://user:pw@example.org/hook", "credentials_in_url"),
        ("https://token@example.org/hook", "credentials_in_url"),
        ("https:///hook", "missing_host"),
        ("https://example.org:99999/", "invalid_url"),
        ("https://example.org/a b", "invalid_url"),
        ("https://example.org/" + "a" * 2000, "url_too_long"),
    ],
)
def test_syntax_rules(url: str, rule: str) -> None:
    with pytest.raises(UrlRefused) as refused:
        parse_webhook_url(url)
    assert refused.value.rule == rule


def test_default_ports_and_ip_literals() -> None:
    assert parse_webhook_url("https://example.org/x").port == 443
    assert parse_webhook_url("http://example.org/x").port == 80
    assert parse_webhook_url("http://[::1]:8080/x").ip_literal


@pytest.mark.parametrize(
    ("address", "category"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("192.168.0.10", "private"),
        ("172.16.5.4", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata endpoints
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not-global"),  # carrier-grade NAT
    ],
)
def test_special_purpose_addresses_are_refused(address: str, category: str) -> None:
    refusal = address_refusal("hooks.example.org", address)
    assert refusal is not None
    assert refusal.rule == "private_address"
    assert category in refusal.message


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"])
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal("example.org", address) is None


async def test_a_name_resolving_to_any_private_address_is_refused() -> None:
    resolver = FakeResolver({"mixed.example.org": ["93.184.215.14", "10.0.0.7"]})
    with pytest.raises(UrlRefused) as refused:
        await check_webhook_url("https://mixed.example.org/hook", resolver, allow_private=False)
    assert refused.value.rule == "private_address"


async def test_unresolvable_hosts_are_refused_and_private_ones_allowed_when_configured() -> None:
    resolver = FakeResolver({"localhost": ["127.0.0.1"]})
    with pytest.raises(UrlRefused) as refused:
        await check_webhook_url("https://nowhere.invalid/", resolver, allow_private=False)
    assert refused.value.rule == "unresolvable_host"
    await check_webhook_url("http://localhost:8080/hook", resolver, allow_private=True)
    with pytest.raises(UrlRefused):
        await check_webhook_url("http://u:p@localhost/", resolver, allow_private=True)
