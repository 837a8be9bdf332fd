"""The outbox's Sender port and its two adapters: email through an SMTP server, SMS into a sandbox.

A sender raises ``SendFailed`` when trying again later may work (the server is down, a timeout) and
``SendRefused`` when it never will (the address or number is refused): the outbox retries the first with
backoff and records the second as given up.
"""

from __future__ import annotations

import smtplib
from collections.abc import Iterable
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Protocol

from adapters.contacts import MOBILE
from adapters.durable import tables
from adapters.viewstore import ViewStore
from adapters.webhook_status import stamp
from registry.kernel.ports import Clock


class SendFailed(Exception):
    """Not sent this time; another attempt may succeed."""


class SendRefused(Exception):
    """The channel refuses this address for good."""


class Sender(Protocol):
    channel: str  # "email" or "sms": which contact of an account it sends to

    def send(self, address: str, subject: str, body: str) -> None: ...


class SmtpSender:
    """One SMTP connection per message (a handful a minute at most); UTF-8 headers and body, so a Chinese
    subject travels RFC 2047-encoded and the body as UTF-8, whatever the server speaks."""

    channel = "email"

    def __init__(self, host: str, port: int, from_address: str, *, timeout: float = 10.0, username: str = "",
                 password: str = "", starttls: bool = False) -> None:
        self.host, self.port, self.from_address = host, port, from_address
        self.timeout, self.username, self.password, self.starttls = timeout, username, password, starttls

    def message(self, address: str, subject: str, body: str) -> EmailMessage:
        mail = EmailMessage()
        mail["From"], mail["To"], mail["Subject"] = self.from_address, address, subject
        mail["Date"], mail["Message-ID"] = formatdate(localtime=True), make_msgid(domain="registry.local")
        mail.set_content(body, charset="utf-8")
        return mail

    def send(self, address: str, subject: str, body: str) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username:
                    smtp.login(self.username, self.password)
                smtp.send_message(self.message(address, subject, body))
        except smtplib.SMTPRecipientsRefused as refused:
            raise SendRefused(f"the mail server refused {address}: {refused.recipients}"[:500]) from None
        except (TimeoutError, smtplib.SMTPException, OSError) as failed:
            raise SendFailed(f"{type(failed).__name__}: {failed}"[:500]) from None


class SandboxSms:
    """No SMS provider is reachable from here: messages are recorded in ``sms_sandbox_message`` instead, after
    the checks a gateway makes: a number that is not a mainland mobile number, or one the sandbox is told is
    not in service (空号), is refused."""

    channel = "sms"
    MAX_LENGTH = 500  # a gateway splits long texts into parts; past this it refuses them

    def __init__(self, store: ViewStore, clock: Clock, not_in_service: Iterable[str] = ()) -> None:
        self.store, self.clock = store, clock
        self.not_in_service = frozenset(not_in_service)

    def send(self, address: str, subject: str, body: str) -> None:
        if not MOBILE.fullmatch(address):
            raise SendRefused(f"not a mainland mobile number: {address!r}")
        if address in self.not_in_service:
            raise SendRefused(f"the number {address} is not in service")
        if len(body) > self.MAX_LENGTH:
            raise SendRefused(f"the text is longer than {self.MAX_LENGTH} characters")
        with self.store.transaction() as tx:
            tx.execute(tables.sms_sandbox_message.insert(), {"mobile": address, "text": body,
                                                              "accepted_at": stamp(self.clock.now())})

    def received(self, mobile: str | None = None) -> list[dict[str, str]]:
        with self.store.read() as tx:
            return tx.execute("SELECT mobile, text, accepted_at FROM sms_sandbox_message "
                              "WHERE mobile = :mobile OR :mobile = '' ORDER BY id", {"mobile": mobile or ""})
