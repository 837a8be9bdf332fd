"""补正 on the pages: the registrar returns a transfer case or a queued mortgage filing with everything that is
missing, once (one form: the catalogue's boxes and a note); the parties, or the filing bank, see the list and
resubmit. The same commands and schemas as the JSON API (``web.api.supplements``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import abort, flash, g, redirect, request, url_for
from marshmallow import Schema, ValidationError

from registry.kernel.actors import Role
from registry.kernel.codes import Supplement
from registry.kernel.errors import DomainError
from registry.mortgages.commands import resubmit_filing
from registry.mortgages.decisions import return_filing
from registry.transfers import commands as transfers
from web.auth import page_roles, platform
from web.i18n import translate
from web.pages import applicant, bank, mortgages, registrar
from web.pages.blueprint import bp
from web.pages.wording import problem, say
from web.shared.schemas import ResubmissionSchema, SupplementSchema

CATALOGUE = [s.value for s in Supplement]


def _typed(schema: type[Schema], *, with_list: bool) -> tuple[dict[str, Any], dict[str, Any] | None, dict]:
    """The form as typed, as the API's schema reads it (None with the messages when it does not)."""
    typed: dict[str, Any] = {"note": request.form.get("note", "").strip()}
    if with_list:
        typed["missing"] = request.form.getlist("missing")
    try:
        return typed, schema().load(typed), {}
    except ValidationError as invalid:
        return typed, None, {field: [say(m) for m in messages] if isinstance(messages, list) else
                             [say(str(messages))] for field, messages in invalid.messages.items()}


def _run(command: Callable[..., Any], key: UUID, *, page: Callable[..., tuple[str, int]], then: str,
         endpoint_key: str, said: str, typed: dict[str, Any], **kwargs: Any) -> Any:
    p = platform()
    try:
        p.run_and_wait_for_clocks(command, p.registry, g.user.actor, key, **kwargs)
    except DomainError as exc:
        if exc.status == 404:
            abort(404, description=translate("rule.unknown_case"))
        errors = {exc.field: [problem(exc)["message"]]} if exc.field in ("missing", "note") else {}
        return page(key, exc.status, problem=problem(exc), supplement_errors=errors, supplement_form=typed)
    flash(translate(said), "ok")
    return redirect(url_for(then, **{endpoint_key: key}), 303)


@bp.route("/registrar/cases/<uuid:case_id>/return", methods=["POST"])
@page_roles(Role.REGISTRAR)
def registrar_return(case_id: UUID):  # noqa: ANN201
    typed, data, errors = _typed(SupplementSchema, with_list=True)
    if data is None:
        return registrar.render_case(case_id, 422, supplement_errors=errors, supplement_form=typed)
    return _run(transfers.return_for_supplement, case_id, page=registrar.render_case, then="pages.registrar_case",
                endpoint_key="case_id", said="supplement.flash_returned", typed=typed,
                missing=[Supplement(m) for m in data["missing"]], note=data["note"])


@bp.route("/applicant/cases/<uuid:case_id>/resubmit", methods=["POST"])
@page_roles(Role.APPLICANT)
def applicant_resubmit(case_id: UUID):  # noqa: ANN201
    typed, data, errors = _typed(ResubmissionSchema, with_list=False)
    if data is None:
        return applicant.render_case(case_id, 422, supplement_errors=errors, supplement_form=typed)
    return _run(transfers.resubmit_transfer, case_id, page=applicant.render_case, then="pages.applicant_case",
                endpoint_key="case_id", said="supplement.flash_resubmitted", typed=typed, note=data["note"])


@bp.route("/registrar/mortgages/<uuid:filing_id>/return", methods=["POST"])
@page_roles(Role.REGISTRAR)
def mortgage_return(filing_id: UUID):  # noqa: ANN201
    typed, data, errors = _typed(SupplementSchema, with_list=True)
    if data is None:
        return mortgages.render_review(filing_id, 422, supplement_errors=errors, supplement_form=typed)
    return _run(return_filing, filing_id, page=mortgages.render_review, then="pages.mortgage_review",
                endpoint_key="filing_id", said="supplement.flash_returned", typed=typed,
                missing=[Supplement(m) for m in data["missing"]], note=data["note"])


@bp.route("/bank/filings/<uuid:filing_id>/resubmit", methods=["POST"])
@page_roles(Role.BANK_STAFF)
def bank_resubmit(filing_id: UUID):  # noqa: ANN201
    typed, data, errors = _typed(ResubmissionSchema, with_list=False)
    if data is None:
        return bank.render_filing(filing_id, 422, supplement_errors=errors, supplement_form=typed)
    return _run(resubmit_filing, filing_id, page=bank.render_filing, then="pages.bank_filing",
                endpoint_key="filing_id", said="supplement.flash_resubmitted", typed=typed, note=data["note"])
