"""Answers of the inbox and of the contacts."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer, Paged


class InboxMessage(Answer):
    message_id = fields.String(required=True)
    key = fields.String(required=True, metadata={"description": "the message key (inbox.case_returned ...)"})
    params = fields.Dict(required=True, metadata={"description": "the message's parameters"})
    text = fields.String(required=True, metadata={"description": "the message worded in the caller's language"})
    case_id = fields.String(required=True)
    at = fields.String(required=True)
    read = fields.Boolean(required=True)
    read_at = fields.String(required=True, allow_none=True)


class InboxList(Paged):
    messages = fields.List(fields.Nested(InboxMessage), required=True)
    unread = fields.Integer(required=True, metadata={"description": "how many of all the caller's are unread"})


class AccountContacts(Answer):
    user_id = fields.String(required=True)
    email = fields.String(required=True, allow_none=True)
    mobile = fields.String(required=True, allow_none=True)
    updated_at = fields.String(required=True, allow_none=True)
