"""Answers of a court's desk: its requests, seizures, judicial cases, feed and webhook."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer, Paged
from web.api.answers.certificates import MaskedHolder


class CourtCasesCaseFeedback(Answer):
    at = fields.String(required=True)
    code = fields.String(required=True)
    end = fields.String(required=True, allow_none=True)
    reason = fields.String(required=True)
    reference = fields.String(required=True)
    result = fields.String(required=True)
    start = fields.String(required=True)


class CourtCasesCaseLoan(Answer):
    account = fields.String(required=True)
    amount = fields.String(required=True)
    bank = fields.String(required=True)
    bank_name = fields.String(required=True)
    filing_id = fields.String(required=True)
    paid_on = fields.String(required=True)
    reference = fields.String(required=True)


class CourtCasesCase(Answer):
    assistance_notice_number = fields.String(required=True)
    buyers = fields.List(fields.Nested(MaskedHolder), required=True)
    case_id = fields.String(required=True)
    case_number = fields.String(required=True)
    certificate_number = fields.String(required=True)
    confirmation_number = fields.String(required=True)
    feedback = fields.Nested(CourtCasesCaseFeedback, required=True)
    loans = fields.List(fields.Nested(CourtCasesCaseLoan), required=True)
    order_id = fields.String(required=True)
    price = fields.String(required=True)
    reason = fields.String(required=True, allow_none=True)
    request_id = fields.String(required=True)
    ruling_date = fields.String(required=True)
    ruling_number = fields.String(required=True)
    state = fields.String(required=True)
    state_at = fields.String(required=True)
    unit_number = fields.String(required=True)


class CourtCases(Paged):
    cases = fields.List(fields.Nested(CourtCasesCase), required=True)


class CourtFeedItemPayload(Answer):
    case_number = fields.String()
    code = fields.String()
    end = fields.String(allow_none=True)
    kzcs = fields.String()
    order_id = fields.String()
    reason = fields.String()
    reference = fields.String()
    request_id = fields.String()
    result = fields.String()
    ruling_number = fields.String()
    start = fields.String()
    after = fields.String()
    unit_number = fields.String()
    case_id = fields.String()
    state = fields.String()
    certificate_number = fields.String()


class CourtFeedItem(Answer):
    at = fields.String(required=True)
    case_id = fields.String(required=True, allow_none=True)
    id = fields.String(required=True)
    kind = fields.String(required=True)
    payload = fields.Nested(CourtFeedItemPayload, required=True)
    request_id = fields.String(required=True, allow_none=True)
    seq = fields.Integer(required=True)
    unit_number = fields.String(required=True)


class CourtFeed(Answer):
    items = fields.List(fields.Nested(CourtFeedItem), required=True)
    next_after = fields.Integer(required=True)


class CourtRequestsRequestFeedback(Answer):
    at = fields.String(required=True)
    code = fields.String(required=True)
    end = fields.String(required=True, allow_none=True)
    reason = fields.String(required=True)
    reference = fields.String(required=True)
    result = fields.String(required=True)
    start = fields.String(required=True, allow_none=True)


class CourtRequestsRequest(Answer):
    case_number = fields.String(required=True)
    feedback = fields.Nested(CourtRequestsRequestFeedback, required=True)
    kzcs = fields.String(required=True)
    order_id = fields.String(required=True)
    received_at = fields.String(required=True)
    request_id = fields.String(required=True)
    ruling_number = fields.String(required=True)
    seizure_reference = fields.String(required=True, allow_none=True)
    unit_number = fields.String(required=True)


class CourtRequests(Paged):
    requests = fields.List(fields.Nested(CourtRequestsRequest), required=True)


class CourtSeizuresSeizure(Answer):
    end = fields.String(required=True)
    flagged_by = fields.String(required=True, allow_none=True)
    reference = fields.String(required=True)
    served_at = fields.String(required=True)
    start = fields.String(required=True)
    state = fields.String(required=True)
    unit_number = fields.String(required=True)
    updated_at = fields.String(required=True)


class CourtSeizures(Paged):
    seizures = fields.List(fields.Nested(CourtSeizuresSeizure), required=True)


class CourtWebhookSecret(Answer):
    created_at = fields.String(required=True)
    secret = fields.String(required=True, allow_none=True)
    url = fields.String(required=True)


class CourtWebhookStatus(Answer):
    attempts = fields.Integer(required=True)
    created_at = fields.String(required=True)
    failing = fields.Boolean(required=True)
    last_delivered_at = fields.String(required=True, allow_none=True)
    last_error = fields.Raw(required=True, allow_none=True)
    last_status = fields.Raw(required=True, allow_none=True)
    next_attempt_at = fields.String(required=True, allow_none=True)
    pending = fields.Integer(required=True)
    updated_at = fields.String(required=True)
    url = fields.String(required=True)


class CourtWebhookRotated(Answer):
    secret = fields.String(required=True, metadata={"description": "the new signing secret, shown this once"})
