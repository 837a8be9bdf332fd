"""Server-rendered pages for each user group; one blueprint, a module per area."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("pages", __name__)

from web.pages import applicant, docs, registrar, session_pages, taxdesk, units, verify  # noqa: E402,F401  (routes register on import)


def init_pages(app: Flask) -> None:
    app.register_blueprint(bp)
