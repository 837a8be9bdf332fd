"""The gate for a court's JSON: the fields a court enforcement message carries for KZCS 11 / 12 / 14.

Malformed requests (missing fields, a bad unit number or date, an unknown or mismatched KZCS) are a 422 here
and store nothing; the register's rules (whose seizure, lapsed, 3 years …) stay the domain's and are answered
with feedback "2", which is stored so that a repeat gets the same answer.
"""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal
from typing import Any, ClassVar

from marshmallow import ValidationError, fields, validate, validates, validates_schema

from registry.courts.orders import KZCS, RELEASE, RENEW, RULING, SEIZE, OrderRequest
from registry.courts.rulings import CourtDocument, RulingRequest
from registry.kernel.errors import InvalidValue
from registry.kernel.values import Owner, Person
from registry.transfers.parties import check_families_are_the_buyers
from web.commands import families_from
from web.shared.schemas import FamilyMemberSchema, GateSchema, Money, Share, valid_resident_id, valid_unit_number

ID_TYPES = ("1", "2", "3", "4", "5", "6", "7", "99")  # 证件种类 as courts send them (1 居民身份证 … 99 其他)
REQUIRED = "Missing data for required field."


def text(maximum: int = 200, **kwargs: Any) -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=maximum), **kwargs)


class SubjectSchema(GateSchema):
    """被执行人: name, ID type and ID number (companies too, so the number is not checked as a resident ID)."""

    name = text(required=True)
    id_type = fields.String(required=True, validate=validate.OneOf(ID_TYPES))
    id_number = text(64, required=True)


class CourtOrderSchema(GateSchema):
    MEASURE: ClassVar[str] = ""

    request_id = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_.:-]{1,64}$"))
    kzcs = fields.String(validate=validate.OneOf(KZCS))
    executing_court = text(required=True)
    judge = text(required=True)
    case_number = text(required=True)
    notice_name = text(required=True)
    ruling_number = text(required=True)
    subjects = fields.List(fields.Nested(SubjectSchema), required=True, validate=validate.Length(min=1, max=50))
    unit_number = fields.String(required=True, validate=valid_unit_number)
    start = fields.Date()
    end = fields.Date()
    seizure_reference = text()

    @validates_schema
    def check_measure(self, data: dict, **kwargs: Any) -> None:
        if "kzcs" in data and data["kzcs"] != self.MEASURE:
            raise ValidationError(f"this endpoint takes KZCS {self.MEASURE}", field_name="kzcs")


class SeizeSchema(CourtOrderSchema):
    MEASURE = SEIZE

    seize_regardless_of_register = fields.Boolean(
        load_default=False, truthy={True}, falsy={False}, metadata={"description": (
            "The persons in `subjects` (被执行人) must hold the unit on the register, by ID number and name; "
            "otherwise the seizure is refused with feedback \"2\" (code `subjects_match_register`). `true` is the "
            "court's explicit choice to seize all the same (e.g. a flat it found to be the debtor's though "
            "registered to another): the seizure is entered and the choice and the mismatch are recorded on it.")})

    @validates_schema
    def check_term(self, data: dict, **kwargs: Any) -> None:
        missing = {name: [REQUIRED] for name in ("start", "end") if name not in data}
        if missing:
            raise ValidationError(missing)
        if data["end"] < data["start"]:
            raise ValidationError("the seizure ends before it starts", field_name="end")


class RenewSchema(CourtOrderSchema):
    MEASURE = RENEW

    @validates_schema
    def check_renewal(self, data: dict, **kwargs: Any) -> None:
        missing = {name: [REQUIRED] for name in ("end", "seizure_reference") if name not in data}
        if missing:
            raise ValidationError(missing)


class ReleaseSchema(CourtOrderSchema):
    MEASURE = RELEASE

    @validates_schema
    def check_release(self, data: dict, **kwargs: Any) -> None:
        if "seizure_reference" not in data:
            raise ValidationError(REQUIRED, field_name="seizure_reference")


def order_request(data: dict) -> OrderRequest:
    return OrderRequest(
        request_id=data["request_id"], executing_court=data["executing_court"], judge=data["judge"],
        case_number=data["case_number"], notice_name=data["notice_name"], ruling_number=data["ruling_number"],
        subjects=[dict(s) for s in data["subjects"]], unit_number=data["unit_number"], start=data.get("start"),
        end=data.get("end"), seizure_reference=data.get("seizure_reference", ""),
        regardless_of_register=data.get("seize_regardless_of_register", False))


# -- KZCS 15: the auction ruling ---------------------------------------------------------------------
DOCUMENT_KINDS = ("ruling", "confirmation", "assistance_notice", "other")  # 裁定书 / 拍卖成交确认书 / 协助执行通知书
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024


class DocumentSchema(GateSchema):
    """One attached document, base64 in the JSON: a PDF the registry keeps and hashes."""

    kind = fields.String(required=True, validate=validate.OneOf(DOCUMENT_KINDS))
    name = text(120, required=True)
    content_type = fields.String(required=True, validate=validate.Equal("application/pdf",
                                                                       error="documents are sent as application/pdf"))
    content = fields.String(required=True, metadata={"description": "the PDF, base64 (RFC 4648), at most 8 MiB"})

    @validates("content")
    def check_pdf(self, value: str, **kwargs: Any) -> None:
        decode_pdf(value)


def decode_pdf(value: str) -> bytes:
    try:
        content = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError("not valid base64") from None
    if not content:
        raise ValidationError("the document is empty")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise ValidationError("a document may be at most 8 MiB")
    if not content.startswith(b"%PDF-"):
        raise ValidationError("not a PDF (it must start with %PDF-)")
    return content


class BuyerSchema(GateSchema):
    """买受人: a person with a resident ID (the register keeps natural persons by it) and their share."""

    name = text(required=True)
    id_type = fields.String(required=True, validate=validate.Equal("1", error="the buyer is named by a resident ID "
                                                                              "(证件种类 1)"))
    id_number = fields.String(required=True, validate=valid_resident_id)
    share = Share(load_default=Decimal(1), metadata={"default": 1})  # documented as the number it is


class RulingSchema(CourtOrderSchema):
    MEASURE = RULING

    ruling_date = fields.Date(required=True, metadata={"description": "the day the ruling was served"})
    confirmation_number = text(required=True, metadata={"description": "拍卖成交确认书 number"})
    assistance_notice_number = text(required=True, metadata={"description": "协助执行通知书 number"})
    price = Money(required=True, metadata={"description": "the auction price (成交价), yuan, e.g. \"1680000.00\""})
    buyers = fields.List(fields.Nested(BuyerSchema), required=True, validate=validate.Length(min=1, max=20))
    family = fields.List(fields.Nested(FamilyMemberSchema), load_default=list, validate=validate.Length(max=40),
                         metadata={"description": "each buyer's spouse and minor children (as a transfer filing's "
                                                  "`family`): their homes count in the family-housing check that "
                                                  "sets the deed-tax rate"})
    documents = fields.List(fields.Nested(DocumentSchema), required=True, validate=validate.Length(min=1, max=10))

    @validates_schema
    def check_documents(self, data: dict, **kwargs: Any) -> None:
        if "ruling" not in {d["kind"] for d in data.get("documents", [])}:
            raise ValidationError("the ruling (裁定书) itself must be attached", field_name="documents")

    @validates_schema
    def check_family(self, data: dict, **kwargs: Any) -> None:
        if "buyers" in data and "family" in data:
            buyers = [Owner(Person(b["name"], b["id_number"]), b["share"]) for b in data["buyers"]]
            check_family_at_the_gate(data["family"], buyers)


def check_family_at_the_gate(family: list[dict], buyers: list[Owner]) -> None:
    """The domain's rule on families, run before anything is stored: a court's wrong family is a 422, not a
    stored refusal."""
    try:
        check_families_are_the_buyers(families_from(family), buyers)
    except InvalidValue as wrong:
        raise ValidationError(wrong.message, field_name="family") from None


def ruling_request(data: dict) -> RulingRequest:
    return RulingRequest(
        order=order_request(data), ruling_date=data["ruling_date"], confirmation_number=data["confirmation_number"],
        assistance_notice_number=data["assistance_notice_number"], price=data["price"],
        buyers=[Owner(Person(b["name"], b["id_number"]), b["share"]) for b in data["buyers"]],
        documents=[CourtDocument(d["kind"], d["name"], d["content_type"], decode_pdf(d["content"]))
                   for d in data["documents"]], families=families_from(data["family"]))
