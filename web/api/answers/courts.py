"""What a court's system is answered: the feedback (反馈) on its orders and rulings, the answers to its queries and
tax inquiries, and the refusals, which carry the same feedback."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer
from web.api.answers.errors import ErrorSchema
from web.api.answers.register import Holder
from web.api.answers.taxes import TaxQuoteSetting, TaxQuoteTotal


class CourtFeedback(Answer):
    """The feedback on a seizure order (KZCS 11 / 12 / 14): ``court.answer`` dumps it through this schema."""

    order_id = fields.String()
    request_id = fields.String()
    kzcs = fields.String()
    result = fields.String(metadata={"description": '"1" controlled, "2" failed'})
    reason = fields.String()
    start = fields.Date(allow_none=True)
    end = fields.Date(allow_none=True)
    reference = fields.String()


class RulingFeedback(CourtFeedback):
    status = fields.String(metadata={"description": '"accepted" until the title is transferred, then "answered"'})
    case_id = fields.String(metadata={"description": "the judicial transfer case the ruling opened"})


class CourtRefusal(ErrorSchema):
    """A refusal by the register's rules is stored and answered in the one error shape plus the ``feedback``
    (result "2"); a malformed or unsigned request has no feedback."""

    feedback = fields.Dict(keys=fields.String(), values=fields.Raw(), dump_only=True, metadata={
        "description": "what the court is told, as on success but with result \"2\" and the reason"})


class CourtPing(Answer):
    court = fields.String(required=True)
    key_id = fields.String(required=True)
    request_sha256 = fields.String(required=True)


class CourtQueryAnswerPersonUnitLock(Answer):
    authority = fields.String(required=True)
    reference = fields.String(required=True)


class CourtQueryAnswerPersonUnitMortgage(Answer):
    amount = fields.String(required=True)
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    claim_end = fields.String(required=True, allow_none=True)
    claim_start = fields.String(required=True, allow_none=True)
    currency = fields.String(required=True)
    maximum_amount = fields.String(required=True, allow_none=True)
    method = fields.String(required=True)
    performance_end = fields.String(required=True)
    performance_start = fields.String(required=True)
    proof_number = fields.String(required=True)
    rank = fields.Integer(required=True)
    secured_amount = fields.String(required=True)
    transfer_restricted = fields.Boolean(required=True)


class CourtQueryAnswerPersonUnitSeizure(Answer):
    court = fields.String(required=True)
    court_name = fields.String(required=True)
    end = fields.String(required=True)
    reference = fields.String(required=True)
    served_at = fields.String(required=True)
    start = fields.String(required=True)
    state = fields.String(required=True)


class CourtQueryAnswerPersonUnit(Answer):
    acquired_on = fields.String(required=True)
    area = fields.String(required=True)
    certificate_number = fields.String(required=True)
    in_register = fields.Boolean(required=True)
    location = fields.String(required=True)
    locks = fields.List(fields.Nested(CourtQueryAnswerPersonUnitLock), required=True)
    mortgages = fields.List(fields.Nested(CourtQueryAnswerPersonUnitMortgage), required=True)
    objections = fields.List(fields.Raw(), required=True)
    owners = fields.List(fields.Nested(Holder), required=True)
    pre_notices = fields.List(fields.Raw(), required=True)
    right_nature = fields.String(required=True)
    seizure_history = fields.List(fields.Raw(), required=True)
    seizures = fields.List(fields.Nested(CourtQueryAnswerPersonUnitSeizure), required=True)
    unit_number = fields.String(required=True)
    use = fields.String(required=True)


class CourtQueryAnswerPerson(Answer):
    id_number = fields.String(required=True)
    id_type = fields.String(required=True)
    name = fields.String(required=True)
    units = fields.List(fields.Nested(CourtQueryAnswerPersonUnit), required=True)


class CourtQueryAnswerUnit(Answer):
    acquired_on = fields.String()
    area = fields.String()
    certificate_number = fields.String()
    in_register = fields.Boolean(required=True)
    location = fields.String()
    locks = fields.List(fields.Nested(CourtQueryAnswerPersonUnitLock))
    mortgages = fields.List(fields.Nested(CourtQueryAnswerPersonUnitMortgage))
    objections = fields.List(fields.Raw())
    owners = fields.List(fields.Nested(Holder))
    pre_notices = fields.List(fields.Raw(), required=True)
    right_nature = fields.String()
    seizure_history = fields.List(fields.Raw())
    seizures = fields.List(fields.Nested(CourtQueryAnswerPersonUnitSeizure))
    unit_number = fields.String(required=True)
    use = fields.String()


class CourtQueryAnswer(Answer):
    answered_at = fields.String(required=True)
    kind = fields.String(required=True)
    order_id = fields.String(required=True)
    persons = fields.List(fields.Nested(CourtQueryAnswerPerson), required=True)
    reason = fields.String(required=True)
    request_id = fields.String(required=True)
    result = fields.String(required=True)
    units = fields.List(fields.Nested(CourtQueryAnswerUnit), required=True)


class TaxInquiryAnswerLine(Answer):
    amount = fields.String(required=True)
    basis = fields.String(required=True)
    code = fields.String(required=True)
    description = fields.String(required=True)
    payer = fields.String(required=True)
    rate = fields.String(required=True)
    reference = fields.String(required=True)
    rule = fields.String(required=True)


class TaxInquiryAnswer(Answer):
    answered_at = fields.String(required=True)
    assumptions = fields.List(fields.String(), required=True)
    facts = fields.Dict(keys=fields.String(), values=fields.Raw(allow_none=True), required=True)
    kind = fields.String(required=True)
    lines = fields.List(fields.Nested(TaxInquiryAnswerLine), required=True)
    order_id = fields.String(required=True)
    price = fields.String(required=True)
    reason = fields.String(required=True)
    request_id = fields.String(required=True)
    result = fields.String(required=True)
    sale_date = fields.String(required=True)
    settings = fields.Nested(TaxQuoteSetting, required=True)
    totals = fields.Nested(TaxQuoteTotal, required=True)
    unit_number = fields.String(required=True)
