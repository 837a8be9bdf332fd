"""Documents attached to transfer cases (by their parties) and mortgage filings (by the filing bank), and the
court's documents of a judicial case: upload, list and download. The registrars of the case's office list and
download them; anyone else gets the 404 of a case that does not exist. A refused upload stores nothing; the
same file sent again changes nothing."""

from __future__ import annotations

from uuid import UUID

from flask import Response

from registry.kernel.actors import Role
from web.api.answers import answers
from web.api.answers.documents import DOCUMENT_BYTES, CaseDocuments
from web.api.units import SECURED
from web.auth import api_roles
from web.parsing import Blueprint, takes_uploads
from web.shared import attachments
from web.shared.schemas import DocumentUploadSchema

blp = Blueprint("documents", __name__, url_prefix="/api/v1",
                description="Documents of transfer cases and mortgage filings: upload, list, download")
REFUSED_UPLOAD = (400, 401, 403, 404, 409, 413, 422)
SHA256 = "<string(length=64):sha256>"
UPLOAD_DOC = {**SECURED, "description": (
    "multipart/form-data with the parts ``file`` (PDF, JPEG or PNG as its bytes show; at most 10 MB; not empty) "
    "and ``kind`` (what it is). A case or filing takes at most 3 documents; a file already attached is "
    "accepted again and changes nothing. Refused (422 ``upload_refused`` or ``invalid_input``): nothing stored.")}


@blp.route("/transfers/<uuid:case_id>/documents", methods=["POST"])
@takes_uploads
@api_roles(Role.APPLICANT)
@blp.arguments(DocumentUploadSchema, location="multipart")
@answers(blp, 201, CaseDocuments, refuses=REFUSED_UPLOAD)
@blp.doc(**UPLOAD_DOC)
def attach_to_case(data: dict, case_id: UUID) -> dict:
    """A seller or buyer attaches a document to their open case; answers the case's documents."""
    attachments.attach_to_case(case_id, data)
    return {"documents": attachments.case_documents(case_id)}


@blp.route("/transfers/<uuid:case_id>/documents", methods=["GET"])
@api_roles(Role.APPLICANT, Role.REGISTRAR, Role.ADMIN)
@answers(blp, 200, CaseDocuments, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def case_documents(case_id: UUID) -> dict:
    """The parties' documents and, for a judicial case, the court's (its ruling PDF), oldest first."""
    return {"documents": attachments.case_documents(case_id)}


@blp.route(f"/transfers/<uuid:case_id>/documents/{SHA256}", methods=["GET"])
@api_roles(Role.APPLICANT, Role.REGISTRAR, Role.ADMIN)
@answers(blp, 200, DOCUMENT_BYTES, content_type="application/octet-stream", refuses=(401, 403, 404))
@blp.doc(**SECURED)
def case_document(case_id: UUID, sha256: str) -> Response:
    """One document's bytes (``Content-Type`` as stored, saved as an attachment), by its SHA-256."""
    return attachments.download(case_id, sha256, attachments.case_visible)


@blp.route("/mortgages/<uuid:filing_id>/documents", methods=["POST"])
@takes_uploads
@api_roles(Role.BANK_STAFF)
@blp.arguments(DocumentUploadSchema, location="multipart")
@answers(blp, 201, CaseDocuments, refuses=REFUSED_UPLOAD)
@blp.doc(**UPLOAD_DOC)
def attach_to_filing(data: dict, filing_id: UUID) -> dict:
    """The filing bank attaches a document (the loan or mortgage contract) to its open filing."""
    attachments.attach_to_filing(filing_id, data)
    return {"documents": attachments.filing_documents(filing_id)}


@blp.route("/mortgages/<uuid:filing_id>/documents", methods=["GET"])
@api_roles(Role.BANK_STAFF, Role.REGISTRAR, Role.ADMIN)
@answers(blp, 200, CaseDocuments, refuses=(401, 403, 404))
@blp.doc(**SECURED)
def filing_documents(filing_id: UUID) -> dict:
    """The filing bank's documents, for that bank and the registrars of the filing's office."""
    return {"documents": attachments.filing_documents(filing_id)}


@blp.route(f"/mortgages/<uuid:filing_id>/documents/{SHA256}", methods=["GET"])
@api_roles(Role.BANK_STAFF, Role.REGISTRAR, Role.ADMIN)
@answers(blp, 200, DOCUMENT_BYTES, content_type="application/octet-stream", refuses=(401, 403, 404))
@blp.doc(**SECURED)
def filing_document(filing_id: UUID, sha256: str) -> Response:
    """One document's bytes, by its SHA-256."""
    return attachments.download(filing_id, sha256, attachments.filing_visible)
