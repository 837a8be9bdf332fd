"""Wiring the outbox (``adapters.outbox``) into the platform: who has contacts and which inbox keys they read,
how a message is worded for email and SMS, and which senders the settings turn on.

Copies are worded in Chinese, the registry users' language: an account records no language of its own, and a
copy is worded when it is queued, so a later change of wording does not alter what was sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adapters.contacts import ContactBook
from adapters.outbox import Addressee, Outbox, since
from adapters.senders import SandboxSms, Sender, SmtpSender
from projections.inbox_queries import not_queued, recipients_of
from registry.kernel.actors import Role
from web.i18n import word

if TYPE_CHECKING:
    from collections.abc import Iterator

    from web.bootstrap import Platform

SUBJECT_TEXT = 60  # characters of the message in the subject line; the body has all of it


def compose(public_url: str) -> Any:
    def worded(channel: str, message: dict[str, Any]) -> tuple[str, str]:
        text = word(message["key"], message["params"])
        if channel == "sms":
            return "", word("outbox.sms", {"text": text})
        short = text if len(text) <= SUBJECT_TEXT else text[:SUBJECT_TEXT - 1] + "…"
        return (word("outbox.subject", {"text": short}),
                word("outbox.email_body", {"text": text, "case_id": message["case_id"],
                                           "inbox_url": f"{public_url}/inbox"}))
    return worded


def addressees(platform: Platform) -> Iterator[Addressee]:
    for contacts in ContactBook(platform.views).reachable():
        user = platform.accounts.user(contacts.user_id)
        if user is None:
            continue
        served = platform.accounts.registries_served(user.org) if user.role is Role.TAX_OFFICER else ()
        addresses = {channel: address for channel, address in (("email", contacts.email), ("sms", contacts.mobile))
                     if address}
        yield Addressee(user.id, recipients_of(user.actor, served), addresses, since(contacts.since))


def senders(platform: Platform) -> list[Sender]:
    s = platform.settings
    chosen: list[Sender] = []
    if s.outbox_email:
        chosen.append(SmtpSender(s.smtp_host, s.smtp_port, s.smtp_from, username=s.smtp_username,
                                 password=s.smtp_password, starttls=s.smtp_starttls))
    if s.outbox_sms:
        chosen.append(SandboxSms(platform.views, platform.clock))
    return chosen


def build_outbox(platform: Platform, chosen: list[Sender] | None = None) -> Outbox:
    return Outbox(platform.views, platform.clock, senders(platform) if chosen is None else chosen,
                  lambda: addressees(platform), not_queued, compose(platform.settings.public_url))
