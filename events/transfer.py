"""Events of a 4-in-1 transfer case."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate

from registry.kernel.codes import Use
from registry.kernel.values import FamilyMember, HomeCount, Owner, Person
from registry.mortgages.values import CheckOutcome
from registry.transfers.values import TaxClaims


class Submitted(Aggregate.Created):
    """Filed with the family-housing check already run; waits for settlement (taxes and fee)."""

    TOPIC = "registry.transfer.Submitted"
    class_version = 5
    registry: str
    unit_number: str
    unit_location: str
    unit_area: Decimal
    unit_use: Use
    filed_by: str
    filer_id_number: str
    sellers: list[Person]
    buyers: list[Owner]
    price: Decimal
    contract_number: str
    contract_date: date
    families: dict[str, list[FamilyMember]]
    certificates_wanted: int
    home_counts: list[HomeCount]
    seller_acquired_on: date | None  # v2: the seller's facts for VAT and income tax
    seller_homes: int
    seller_original_cost: Decimal | None
    judicial: dict | None  # v3: a judicial transfer opened by a court's ruling (KZCS 15), else None
    tax_claims: TaxClaims  # v4: what the seller and the buyer claim for their taxes (申报)
    case_kind: str | None  # v5: the kind of transfer (``TransferKind``); None: filed before kinds
    seller_kind: str  # v5: "individual" or "enterprise", as the tax rules see each side
    buyer_kind: str
    mandates: list[dict]  # v5: the agent's mandates from parties (``registry.transfers.agency.as_recorded``)
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        """v1 cases were filed before taxes were assessed: the seller's facts are unknown."""
        state.update(seller_acquired_on=None, seller_homes=0, seller_original_cost=None)

    @staticmethod
    def upcast_v2_v3(state: dict) -> None:
        """Cases before judicial transfers were all filed by the parties."""
        state["judicial"] = None

    @staticmethod
    def upcast_v3_v4(state: dict) -> None:
        """Nothing could be claimed before v4."""
        state["tax_claims"] = TaxClaims()

    @staticmethod
    def upcast_v4_v5(state: dict) -> None:
        """Before kinds every case was a resale between people, or a court's ruling: ``None`` says "filed before
        kinds", and ``registry.transfers.kinds.filed_kind`` reads it from the ruling and the unit's use (an old
        snapshot of the case cannot know the use, so the event does not guess either)."""
        state.update(case_kind=None, seller_kind="individual", buyer_kind="individual", mandates=[])


class MandateConfirmed(Aggregate.Event):
    """The party who gave the agent's mandate confirmed it online."""

    TOPIC = "registry.transfer.MandateConfirmed"
    principal_id_number: str
    by: str
    at: datetime


class Corrected(Aggregate.Event):
    """The applicant corrected the contract date, the price or the tax claims before payment: the taxes are
    assessed afresh (the old assessment could not be computed, or a claim was refused)."""

    TOPIC = "registry.transfer.Corrected"
    by: str
    price: Decimal
    contract_date: date
    tax_claims: TaxClaims
    at: datetime


class Settled(Aggregate.Event):
    """Taxes and fees are settled (or none were due): the case goes to the registrar."""

    TOPIC = "registry.transfer.Settled"
    reference: str
    at: datetime


class Approved(Aggregate.Event):
    """Registered: by a registrar, or by rule (秒批, ``registrar`` is "rule") with the rule set's version and
    every rule's outcome as they stood when the case was settled."""

    TOPIC = "registry.transfer.Approved"
    class_version = 2
    registrar: str
    certificate_number: str
    by_rule: bool  # v2: registered by rule, with the rule set and its outcomes
    ruleset: str
    outcomes: list[CheckOutcome]
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        """Before v2 every transfer was approved by a registrar."""
        state.update(by_rule=False, ruleset="", outcomes=[])


class Referred(Aggregate.Event):
    """Settled, but not every rule of instant approval passed: the case waits for the registrar, who reads the
    failed and warned rules as the reasons."""

    TOPIC = "registry.transfer.Referred"
    ruleset: str
    outcomes: list[CheckOutcome]
    at: datetime


class Rejected(Aggregate.Event):
    TOPIC = "registry.transfer.Rejected"
    registrar: str
    reason: str
    at: datetime


class Withdrawn(Aggregate.Event):
    TOPIC = "registry.transfer.Withdrawn"
    by: str
    reason: str
    at: datetime


class MortgagePartAttached(Aggregate.Event):
    """带押过户: a bank's discharge or new mortgage will be registered together with this transfer."""

    TOPIC = "registry.transfer.MortgagePartAttached"
    filing_id: str
    kind: str
    bank: str
    at: datetime


class ReturnedForSupplement(Aggregate.Event):
    """补正: the registrar returns the paid case with the one-time list of what is missing (一次性告知)."""

    TOPIC = "registry.transfer.ReturnedForSupplement"
    registrar: str
    missing: list[str]  # Supplement values
    note: str
    at: datetime


class Resubmitted(Aggregate.Event):
    """A party supplied what was missing: the case is back in review, nothing is paid again."""

    TOPIC = "registry.transfer.Resubmitted"
    by: str
    note: str
    at: datetime


class DocumentAttached(Aggregate.Event):
    """A document was attached; its bytes are kept apart, addressed by ``sha256``."""

    TOPIC = "registry.transfer.DocumentAttached"
    kind: str  # a Supplement value
    filename: str
    content_type: str
    sha256: str
    size: int
    by: str
    at: datetime
