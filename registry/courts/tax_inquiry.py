"""A court's tax inquiry (询价): what taxes an auction sale of a unit at a given price would cost, answered by the
tax engine that assesses every transfer, and kept as an event in the Registry.

It is kept in the Registry, not in the Taxation store: its facts are read from the register (the owners, when
and at what price they acquired the unit, the homes of sellers and buyer), and the court's request id must be
one id across all its request kinds (``registry.court_queries.answer_once``). It lives here, beside
``assess_submission``, because it is that assessment applied to a sale that has not happened: the facts are
shaped like a submitted transfer's (sellers = the current owners) and go through the same ``facts_of`` →
``quote`` path, with the Taxation application's surcharge and deemed income-tax rates.

Without a named buyer the answer assumes an individual buying the family's first home, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import event

from events import court as court_events
from registry.courts.queries import AnsweredRequest, answer_once, answered, refused
from registry.kernel.codes import HomeOrdinal, Use
from registry.kernel.errors import DomainError
from registry.kernel.values import FamilyMember, HomeCount
from registry.taxation.rules import assess_submission
from registry.taxation.values import AssessedLine
from registry.transfers.commands import home_count, sellers_homes

if TYPE_CHECKING:
    from registry.application import Registry
    from registry.register_book.unit import Unit

NO_BUYER = ("no buyer named: taxed as an individual buying the family's first home; a buyer who already owns "
            "homes pays a higher deed tax")
INDIVIDUAL_BUYER = "the buyer is taxed as an individual; an organisation buyer's deed tax is the statutory rate"


@dataclass(frozen=True)
class TaxInquiryRequest:
    request_id: str
    executing_court: str
    judge: str
    case_number: str
    unit_number: str
    price: Decimal
    sale_date: date | None = None
    buyer: dict | None = None  # {"name", "id_type", "id_number"}
    family: list[FamilyMember] = field(default_factory=list)  # the buyer's spouse and minor children


@dataclass(frozen=True)
class AuctionSale:
    """The facts of a submitted transfer (``transfer_events.Submitted``) that ``facts_of`` reads."""

    contract_date: date
    price: Decimal
    unit_area: Decimal
    unit_use: Use
    home_counts: list[HomeCount]
    seller_acquired_on: date | None
    seller_homes: int
    seller_original_cost: Decimal | None
    certificates_wanted: int = 1


class TaxInquiry(AnsweredRequest):
    TOPIC = "registry.court_tax_inquiry"
    Created = court_events.TaxInquiryAnswered

    @event(Created)
    def __init__(self, court: str, court_name: str, request_id: str, executing_court: str, judge: str,
                 case_number: str, unit_number: str, price: str, sale_date: date, buyer: dict | None,
                 family: list[dict], request_sha256: str, answer: dict, at: datetime) -> None:
        self.court, self.request_id, self.request_sha256 = court, request_id, request_sha256
        self.unit_number, self.price, self.sale_date, self.answer = unit_number, price, sale_date, answer


def inquire_taxes(app: Registry, *, court: str, court_name: str, request_sha256: str, request: TaxInquiryRequest,
                  surcharge_rate: Decimal, deemed_income_rate: Decimal) -> dict[str, Any]:
    """The breakdown, or a refusal (outside the area, unknown unit, no rule in force) kept as result "2"."""
    def record(order_id: str) -> TaxInquiry:
        at = app.clock.now()
        sale_date = request.sale_date or app.clock.today()
        try:
            app.area.check_covers(request.unit_number)
            sale = auction_sale(app, app.get_unit(request.unit_number), request.price, sale_date, request.buyer,
                                request.family)
            lines, facts = assess_submission(sale, surcharge_rate=surcharge_rate,
                                             deemed_income_rate=deemed_income_rate)
            answer = answered(order_id, request.request_id, "tax_inquiry", at, unit_number=request.unit_number,
                              price=format(request.price, "f"), sale_date=sale_date.isoformat(),
                              assumptions=[INDIVIDUAL_BUYER] if request.buyer else [NO_BUYER],
                              lines=[_line(line) for line in lines], totals=_totals(lines), facts=facts,
                              settings={"surcharge_rate": str(surcharge_rate),
                                        "deemed_income_tax_rate": str(deemed_income_rate)})
        except DomainError as refusal:
            answer = refused(order_id, request.request_id, "tax_inquiry", at, refusal)
        return TaxInquiry(court=court, court_name=court_name, request_id=request.request_id,
                          executing_court=request.executing_court, judge=request.judge,
                          case_number=request.case_number, unit_number=request.unit_number,
                          price=format(request.price, "f"), sale_date=sale_date, buyer=request.buyer,
                          family=[{"buyer_id_number": request.buyer["id_number"], "name": m.name,
                                   "id_number": m.id_number, "relation": m.relation.value} for m in request.family],
                          request_sha256=request_sha256, answer=answer, at=at)

    return answer_once(app, TaxInquiry, court, request.request_id, record)


def auction_sale(app: Registry, unit: Unit, price: Decimal, sale_date: date, buyer: dict | None,
                 family: list[FamilyMember]) -> AuctionSale:
    """Sellers are the current owners; the homes of the buyer's family (none named: none) decide the deed tax,
    counted as the ruling's case will count them."""
    home = (home_count(app, buyer["id_number"], family) if buyer
            else HomeCount(buyer_id_number="", ordinal=HomeOrdinal.after_owning(0), units_counted=()))
    return AuctionSale(contract_date=sale_date, price=price, unit_area=unit.area, unit_use=unit.use,
                       home_counts=[home], seller_acquired_on=unit.acquired_on,
                       seller_homes=sellers_homes(app, [o.person for o in unit.owners]),
                       seller_original_cost=unit.acquired_price)


def _line(line: AssessedLine) -> dict[str, str]:
    return {"code": line.code, "payer": line.payer, "description": line.description,
            "basis": format(line.basis, "f"), "rate": format(line.rate, "f"), "amount": format(line.amount, "f"),
            "rule": line.rule, "reference": line.reference}


def _totals(lines: list[AssessedLine]) -> dict[str, str]:
    buyer = sum((line.amount for line in lines if line.payer == "buyer"), Decimal("0.00"))
    seller = sum((line.amount for line in lines if line.payer == "seller"), Decimal("0.00"))
    return {"buyer": format(buyer, "f"), "seller": format(seller, "f"), "overall": format(buyer + seller, "f")}
