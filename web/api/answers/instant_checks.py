"""Answers of instant approval (秒批) of a transfer: what the rules said when the case was settled."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer


class TransferRuleOutcome(Answer):
    rule = fields.String(required=True, metadata={"description": "the rule's name, e.g. no_seizure_or_lock"})
    verdict = fields.String(required=True, metadata={"description": "pass, warn (a registrar judges) or fail"})
    message = fields.String(required=True, metadata={"description": "what is wrong; empty when passed"})


class TransferRuleDecision(Answer):
    """Registered by rule, or referred to the registrar with the failed and warned rules as the reasons."""

    decision = fields.String(required=True, metadata={"description": "registered_by_rule or referred"})
    ruleset = fields.String(required=True, metadata={"description": "the rule set's version"})
    decided_at = fields.String(required=True)
    outcomes = fields.List(fields.Nested(TransferRuleOutcome), required=True)
    reasons = fields.List(fields.Nested(TransferRuleOutcome), required=True,
                          metadata={"description": "the outcomes that did not pass"})
