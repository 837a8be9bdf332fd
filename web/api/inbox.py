"""The in-app inbox (站内消息): each logged-in party reads its own messages, newest first, and marks them read."""

from __future__ import annotations

from flask import g
from marshmallow import fields

from web.api.answers import answers
from web.api.answers.inbox import InboxList, InboxMessage
from web.api.units import SECURED
from web.auth import api_roles
from web.paging import PageArgsSchema, listing, page_request
from web.parsing import Blueprint
from web.shared import inbox
from web.shared.inbox import PEOPLE

blp = Blueprint("inbox", __name__, url_prefix="/api/v1", description="The caller's in-app messages")


class InboxQuery(PageArgsSchema):
    unread = fields.Boolean(load_default=False, metadata={"description": "only the messages not read yet"})


@blp.route("/inbox", methods=["GET"])
@api_roles(*PEOPLE)
@blp.arguments(InboxQuery, location="query")
@answers(blp, 200, InboxList, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def my_inbox(args: dict) -> dict:
    """The caller's messages, newest first, one page at a time: an applicant's about their cases, a registrar's
    and a supervisor's about their office, a tax officer's about the offices their bureau serves, a bank's
    about its filings; each worded in the caller's language (``?lang=en``) beside its key and parameters."""
    found = inbox.page_of(g.user, page_request(args), unread_only=args["unread"])
    return listing(found, "messages", unread=inbox.unread(g.user))


@blp.route("/inbox/<string:message_id>/read", methods=["POST"])
@api_roles(*PEOPLE)
@answers(blp, 200, InboxMessage, refuses=(400, 401, 403, 404))
@blp.doc(**SECURED)
def mark_read(message_id: str) -> dict:
    """Marks one of the caller's messages read (again: it stays read since the first time); 404 for a message
    that is not the caller's."""
    return inbox.mark_read(g.user, message_id)
