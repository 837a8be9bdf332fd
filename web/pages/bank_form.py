"""The 合同信息申报表 as a page form: what bank staff typed → the API's own ``MortgageFilingSchema`` →
``file_mortgage``, so both doors into the platform check a filing the same way and file the same command.

The page only translates a form into the API's body: lists typed one a line, a blank field left out (so
it reads "required", not "invalid"), and what the page itself pre-fills (method, loan type, scope, rank 1)
left out for a kind of filing that does not use it. When no debtor is typed, the debtors are the
mortgagors, as the form says.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.datastructures import MultiDict

from registry.mortgages.values import FilingKind
from web.i18n import translate
from web.pages.wording import say
from web.shared.mortgage_filing import NEW_RIGHT_KINDS, TERMS_KINDS

ROWS = {"mortgagors": 3, "debtors": 3}
DEFAULT_SCOPE = "主债权及利息、违约金、损害赔偿金和实现抵押权的费用"
TEXT_FIELDS = ("kind", "bank_reference", "method", "secured_amount", "maximum_amount", "claim_start", "claim_end",
               "currency", "performance_start", "performance_end", "guarantee_scope", "rank", "loan_type",
               "assignee", "registry", "location")
PREFILLED_TERMS = ("method", "loan_type", "guarantee_scope")  # the page fills these in; only terms kinds use them
RANKED_KINDS = (FilingKind.FIRST, FilingKind.CHANGE)
SEPARATORS = re.compile(r"[\n,，、;；]+")
# where a refusal of the domain (its ``field``) shows on the form
DOMAIN_FIELDS = {"unit_number": "units", "units": "units", "bank_reference": "bank_reference",
                 "mortgagors": "mortgagors", "rank": "rank", "proof_numbers": "proof_numbers",
                 "assignee": "assignee", "registry": "registry", "secured_amount": "secured_amount",
                 "maximum_amount": "maximum_amount", "name": "mortgagors", "id_number": "mortgagors"}


def split_lines(text: str) -> list[str]:
    """One item a line (commas and 、 also separate); blank items are ignored."""
    return [item.strip() for item in SEPARATORS.split(text or "") if item.strip()]


def filled_rows(form: MultiDict, prefix: str) -> list[tuple[int, dict[str, str]]]:
    """(row number on the form, values) of the person rows with anything typed in."""
    rows = []
    for i in range(ROWS[prefix]):
        values = {name: form.get(f"{prefix}-{i}-{name}", "").strip() for name in ("name", "id_number")}
        if any(values.values()):
            rows.append((i, values))
    return rows


def _kind(value: str) -> FilingKind | None:
    try:
        return FilingKind(value)
    except ValueError:
        return None  # the schema says so next to the field


def read_form(form: MultiDict) -> tuple[dict[str, Any], dict[str, list[int] | None]]:
    """The API body built from the form, and which form row each person came from (``None``: the debtors
    were copied from the mortgagors, whose own rows carry any message)."""
    data: dict[str, Any] = {name: form.get(name, "").strip() for name in TEXT_FIELDS}
    for amount in ("secured_amount", "maximum_amount"):
        data[amount] = data[amount].replace(",", "").replace("，", "")
    data = {name: value for name, value in data.items() if value}  # blank → "required", not "invalid"
    kind = _kind(data.get("kind", ""))
    if kind not in TERMS_KINDS:
        for name in PREFILLED_TERMS:
            data.pop(name, None)
    if kind not in RANKED_KINDS or data.get("rank") == "0":  # 0 on a change: keep the rank
        data.pop("rank", None)
    if "rank" in data and data["rank"].isdigit():
        data["rank"] = int(data["rank"])
    data["units"] = ["".join(n.split()).upper() for n in split_lines(form.get("units", ""))]
    data["contract_numbers"] = split_lines(form.get("contract_numbers", ""))
    data["proof_numbers"] = split_lines(form.get("proof_numbers", ""))
    data["transfer_restricted"] = form.get("transfer_restricted") in ("on", "1", "true")
    mortgagors, debtors = filled_rows(form, "mortgagors"), filled_rows(form, "debtors")
    rows: dict[str, list[int] | None] = {"mortgagors": [i for i, _ in mortgagors], "debtors": [i for i, _ in debtors]}
    data["mortgagors"] = [values for _, values in mortgagors]
    data["debtors"] = [values for _, values in debtors]
    if kind in NEW_RIGHT_KINDS and not debtors:
        data["debtors"], rows["debtors"] = list(data["mortgagors"]), None
    return data, rows


def field_errors(messages: dict, rows: dict[str, list[int] | None]) -> dict[str, list[str]]:
    """Marshmallow's messages → {form field: [messages in the page's language]}."""
    errors: dict[str, list[str]] = {}
    for key, value in messages.items():
        if key in rows and rows[key] is None:
            continue  # debtors copied from the mortgagors: the mortgagors' rows show the message
        if isinstance(value, list):
            errors.setdefault("form" if key == "_schema" else key, []).extend(say(m) for m in value)
            continue
        for index, item in value.items():  # a list: {item index: [messages] or {field: [messages]}}
            if isinstance(item, dict) and key in rows:
                for name, texts in item.items():
                    errors[f"{key}-{rows[key][int(index)]}-{name}"] = [say(m) for m in texts]
            else:
                texts = item if isinstance(item, list) else [m for ms in item.values() for m in ms]
                errors.setdefault(key, []).extend(
                    f"{translate('bankform.line', n=int(index) + 1)}{say(m)}" for m in texts)
    return errors
