"""Server-rendered pages for each user group; one blueprint, a module per area."""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("pages", __name__)

from web.pages import (  # noqa: E402,F401  (routes register on import)
    applicant,
    bank,
    docs,
    mortgages,
    registrar,
    session_pages,
    taxdesk,
    units,
    verify,
)


def init_pages(app: Flask) -> None:
    app.register_blueprint(bp)
