"""Starting a payment at the gateway, the same for the API and the applicant's page."""

from __future__ import annotations

from uuid import UUID

from flask import current_app, g, url_for

from registry.payments.commands import start_payment
from web.auth import platform


def gateway():  # noqa: ANN201
    return current_app.extensions["payment_gateway"]


def notify_url() -> str:
    return platform().settings.public_url + url_for("payments.callback")


def begin_payment(case_id: UUID, return_url: str, payer: str | None = None) -> str:
    """The gateway's hosted page to send the payer to, once the views show the payment started."""
    p = platform()
    receipt, redirect_url = start_payment(p.payments, gateway(), g.user.actor, str(case_id),
                                          return_url=return_url, notify_url=notify_url(), payer=payer)
    p.wait_for(receipt)
    return redirect_url
