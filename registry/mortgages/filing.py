"""One bank filing (first, change, transfer, discharge, pre-notice) through consent, checks and decision."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from events import mortgage as mortgage_events
from registry.kernel import ids
from registry.kernel.attachments import AttachmentCommands
from registry.kernel.codes import Supplement, Use
from registry.kernel.errors import ConsentNotExpected, FilingNotPending, InvalidValue, ReasonRequired, RuleFailed
from registry.kernel.state import TupleState
from registry.kernel.supplements import check_not_returned_before, check_note, check_supplement_list
from registry.kernel.values import Person
from registry.mortgages.values import CheckOutcome, FilingKind, FilingState, MortgageTerms

RESIDENTIAL_FEE, NON_RESIDENTIAL_FEE = Decimal("80"), Decimal("550")
FREE_KINDS = (FilingKind.DISCHARGE, FilingKind.PRE_NOTICE)


def filing_fee(kind: FilingKind, uses: list[Use]) -> Decimal:
    """Per filing, paid by the bank: 80 for housing (and garages, storerooms), 550 otherwise; discharge and
    pre-notice free. A filing over several units pays the highest class among them."""
    if kind in FREE_KINDS:
        return Decimal("0")
    return NON_RESIDENTIAL_FEE if Use.NON_RESIDENTIAL in uses else RESIDENTIAL_FEE


def person_party(id_number: str) -> str:
    return f"person:{id_number}"


def bank_party(org: str) -> str:
    return f"bank:{org}"


class MortgageFiling(AttachmentCommands, Aggregate):
    TOPIC = "registry.mortgage_filing"
    Created = mortgage_events.Filed
    Consented = mortgage_events.Consented
    Declined = mortgage_events.Declined
    Registered = mortgage_events.Registered
    Queued = mortgage_events.Queued
    Staged = mortgage_events.Staged
    Rejected = mortgage_events.Rejected
    LoanDisbursed = mortgage_events.LoanDisbursed
    ReturnedForSupplement = mortgage_events.ReturnedForSupplement
    Resubmitted = mortgage_events.Resubmitted
    DocumentAttached = mortgage_events.DocumentAttached
    attachments = TupleState()  # the bank's documents (the loan contract), as recorded
    disbursement: dict | None = None  # e拍即得: the loan paid into the auction court's account
    returned: dict | None = None  # the registrar's one return for supplement: {"missing", "note", "by", "at"}

    @staticmethod
    def create_id(bank: str, bank_reference: str):  # noqa: ANN205
        return ids.mortgage_filing_id(bank, bank_reference)

    @event(Created)
    def __init__(self, kind: FilingKind, bank: str, bank_name: str, filed_by: str, bank_reference: str,
                 registry: str, unit_numbers: list[str], mortgage_ids: list[str], mortgagors: list[Person],
                 terms: MortgageTerms | None, rank: int, assignee: str, assignee_name: str, location: str,
                 transfer_case_id: str, consents_needed: list[str], fee: Decimal, at: datetime) -> None:
        self.kind = kind
        self.bank = bank
        self.bank_name = bank_name
        self.bank_reference = bank_reference
        self.registry = registry
        self.unit_numbers = list(unit_numbers)
        self.mortgage_ids = list(mortgage_ids)
        self.mortgagors = list(mortgagors)
        self.terms = terms
        self.rank = rank
        self.assignee = assignee
        self.assignee_name = assignee_name
        self.location = location
        self.transfer_case_id = transfer_case_id
        self.consents_needed = list(consents_needed)
        self.consents: list[str] = []
        self.fee = fee
        self.filed_at = at
        self.state = FilingState.AWAITING_CONSENT
        self.outcomes: list[CheckOutcome] = []
        self.proof_numbers: list[str] = []

    # -- the joint application ---------------------------------------------------------------------
    def awaiting(self) -> list[str]:
        return [p for p in self.consents_needed if p not in self.consents]

    def check_awaits_consent_of(self, party: str) -> None:
        if party not in self.consents_needed:
            raise ConsentNotExpected("this filing does not wait for your confirmation")
        if self.state is not FilingState.AWAITING_CONSENT:
            raise FilingNotPending(f"the filing is {self.state.value}, no longer waiting for confirmation")

    def consent(self, *, party: str, by: str, at: datetime) -> bool:
        """Records one party's confirmation; True when it was the last one awaited, so the filing is decided
        now. Confirming again changes nothing in any state (a second click after the registration)."""
        if party in self.consents:
            return False
        self.check_awaits_consent_of(party)
        self._consented(party=party, by=by, at=at)
        return not self.awaiting()

    @event(Consented)
    def _consented(self, party: str, by: str, at: datetime) -> None:
        self.consents.append(party)

    def decline(self, *, party: str, by: str, reason: str, at: datetime) -> None:
        self.check_awaits_consent_of(party)
        self._declined(party=party, by=by, reason=reason.strip(), at=at)

    @event(Declined)
    def _declined(self, party: str, by: str, reason: str, at: datetime) -> None:
        self.state = FilingState.DECLINED

    # -- checks and decisions ----------------------------------------------------------------------
    def check_ready_for_decision(self) -> None:
        if self.state is not FilingState.AWAITING_CONSENT or self.awaiting():
            raise FilingNotPending(f"the filing is {self.state.value}")

    def check_queued(self) -> None:
        if self.state is not FilingState.QUEUED:
            raise FilingNotPending(f"the filing is {self.state.value}, not waiting for a registrar")

    def check_staged(self) -> None:
        if self.state is not FilingState.STAGED:
            raise FilingNotPending(f"the filing is {self.state.value}, not ready for the combined registration")

    def register(self, *, ruleset: str, outcomes: list[CheckOutcome], by: str, proof_numbers: list[str],
                 mortgage_ids: list[str], at: datetime) -> None:
        if self.state not in (FilingState.AWAITING_CONSENT, FilingState.QUEUED, FilingState.STAGED):
            raise FilingNotPending(f"the filing is {self.state.value}")
        self._registered(ruleset=ruleset, outcomes=list(outcomes), by=by, proof_numbers=list(proof_numbers),
                         mortgage_ids=list(mortgage_ids), at=at)

    @event(Registered)
    def _registered(self, ruleset: str, outcomes: list[CheckOutcome], by: str, proof_numbers: list[str],
                    mortgage_ids: list[str], at: datetime) -> None:
        self.state = FilingState.REGISTERED
        self.outcomes = list(outcomes)
        self.proof_numbers = list(proof_numbers)
        self.mortgage_ids = list(mortgage_ids)

    def queue(self, *, ruleset: str, outcomes: list[CheckOutcome], at: datetime) -> None:
        self.check_ready_for_decision()
        self._queued(ruleset=ruleset, outcomes=list(outcomes), at=at)

    @event(Queued)
    def _queued(self, ruleset: str, outcomes: list[CheckOutcome], at: datetime) -> None:
        self.state = FilingState.QUEUED
        self.outcomes = list(outcomes)

    def stage(self, *, ruleset: str, outcomes: list[CheckOutcome], at: datetime) -> None:
        self.check_ready_for_decision()
        self._staged(ruleset=ruleset, outcomes=list(outcomes), at=at)

    @event(Staged)
    def _staged(self, ruleset: str, outcomes: list[CheckOutcome], at: datetime) -> None:
        self.state = FilingState.STAGED
        self.outcomes = list(outcomes)

    def reject(self, *, registrar: str, reason: str, at: datetime) -> None:
        if self.state not in (FilingState.QUEUED, FilingState.STAGED):
            raise FilingNotPending(f"the filing is {self.state.value}, not waiting for a registrar")
        if not reason or not reason.strip():
            raise ReasonRequired("a rejection needs a reason", field="reason")
        self._rejected(registrar=registrar, reason=reason.strip(), at=at)

    def return_for_supplement(self, *, registrar: str, missing: Sequence[Supplement], note: str,
                              at: datetime) -> None:
        self.check_queued()
        check_not_returned_before(self.returned)
        check_supplement_list(missing, note)
        self._returned_for_supplement(registrar=registrar, missing=[m.value for m in missing], note=note.strip(),
                                      at=at)

    @event(ReturnedForSupplement)
    def _returned_for_supplement(self, registrar: str, missing: list[str], note: str, at: datetime) -> None:
        self.state = FilingState.RETURNED
        self.returned = {"missing": list(missing), "note": note, "by": registrar, "at": at}

    def resubmit(self, *, by: str, note: str, at: datetime) -> None:
        if self.state is not FilingState.RETURNED:
            raise FilingNotPending(f"the filing is {self.state.value}, not returned for supplement")
        check_note(note)
        self._resubmitted(by=by, note=note.strip(), at=at)

    @event(Resubmitted)
    def _resubmitted(self, by: str, note: str, at: datetime) -> None:
        self.state = FilingState.QUEUED

    def check_open_for_documents(self) -> None:
        if self.state in (FilingState.REGISTERED, FilingState.REJECTED, FilingState.DECLINED):
            raise FilingNotPending(f"the filing is {self.state.value}: it takes no more documents")

    @event(DocumentAttached)
    def _document_attached(self, kind: str, filename: str, content_type: str, sha256: str, size: int, by: str,
                           at: datetime) -> None:
        self.attachments = (*self.attachments, {"kind": kind, "filename": filename, "content_type": content_type,
                                                "sha256": sha256, "size": size, "by": by, "at": at})

    def reject_with_transfer(self, *, registrar: str, reason: str, at: datetime) -> bool:
        """带押过户: the registrar rejected the transfer this part belongs to, so the part ends with it (even
        while it still waits for a confirmation). True when it was still open."""
        if self.state not in (FilingState.AWAITING_CONSENT, FilingState.QUEUED, FilingState.STAGED):
            return False
        self._rejected(registrar=registrar, reason=f"the transfer was rejected: {reason.strip()}", at=at)
        return True

    def record_disbursement(self, *, court: str, court_name: str, case_id: str, amount: Decimal, account: str,
                            reference: str, paid_on: date, at: datetime) -> bool:
        """Once per filing; the same payment reported again changes nothing (False)."""
        if self.state is not FilingState.REGISTERED:
            raise FilingNotPending(f"the filing is {self.state.value}: record the loan once the mortgage is registered")
        if self.disbursement is not None:
            if self.disbursement["reference"] == reference:
                return False
            raise RuleFailed("one_disbursement_per_mortgage",
                             f"the loan was already recorded as paid ({self.disbursement['reference']})",
                             field="reference")
        self._loan_disbursed(court=court, court_name=court_name, case_id=case_id, amount=amount, account=account,
                             reference=reference, paid_on=paid_on, at=at)
        return True

    @event(LoanDisbursed)
    def _loan_disbursed(self, court: str, court_name: str, case_id: str, amount: Decimal, account: str,
                        reference: str, paid_on: date, at: datetime) -> None:
        self.disbursement = {"court": court, "case_id": case_id, "amount": str(amount), "reference": reference}

    @event(Rejected)
    def _rejected(self, registrar: str, reason: str, at: datetime) -> None:
        self.state = FilingState.REJECTED


def check_filing_shape(kind: FilingKind, *, unit_numbers: list[str], mortgagors: list[Person],
                       terms: MortgageTerms | None, rank: int, proof_numbers: list[str], assignee: str) -> None:
    """What every filing of a kind must state before any rule looks at the register."""
    if not unit_numbers:
        raise InvalidValue("name at least one unit", field="units")
    if len(set(unit_numbers)) != len(unit_numbers):
        raise InvalidValue("a unit is listed twice", field="units")
    if kind in (FilingKind.FIRST, FilingKind.PRE_NOTICE) and terms is None:
        raise InvalidValue("the contract terms are required", field="terms")
    if kind is FilingKind.CHANGE and terms is None and rank == 0:
        raise InvalidValue("a change states the new terms, the new rank or both", field="terms")
    if rank < 0:
        raise InvalidValue("a rank starts at 1", field="rank")
    if kind in (FilingKind.FIRST, FilingKind.PRE_NOTICE) and not mortgagors:
        raise InvalidValue("name the mortgagors", field="mortgagors")
    if len({p.id_number for p in mortgagors}) != len(mortgagors):
        raise InvalidValue("a mortgagor is listed twice", field="mortgagors")
    if kind is FilingKind.FIRST and rank < 1:
        raise InvalidValue("the rank asked for starts at 1", field="rank")
    if kind in (FilingKind.CHANGE, FilingKind.TRANSFER, FilingKind.DISCHARGE) and \
            len(proof_numbers) != len(unit_numbers):
        raise InvalidValue("name the proof number of the mortgage on each unit", field="proof_numbers")
    if kind is FilingKind.TRANSFER and not assignee:
        raise InvalidValue("name the bank the debt is assigned to", field="assignee")
    if kind is FilingKind.PRE_NOTICE and len(unit_numbers) != 1:
        raise InvalidValue("a pre-notice names one flat", field="units")
