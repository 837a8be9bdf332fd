"""The gate for a court's query (查询) and tax inquiry (询价): malformed requests are a 422 here and store nothing.

The fields a court message carries (executing court, judge, case number …) are those of the seizure orders
(``court_schemas``); what is asked is new: persons and/or unit numbers, or a unit, a price and a sale date.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from registry.courts.queries import QueryRequest
from registry.courts.tax_inquiry import TaxInquiryRequest
from registry.kernel.errors import InvalidValue
from registry.kernel.values import Owner, Person
from web.api.court_schemas import SubjectSchema, check_family_at_the_gate, text
from web.commands import families_from
from web.shared.schemas import FamilyMemberSchema, GateSchema, Money, valid_unit_number

MOST = 50  # persons or units in one query


class CourtRequestSchema(GateSchema):
    request_id = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_.:-]{1,64}$"))
    executing_court = text(required=True)
    judge = text(required=True)
    case_number = text(required=True)


class QuerySchema(CourtRequestSchema):
    notice_name = text(required=True)
    # left out: "" (given as a callable, so the spec shows no default shorter than the field allows)
    ruling_number = text(load_default=str)
    subjects = fields.List(fields.Nested(SubjectSchema), load_default=list, validate=validate.Length(max=MOST),
                           metadata={"description": "persons whose units held now are asked about"})
    unit_numbers = fields.List(fields.String(validate=valid_unit_number), load_default=list,
                               validate=validate.Length(max=MOST))

    @validates_schema
    def check_something_asked(self, data: dict, **kwargs: Any) -> None:
        if not data.get("subjects") and not data.get("unit_numbers"):
            raise ValidationError("a query names at least one person (subjects) or unit (unit_numbers)",
                                  field_name="subjects")


class TaxInquirySchema(CourtRequestSchema):
    unit_number = fields.String(required=True, validate=valid_unit_number)
    price = Money(required=True, metadata={"description": "the auction price incl. VAT, yuan, e.g. \"1030000.00\""})
    sale_date = fields.Date(load_default=None, metadata={"description": "default: today"})
    buyer = fields.Nested(SubjectSchema, load_default=None,
                          metadata={"description": "the buyer whose registered homes decide the deed tax"})
    family = fields.List(fields.Nested(FamilyMemberSchema), load_default=list, validate=validate.Length(max=40),
                         metadata={"description": "the buyer's spouse and minor children, as in the ruling's "
                                                  "`family` (buyer_id_number = the buyer's): their homes count too"})

    @validates_schema
    def check_family(self, data: dict, **kwargs: Any) -> None:
        if not data.get("family"):
            return
        buyer = data.get("buyer")
        try:
            if buyer is None or buyer["id_type"] != "1":
                raise InvalidValue("a family is counted for a buyer named by a resident ID (证件种类 1)")
            person = Person(buyer["name"], buyer["id_number"])
        except InvalidValue as wrong:
            raise ValidationError(wrong.message, field_name="family") from None
        check_family_at_the_gate(data["family"], [Owner(person, Decimal(1))])


def query_request(data: dict) -> QueryRequest:
    return QueryRequest(
        request_id=data["request_id"], executing_court=data["executing_court"], judge=data["judge"],
        case_number=data["case_number"], notice_name=data["notice_name"], ruling_number=data["ruling_number"],
        subjects=[dict(s) for s in data["subjects"]], unit_numbers=list(dict.fromkeys(data["unit_numbers"])))


def tax_inquiry_request(data: dict) -> TaxInquiryRequest:
    return TaxInquiryRequest(
        request_id=data["request_id"], executing_court=data["executing_court"], judge=data["judge"],
        case_number=data["case_number"], unit_number=data["unit_number"], price=data["price"],
        sale_date=data["sale_date"], buyer=dict(data["buyer"]) if data["buyer"] else None,
        family=[member for members in families_from(data["family"]).values() for member in members])
