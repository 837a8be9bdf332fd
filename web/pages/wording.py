"""The wording of what a page refuses, in the page's language: validation messages, domain rules by their
code (a conflict says to reload) and what a template needs to show a refused command."""

from __future__ import annotations

from typing import Any

from registry.kernel.errors import Conflict, DomainError
from web.i18n import current_language, translate
from web.messages import MESSAGES, VALIDATION_ZH


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
