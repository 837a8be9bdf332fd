"""The documents on the case pages: a party uploads to its open transfer case and the filing bank to its open
filing (a multipart form with the session's CSRF token); the parties, the filing bank and the registrars of the
office download. The same rules as the API (``web.shared.attachments``): anyone else gets the 404 of a case that
does not exist, and a refused upload is shown on the page and stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import abort, flash, redirect, request, url_for
from marshmallow import ValidationError
from werkzeug.datastructures import CombinedMultiDict

from registry.kernel.actors import Role
from registry.kernel.errors import DomainError
from web.auth import page_roles
from web.i18n import translate
from web.pages import applicant, bank
from web.pages.blueprint import bp
from web.pages.wording import problem, say
from web.parsing import takes_uploads
from web.shared import attachments
from web.shared.schemas import DocumentUploadSchema

SHA256 = "<string(length=64):sha256>"


def uploaded(target: UUID, attach: Callable[[UUID, dict], None], render: Callable[..., Any], then: str,
             unknown: str, **address: Any) -> Any:
    form = CombinedMultiDict([request.form, request.files])
    try:
        data = DocumentUploadSchema().load({k: form[k] for k in ("file", "kind") if k in form})
    except ValidationError as invalid:
        said = [say(m) for messages in invalid.messages.values() for m in messages]
        return render(target, 422, upload_errors=said)
    try:
        attach(target, data)
    except DomainError as exc:
        if exc.status == 404:
            abort(404, description=translate(unknown))
        return render(target, exc.status, problem=problem(exc))
    flash(translate("docs.uploaded"), "ok")
    return redirect(url_for(then, **address), 303)


@bp.route("/applicant/cases/<uuid:case_id>/documents", methods=["POST"])
@takes_uploads
@page_roles(Role.APPLICANT)
def applicant_attach(case_id: UUID):  # noqa: ANN201
    return uploaded(case_id, attachments.attach_to_case, applicant.render_case, "pages.applicant_case",
                    "rule.unknown_case", case_id=case_id)


@bp.route(f"/applicant/cases/<uuid:case_id>/documents/{SHA256}")
@page_roles(Role.APPLICANT)
def applicant_document(case_id: UUID, sha256: str):  # noqa: ANN201
    return attachments.download(case_id, sha256, attachments.case_visible)


@bp.route(f"/registrar/cases/<uuid:case_id>/documents/{SHA256}")
@page_roles(Role.REGISTRAR)
def registrar_document(case_id: UUID, sha256: str):  # noqa: ANN201
    return attachments.download(case_id, sha256, attachments.case_visible)


@bp.route("/bank/filings/<uuid:filing_id>/documents", methods=["POST"])
@takes_uploads
@page_roles(Role.BANK_STAFF)
def bank_attach(filing_id: UUID):  # noqa: ANN201
    return uploaded(filing_id, attachments.attach_to_filing, bank.render_filing, "pages.bank_filing",
                    "rule.unknown_filing", filing_id=filing_id)


@bp.route(f"/bank/filings/<uuid:filing_id>/documents/{SHA256}")
@page_roles(Role.BANK_STAFF)
def bank_document(filing_id: UUID, sha256: str):  # noqa: ANN201
    return attachments.download(filing_id, sha256, attachments.filing_visible)


@bp.route(f"/registrar/mortgages/<uuid:filing_id>/documents/{SHA256}")
@page_roles(Role.REGISTRAR)
def review_document(filing_id: UUID, sha256: str):  # noqa: ANN201
    return attachments.download(filing_id, sha256, attachments.filing_visible)
