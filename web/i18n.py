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


class _Kept(dict):
    """A placeholder a message's parameters do not fill stays as it is rather than failing the page."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def word(key: str, params: dict[str, object], lang: str = "zh") -> str:
    """A recorded message (an inbox key and its parameters) in ``lang``, outside any request as well (the
    outbox words its emails and SMS this way)."""
    entry = MESSAGES.get(key)
    text = entry.get(lang, entry["zh"]) if entry else key
    shown = {k: "、".join(map(str, v)) if isinstance(v, list) else v for k, v in params.items()}
    return text.format_map(_Kept(shown))


def init_i18n(app: Flask) -> None:
    @app.before_request
    def remember_language() -> None:
        lang = request.args.get("lang")
        if lang in LANGUAGES:
            session["lang"] = lang

    app.jinja_env.globals.update(t=translate, current_language=current_language)
