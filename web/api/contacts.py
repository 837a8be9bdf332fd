"""An account's own contacts (email, mobile), where the outbox sends copies of its inbox messages. Personal
data: the account reads and sets its own; an admin reads anyone's; nobody else learns them, or that the
account exists (404)."""

from __future__ import annotations

from flask import g

from adapters.contacts import ContactBook, ContactsSchema
from registry.kernel.actors import Role
from registry.kernel.errors import NotFound
from web.api.answers import answers
from web.api.answers.inbox import AccountContacts
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.parsing import Blueprint
from web.shared.inbox import PEOPLE
from web.shared.schemas import GateSchema

blp = Blueprint("contacts", __name__, url_prefix="/api/v1", description="Accounts' email and mobile number")


class ContactsBody(ContactsSchema, GateSchema):
    """Either or both; an empty string clears one."""


class UnknownAccount(NotFound):
    code = "unknown_account"


def _book() -> ContactBook:
    return ContactBook(platform().views)


@blp.route("/me/contacts", methods=["GET"])
@api_roles(*PEOPLE)
@answers(blp, 200, AccountContacts, refuses=(401, 403))
@blp.doc(**SECURED)
def my_contacts() -> dict:
    return _book().get(g.user.id).shown()  # type: ignore[union-attr]


@blp.route("/me/contacts", methods=["PUT"])
@api_roles(*PEOPLE)
@blp.arguments(ContactsBody)
@answers(blp, 200, AccountContacts, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def set_my_contacts(data: dict) -> dict:
    """Messages from now on are copied to these contacts (when the platform sends email or SMS)."""
    return _book().set(g.user.id, platform().clock.now(), **data).shown()


@blp.route("/users/<string:user_id>/contacts", methods=["GET"])
@api_roles(Role.ADMIN)
@answers(blp, 200, AccountContacts, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def contacts_of(user_id: str) -> dict:
    found = _book().get(user_id)
    if found is None:
        raise UnknownAccount("no such account")
    return found.shown()
