"""Attached documents for the API and the pages alike: who may see a case's documents, an upload through a
form's ``file`` and ``kind``, and a download that a browser saves rather than shows.

Who sees: the parties of a transfer case and the registrars of its office; the filing bank of a mortgage filing
and the registrars of its office. Anyone else gets the 404 of a case that does not exist. Who uploads: the
parties (``registry.transfers.commands.attach_document``) and the filing bank (``registry.mortgages``), checked
again by the domain.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote
from uuid import UUID

from flask import Response, abort, g

from projections import applicant, bank_queries, mortgage_desk, registrar
from projections import case_documents as documents
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import Supplement
from registry.mortgages import commands as mortgages
from registry.transfers import commands as transfers
from web.auth import platform

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
NO_SUCH_CASE, NO_SUCH_FILING, NO_SUCH_DOCUMENT = ("no such transfer case", "no such mortgage filing",
                                                  "no such document")


def case_visible(actor: Actor, case_id: UUID | str) -> bool:
    views = platform().views
    if actor.role in (Role.REGISTRAR, Role.ADMIN):
        return registrar.case(views, actor, str(case_id)) is not None
    return actor.role is Role.APPLICANT and applicant.case(views, actor, str(case_id)) is not None


def filing_visible(actor: Actor, filing_id: UUID | str) -> bool:
    views = platform().views
    if actor.role in (Role.REGISTRAR, Role.ADMIN):
        return mortgage_desk.filing(views, actor, str(filing_id)) is not None
    if actor.role is not Role.BANK_STAFF:
        return False
    found = bank_queries.filing(views, actor, str(filing_id))
    return found is not None and found["bank"] == actor.org  # a counterpart bank sees the filing, not its papers


def case_documents(case_id: UUID | str) -> list[dict[str, Any]]:
    if not case_visible(g.user.actor, case_id):
        abort(404, description=NO_SUCH_CASE)
    return documents.of_case(platform().views, str(case_id))


def filing_documents(filing_id: UUID | str) -> list[dict[str, Any]]:
    if not filing_visible(g.user.actor, filing_id):
        abort(404, description=NO_SUCH_FILING)
    return documents.of_case(platform().views, str(filing_id))


def attach_to_case(case_id: UUID, data: Mapping[str, Any]) -> None:
    _attach(transfers.attach_document, case_id, data)


def attach_to_filing(filing_id: UUID, data: Mapping[str, Any]) -> None:
    _attach(mortgages.attach_document, filing_id, data)


def _attach(command: Callable, target: UUID, data: Mapping[str, Any]) -> None:
    p, upload = platform(), data["file"]
    p.run_and_wait(command, p.registry, p.shelf, g.user.actor, target, kind=Supplement(data["kind"]),
                   filename=upload.filename or "", declared_type=upload.mimetype or "", content=upload.read())


def download(target: UUID | str, sha256: str, visible: Callable[[Actor, UUID | str], bool]) -> Response:
    """The bytes as stored, with their sniffed type, to be saved (never shown inline) and never re-sniffed."""
    p = platform()
    found = documents.one(p.views, str(target), sha256) if visible(g.user.actor, target) else None
    store = p.documents if found and found["source"] == documents.COURT else p.shelf
    content = store.get(found["stored_as"]) if found else None
    if content is None:
        abort(404, description=NO_SUCH_DOCUMENT)
    response = Response(content, mimetype=found["content_type"])
    fallback = f"document-{sha256[:12]}.{EXTENSIONS.get(found['content_type'], 'bin')}"  # for ASCII-only clients
    response.headers["Content-Disposition"] = (f'attachment; filename="{fallback}"; '
                                               f"filename*=UTF-8''{quote(found['filename'], safe='')}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
