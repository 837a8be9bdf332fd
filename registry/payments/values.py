"""Order lines, the parties that pay them, ledger postings and the facts of a payment callback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum

from registry.kernel.values import Immutable

CURRENCY = "CNY"
GATEWAY_ACCOUNT = "gateway_settlement"  # money received from the payment provider, not yet paid out
FEE_ACCOUNT = "registry_fees"
TREASURY_PREFIX = "treasury:"


class OrderState(Enum):
    OPEN = "open"
    CLEARED = "cleared"
    EXPIRED = "expired"
    REFUND_REQUESTED = "refund_requested"
    REFUNDED = "refunded"
    CANCELLED = "cancelled"


class Side(Enum):
    DEBIT = "debit"
    CREDIT = "credit"


@dataclass(frozen=True)
class OrderLine(Immutable):
    """One tax or fee in the order, who pays it on this order, and the account it clears to."""

    code: str  # deed_tax, vat, surcharges, income_tax, registration_fee ...
    payer: str  # buyer / seller
    description: str
    amount: Decimal
    account: str

    @classmethod
    def for_tax(cls, code: str, payer: str, description: str, amount: Decimal) -> OrderLine:
        account = FEE_ACCOUNT if code == "registration_fee" else TREASURY_PREFIX + code
        return cls(code, payer, description, amount, account)


@dataclass(frozen=True)
class OrderPayer(Immutable):
    """A party that pays its own part of the order: the buyers (deed tax, the fee) or the sellers (VAT,
    surcharges, income tax). Any one of ``keys`` (person keys) may pay the part; ``reference`` is the
    stem of the part's merchant order ids at the gateway (``<reference>-<attempt>``)."""

    role: str  # buyer / seller
    name: str
    keys: tuple[str, ...]
    reference: str


PAYER_ROLES = ("buyer", "seller")  # the order in which parts are shown


@dataclass(frozen=True)
class Posting(Immutable):
    account: str
    side: Side
    amount: Decimal
    line_code: str


@dataclass(frozen=True)
class PaymentNotice(Immutable):
    """What a verified gateway callback says (the gateway adapter has checked its signature)."""

    event_id: str
    gateway_order_id: str
    gateway_payment_id: str
    status: str  # paid / refunded / cancelled / expired
    amount: Decimal
    currency: str
    paid_at: datetime | None
    sequence: int


def clearing_postings(lines: list[OrderLine], total: Decimal) -> list[Posting]:
    """Money in from the gateway (debit) = each line out to its account (credits): always balances."""
    postings = [Posting(GATEWAY_ACCOUNT, Side.DEBIT, total, "total")]
    postings += [Posting(line.account, Side.CREDIT, line.amount, line.code) for line in lines if line.amount]
    return postings


def reversal(postings: list[Posting]) -> list[Posting]:
    flip = {Side.DEBIT: Side.CREDIT, Side.CREDIT: Side.DEBIT}
    return [Posting(p.account, flip[p.side], p.amount, p.line_code) for p in postings]


def balances(postings: list[Posting]) -> bool:
    debit = sum((p.amount for p in postings if p.side is Side.DEBIT), Decimal(0))
    credit = sum((p.amount for p in postings if p.side is Side.CREDIT), Decimal(0))
    return debit == credit
