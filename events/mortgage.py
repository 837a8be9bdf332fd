"""Events of a bank's mortgage filing and of the pre-notice book of a flat bought off-plan."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate

from registry.kernel.codes import RegistrationType, RightType
from registry.kernel.values import Person
from registry.mortgages.values import CheckOutcome, FilingKind, MortgageTerms, PreNotice


class Filed(Aggregate.Created):
    """The bank filed the 合同信息申报表; the parties named in ``consents_needed`` still have to confirm."""

    TOPIC = "registry.mortgage_filing.Filed"
    kind: FilingKind
    bank: str
    bank_name: str
    filed_by: str
    bank_reference: str
    registry: str
    unit_numbers: list[str]
    mortgage_ids: list[str]  # change, transfer, discharge: the mortgage on each unit the filing acts on
    mortgagors: list[Person]
    terms: MortgageTerms | None  # none for a discharge or a transfer
    rank: int  # first: the rank asked for; change: the new rank; otherwise 0
    assignee: str  # transfer: the bank the secured debt goes to
    assignee_name: str
    location: str  # pre-notice: the flat as the purchase contract describes it
    transfer_case_id: str  # 带押过户: the transfer this part is registered with, else ""
    consents_needed: list[str]  # "person:<id number>" or "bank:<org id>"
    fee: Decimal
    at: datetime


class Consented(Aggregate.Event):
    TOPIC = "registry.mortgage_filing.Consented"
    party: str
    by: str
    at: datetime


class Declined(Aggregate.Event):
    TOPIC = "registry.mortgage_filing.Declined"
    party: str
    by: str
    reason: str
    at: datetime


class Registered(Aggregate.Event):
    """Registered at once by rule (``by`` = "rule") or by a registrar, with every check's outcome."""

    TOPIC = "registry.mortgage_filing.Registered"
    ruleset: str
    outcomes: list[CheckOutcome]
    by: str
    proof_numbers: list[str]
    mortgage_ids: list[str]
    at: datetime


class Queued(Aggregate.Event):
    """A rule failed or warned: the filing waits for a registrar, with the reasons."""

    TOPIC = "registry.mortgage_filing.Queued"
    ruleset: str
    outcomes: list[CheckOutcome]
    at: datetime


class Staged(Aggregate.Event):
    """带押过户: checked and waiting to be registered together with its transfer."""

    TOPIC = "registry.mortgage_filing.Staged"
    ruleset: str
    outcomes: list[CheckOutcome]
    at: datetime


class Rejected(Aggregate.Event):
    TOPIC = "registry.mortgage_filing.Rejected"
    registrar: str
    reason: str
    at: datetime


class ReturnedForSupplement(Aggregate.Event):
    """补正: the registrar returns the queued filing to the bank with everything missing (一次性告知)."""

    TOPIC = "registry.mortgage_filing.ReturnedForSupplement"
    registrar: str
    missing: list[str]  # Supplement values
    note: str
    at: datetime


class Resubmitted(Aggregate.Event):
    """The bank supplied what was missing: the filing is back in the registrar's queue."""

    TOPIC = "registry.mortgage_filing.Resubmitted"
    by: str
    note: str
    at: datetime


class LoanDisbursed(Aggregate.Event):
    """e拍即得: the buyer's bank paid the loan this mortgage secures into the auction court's account."""

    TOPIC = "registry.mortgage_filing.LoanDisbursed"
    court: str
    court_name: str
    case_id: str  # the judicial transfer case whose price the loan pays
    amount: Decimal
    account: str  # the court's account the bank paid into
    reference: str  # the bank's payment reference
    paid_on: date
    at: datetime


class BookOpened(Aggregate.Created):
    TOPIC = "registry.pre_notice_book.Opened"
    unit_number: str


class PreNoticeRegistered(Aggregate.Event):
    """预购商品房抵押预告登记 (djlx 700, qllx 96) on a flat not yet in the register."""

    TOPIC = "registry.pre_notice_book.PreNoticeRegistered"
    unit_number: str
    registry: str
    pre_notice: PreNotice
    mortgage_id: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class PreNoticeConverted(Aggregate.Event):
    """The flat was first registered to the purchasers: the pre-notice became their mortgage."""

    TOPIC = "registry.pre_notice_book.PreNoticeConverted"
    filing_id: str
    mortgage_id: str
    at: datetime


class DocumentAttached(Aggregate.Event):
    """A document was attached; its bytes are kept apart, addressed by ``sha256``."""

    TOPIC = "registry.mortgage_filing.DocumentAttached"
    kind: str  # a Supplement value
    filename: str
    content_type: str
    sha256: str
    size: int
    by: str
    at: datetime
