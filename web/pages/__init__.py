"""Server-rendered pages for each user group; one blueprint (``web.pages.blueprint``), a module per area,
the display filters every template shares (``web.pages.filters``)."""

from __future__ import annotations

from flask import Flask

# each area's module adds its routes to the blueprint when imported
from web.pages import (
    applicant,
    bank,
    docs,
    documents,
    housing_checks,
    inbox,
    mortgages,
    ratings,
    registrar,
    session_pages,
    supervision,
    supplements,
    taxdesk,
    transfer_form,
    units,
    verify,
)
from web.pages.blueprint import bp
from web.pages.filters import register_filters

AREAS = (applicant, bank, docs, documents, housing_checks, inbox, mortgages, ratings, registrar, session_pages,
         supervision, supplements, taxdesk, transfer_form, units, verify)


def init_pages(app: Flask) -> None:
    app.register_blueprint(bp)
    register_filters(app)
