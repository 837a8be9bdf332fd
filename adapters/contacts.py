"""Where an account can be reached outside the platform: an email address and a mainland mobile number.

Both optional, ASCII only, checked with marshmallow (the email by its ``Email`` validator, the mobile as
``1[3-9]`` and nine more digits). They are personal data: the accounts adapter's ``User`` does not carry them,
so nothing shows them by accident; only the account itself and admins read them (``web.api.contacts``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from marshmallow import Schema, ValidationError, fields, validate

from adapters.accounts import AccountError
from adapters.durable import tables
from adapters.viewstore import ViewStore

MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
ASCII = validate.Regexp(r"^[\x21-\x7e]*$", error="ASCII letters, digits and punctuation only")


def valid_email(value: str) -> None:
    if value:
        validate.Email()(value)


def valid_mobile(value: str) -> None:
    if value and not MOBILE.fullmatch(value):
        raise ValidationError("a mainland mobile number: 1[3-9] and 9 more digits")


class ContactsSchema(Schema):
    """An empty string clears a contact; a missing field leaves it as it was."""

    email = fields.String(validate=[validate.Length(max=254), ASCII, valid_email],
                          metadata={"description": "an email address, or empty to clear it"})
    mobile = fields.String(validate=[ASCII, valid_mobile],
                           metadata={"description": "a mainland mobile number (11 digits), or empty to clear it"})


@dataclass(frozen=True)
class Contacts:
    user_id: str
    email: str | None
    mobile: str | None
    since: str | None  # when they were last set: messages from then on are sent to them

    def shown(self) -> dict[str, str | None]:
        return {"user_id": self.user_id, "email": self.email, "mobile": self.mobile, "updated_at": self.since}


def check_contacts(email: str | None = None, mobile: str | None = None) -> dict[str, str]:
    """The given contacts, validated; raises ``AccountError`` naming what is wrong."""
    given = {k: v for k, v in {"email": email, "mobile": mobile}.items() if v is not None}
    try:
        return ContactsSchema().load(given)
    except ValidationError as invalid:
        raise AccountError("; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in invalid.messages.items())) from None


class ContactBook:
    def __init__(self, store: ViewStore) -> None:
        self.store = store

    def set(self, user_id: str, now: datetime, *, email: str | None = None, mobile: str | None = None) -> Contacts:
        """Set (or, with an empty string, clear) the given contacts; the others stay."""
        changes = {k: v or None for k, v in check_contacts(email, mobile).items()}
        current = self.get(user_id)
        if current is None:
            raise AccountError(f"no user {user_id}")
        if changes:
            with self.store.transaction() as tx:
                tx.execute(tables.account_user.update().where(tables.account_user.c.id == user_id)
                           .values(**changes, contacts_at=now.isoformat()))
        return self.get(user_id)  # type: ignore[return-value]

    def get(self, user_id: str) -> Contacts | None:
        with self.store.read() as tx:
            row = tx.one("SELECT id, email, mobile, contacts_at FROM account_user WHERE id = :id", {"id": user_id})
        return None if row is None else Contacts(row["id"], row["email"], row["mobile"], row["contacts_at"])

    def reachable(self) -> list[Contacts]:
        """Every account with an email or a mobile number, for the outbox."""
        with self.store.read() as tx:
            rows = tx.execute("SELECT id, email, mobile, contacts_at FROM account_user "
                              "WHERE email IS NOT NULL OR mobile IS NOT NULL ORDER BY id")
        return [Contacts(r["id"], r["email"], r["mobile"], r["contacts_at"]) for r in rows]
