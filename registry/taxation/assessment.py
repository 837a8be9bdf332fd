"""The assessment of one transfer case: lines by rule, then a tax officer may confirm or adjust."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from events import taxation as taxation_events
from registry.errors import Conflict, InvalidValue, ReasonRequired
from registry.taxation.values import AssessedLine


class AssessmentClosed(Conflict):
    code = "assessment_closed"


class Assessment(Aggregate):
    TOPIC = "taxation.assessment"
    Created = taxation_events.Issued
    Confirmed = taxation_events.Confirmed
    Adjusted = taxation_events.Adjusted

    @staticmethod
    def create_id(case_id: str):  # noqa: ANN205
        from registry.ids import NAMESPACE, uuid5

        return uuid5(NAMESPACE, f"assessment:{case_id}")

    @event(Created)
    def __init__(self, case_id: str, registry: str, unit_number: str, payer_name: str, payer_key: str,
                 lines: list[AssessedLine], facts: dict, at: datetime) -> None:
        self.case_id = case_id
        self.registry = registry
        self.lines = list(lines)
        self.confirmed = False
        self.paid = False

    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def confirm(self, by: str, at: datetime) -> None:
        if not self.confirmed:
            self._confirmed(by=by, at=at)

    @event(Confirmed)
    def _confirmed(self, by: str, at: datetime) -> None:
        self.confirmed = True

    def adjust(self, *, code: str, amount: Decimal, reason: str, by: str, at: datetime) -> None:
        if self.paid:
            raise AssessmentClosed("the combined order is paid; adjust through a refund instead")
        if not reason or not reason.strip():
            raise ReasonRequired("an adjustment needs a reason both parties will see", field="reason")
        if amount < 0 or amount != amount.quantize(Decimal("0.01")):
            raise InvalidValue("amounts are non-negative yuan with two decimals", field="amount")
        old = next((line for line in self.lines if line.code == code), None)
        if old is None:
            raise InvalidValue(f"the assessment has no {code} line", field="code")
        lines = [replace(line, amount=amount, rule=f"adjusted:{line.rule}") if line.code == code else line
                 for line in self.lines]
        self._adjusted(case_id=self.case_id, code=code, old_amount=str(old.amount), new_amount=str(amount),
                       lines=lines, reason=reason.strip(), by=by, at=at)

    @event(Adjusted)
    def _adjusted(self, case_id: str, code: str, old_amount: str, new_amount: str, lines: list[AssessedLine],
                  reason: str, by: str, at: datetime) -> None:
        self.lines = list(lines)
