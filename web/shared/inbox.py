"""What the inbox API and the inbox page share: whose messages the logged-in user reads, and a message as
shown (its text worded in the reader's language next to its key and parameters)."""

from __future__ import annotations

from typing import Any

from adapters.accounts import User
from adapters.inbox_reads import InboxReads
from projections import inbox_queries
from projections.paging import Page, PageRequest
from registry.kernel.actors import Role
from registry.kernel.errors import NotFound
from web.auth import platform
from web.i18n import current_language, word

# people's roles; a court's client is a machine with its own feed (``/api/v1/court/...``), no inbox or contacts
PEOPLE = tuple(role for role in Role if role is not Role.COURT_CLIENT)


class UnknownMessage(NotFound):
    code = "unknown_message"


def recipients(user: User) -> list[str]:
    served = platform().accounts.registries_served(user.org) if user.role is Role.TAX_OFFICER else ()
    return inbox_queries.recipients_of(user.actor, served)


def shown(message: dict[str, Any]) -> dict[str, Any]:
    return {"message_id": message["message_id"], "key": message["key"], "params": message["params"],
            "text": word(message["key"], message["params"], current_language()), "case_id": message["case_id"],
            "at": message["at"], "read": message["read"], "read_at": message["read_at"]}


def page_of(user: User, paging: PageRequest, *, unread_only: bool = False) -> Page:
    found = inbox_queries.inbox(platform().views, user.id, recipients(user), paging, unread_only=unread_only)
    return Page([shown(m) for m in found.items], found.page, found.per_page, found.total)


def unread(user: User) -> int:
    return inbox_queries.unread(platform().views, user.id, recipients(user))


def mark_read(user: User, message_id: str) -> dict[str, Any]:
    """Marks one of the user's messages read; another's, or none, is ``UnknownMessage`` (404: nobody learns
    which messages exist for others)."""
    p = platform()
    mine = recipients(user)
    found = inbox_queries.message(p.views, user.id, mine, message_id)
    if found is None:
        raise UnknownMessage("no such message in your inbox")
    InboxReads(p.views).mark(user.id, found["recipient"], message_id, p.clock.now())
    return shown(inbox_queries.message(p.views, user.id, mine, message_id) or found)
