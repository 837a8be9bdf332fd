"""e拍即得, last step: the buyer's bank pays the loan secured by the buyer's new mortgage into the auction
court's account and records it here, so the court sees the price paid without a trip to the bank.

Only the bank holding a registered first mortgage on a unit whose owners took title by a court's ruling may
record it; the court is the one whose ruling the title came from, never a field the bank chooses.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from registry.kernel.actors import Actor, Role
from registry.kernel.commanding import Receipt
from registry.kernel.errors import InvalidValue, RuleFailed, UnknownFiling
from registry.mortgages.values import FilingKind, MortgageTerms

if TYPE_CHECKING:
    from registry.application import Registry


def record_disbursement(app: Registry, actor: Actor, filing_id: UUID, *, amount: Decimal, account: str,
                        reference: str, paid_on: date) -> Receipt:
    actor.check_role(Role.BANK_STAFF)

    def command() -> Receipt:
        filing = app.get_filing(filing_id)
        if filing.bank != actor.org:
            raise UnknownFiling("no such mortgage filing")
        if filing.kind is not FilingKind.FIRST:
            raise RuleFailed("loan_of_a_new_mortgage", "a loan is recorded on the first registration that secures it",
                             field="filing")
        unit = app.get_unit(filing.unit_numbers[0])
        if not unit.judicial_case:
            raise RuleFailed("pays_a_judicial_sale", f"unit {unit.unit_number} was not bought at a court auction: "
                             "there is no court account to pay", field="filing")
        check_within_secured_amount(amount, filing.terms)
        if paid_on > app.clock.today():
            raise InvalidValue("the payment date cannot be in the future", field="paid_on")
        ruling = app.get_case(UUID(unit.judicial_case)).judicial
        if not filing.record_disbursement(court=ruling["court"], court_name=ruling["court_name"],
                                          case_id=unit.judicial_case, amount=amount, account=account.strip(),
                                          reference=reference.strip(), paid_on=paid_on, at=app.clock.now()):
            return Receipt(id=filing.id, position=None)
        return app.commit(filing)

    return app.retrying(command)


def check_within_secured_amount(amount: Decimal, terms: MortgageTerms) -> None:
    secured = terms.secured_amount or terms.maximum_amount
    if secured is not None and amount > secured:
        raise RuleFailed("loan_within_secured_amount", f"the loan paid ({amount}) exceeds the amount the mortgage "
                         f"secures ({secured})", field="amount")
