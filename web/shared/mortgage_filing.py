"""The 合同信息申报表 (one form for every kind of mortgage filing), as the bank's JSON and the bank's page
send it, and the arguments of ``file_mortgage`` it becomes.

What a kind of filing needs is checked here, every missing or misplaced field reported at once with its
name; the register's rules (owners, rank free, seizures …) stay the domain's. Amounts are exact
``Decimal`` with at most two decimals, written as plain digits: no exponent, no float.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from registry.kernel.values import Person
from registry.mortgages.values import CURRENCIES, FilingKind, LoanType, MortgageMethod, MortgageTerms
from web.shared.schemas import ExactDecimal, GateSchema, PersonSchema, valid_unit_number

TERMS_KINDS = (FilingKind.FIRST, FilingKind.CHANGE, FilingKind.PRE_NOTICE)
NEW_RIGHT_KINDS = (FilingKind.FIRST, FilingKind.PRE_NOTICE)
PROOF_KINDS = (FilingKind.CHANGE, FilingKind.TRANSFER, FilingKind.DISCHARGE)
TERM_FIELDS = ("method", "secured_amount", "maximum_amount", "claim_start", "claim_end", "performance_start",
               "performance_end", "guarantee_scope", "loan_type", "contract_numbers", "debtors")
REQUIRED = "Missing data for required field."
PLAIN_DIGITS = re.compile(r"-?\d{1,15}(\.\d{1,20})?")
METHODS = {"1": MortgageMethod.GENERAL, "general": MortgageMethod.GENERAL,
           "2": MortgageMethod.MAXIMUM, "maximum": MortgageMethod.MAXIMUM}


class ContractAmount(ExactDecimal):
    """Yuan as plain digits ("1500000.00" or the JSON number 1500000.00): exponents ("1.5e6"), NaN and
    Infinity are refused, as are floats, zero or less, and more than two decimals."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(places=2, maximum=Decimal("100000000000"), **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        written_out = isinstance(value, str) and PLAIN_DIGITS.fullmatch(value)
        exact_number = isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent <= 0
        if not (written_out or exact_number or (isinstance(value, int) and not isinstance(value, bool))):
            raise ValidationError('write the amount in yuan as plain digits, e.g. "1500000.00"')
        return super()._deserialize(value, attr, data, **kwargs)


class Method(fields.String):
    """抵押方式 dyfs: "1" (or "general") a general mortgage, "2" (or "maximum") a maximum-amount one."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> MortgageMethod:
        if not isinstance(value, str) or value not in METHODS:
            raise ValidationError('must be "1" (general) or "2" (maximum amount)')
        return METHODS[value]


def not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("must not be blank")


def Text(max_length: int, **kwargs: Any) -> fields.String:  # noqa: N802 - reads like a field type
    return fields.String(validate=[validate.Length(min=1, max=max_length), not_blank], **kwargs)


class MortgageFilingSchema(GateSchema):
    kind = fields.Enum(FilingKind, by_value=True, required=True,
                       metadata={"description": "first, change, transfer, discharge or pre_notice"})
    bank_reference = Text(60, required=True, metadata={"description": "the bank's own reference; unique per bank"})
    units = fields.List(fields.String(validate=valid_unit_number), required=True,
                        validate=validate.Length(min=1, max=50), metadata={"description": "unit numbers"})
    mortgagors = fields.List(fields.Nested(PersonSchema), load_default=list, validate=validate.Length(max=20))
    debtors = fields.List(fields.Nested(PersonSchema), load_default=list, validate=validate.Length(max=20))
    method = Method(load_default=None, metadata={"enum": list(METHODS),
                                                 "description": "抵押方式: 1 general, 2 maximum amount"})
    secured_amount = ContractAmount(load_default=None, metadata={"description": "general mortgage, yuan"})
    maximum_amount = ContractAmount(load_default=None, metadata={"description": "maximum-amount mortgage, yuan"})
    claim_start = fields.Date(load_default=None)
    claim_end = fields.Date(load_default=None)
    currency = fields.String(load_default="CNY", validate=validate.OneOf(CURRENCIES))
    performance_start = fields.Date(load_default=None)
    performance_end = fields.Date(load_default=None)
    guarantee_scope = Text(200, load_default=None)
    transfer_restricted = fields.Boolean(load_default=False, truthy={True}, falsy={False},
                                         metadata={"description": "禁止转让 agreed (Civil Code art. 406)"})
    loan_type = fields.Enum(LoanType, by_value=True, load_default=None)
    contract_numbers = fields.List(Text(60), load_default=list, validate=validate.Length(max=20))
    rank = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=1, max=99),
                          metadata={"description": "first: the rank asked for; change: the new rank (optional)"})
    proof_numbers = fields.List(Text(80), load_default=list, validate=validate.Length(max=50),
                                metadata={"description": "change, transfer, discharge: one per unit"})
    assignee = Text(40, load_default=None, metadata={"description": "transfer: the bank taking the debt"})
    registry = Text(40, load_default=None, metadata={"description": "pre_notice: the registry office"})
    location = Text(200, load_default=None, metadata={"description": "pre_notice: the flat as contracted"})
    transfer_case_id = fields.UUID(load_default=None, metadata={"description": "带押过户: the transfer case"})

    @validates_schema
    def what_the_kind_needs(self, data: dict, **kwargs: Any) -> None:
        """Every field the kind needs, and none it would silently ignore, all reported at once."""
        kind, errors = data["kind"], {}

        def refuse(names: Any, message: str) -> None:
            errors.update({name: [message] for name in names if data.get(name) not in (None, [])})

        def need(names: Any) -> None:
            errors.update({name: [REQUIRED] for name in names if data.get(name) in (None, [])})

        if kind in TERMS_KINDS:
            need(("method", "performance_start", "performance_end", "guarantee_scope", "loan_type",
                  "contract_numbers", "debtors"))
            if data["method"] is MortgageMethod.GENERAL:
                need(("secured_amount",))
                refuse(("maximum_amount", "claim_start", "claim_end"), "not for a general mortgage")
            elif data["method"] is MortgageMethod.MAXIMUM:
                need(("maximum_amount", "claim_start", "claim_end"))
                refuse(("secured_amount",), "not for a maximum-amount mortgage")
            _in_order(data, "performance_start", "performance_end", errors)
            _in_order(data, "claim_start", "claim_end", errors)
        else:
            refuse(TERM_FIELDS, f"a {kind.value} filing states no contract terms")
        if kind in NEW_RIGHT_KINDS:
            need(("mortgagors",))
        else:
            refuse(("mortgagors",), "the owners of the unit confirm this filing: name no mortgagors")
        if kind is FilingKind.FIRST:
            need(("rank",))
        elif kind is not FilingKind.CHANGE:
            refuse(("rank",), f"a {kind.value} filing asks for no rank")
        if kind in PROOF_KINDS:
            need(("proof_numbers",))
            if data["proof_numbers"] and len(data["proof_numbers"]) != len(data["units"]):
                errors["proof_numbers"] = ["name the proof number of the mortgage on each unit, in order"]
        else:
            refuse(("proof_numbers",), f"a {kind.value} filing names no proof numbers")
        if kind is FilingKind.TRANSFER:
            need(("assignee",))
        else:
            refuse(("assignee",), "only a transfer names an assignee")
        if kind is FilingKind.PRE_NOTICE:
            need(("registry", "location"))
        else:
            refuse(("location",), "only a pre-notice describes the flat")
        if kind not in (FilingKind.FIRST, FilingKind.DISCHARGE):
            refuse(("transfer_case_id",), "only a new mortgage or a discharge joins a transfer")
        if errors:
            raise ValidationError(errors)


def _in_order(data: dict, start: str, end: str, errors: dict) -> None:
    if data.get(start) and data.get(end) and data[start] > data[end] and end not in errors:
        errors[end] = [f"must be on or after {start}"]


def people(rows: list[dict]) -> list[Person]:
    return [Person(p["name"], p["id_number"]) for p in rows]


def filing_arguments(data: dict[str, Any]) -> dict[str, Any]:
    """A loaded ``MortgageFilingSchema`` body → the keyword arguments of ``file_mortgage``."""
    kind, terms = data["kind"], None
    if kind in TERMS_KINDS:
        terms = MortgageTerms(
            method=data["method"], secured_amount=data["secured_amount"], maximum_amount=data["maximum_amount"],
            claim_start=data["claim_start"], claim_end=data["claim_end"], currency=data["currency"],
            performance_start=data["performance_start"], performance_end=data["performance_end"],
            guarantee_scope=data["guarantee_scope"], transfer_restricted=data["transfer_restricted"],
            loan_type=data["loan_type"], contract_numbers=tuple(data["contract_numbers"]),
            debtors=tuple(people(data["debtors"])))
    return {"kind": kind, "bank_reference": data["bank_reference"], "unit_numbers": data["units"],
            "mortgagors": people(data["mortgagors"]), "terms": terms, "rank": data["rank"] or 0,
            "proof_numbers": data["proof_numbers"], "assignee": data["assignee"] or "",
            "registry": data["registry"] or "", "location": data["location"] or "",
            "transfer_case_id": str(data["transfer_case_id"]) if data["transfer_case_id"] else ""}
