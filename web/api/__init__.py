"""JSON API under /api/v1, documented as OpenAPI 3 at /api/openapi.json."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from web.api import (
    bank,
    bank_webhooks,
    certificates,
    closures,
    contacts,
    court,
    court_desk,
    court_queries,
    documents,
    health,
    housing_checks,
    inbox,
    mortgage_review,
    payments,
    ratings,
    supervision,
    supplements,
    tax,
    taxdesk,
    transfer_kinds,
    transfers,
    units,
)
from web.api.answers.errors import ErrorSchema


class RegistryApi(Api):
    """flask-smorest's Api documenting errors in the platform's one shape instead of its own."""

    ERROR_SCHEMA = ErrorSchema


def init_api(app: Flask) -> Api:
    app.config.update(
        API_TITLE="Real-estate registry one-window API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api",
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = RegistryApi(app, spec_kwargs={"info": {"description": "Register book, 4-in-1 transfers and registrar review. "
                                                        "Every error is {code, message, errors}."}})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.components.security_scheme("courtSignature", {"type": "apiKey", "in": "header",
                                                           "name": "X-Court-Signature"})
    for module in (health, units, transfer_kinds, transfers, supplements, documents, certificates, tax, payments,
                   taxdesk, bank, mortgage_review, bank_webhooks, court, court_queries, court_desk, ratings, inbox,
                   contacts, supervision, closures, housing_checks):
        api.register_blueprint(module.blp)
    app.extensions["registry_api"] = api
    return api
