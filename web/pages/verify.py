"""Public verification: the page behind the QR code, a PDF upload check, and the RFC 3161 endpoint."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from projections import certificates as shelf
from web.auth import platform
from web.pages.blueprint import bp
from web.ratelimit import limit_public
from web.verification import verify_presented

CERTIFICATE_ID_HEX = 32


@bp.route("/V/<string:certificate_hex>/<string:code>")
@limit_public
def verify_by_qr(certificate_hex: str, code: str):  # noqa: ANN201
    """Masked holder, unit, kind, issue date, status now and the signature verdict; any miss is one 404."""
    found = None
    if len(certificate_hex) == CERTIFICATE_ID_HEX and all(c in "0123456789abcdefABCDEF" for c in certificate_hex):
        h = certificate_hex.lower()
        certificate_id = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
        found = shelf.public_lookup(platform().views, certificate_id, code.upper())
    if found is None:
        return render_template("verify_page.html", certificate=None), 404
    signature = platform().stored_signatures.verdict(found["certificate_id"])
    return render_template("verify_page.html", certificate=found, signature=signature)


@bp.route("/verify", methods=["GET", "POST"])
@limit_public
def verify_upload():  # noqa: ANN201
    """Anyone may check a PDF they were handed: signature, origin and status now."""
    result = None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            abort(422, description="choose a PDF file to check")
        result = verify_presented(platform(), upload.read())
    return render_template("verify_upload.html", result=result)


@bp.route("/tsa", methods=["POST"])
@limit_public
def timestamp_authority():  # noqa: ANN201
    """RFC 3161 over HTTP (application/timestamp-query → application/timestamp-reply)."""
    if request.mimetype != "application/timestamp-query":
        abort(415, description="send an RFC 3161 request as application/timestamp-query")
    reply = platform().timestamp_authority.respond(request.get_data())
    return Response(reply, mimetype="application/timestamp-reply")
