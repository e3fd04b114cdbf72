"""The webhook sender's own guard, against a real receiver on 127.0.0.1: the address judged is the
address connected to, so a name that rebinds to an internal address after the handler's check
(DNS rebinding) gets no connection, and the shorthand forms of 127.0.0.1 that do reach a local
socket are refused before the connect."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
import pytest_asyncio
from notifications.adapters.webhook_sender import HttpWebhookSender, SystemResolver
from notifications.domain.ledger import AttemptOutcome
from notifications.service_layer.url_check import check_webhook_url

from tests.integration.notifications.receivers import WebhookReceiver

pytestmark = pytest.mark.integration

PUBLIC = "93.184.215.14"


@dataclass
class RebindingResolver:
    """Answers `first` once, then `then` for ever: an attacker's DNS with a zero TTL."""

    first: str
    then: str
    asked: list[str] = field(default_factory=list)

    async def resolve(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        return [self.first if len(self.asked) == 1 else self.then]


@pytest_asyncio.fixture
async def receiver() -> AsyncIterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    await receiver.start()
    yield receiver
    await receiver.stop()


def named(receiver: WebhookReceiver, host: str) -> tuple[str, str]:
    """(a hook of `receiver` under the host name `host`, the same hook as 127.0.0.1)."""
    hook = receiver.hook()
    return hook.replace("127.0.0.1", host), hook


async def test_a_name_rebinding_to_loopback_after_the_check_gets_no_connection(
    receiver: WebhookReceiver,
) -> None:
    url, hook = named(receiver, "hooks.rebind.example")
    resolver = RebindingResolver(first=PUBLIC, then="127.0.0.1")
    # The handler's check sees the public answer and lets the attempt go ahead ...
    await check_webhook_url(url, resolver, allow_private=False)
    sender = HttpWebhookSender(5, resolver=resolver, allow_private=False)
    try:
        result = await sender.post(url, b"{}", {})
    finally:
        await sender.close()
    # ... and the sender, resolving for the connect, gets loopback and refuses for good.
    assert resolver.asked == ["hooks.rebind.example"] * 2
    assert result.outcome is AttemptOutcome.PERMANENT and result.status_code is None
    assert result.detail.startswith("private_address:") and "127.0.0.1" in result.detail
    assert receiver.at(hook) == []


async def test_the_sender_connects_to_the_address_it_judged(receiver: WebhookReceiver) -> None:
    """The control for the test above: with private targets allowed the same name reaches the
    receiver, so the connection goes where the resolver seam says (the name has no real DNS)."""
    url, hook = named(receiver, "hooks.rebind.example")
    sender = HttpWebhookSender(5, resolver=RebindingResolver("127.0.0.1", "127.0.0.1"))
    private_allowed = HttpWebhookSender(
        5, resolver=RebindingResolver("127.0.0.1", "127.0.0.1"), allow_private=True
    )
    try:
        refused = await sender.post(url, b"{}", {})
        delivered = await private_allowed.post(url, b'{"n": 1}', {})
    finally:
        await sender.close()
        await private_allowed.close()
    assert refused.outcome is AttemptOutcome.PERMANENT
    assert delivered.outcome is AttemptOutcome.DELIVERED, delivered
    [arrived] = receiver.at(hook)
    assert arrived.body == b'{"n": 1}' and arrived.headers["Host"].startswith("hooks.rebind.")


@pytest.mark.parametrize(
    ("host", "sent_when_allowed"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("0x7f.1", True),  # no address to aiohttp: the resolver answers 127.0.0.1
        ("[::ffff:127.0.0.1]", True),
        ("2130706433", False),  # aiohttp sends only canonical IPv4 literals
        ("127.1", False),
    ],
)
async def test_every_spelling_of_loopback_is_refused_before_it_connects(
    receiver: WebhookReceiver, host: str, sent_when_allowed: bool
) -> None:
    """With the system resolver: each spelling the client sends really reaches the local
    receiver when private targets are allowed, so refusing it without that setting is what
    keeps it out. The legacy numeric forms the client refuses by itself are refused without the
    setting as what they are, loopback."""
    url, hook = named(receiver, host)
    strict = HttpWebhookSender(5, resolver=SystemResolver())
    lenient = HttpWebhookSender(5, resolver=SystemResolver(), allow_private=True)
    try:
        refused = await strict.post(url, b"{}", {})
        assert receiver.at(hook) == []
        allowed = await lenient.post(url, b"{}", {})
    finally:
        await strict.close()
        await lenient.close()
    assert refused.outcome is AttemptOutcome.PERMANENT
    assert refused.detail.startswith("private_address:"), refused
    if sent_when_allowed:
        assert allowed.outcome is AttemptOutcome.DELIVERED and len(receiver.at(hook)) == 1
    else:
        assert allowed.outcome is AttemptOutcome.PERMANENT and "invalid URL" in allowed.detail
        assert receiver.at(hook) == []


async def test_a_url_the_client_cannot_send_to_is_a_permanent_failure_not_an_exception(
    receiver: WebhookReceiver,
) -> None:
    # '0177.0.0.1' passes the URL rules (it is 127.0.0.1 in octal) when private targets are
    # allowed, but aiohttp sends only canonical IPv4 literals: the sender must report, never
    # raise.
    url, hook = named(receiver, "0177.0.0.1")
    sender = HttpWebhookSender(5, resolver=SystemResolver(), allow_private=True)
    try:
        result = await sender.post(url, b"{}", {})
    finally:
        await sender.close()
    assert result.outcome is AttemptOutcome.PERMANENT and "invalid URL" in result.detail
    assert receiver.at(hook) == []
