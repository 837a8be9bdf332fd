"""The gate: every API body and page form is loaded through these schemas before anything reaches the domain.

Unknown fields are refused (marshmallow's default RAISE); amounts and areas are exact decimals
with named validators; server-side fields are ``dump_only``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError, fields, pre_load, validate, validates_schema
from werkzeug.datastructures import FileStorage

from registry.kernel.codes import Relation, Supplement, Use
from registry.kernel.errors import InvalidValue
from registry.kernel.parties import MandateScope
from registry.kernel.values import check_resident_id, check_unit_number
from registry.transfers.kinds import FORM_KINDS
from web.parsing import has_control_characters


class GateSchema(Schema):
    """Every schema of the API and the pages refuses control characters anywhere in its input."""

    @pre_load
    def refuse_control_characters(self, data: Any, **kwargs: Any) -> Any:
        # webargs hands query arguments over as a MultiDict; anything else (a string where an object belongs)
        # is left to marshmallow, which refuses it as an invalid type
        values = dict(data) if isinstance(data, Mapping) and not isinstance(data, dict) else data
        if has_control_characters(values):
            raise ValidationError("control characters are not allowed", "_schema")
        return data


def valid_unit_number(value: str) -> None:
    try:
        check_unit_number(value)
    except InvalidValue as e:
        raise ValidationError(e.message) from None


def valid_resident_id(value: str) -> None:
    try:
        check_resident_id(value)
    except InvalidValue as e:
        raise ValidationError(e.message) from None


class ExactDecimal(fields.Decimal):
    """A positive decimal with at most ``places`` decimals; refuses floats and never rounds."""

    def __init__(self, places: int, maximum: Decimal, **kwargs) -> None:
        super().__init__(as_string=True, **kwargs)
        self.max_places = places
        self.maximum = maximum

    def _deserialize(self, value, attr, data, **kwargs) -> Decimal:
        if isinstance(value, float):
            raise ValidationError("send the number as a decimal string or an exact JSON number")
        number = super()._deserialize(value, attr, data, **kwargs)
        if not number.is_finite():
            raise ValidationError("must be a finite number")
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.max_places:
            raise ValidationError(f"at most {self.max_places} decimal places")
        if number <= 0:
            raise ValidationError("must be greater than zero")
        if number > self.maximum:
            raise ValidationError(f"must not exceed {self.maximum}")
        return number


def Money(**kwargs) -> ExactDecimal:  # noqa: N802 - reads like a field type
    return ExactDecimal(places=2, maximum=Decimal("100000000000"), **kwargs)


def Area(**kwargs) -> ExactDecimal:  # noqa: N802
    return ExactDecimal(places=2, maximum=Decimal("10000000"), **kwargs)


def Share(**kwargs) -> ExactDecimal:  # noqa: N802
    return ExactDecimal(places=6, maximum=Decimal(1), **kwargs)


Name = lambda: fields.String(required=True, validate=validate.Length(min=1, max=60))  # noqa: E731


class NonNegativeMoney(fields.Decimal):
    """Yuan with at most 2 decimals, zero allowed; refuses floats and never rounds."""

    def __init__(self, **kwargs) -> None:
        super().__init__(as_string=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> Decimal:
        if isinstance(value, float):
            raise ValidationError("send the number as a decimal string or an exact JSON number")
        number = super()._deserialize(value, attr, data, **kwargs)
        exponent = number.as_tuple().exponent
        if not number.is_finite() or not isinstance(exponent, int):
            raise ValidationError("must be a finite number")
        if -exponent > 2:
            raise ValidationError("at most 2 decimal places")
        if number < 0 or number > Decimal("100000000000"):
            raise ValidationError("must be between 0 and 100000000000")
        return number


class PersonSchema(GateSchema):
    name = Name()
    id_number = fields.String(required=True, validate=valid_resident_id)


class OwnerSchema(PersonSchema):
    share = Share(required=True)


class FamilyMemberSchema(GateSchema):
    buyer_id_number = fields.String(required=True, validate=valid_resident_id)
    name = Name()
    id_number = fields.String(required=True, validate=valid_resident_id)
    relation = fields.Enum(Relation, by_value=True, required=True)


class UnitRegistrationSchema(GateSchema):
    unit_number = fields.String(required=True, validate=valid_unit_number)
    registry = fields.String(load_default=None, validate=validate.Length(min=1, max=40),
                             metadata={"description": "registry office id; defaults to the registrar's own"})
    location = fields.String(required=True, validate=validate.Length(min=2, max=200))
    area = Area(required=True, metadata={"description": "building area in m², e.g. \"120.00\""})
    use = fields.Enum(Use, by_value=True, required=True)
    right_nature = fields.String(required=True, validate=validate.Length(min=1, max=40))
    term_start = fields.Date(required=True)
    term_end = fields.Date(required=True)
    owners = fields.List(fields.Nested(OwnerSchema), required=True, validate=validate.Length(min=1, max=20))
    registered_on = fields.Date(load_default=None,
                                metadata={"description": "when the right entered the register (default: today)"})

    @validates_schema
    def check_term(self, data, **kwargs) -> None:
        if data["term_end"] <= data["term_start"]:
            raise ValidationError("term must end after it starts", "term_end")


class TaxClaimsSchema(GateSchema):
    """What the seller and the buyer claim for their taxes; each becomes a declaration the tax officer confirms
    or refuses (or the register proves, confirmed by rule)."""

    only_home_five_years = fields.Boolean(load_default=False, truthy={True}, falsy={False}, metadata={
        "description": "seller: 满五唯一, the family's only home, held at least five years"})
    original_cost = Money(load_default=None, metadata={"description": "seller: proven original cost, yuan"})
    reasonable_costs = Money(load_default=None, metadata={
        "description": "seller: reasonable costs with invoices, yuan; only with an original cost"})
    deed_tax_relief = fields.String(load_default=None, validate=validate.OneOf(["first", "second"]), metadata={
        "description": "buyer: the deed-tax relief of the family's first or second home"})


class CorrectionSchema(GateSchema):
    """The corrected case, in full: the contract date, the price and the claims (left out: none)."""

    price = Money(required=True, metadata={"description": "contract price incl. VAT, yuan"})
    contract_date = fields.Date(required=True)
    tax_claims = fields.Nested(TaxClaimsSchema, load_default=dict)


class MandateSchema(GateSchema):
    """授权委托书: a seller or buyer lets the one who files (the agent) act for them, for a time."""

    principal_id_number = fields.String(required=True, validate=valid_resident_id,
                                        metadata={"description": "the seller's or buyer's ID number"})
    scopes = fields.List(fields.String(validate=validate.OneOf([s.value for s in MandateScope])), required=True,
                         validate=validate.Length(min=1, max=len(MandateScope)))
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(required=True)


class TransferSubmissionSchema(GateSchema):
    kind = fields.String(load_default=None, validate=validate.OneOf([spec.kind.value for spec in FORM_KINDS]),
                         metadata={"description": "the kind of transfer (GET /api/v1/transfer-kinds); without it, "
                                                  "the resale that fits the unit's use"})
    unit_number = fields.String(required=True, validate=valid_unit_number)
    sellers = fields.List(fields.Nested(PersonSchema), required=True, validate=validate.Length(min=1, max=20))
    buyers = fields.List(fields.Nested(OwnerSchema), required=True, validate=validate.Length(min=1, max=20))
    price = Money(required=True, metadata={"description": "contract price incl. VAT, yuan, e.g. \"2000000.00\""})
    contract_number = fields.String(required=True, validate=validate.Length(min=1, max=40))
    contract_date = fields.Date(required=True)
    family = fields.List(fields.Nested(FamilyMemberSchema), load_default=list,
                         validate=validate.Length(max=40))
    certificates = fields.Integer(load_default=1, validate=validate.Range(min=1, max=20),
                                  metadata={"description": "1 for all co-owners, or one per co-owner"})
    tax_claims = fields.Nested(TaxClaimsSchema, load_default=dict)
    mandates = fields.List(fields.Nested(MandateSchema), load_default=list, validate=validate.Length(max=4),
                           metadata={"description": "an agent who is no party files under the parties' mandates; "
                                                    "each principal confirms it before registration"})


class ReasonSchema(GateSchema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class OptionalReasonSchema(GateSchema):
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class SupplementSchema(GateSchema):
    """补正: everything missing at once, named from the catalogue; "other" says what in the note."""

    missing = fields.List(fields.String(validate=validate.OneOf([s.value for s in Supplement])), required=True,
                          validate=validate.Length(min=1, max=len(Supplement)))
    note = fields.String(load_default="", validate=validate.Length(max=500))


class ResubmissionSchema(GateSchema):
    note = fields.String(load_default="", validate=validate.Length(max=500))


class RatingSchema(GateSchema):
    """好差评: whole stars from 1 to 5 (not "5", not 4.5), a comment of at most 500 characters."""

    stars = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    comment = fields.String(load_default="", validate=validate.Length(max=500))


class UploadedFile(fields.Field):
    """A multipart part carrying a file (its bytes, name and declared type); the domain checks what is in it."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise ValidationError("send the document as a file part named 'file'")
        return value


class DocumentUploadSchema(GateSchema):
    """An attached document: the file (PDF, JPEG or PNG) and what it is."""

    file = UploadedFile(required=True, metadata={"type": "string", "format": "binary",
                                                 "description": "PDF, JPEG or PNG, at most 10 MB, not empty"})
    kind = fields.String(required=True, validate=validate.OneOf([s.value for s in Supplement]))
