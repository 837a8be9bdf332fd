"""Answers of the register book: a unit's page (rights, locks, seizures, mortgages, objections, history)
and the registrar's search."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer, Paged


class Holder(Answer):
    id_number = fields.String(required=True)
    name = fields.String(required=True)
    share = fields.String(required=True)


class UnitPageHistorySummary(Answer):
    certificate_number = fields.String()
    owners = fields.List(fields.Nested(Holder))
    cancelled_certificate = fields.String()
    case_id = fields.String()
    price = fields.String()
    amount = fields.String()
    bank_name = fields.String()
    converted_pre_notice = fields.String()
    filing_id = fields.String()
    method = fields.String()
    mortgage_id = fields.String()
    proof_number = fields.String()
    rank = fields.Integer()
    cancelled_proof_number = fields.String()
    previous_bank = fields.String()
    previous_bank_name = fields.String()
    previous_proof_number = fields.String()
    applicant = fields.String()
    reason = fields.String()
    reference = fields.String()
    authority = fields.String()
    until = fields.String(allow_none=True)
    court = fields.String()
    court_name = fields.String()
    end = fields.String()
    queued = fields.Boolean()
    served_at = fields.String()
    start = fields.String()
    bank = fields.String()
    ruling_number = fields.String()
    was_active = fields.Boolean()


class UnitPageHistory(Answer):
    at = fields.String(required=True)
    djlx = fields.String(required=True)
    event = fields.String(required=True)
    qllx = fields.String(required=True)
    summary = fields.Nested(UnitPageHistorySummary, required=True)
    version = fields.Integer(required=True)


class UnitPageLock(Answer):
    at = fields.String(required=True)
    authority = fields.String(required=True)
    kind = fields.String(required=True)
    reason = fields.String(required=True)
    reference = fields.String(required=True)
    until = fields.String(required=True, allow_none=True)
    court = fields.String()


class Mortgagor(Answer):
    id_number = fields.String(required=True)
    name = fields.String(required=True)


class UnitPageMortgage(Answer):
    amount = fields.String(required=True)
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    claim_end = fields.String(required=True, allow_none=True)
    claim_start = fields.String(required=True, allow_none=True)
    currency = fields.String(required=True)
    filing_id = fields.String(required=True)
    maximum_amount = fields.String(required=True, allow_none=True)
    method = fields.String(required=True)
    method_name = fields.String(required=True)
    mortgage_id = fields.String(required=True)
    mortgagors = fields.List(fields.Nested(Mortgagor), required=True)
    performance_end = fields.String(required=True)
    performance_start = fields.String(required=True)
    proof_number = fields.String(required=True)
    rank = fields.Integer(required=True)
    registered_at = fields.String(required=True)
    secured_amount = fields.String(required=True)
    transfer_restricted = fields.Boolean(required=True)


class UnitPageObjection(Answer):
    applicant = fields.String(required=True)
    reason = fields.String(required=True)
    reference = fields.String(required=True)
    registered_at = fields.String(required=True)


class UnitPageQueuedSeizure(Answer):
    court = fields.String(required=True)
    court_name = fields.String(required=True)
    end = fields.String(required=True)
    queue_position = fields.Integer(required=True)
    reference = fields.String(required=True)
    registered_at = fields.String(required=True)
    served_at = fields.String(required=True)
    start = fields.String(required=True)
    state = fields.String(required=True)


class UnitPageSeizure(Answer):
    court = fields.String(required=True)
    court_name = fields.String(required=True)
    end = fields.String(required=True)
    reference = fields.String(required=True)
    registered_at = fields.String(required=True)
    served_at = fields.String(required=True)
    start = fields.String(required=True)
    state = fields.String(required=True)


class UnitPage(Answer):
    area = fields.String(required=True)
    certificate_number = fields.String(required=True)
    history = fields.List(fields.Nested(UnitPageHistory), required=True)
    location = fields.String(required=True)
    locked = fields.Boolean(required=True)
    locks = fields.List(fields.Nested(UnitPageLock), required=True)
    mortgages = fields.List(fields.Nested(UnitPageMortgage), required=True)
    objections = fields.List(fields.Nested(UnitPageObjection), required=True)
    owners = fields.List(fields.Nested(Holder), required=True)
    pre_notices = fields.List(fields.Raw(), required=True)
    queued_seizures = fields.List(fields.Nested(UnitPageQueuedSeizure), required=True)
    registry = fields.String(required=True)
    right_nature = fields.String(required=True)
    seizures = fields.List(fields.Nested(UnitPageSeizure), required=True)
    term_end = fields.String(required=True)
    term_start = fields.String(required=True)
    unit_number = fields.String(required=True)
    updated_at = fields.String(required=True)
    use = fields.String(required=True)
    version = fields.Integer(required=True)


class UnitsFoundUnit(Answer):
    area = fields.String(required=True)
    certificate_number = fields.String(required=True)
    location = fields.String(required=True)
    locked = fields.Boolean(required=True)
    owner_names = fields.List(fields.String(), required=True)
    registry = fields.String(required=True)
    unit_number = fields.String(required=True)
    updated_at = fields.String(required=True)
    use = fields.String(required=True)
    version = fields.Integer(required=True)


class UnitsFound(Paged):
    units = fields.List(fields.Nested(UnitsFoundUnit), required=True)
