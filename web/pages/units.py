"""Register-book pages (unit search, one unit's page) and the display helpers every page shares:
money, time and age filters, and the wording of domain rules and validation messages."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import abort, g, render_template, request
from marshmallow import ValidationError

from adapters.clock import REGISTRY_TZ
from projections import register_book, register_search
from registry.kernel.actors import Role
from registry.kernel.errors import Conflict, DomainError
from web.api.units import UnitSearchSchema, unit_criteria
from web.auth import page_roles, platform
from web.i18n import current_language, translate
from web.messages import MESSAGES, VALIDATION_ZH
from web.pages import bp
from web.paging import page_from_query, pager

SEARCH_FIELDS = ("q", "owner_name", "id_number", "certificate_number")


# -- display filters ---------------------------------------------------------------------------
@bp.app_template_filter("yuan")
def yuan(value: Any) -> str:
    """'2000000.00' → '¥2,000,000.00' (Decimal all the way; never float)."""
    try:
        return f"¥{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)


@bp.app_template_filter("share")
def share(value: Any) -> str:
    """'0.5' → '0.5 (50%)'."""
    try:
        percent = f"{Decimal(str(value)) * 100:f}"
    except (InvalidOperation, ValueError):
        return str(value)
    if "." in percent:
        percent = percent.rstrip("0").rstrip(".")
    return f"{value} ({percent}%)"


@bp.app_template_filter("when")
def when(value: str | None) -> str:
    """A stored UTC timestamp shown in the registry's time zone, to the minute."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).astimezone(REGISTRY_TZ).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


@bp.app_template_filter("age")
def human_age(seconds: int | float) -> str:
    """'3 天 2 小时' / '3 d 2 h'; hours and minutes under a day."""
    minutes = max(0, int(seconds)) // 60
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return translate("age.days_hours", d=days, h=hours)
    if hours:
        return translate("age.hours_minutes", h=hours, m=mins)
    return translate("age.minutes", m=mins)


@bp.app_template_filter("label")
def label(value: Any, kind: str) -> str:
    """A code's wording ('state', 'pending_review') → '待审核'; unknown codes are shown as they are."""
    key = f"{kind}.{value}"
    return translate(key) if key in MESSAGES else str(value)


@bp.app_template_filter("history_event")
def history_event(row: dict[str, Any]) -> str:
    """What a register-book history row registered, in words: a queued seizure, the release of a queued one
    and a converted pre-notice have their own; an event without wording falls back to its djlx, never its
    class name."""
    name, summary = row["event"], row.get("summary") or {}
    if name == "Seized" and summary.get("queued"):
        name = "SeizureQueued"
    elif name == "SeizureReleased" and summary.get("was_active") is False:
        name = "QueuedSeizureReleased"
    elif name == "MortgageRegistered" and summary.get("converted_pre_notice"):
        name = "PreNoticeConverted"
    key = f"event.{name}"
    return translate(key) if key in MESSAGES else label(row["djlx"], "djlx")


# -- wording of errors -------------------------------------------------------------------------
def say(message: str) -> str:
    """A validation message in the page's language."""
    return VALIDATION_ZH.get(message, message) if current_language() == "zh" else message


def rule_message(exc: DomainError) -> str:
    """The rule's wording in the page's language, naming the rule; a conflict says to reload."""
    key = f"rule.{exc.code}"
    text = translate(key) if current_language() == "zh" and key in MESSAGES else exc.message
    if isinstance(exc, Conflict) and "reload" not in text and "刷新" not in text:
        text = f"{text.rstrip('.')}. {translate('rule.reload_hint')}"
    return f"{text}（{translate('page.rule')}：{exc.code}）" if current_language() == "zh" \
        else f"{text} ({translate('page.rule')}: {exc.code})"


def problem(exc: DomainError) -> dict[str, Any]:
    """What a template needs to show a refused command: message, rule code, conflict or not."""
    return {"message": rule_message(exc), "code": exc.code, "conflict": isinstance(exc, Conflict),
            "status": exc.status}


# -- pages -------------------------------------------------------------------------------------
@bp.route("/units")
@page_roles(Role.REGISTRAR, Role.ADMIN)
def unit_search():  # noqa: ANN201
    """By unit number or location, owner's name, ID number or certificate number; results one page at a time."""
    wanted = {k: v.strip() for k, v in request.args.items() if k in SEARCH_FIELDS and v.strip()}
    try:
        args = UnitSearchSchema().load(wanted)
    except ValidationError as invalid:
        errors = {field: [say(m) for m in messages] for field, messages in invalid.messages.items()}
        return render_template("unit_search.html", query=wanted, errors=errors, results=[], pager=None), 422
    criteria = unit_criteria(args)
    if not criteria.given:
        return render_template("unit_search.html", query=wanted, errors={}, results=[], pager=None)
    found = register_search.search(platform().views, g.user.actor, criteria, page_from_query())
    return render_template("unit_search.html", query=wanted, errors={}, results=found.items, pager=pager(found))


@bp.route("/units/<string:unit_number>")
@page_roles()
def unit_page(unit_number: str):  # noqa: ANN201
    """The scoping is the query's: another registry's unit, or a unit the applicant does not own, is 404."""
    page = register_book.page(platform().views, g.user.actor, unit_number)
    if page is None:
        abort(404, description=translate("rule.unknown_unit"))
    return render_template("unit_page.html", unit=page)
