"""The tax desk's gate and its work, the same for the JSON API (``web.api.taxdesk``) and the officer's pages
(``web.pages.taxdesk``): the queue's, the ledger's and the reconciliation's arguments, an adjustment and a
declaration decision; finding an assessment in the officer's scope, confirming, adjusting, deciding it and
assessing a line the rules referred
(each waits until the views show the outcome), the day's ledger and the reconciliation report (JSON or CSV)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from flask import Response
from marshmallow import ValidationError, fields, post_load, validate

from projections import order_ledger, orders, tax_desk
from projections.base import plain
from projections.paging import FIRST_PAGE, Page, PageRequest
from registry.kernel.actors import Actor
from registry.payments.values import FEE_ACCOUNT, GATEWAY_ACCOUNT, TREASURY_PREFIX
from registry.taxation.app import (
    UnknownAssessment,
    adjust_assessment,
    assess_referred_line,
    confirm_assessment,
    decide_declaration,
)
from registry.taxation.assessment import AssessmentClosed
from registry.taxation.engine.facts import Payer, TaxCode
from registry.taxation.values import DESCRIPTIONS
from web.auth import platform
from web.paging import PageArgsSchema
from web.shared.schemas import GateSchema, NonNegativeMoney

STATUSES = ("issued", "confirmed", "adjusted")
CLEARANCES = ("awaiting_confirmation", "released", "failed")
TAX_CODES = [code for code in DESCRIPTIONS if code != TaxCode.REGISTRATION_FEE]  # the treasury's columns
MAX_RECONCILIATION_DAYS = 92
NOT_BLANK = "must not be blank"


def not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError(NOT_BLANK)


# -- the gate ------------------------------------------------------------------------------------
class QueueArgsSchema(PageArgsSchema):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES),
                           metadata={"description": "issued, confirmed or adjusted; all when left out"})
    clearance = fields.String(load_default=None, validate=validate.OneOf(CLEARANCES),
                              metadata={"description": "awaiting_confirmation (a declaration waits for the officer), "
                                                       "released or failed; all when left out"})


class AdjustmentSchema(GateSchema):
    code = fields.String(required=True, validate=validate.OneOf([str(c) for c in TaxCode]),
                         metadata={"description": "the line's tax code, e.g. deed_tax"})
    payer = fields.String(required=True, validate=validate.OneOf([str(p) for p in Payer]),
                          metadata={"description": "buyer or seller: stamp duty has a line for each"})
    amount = NonNegativeMoney(required=True, metadata={"description": "the line's new amount, yuan, e.g. \"25000.00\""})
    reason = fields.String(required=True, validate=[validate.Length(min=1, max=500), not_blank],
                           metadata={"description": "both parties see it on their case"})


class ReferredAssessmentSchema(GateSchema):
    payer = fields.String(required=True, validate=validate.OneOf([str(p) for p in Payer]),
                          metadata={"description": "buyer or seller: whose referred line it is"})
    amount = NonNegativeMoney(required=True, metadata={"description": "the amount the officer assesses, yuan"})
    reason = fields.String(required=True, validate=[validate.Length(min=1, max=500), not_blank],
                           metadata={"description": "how it was assessed; both parties see it on their case"})


class DeclarationDecisionSchema(GateSchema):
    decision = fields.String(required=True, validate=validate.OneOf(["confirm", "refuse"]))
    reason = fields.String(required=True, validate=[validate.Length(min=1, max=500), not_blank],
                           metadata={"description": "both parties see it on their case"})


class LedgerArgsSchema(PageArgsSchema):
    day = fields.Date(load_default=None, metadata={"description": "YYYY-MM-DD; today when left out"})


class ReconciliationArgsSchema(GateSchema):
    first_day = fields.Date(data_key="from", load_default=None,
                            metadata={"description": "first day, YYYY-MM-DD; six days before the last when left out"})
    last_day = fields.Date(data_key="to", load_default=None,
                           metadata={"description": "last day, YYYY-MM-DD; today when left out"})
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))

    @post_load
    def fill_range(self, data: dict, **kwargs: Any) -> dict:
        """Missing ends default around today; the range runs forwards and spans at most a quarter."""
        today = platform().clock.today()
        first, last = data["first_day"], data["last_day"]
        if last is None:
            last = max(today, first) if first else today
        if first is None:
            if last < EARLIEST_DAY:
                raise ValidationError("the ledger starts in 2016", "to")
            first = last - timedelta(days=6)
        if last < first:
            raise ValidationError("must not be before the first day", "to")
        if (last - first).days >= MAX_RECONCILIATION_DAYS:
            raise ValidationError(f"at most {MAX_RECONCILIATION_DAYS} days at once", "to")
        return {**data, "first_day": first, "last_day": last}


EARLIEST_DAY = date(2016, 1, 1)


# -- the desk's reads and commands ----------------------------------------------------------------
def officer_scope(actor: Actor) -> Any:
    accounts = platform().accounts
    return lambda registry_id: accounts.bureau_serves(actor.org, registry_id)


def find_assessment(actor: Actor, assessment_id: UUID) -> dict:
    found = tax_desk.by_id(platform().views, actor, str(assessment_id))
    if found is None:
        raise UnknownAssessment("no such assessment")
    return found


def check_order_open(actor: Actor, assessment: dict) -> None:
    """A friendly early refusal from the order's state; the assessment itself refuses too (``Closed``)
    once the Taxation application has seen the payment."""
    order = orders.for_case(platform().views, actor, assessment["case_id"])
    if order is not None and order["state"] != "open":
        raise AssessmentClosed(f"the combined order is {order['state']}, so the assessment can no longer "
                               "change; correct it through a refund instead")


def confirm(actor: Actor, assessment_id: UUID) -> dict:
    p = platform()
    find_assessment(actor, assessment_id)
    p.run_and_wait(confirm_assessment, p.taxation, actor, assessment_id, officer_scope(actor))
    return find_assessment(actor, assessment_id)


def adjust(actor: Actor, assessment_id: UUID, data: dict) -> dict:
    p = platform()
    check_order_open(actor, find_assessment(actor, assessment_id))
    p.run_and_wait(adjust_assessment, p.taxation, actor, assessment_id, officer_scope(actor), **data)
    return find_assessment(actor, assessment_id)


def decide(actor: Actor, assessment_id: UUID, kind: str, data: dict) -> dict:
    p = platform()
    find_assessment(actor, assessment_id)
    p.run_and_wait(decide_declaration, p.taxation, actor, assessment_id, officer_scope(actor), kind=kind,
                   accepted=data["decision"] == "confirm", reason=data["reason"])
    return find_assessment(actor, assessment_id)


def assess_referred(actor: Actor, assessment_id: UUID, code: str, data: dict) -> dict:
    p = platform()
    check_order_open(actor, find_assessment(actor, assessment_id))
    p.run_and_wait(assess_referred_line, p.taxation, actor, assessment_id, officer_scope(actor), code=code, **data)
    return find_assessment(actor, assessment_id)


def account_label(account: str) -> str:
    if account.startswith(TREASURY_PREFIX):
        return account[len(TREASURY_PREFIX):]
    return account


def day_ledger(actor: Actor, day: date, paging: PageRequest = FIRST_PAGE) -> Page:
    """One page of the day's postings, newest first, with the whole day's totals in ``extra``."""
    postings = order_ledger.ledger(platform().views, actor, day.isoformat(), paging)
    debits, credits = order_ledger.ledger_totals(platform().views, actor, day.isoformat())
    return replace(postings, extra={"day": day.isoformat(), "debits": str(debits), "credits": str(credits),
                                    "balanced": debits == credits})


def reconcile(actor: Actor, first: date, last: date) -> dict:
    days = order_ledger.reconciliation(platform().views, actor, first.isoformat(), last.isoformat())
    codes = TAX_CODES + sorted({code for d in days for code in d["by_tax"]} - set(TAX_CODES))
    return {"from": first.isoformat(), "to": last.isoformat(), "tax_codes": codes,
            "accounts": {"settlements": GATEWAY_ACCOUNT, "fees": FEE_ACCOUNT, "treasury": TREASURY_PREFIX + "*"},
            "days": plain(days), "balanced": all(d["balanced"] for d in days)}


CSV_COLUMNS = ("day", "settlements", "treasury", "fees", "mismatch", "balanced")


def reconciliation_csv(report: dict) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *report["tax_codes"]])
    for day in report["days"]:
        by_tax = [day["by_tax"].get(code, "0.00") for code in report["tax_codes"]]
        writer.writerow([day["day"], day["settlements"], day["treasury"], day["fees"], day["mismatch"],
                         "true" if day["balanced"] else "false", *by_tax])
    name = f"reconciliation-{report['from']}-{report['to']}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
