"""The display filters every page's templates share, registered on the app in one place (``register_filters``):
money, shares and percentages exact (Decimal, never float), stored UTC times in the registry's time zone,
ages, the wording of codes and history rows, and banks by name."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import Flask

from adapters.clock import REGISTRY_TZ
from registry.kernel.codes import Supplement
from web.auth import platform
from web.i18n import translate
from web.messages import MESSAGES


def yuan(value: Any) -> str:
    """'2000000.00' → '¥2,000,000.00' (Decimal all the way; never float)."""
    try:
        return f"¥{Decimal(str(value)):,.2f}"
    except (InvalidOperation, ValueError):
        return str(value)


def share(value: Any) -> str:
    """'0.5' → '0.5 (50%)'."""
    try:
        percent = f"{Decimal(str(value)) * 100:f}"
    except (InvalidOperation, ValueError):
        return str(value)
    if "." in percent:
        percent = percent.rstrip("0").rstrip(".")
    return f"{value} ({percent}%)"


def when(value: str | None) -> str:
    """A stored UTC timestamp shown in the registry's time zone, to the minute."""
    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).astimezone(REGISTRY_TZ).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


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


def label(value: Any, kind: str) -> str:
    """A code's wording ('state', 'pending_review') → '待审核'; unknown codes are shown as they are."""
    key = f"{kind}.{value}"
    return translate(key) if key in MESSAGES else str(value)


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


def percent(value: Any) -> str:
    """'0.01' → '1%', '0.015' → '1.5%' (exact; never float)."""
    try:
        number = Decimal(str(value)) * 100
    except (InvalidOperation, ValueError):
        return str(value)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def bank_name(org: str) -> str:
    """A bank's name for a consent party or a notification (its org id when the bank is unknown)."""
    return platform().banks.bank_name(org) or org


FILTERS = {"yuan": yuan, "share": share, "percent": percent, "when": when, "age": human_age, "label": label,
           "history_event": history_event, "bank_name": bank_name}


def register_filters(app: Flask) -> None:
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals["supplement_catalogue"] = [s.value for s in Supplement]  # the 补正 form's boxes
