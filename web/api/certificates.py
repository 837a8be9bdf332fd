"""E-certificates: public status by id and code, entitled downloads (holders, the bank holding a proof,
the issuing registry), a bank's list of its proofs, verification of a presented PDF, and the registrar's
revoke and re-issue."""

from __future__ import annotations

from uuid import UUID

from flask import Response, abort, g, request
from marshmallow import fields, validate

from projections import certificates as shelf
from registry.certificates import commands as certificates
from registry.kernel.actors import Role
from registry.kernel.codes import CertificateStatus
from web.api.answers import PDF, answers
from web.api.answers.certificates import BankProofs, CertificateRecord, PresentedPdfVerdict, PublicCertificateStatus
from web.api.units import SECURED
from web.auth import api_roles, platform
from web.paging import PageArgsSchema, listing, page_request
from web.parsing import Blueprint
from web.ratelimit import limit_public
from web.shared.documents import pdf_response
from web.shared.schemas import GateSchema, ReasonSchema
from web.verification import verify_presented

blp = Blueprint("certificates", __name__, url_prefix="/api/v1/certificates",
                description="E-certificates (电子证照): status, download, verification")


class CodeQuery(GateSchema):
    c = fields.String(required=True, validate=validate.Length(min=4, max=16),
                      metadata={"description": "the verification code printed with the QR"})


@blp.route("/<uuid:certificate_id>", methods=["GET"])
@blp.arguments(CodeQuery, location="query")
@answers(blp, 200, PublicCertificateStatus, refuses=(400, 404, 422, 429))
@limit_public
def public_status(query: dict, certificate_id: UUID) -> dict:
    """Status now, masked holders; an unknown id and a wrong code give the same 404."""
    found = shelf.public_lookup(platform().views, str(certificate_id), query["c"].upper())
    if found is None:
        abort(404, description="no certificate with this id and code")
    found["signature"] = platform().stored_signatures.verdict(found["certificate_id"])
    return found


class ProofListQuery(PageArgsSchema):
    status = fields.String(load_default=None, validate=validate.OneOf([s.value for s in CertificateStatus]),
                           metadata={"description": "only proofs in this status (e.g. current)"})
    filing_id = fields.UUID(load_default=None, metadata={"description": "only the proofs of this filing"})


@blp.route("/proofs", methods=["GET"])
@api_roles(Role.BANK_STAFF)
@blp.arguments(ProofListQuery, location="query")
@answers(blp, 200, BankProofs, refuses=(400, 401, 403, 422))
@blp.doc(**SECURED)
def bank_proofs(query: dict) -> dict:
    """The registration proofs (不动产登记证明) your bank holds, newest first, with their status now, one page at
    a time: ``{"proofs": [...], "page", "per_page", "total", "pages", "next", "previous"}``."""
    filing_id = str(query["filing_id"]) if query["filing_id"] is not None else None
    found = shelf.proofs_of_bank(platform().views, g.user.actor, query["status"], page_request(query),
                                 filing_id=filing_id)
    return listing(found, "proofs")


@blp.route("/<uuid:certificate_id>.pdf", methods=["GET"])
@api_roles(Role.APPLICANT, Role.BANK_STAFF, Role.REGISTRAR, Role.ADMIN)
@blp.doc(**SECURED)
@answers(blp, 200, PDF, content_type="application/pdf", refuses=(401, 403, 404))
def download(certificate_id: UUID) -> Response:
    """The signed PDF, for its holders (a proof: the mortgagee bank's staff and the mortgagors) and the
    issuing registry; to anyone else the same 404 as for a missing certificate."""
    return pdf_response(str(certificate_id))


@blp.route("/verify", methods=["POST"])
@answers(blp, 200, PresentedPdfVerdict, refuses=(400, 422, 429))
@limit_public
def verify() -> dict:
    """Send the PDF as the body (application/pdf) or as the multipart field ``file``."""
    upload = request.files.get("file")
    pdf = upload.read() if upload else request.get_data()
    if not pdf:
        abort(422, description="send the PDF as the request body or as the form field 'file'")
    return verify_presented(platform(), pdf)


@blp.route("/<uuid:certificate_id>/revoke", methods=["POST"])
@api_roles(Role.REGISTRAR)
@blp.arguments(ReasonSchema)
@answers(blp, 200, CertificateRecord, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def revoke(data: dict, certificate_id: UUID) -> dict:
    p = platform()
    p.run_and_wait(certificates.revoke_certificate, p.registry, g.user.actor, certificate_id, data["reason"])
    return shelf.for_actor(p.views, g.user.actor, str(certificate_id))


@blp.route("/<uuid:certificate_id>/replace", methods=["POST"])
@api_roles(Role.REGISTRAR)
@blp.arguments(ReasonSchema)
@answers(blp, 202, CertificateRecord, refuses=(400, 401, 403, 404, 409, 422))
@blp.doc(**SECURED)
def replace(data: dict, certificate_id: UUID) -> dict:
    """Re-issue after loss: the worker issues a new number; the old certificate then becomes void."""
    p = platform()
    p.run_and_wait(certificates.request_replacement, p.registry, g.user.actor, certificate_id, data["reason"])
    return shelf.for_actor(p.views, g.user.actor, str(certificate_id))
