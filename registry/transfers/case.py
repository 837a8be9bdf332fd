"""The 4-in-1 transfer case: family-housing check → transaction record → settlement → registration."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from events import transfer as transfer_events
from registry.kernel import ids
from registry.kernel.attachments import AttachmentCommands
from registry.kernel.codes import CaseState, Use
from registry.kernel.errors import (
    CaseNotCorrectable,
    CaseNotPending,
    CaseNotWithdrawable,
    InvalidValue,
    ReasonRequired,
)
from registry.kernel.parties import Mandate
from registry.kernel.state import TupleState
from registry.kernel.values import (
    FamilyMember,
    HomeCount,
    Owner,
    Person,
    check_shares_sum_to_one,
    exact_decimal,
)
from registry.mortgages.values import CheckOutcome
from registry.transfers.agency import AgencyCommands, as_recorded, check_filer_may_file
from registry.transfers.kinds import KindSpec, TransferKind
from registry.transfers.parties import (
    check_certificates_wanted,
    check_families_are_the_buyers,
    check_no_one_buys_from_themselves,
)
from registry.transfers.supplement import SupplementCommands
from registry.transfers.values import NO_CLAIMS, TaxClaims


class TransferCase(AgencyCommands, SupplementCommands, AttachmentCommands, Aggregate):
    TOPIC = "registry.transfer"
    class_version = 2  # v2: the kind of transfer (snapshots of v1 cases are upcast below)
    Created = transfer_events.Submitted
    Settled = transfer_events.Settled
    Approved = transfer_events.Approved
    Referred = transfer_events.Referred
    Rejected = transfer_events.Rejected
    Withdrawn = transfer_events.Withdrawn
    MortgagePartAttached = transfer_events.MortgagePartAttached
    Corrected = transfer_events.Corrected
    ReturnedForSupplement = transfer_events.ReturnedForSupplement
    Resubmitted = transfer_events.Resubmitted
    DocumentAttached = transfer_events.DocumentAttached
    MandateConfirmed = transfer_events.MandateConfirmed

    mortgage_parts = TupleState()  # filing ids of the banks' parts (cases filed before: none)
    attachments = TupleState()  # the parties' documents, as recorded (cases filed before: none)
    judicial: dict | None = None  # snapshots taken before judicial cases existed
    tax_claims: TaxClaims = NO_CLAIMS  # snapshots taken before claims existed
    seller_original_cost: Decimal | None = None
    referred: list | None = None  # the rules' outcomes when they sent the case to the registrar (秒批 not given)
    returned: dict | None = None  # the registrar's one return for supplement: {"missing", "note", "by", "at"}

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        """Filed before kinds and agents, as its upcast ``Submitted`` says: ``filed_kind`` tells which it was."""
        state.update(case_kind=None, mandates=[])

    @staticmethod
    def create_id(unit_number: str, contract_number: str):  # noqa: ANN205
        return ids.transfer_case_id(unit_number, contract_number)

    @classmethod
    def submit(
        cls, *, registry: str, unit_number: str, unit_location: str, unit_area: Decimal, unit_use: Use,
        filed_by: str, filer_id_number: str, sellers: list[Person], buyers: list[Owner], price: Decimal,
        contract_number: str, contract_date: date, families: dict[str, list[FamilyMember]],
        certificates_wanted: int, home_counts: list[HomeCount], at: datetime,
        seller_acquired_on: date | None = None, seller_homes: int = 0, seller_original_cost: Decimal | None = None,
        tax_claims: TaxClaims = NO_CLAIMS, kind: KindSpec, mandates: Sequence[Mandate] = (),
    ) -> TransferCase:
        kind.check_unit_use(unit_use)
        kind.check_sections(families=any(families.values()), claims=tax_claims)
        exact_decimal(price, places=2, field="price")
        tax_claims.check_against(seller_original_cost)
        check_shares_sum_to_one(buyers)
        check_filer_may_file(filer_id_number, sellers, buyers, list(mandates), at.date())
        check_no_one_buys_from_themselves(sellers, buyers)
        check_certificates_wanted(certificates_wanted, len(buyers))
        if not contract_number.strip():
            raise InvalidValue("contract number is required", field="contract_number")
        if contract_date > at.date():
            raise InvalidValue("contract date cannot be in the future", field="contract_date")
        return cls(
            registry=registry, unit_number=unit_number, unit_location=unit_location, unit_area=unit_area,
            unit_use=unit_use, filed_by=filed_by, filer_id_number=filer_id_number, sellers=list(sellers),
            buyers=list(buyers), price=price, contract_number=contract_number, contract_date=contract_date,
            families=families, certificates_wanted=certificates_wanted, home_counts=list(home_counts),
            seller_acquired_on=seller_acquired_on, seller_homes=seller_homes,
            seller_original_cost=seller_original_cost, judicial=None, tax_claims=tax_claims,
            case_kind=kind.kind.value, seller_kind=kind.seller.value, buyer_kind=kind.buyer.value,
            mandates=[as_recorded(m) for m in mandates], at=at,
        )

    @classmethod
    def open_by_ruling(
        cls, *, registry: str, unit_number: str, unit_location: str, unit_area: Decimal, unit_use: Use,
        court: str, owners: list[Person], buyers: list[Owner], price: Decimal, ruling: dict, ruling_date: date,
        families: dict[str, list[FamilyMember]], home_counts: list[HomeCount], seller_acquired_on: date | None,
        seller_homes: int,
        seller_original_cost: Decimal | None, at: datetime,
    ) -> TransferCase:
        """A judicial transfer (KZCS 15): opened by the court, not by the parties. The owners are recorded as the
        sellers whose title passes, the ruling number stands for the contract, and the day the ruling was served
        is the tax date; the buyer pays the taxes and fee through the combined payment like any buyer. The
        buyers' spouses and minor children named in the ruling are kept as a filing's families are."""
        exact_decimal(price, places=2, field="price")
        check_shares_sum_to_one(buyers)
        check_no_one_buys_from_themselves(owners, buyers)
        check_families_are_the_buyers(families, buyers)
        if ruling_date > at.date():
            raise InvalidValue("the ruling cannot be served in the future", field="ruling_date")
        return cls(
            registry=registry, unit_number=unit_number, unit_location=unit_location, unit_area=unit_area,
            unit_use=unit_use, filed_by=court, filer_id_number="", sellers=list(owners), buyers=list(buyers),
            price=price, contract_number=ruling["ruling_number"], contract_date=ruling_date, families=families,
            certificates_wanted=1, home_counts=list(home_counts), seller_acquired_on=seller_acquired_on,
            seller_homes=seller_homes, seller_original_cost=seller_original_cost, judicial=dict(ruling),
            tax_claims=NO_CLAIMS, case_kind=TransferKind.JUDICIAL.value, seller_kind="individual",
            buyer_kind="individual", mandates=[], at=at,
        )

    @event(Created)
    def __init__(
        self, registry: str, unit_number: str, unit_location: str, unit_area: Decimal, unit_use: Use,
        filed_by: str, filer_id_number: str, sellers: list[Person], buyers: list[Owner], price: Decimal,
        contract_number: str, contract_date: date, families: dict[str, list[FamilyMember]],
        certificates_wanted: int, home_counts: list[HomeCount], seller_acquired_on: date | None,
        seller_homes: int, seller_original_cost: Decimal | None, judicial: dict | None, tax_claims: TaxClaims,
        case_kind: str | None, seller_kind: str, buyer_kind: str, mandates: list[dict], at: datetime,
    ) -> None:
        self.registry = registry
        self.case_kind = case_kind
        self.mandates = list(mandates)  # a list, as a snapshot's JSON brings it back
        self.judicial = judicial  # the court's ruling (KZCS 15) when a court opened the case
        self.tax_claims = tax_claims
        self.seller_original_cost = seller_original_cost
        self.unit_number = unit_number
        self.filed_by = filed_by
        self.filer_id_number = filer_id_number
        self.sellers = list(sellers)
        self.buyers = list(buyers)
        self.price = price
        self.contract_number = contract_number
        self.contract_date = contract_date
        self.certificates_wanted = certificates_wanted
        self.home_counts = list(home_counts)
        self.submitted_at = at
        self.state = CaseState.AWAITING_SETTLEMENT
        self.certificate_number: str | None = None

    def party_id_numbers(self) -> set[str]:
        return {p.id_number for p in self.sellers} | {o.person.id_number for o in self.buyers}

    # -- rules -------------------------------------------------------------------------------
    def check_pending_review(self) -> None:
        if self.state is not CaseState.PENDING_REVIEW:
            raise CaseNotPending(f"the case is {self.state.value}, not pending review")

    # -- the seam for taxes and the combined payment ---------------------------------------------
    def record_settlement(self, reference: str, at: datetime) -> bool:
        """Idempotent: a policy re-delivering the same hand-off changes nothing."""
        if self.state is not CaseState.AWAITING_SETTLEMENT:
            return False
        self._settled(reference=reference, at=at)
        return True

    @event(Settled)
    def _settled(self, reference: str, at: datetime) -> None:
        self.state = CaseState.PENDING_REVIEW

    # -- the applicant's correction before payment -----------------------------------------------------
    def check_correctable(self) -> None:
        if self.judicial:
            raise CaseNotCorrectable("a court's ruling opened this case: only the court can change it")
        if self.state is not CaseState.AWAITING_SETTLEMENT:
            raise CaseNotCorrectable(f"the case is {self.state.value}: it can be corrected only before payment")

    def correct(self, *, by: str, price: Decimal, contract_date: date, tax_claims: TaxClaims, at: datetime) -> None:
        """Change the contract date, the price or the tax claims while nothing is paid; taxes are assessed afresh."""
        self.check_correctable()
        exact_decimal(price, places=2, field="price")
        if contract_date > at.date():
            raise InvalidValue("contract date cannot be in the future", field="contract_date")
        tax_claims.check_against(self.seller_original_cost)
        if (price, contract_date, tax_claims) == (self.price, self.contract_date, self.tax_claims):
            raise InvalidValue("the correction changes nothing", field="contract_date")
        self._corrected(by=by, price=price, contract_date=contract_date, tax_claims=tax_claims, at=at)

    @event(Corrected)
    def _corrected(self, by: str, price: Decimal, contract_date: date, tax_claims: TaxClaims, at: datetime) -> None:
        self.price, self.contract_date, self.tax_claims = price, contract_date, tax_claims

    def attach_mortgage_part(self, *, filing_id: str, kind: str, bank: str, at: datetime) -> None:
        if self.state not in (CaseState.AWAITING_SETTLEMENT, CaseState.PENDING_REVIEW):
            raise CaseNotPending(f"the transfer is {self.state.value}: a mortgage can no longer join it")
        self._mortgage_part_attached(filing_id=filing_id, kind=kind, bank=bank, at=at)

    @event(MortgagePartAttached)
    def _mortgage_part_attached(self, filing_id: str, kind: str, bank: str, at: datetime) -> None:
        self.mortgage_parts = (*self.mortgage_parts, filing_id)

    # -- the registrar's decision ------------------------------------------------------------
    def approve(self, *, registrar: str, certificate_number: str, at: datetime, ruleset: str = "",
                outcomes: Sequence[CheckOutcome] = ()) -> None:
        """By a registrar, or by rule (秒批) when ``ruleset`` names the rules whose ``outcomes`` all passed."""
        self.check_pending_review()
        self.check_mandates_confirmed()
        self._approved(registrar=registrar, certificate_number=certificate_number, by_rule=bool(ruleset),
                       ruleset=ruleset, outcomes=list(outcomes), at=at)

    @event(Approved)
    def _approved(self, registrar: str, certificate_number: str, by_rule: bool, ruleset: str,
                  outcomes: list[CheckOutcome], at: datetime) -> None:
        self.state = CaseState.APPROVED
        self.certificate_number = certificate_number

    @event(Referred)  # only when the case is settled (transfers/instant.py): no guard of its own
    def refer(self, ruleset: str, outcomes: list[CheckOutcome], at: datetime) -> None:
        self.referred = list(outcomes)

    def reject(self, *, registrar: str, reason: str, at: datetime) -> None:
        self.check_pending_review()
        if not reason or not reason.strip():
            raise ReasonRequired("a rejection needs a reason", field="reason")
        self._rejected(registrar=registrar, reason=reason.strip(), at=at)

    @event(Rejected)
    def _rejected(self, registrar: str, reason: str, at: datetime) -> None:
        self.state = CaseState.REJECTED

    def withdraw(self, *, by: str, reason: str, at: datetime) -> None:
        if self.judicial:
            raise CaseNotWithdrawable("a court's ruling opened this case: only the court can end it")
        if self.state not in (CaseState.AWAITING_SETTLEMENT, CaseState.PENDING_REVIEW, CaseState.RETURNED):
            raise CaseNotWithdrawable(f"the case is {self.state.value} and can no longer be withdrawn")
        self._withdrawn(by=by, reason=reason.strip(), at=at)

    @event(Withdrawn)
    def _withdrawn(self, by: str, reason: str, at: datetime) -> None:
        self.state = CaseState.WITHDRAWN

    @event(MandateConfirmed)
    def _mandate_confirmed(self, principal_id_number: str, by: str, at: datetime) -> None:
        self.mandates = self.confirmed(principal_id_number, at)

    @event(ReturnedForSupplement)
    def _returned_for_supplement(self, registrar: str, missing: list[str], note: str, at: datetime) -> None:
        self.state = CaseState.RETURNED
        self.returned = {"missing": list(missing), "note": note, "by": registrar, "at": at}

    @event(Resubmitted)
    def _resubmitted(self, by: str, note: str, at: datetime) -> None:
        self.state = CaseState.PENDING_REVIEW

    def check_open_for_documents(self) -> None:
        if self.state in (CaseState.APPROVED, CaseState.REJECTED, CaseState.WITHDRAWN):
            raise CaseNotPending(f"the case is {self.state.value}: it takes no more documents")

    @event(DocumentAttached)
    def _document_attached(self, kind: str, filename: str, content_type: str, sha256: str, size: int, by: str,
                           at: datetime) -> None:
        self.attachments = (*self.attachments, {"kind": kind, "filename": filename, "content_type": content_type,
                                                "sha256": sha256, "size": size, "by": by, "at": at})
