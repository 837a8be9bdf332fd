"""The inbox page (站内消息) for every logged-in role, and the unread count beside its link in the navigation."""

from __future__ import annotations

from typing import Any

from flask import g, redirect, render_template, request, url_for

from web.auth import page_roles
from web.pages.blueprint import bp
from web.paging import page_from_query, pager
from web.shared import inbox


@bp.app_context_processor
def inbox_unread() -> dict[str, Any]:
    """How many of the logged-in user's messages are unread, for the badge in the navigation."""
    user = getattr(g, "user", None)
    if user is None:
        return {}
    return {"inbox_unread": inbox.unread(user)}


@bp.route("/inbox")
@page_roles()
def my_inbox():  # noqa: ANN201
    """Newest first, one page at a time; ``?unread=1`` shows only the messages not read yet."""
    unread_only = request.args.get("unread") == "1"
    found = inbox.page_of(g.user, page_from_query(), unread_only=unread_only)
    return render_template("inbox.html", messages=found.items, pager=pager(found), unread_only=unread_only)


@bp.route("/inbox/<string:message_id>/read", methods=["POST"])
@page_roles()
def inbox_read(message_id: str):  # noqa: ANN201
    inbox.mark_read(g.user, message_id)
    return redirect(url_for("pages.my_inbox", **request.args.to_dict()), code=303)
