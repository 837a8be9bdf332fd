"""Answers of paying a case's order: the provider's hosted page to go to, the order, a callback's outcome."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer


class CallbackOutcome(Answer):
    outcome = fields.String(required=True)


class PaymentRedirect(Answer):
    redirect_url = fields.String(required=True)
