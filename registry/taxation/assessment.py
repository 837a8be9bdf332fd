"""The assessment of one transfer case: lines by rule, then a tax officer may confirm or adjust."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from events import taxation as taxation_events
from registry import ids
from registry.errors import Conflict, InvalidValue, ReasonRequired
from registry.taxation.values import AssessedLine


class AssessmentClosed(Conflict):
    code = "assessment_closed"


class Assessment(Aggregate):
    TOPIC = "taxation.assessment"
    Created = taxation_events.Issued
    Confirmed = taxation_events.Confirmed
    Adjusted = taxation_events.Adjusted
    Closed = taxation_events.Closed

    @staticmethod
    def create_id(case_id: str):  # noqa: ANN205
        return ids.assessment_id(case_id)

    @event(Created)
    def __init__(self, case_id: str, registry: str, unit_number: str, payer_name: str, payer_key: str,
                 party_keys: list[str], lines: list[AssessedLine], facts: dict, at: datetime) -> None:
        self.case_id = case_id
        self.registry = registry
        self.lines = list(lines)
        self.confirmed = False
        self.paid = False

    def close_on_payment(self, receipt_number: str, at: datetime) -> bool:
        if self.paid:
            return False
        self._closed(receipt_number=receipt_number, at=at)
        return True

    @event(Closed)
    def _closed(self, receipt_number: str, at: datetime) -> None:
        self.paid = True

    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def confirm(self, by: str, at: datetime) -> None:
        if not self.confirmed:
            self._confirmed(by=by, at=at)

    @event(Confirmed)
    def _confirmed(self, by: str, at: datetime) -> None:
        self.confirmed = True

    def adjust(self, *, code: str, amount: Decimal, reason: str, by: str, at: datetime,
               payer: str | None = None) -> None:
        """Change the amount of one line, named by its tax ``code`` and its ``payer`` (stamp duty is
        charged to the buyer and to the seller: two lines with one code). Without a payer the code must
        name a single line."""
        if self.paid:
            raise AssessmentClosed("the combined order is paid; adjust through a refund instead")
        if not reason or not reason.strip():
            raise ReasonRequired("an adjustment needs a reason both parties will see", field="reason")
        if amount < 0 or amount != amount.quantize(Decimal("0.01")):
            raise InvalidValue("amounts are non-negative yuan with two decimals", field="amount")
        matches = [line for line in self.lines if line.code == code and payer in (None, line.payer)]
        if not matches:
            whose = f" paid by the {payer}" if payer else ""
            raise InvalidValue(f"the assessment has no {code} line{whose}", field="payer" if payer else "code")
        if len(matches) > 1:
            raise InvalidValue(f"both parties pay {code}: name the payer of the line to adjust", field="payer")
        old = matches[0]
        lines = [replace(line, amount=amount, rule=f"adjusted:{line.rule}") if line is old else line
                 for line in self.lines]
        self._adjusted(case_id=self.case_id, code=code, payer=old.payer, old_amount=str(old.amount),
                       new_amount=str(amount), lines=lines, reason=reason.strip(), by=by, at=at)

    @event(Adjusted)
    def _adjusted(self, case_id: str, code: str, payer: str, old_amount: str, new_amount: str,
                  lines: list[AssessedLine], reason: str, by: str, at: datetime) -> None:
        self.lines = list(lines)
