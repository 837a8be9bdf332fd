"""The API reference page, rendered from the OpenAPI document itself: works offline, no CDN."""

from __future__ import annotations

from flask import current_app, render_template

from web.pages.blueprint import bp


@bp.route("/api/docs")
def api_docs():  # noqa: ANN201
    spec = current_app.extensions["registry_api"].spec.to_dict()
    return render_template("api_docs.html", spec=spec)
