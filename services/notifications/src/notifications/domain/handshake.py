"""The CloudEvents webhook validation handshake (HTTP 1.1 Web Hooks for Event Delivery, §4).

Abuse protection: a subscription names any URL, so before a single event is sent there the
endpoint has to agree. The service sends `OPTIONS <url>` with `WebHook-Request-Origin: <origin>`;
the endpoint agrees by answering 2xx with `WebHook-Allowed-Origin` set to that origin or `*`.
Anything else is a refusal, except answers that may change on their own (timeouts, connection
errors, 408/425/429/5xx), which are asked again with backoff before they count as a refusal.

`WebHook-Request-Rate` is not sent: the service does not throttle per endpoint, and asking for a
rate obliges the endpoint to grant one. The asynchronous variant (`WebHook-Request-Callback`) is
not offered; an endpoint answers the OPTIONS request itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from notifications.domain.ledger import AttemptOutcome
from notifications.domain.retry_policy import outcome_for_status

REQUEST_ORIGIN_HEADER = "WebHook-Request-Origin"
ALLOWED_ORIGIN_HEADER = "WebHook-Allowed-Origin"


@dataclass(frozen=True)
class HandshakeAnswer:
    """What came back to the OPTIONS request; `status_code` None when nothing did."""

    status_code: int | None
    allowed_origin: str | None
    detail: str  # e.g. "HTTP 405" or "ConnectError: ..."; never the endpoint's body
    final: bool = False  # no answer, and asking again cannot change that (e.g. address refused)


class Verdict(StrEnum):
    ALLOWED = "allowed"
    REFUSED = "refused"
    ASK_AGAIN = "ask_again"


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    detail: str


def request_headers(origin: str) -> dict[str, str]:
    return {REQUEST_ORIGIN_HEADER: origin}


def judge(answer: HandshakeAnswer, origin: str) -> Judgement:
    if answer.status_code is None:
        return Judgement(Verdict.REFUSED if answer.final else Verdict.ASK_AGAIN, answer.detail)
    outcome = outcome_for_status(answer.status_code)
    if outcome is AttemptOutcome.RETRYABLE:
        return Judgement(Verdict.ASK_AGAIN, answer.detail)
    if outcome is AttemptOutcome.PERMANENT:
        # A 3xx too: its target was never checked, and the agreement must come from this URL.
        return Judgement(Verdict.REFUSED, f"{answer.detail} to OPTIONS")
    allowed = (answer.allowed_origin or "").strip()
    # Origins are DNS names, which compare without regard to case.
    if allowed == "*" or allowed.lower() == origin.lower():
        return Judgement(Verdict.ALLOWED, f"{ALLOWED_ORIGIN_HEADER}: {allowed}")
    if not allowed:
        return Judgement(Verdict.REFUSED, f"{answer.detail} without {ALLOWED_ORIGIN_HEADER}")
    return Judgement(
        Verdict.REFUSED, f"{ALLOWED_ORIGIN_HEADER} names another origin: {allowed[:100]!r}"
    )
