"""Sends announcement e-mails through the configured SMTP server with aiosmtplib."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate

import aiosmtplib

from notifications.domain.email_text import EmailText
from notifications.domain.ledger import AttemptOutcome
from notifications.service_layer.ports import SendResult


class SmtpEmailSender:
    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        timeout_s: float,
        username: str | None = None,
        password: str | None = None,
        start_tls: bool | None = None,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._timeout_s = timeout_s
        self._username, self._password = username, password
        self._start_tls = start_tls

    async def send(self, to: str, text: EmailText, message_id: str) -> SendResult:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = to
        message["Subject"] = text.subject
        message["Date"] = formatdate(localtime=False)
        # Stable per delivery, so mail systems can drop a copy resent after a crash.
        message["Message-ID"] = message_id
        message.set_content(text.body)
        try:
            _, reply = await aiosmtplib.send(
                message,
                hostname=self._host,
                port=self._port,
                timeout=self._timeout_s,
                username=self._username,
                password=self._password,
                start_tls=self._start_tls,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            return SendResult(AttemptOutcome.PERMANENT, None, f"recipient refused: {error}"[:300])
        except aiosmtplib.SMTPResponseException as error:
            # 5xx is a definite "no" (unknown mailbox...); 4xx asks us to come back later.
            outcome = AttemptOutcome.PERMANENT if error.code >= 500 else AttemptOutcome.RETRYABLE
            return SendResult(outcome, error.code, f"SMTP {error.code}: {error.message[:200]}")
        except (aiosmtplib.SMTPException, OSError) as error:
            return SendResult(
                AttemptOutcome.RETRYABLE, None, f"{type(error).__name__}: {str(error)[:200]}"
            )
        return SendResult(AttemptOutcome.DELIVERED, None, f"accepted by SMTP server: {reply[:200]}")
