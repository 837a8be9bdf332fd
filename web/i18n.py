"""Chinese by default with an English switch; messages live in web/messages/, one module per area."""

from __future__ import annotations

from flask import Flask, request, session

from web.messages import MESSAGES

LANGUAGES = ("zh", "en")


def current_language() -> str:
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else "zh"


def translate(key: str, **values: object) -> str:
    entry = MESSAGES.get(key)
    text = entry.get(current_language(), entry["zh"]) if entry else key
    return text.format(**values) if values else text


def init_i18n(app: Flask) -> None:
    @app.before_request
    def remember_language() -> None:
        lang = request.args.get("lang")
        if lang in LANGUAGES:
            session["lang"] = lang

    app.jinja_env.globals.update(t=translate, current_language=current_language)
