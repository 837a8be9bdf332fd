"""The gate for a court's JSON: the fields a court enforcement message carries for KZCS 11 / 12 / 14.

Malformed requests (missing fields, a bad unit number or date, an unknown or mismatched KZCS) are a 422 here
and store nothing; the register's rules (whose seizure, lapsed, 3 years …) stay the domain's and are answered
with feedback "2", which is stored so that a repeat gets the same answer.
"""

from __future__ import annotations

from typing import Any, ClassVar

from marshmallow import ValidationError, fields, validate, validates_schema

from registry.court_orders import KZCS, RELEASE, RENEW, SEIZE, OrderRequest
from web.api.schemas import GateSchema, valid_unit_number

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


class FeedbackSchema(GateSchema):
    order_id = fields.String()
    request_id = fields.String()
    kzcs = fields.String()
    result = fields.String(metadata={"description": '"1" controlled, "2" failed'})
    reason = fields.String()
    start = fields.Date(allow_none=True)
    end = fields.Date(allow_none=True)
    reference = fields.String()


def order_request(data: dict) -> OrderRequest:
    return OrderRequest(
        request_id=data["request_id"], executing_court=data["executing_court"], judge=data["judge"],
        case_number=data["case_number"], notice_name=data["notice_name"], ruling_number=data["ruling_number"],
        subjects=[dict(s) for s in data["subjects"]], unit_number=data["unit_number"], start=data.get("start"),
        end=data.get("end"), seizure_reference=data.get("seizure_reference", ""))
