"""A certificate's or proof's signed PDF as a download, for the actor entitled to it (the API and the pages
answer the same 404 to anyone else)."""

from __future__ import annotations

from flask import Response, abort, g

from projections import certificates as shelf
from web.auth import platform


def pdf_response(certificate_id: str) -> Response:
    p = platform()
    record = shelf.for_actor(p.views, g.user.actor, certificate_id)
    pdf = p.documents.get(certificate_id) if record else None
    if pdf is None:
        abort(404, description="no such certificate for you")
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="certificate-{record["identifier"]}.pdf"'
    return response
