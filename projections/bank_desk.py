"""The bank's desk: its mortgage filings and their states, its live mortgages with their current rank,
its monthly fee statement, and the notifications pushed to it (the webhook deliverer and the pollable
feed read the same table).

Ranks are kept per unit from the unit's own events, mirroring the register book: a new mortgage takes
the next place, a change of rank moves one mortgage, a discharge closes the gap.

This module writes the tables (declared, with the handlers' row helpers, in ``projections.bank_desk_rows``);
the scoped reads are in ``projections.bank_queries``.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from decimal import Decimal
from functools import singledispatchmethod
from typing import TYPE_CHECKING

from events import certificate as certificate_events
from events import mortgage as mortgage_events
from events import unit as unit_events
from projections.bank_desk_rows import (
    ACCESS,
    FILINGS,
    MORTGAGES,
    NOTIFICATIONS,
    SUPPLEMENTS,
    UNITS,
    about,
    banks_asked,
    filing_row,
    metadata,
    notify,
    outcome_rows,
    people_rows,
    renumber,
    tell_mortgagees,
    term_columns,
    terms_of,
    told_of_decision,
    unit_number_of,
    update_filing,
    update_mortgage,
)
from projections.base import Projection, creates, dumps, insert, loads, timestamp
from registry.kernel.codes import CertificateKind
from registry.mortgages.values import FilingState

if TYPE_CHECKING:
    from adapters.viewstore import Tx

REGISTRY_CALENDAR = timezone(timedelta(hours=8))  # months of the statement are Asia/Shanghai months
CENTS = Decimal("0.01")


class BankDesk(Projection):
    name = "bank_desk"
    tables = [FILINGS, ACCESS, MORTGAGES, UNITS, NOTIFICATIONS, SUPPLEMENTS]
    metadata = metadata
    ddl = creates(metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Events this view does not show are ignored."""

    # -- filings -----------------------------------------------------------------------------------
    @process.register(mortgage_events.Filed)
    def _filed(self, event: mortgage_events.Filed, tx: Tx) -> None:
        filing_id = str(event.originator_id)
        insert(tx, FILINGS, {
            "filing_id": filing_id, "kind": event.kind.value, "state": FilingState.AWAITING_CONSENT.value,
            "bank": event.bank, "bank_name": event.bank_name, "bank_reference": event.bank_reference,
            "filed_by": event.filed_by, "registry": event.registry, "unit_numbers": dumps(event.unit_numbers),
            "mortgage_ids": dumps(event.mortgage_ids), "mortgagors": dumps(people_rows(event.mortgagors)),
            "terms": dumps(terms_of(event.terms)), "rank": event.rank, "assignee": event.assignee,
            "assignee_name": event.assignee_name, "location": event.location,
            "transfer_case_id": event.transfer_case_id, "consents_needed": dumps(event.consents_needed),
            "consents": dumps([]), "fee": str(event.fee.quantize(CENTS)), "outcomes": dumps([]),
            "proof_numbers": dumps([]),
            "filed_at": timestamp(event.at), "version": event.originator_version, "updated_at": timestamp(event.at)})
        insert(tx, ACCESS, {"filing_id": filing_id, "bank": event.bank, "why": "filer"})
        for bank in banks_asked(event.consents_needed, event.bank):
            insert(tx, ACCESS, {"filing_id": filing_id, "bank": bank,
                                "why": "assignee" if bank == event.assignee else "consent"})
            notify(tx, event, bank, "consent_requested", filing_id, event.unit_numbers, {
                "filing_id": filing_id, "kind": event.kind.value, "bank": event.bank, "bank_name": event.bank_name,
                "unit_numbers": event.unit_numbers, "rank": event.rank})

    @process.register(mortgage_events.Consented)
    def _consented(self, event: mortgage_events.Consented, tx: Tx) -> None:
        row = tx.one(f"SELECT consents FROM {FILINGS} WHERE filing_id = :filing_id",
                     {"filing_id": str(event.originator_id)})
        update_filing(tx, event, consents=dumps([*loads(row["consents"]), event.party]))

    @process.register(mortgage_events.Declined)
    def _declined(self, event: mortgage_events.Declined, tx: Tx) -> None:
        update_filing(tx, event, state=FilingState.DECLINED.value, reason=event.reason or "a party declined",
                decided_at=timestamp(event.at))

    @process.register(mortgage_events.Registered)
    def _registered(self, event: mortgage_events.Registered, tx: Tx) -> None:
        at = event.at.astimezone(REGISTRY_CALENDAR)
        update_filing(tx, event, state=FilingState.REGISTERED.value, ruleset=event.ruleset,
                outcomes=dumps(outcome_rows(event.outcomes)), proof_numbers=dumps(event.proof_numbers),
                mortgage_ids=dumps(event.mortgage_ids), decided_at=timestamp(event.at), decided_by=event.by,
                registered_month=at.strftime("%Y-%m"), reason=None)
        filing = filing_row(tx, event)
        for bank in told_of_decision(filing):
            notify(tx, event, bank, "filing_registered", filing["filing_id"], filing["unit_numbers"], {
                **about(filing, bank), "proof_numbers": event.proof_numbers, "fee": filing["fee"],
                "by_rule": event.by == "rule"})

    @process.register(mortgage_events.Queued)
    def _queued(self, event: mortgage_events.Queued, tx: Tx) -> None:
        reasons = [o for o in outcome_rows(event.outcomes) if o["verdict"] != "pass"]
        update_filing(tx, event, state=FilingState.QUEUED.value, ruleset=event.ruleset,
                outcomes=dumps(outcome_rows(event.outcomes)), reason="; ".join(o["message"] for o in reasons))
        filing = filing_row(tx, event)
        notify(tx, event, filing["bank"], "filing_queued", filing["filing_id"], filing["unit_numbers"],
                {**about(filing, filing["bank"]), "reasons": reasons})

    @process.register(mortgage_events.ReturnedForSupplement)
    def _returned(self, event: mortgage_events.ReturnedForSupplement, tx: Tx) -> None:
        """补正: the filing bank is told, once, everything the registrar asks for."""
        update_filing(tx, event, state=FilingState.RETURNED.value)
        tx.execute(f"DELETE FROM {SUPPLEMENTS} WHERE filing_id = :filing_id", {"filing_id": str(event.originator_id)})
        insert(tx, SUPPLEMENTS, {"filing_id": str(event.originator_id), "missing": dumps(list(event.missing)),
                                 "note": event.note, "returned_at": timestamp(event.at), "resubmitted_at": None})
        filing = filing_row(tx, event)
        notify(tx, event, filing["bank"], "filing_returned", filing["filing_id"], filing["unit_numbers"],
               {**about(filing, filing["bank"]), "missing": list(event.missing), "note": event.note})

    @process.register(mortgage_events.Resubmitted)
    def _resubmitted(self, event: mortgage_events.Resubmitted, tx: Tx) -> None:
        update_filing(tx, event, state=FilingState.QUEUED.value)
        tx.execute(f"UPDATE {SUPPLEMENTS} SET resubmitted_at = :at WHERE filing_id = :filing_id",
                   {"at": timestamp(event.at), "filing_id": str(event.originator_id)})

    @process.register(mortgage_events.Staged)
    def _staged(self, event: mortgage_events.Staged, tx: Tx) -> None:
        update_filing(tx, event, state=FilingState.STAGED.value, ruleset=event.ruleset,
                outcomes=dumps(outcome_rows(event.outcomes)))

    @process.register(mortgage_events.Rejected)
    def _rejected(self, event: mortgage_events.Rejected, tx: Tx) -> None:
        update_filing(tx, event, state=FilingState.REJECTED.value, reason=event.reason, decided_at=timestamp(event.at),
                decided_by=event.registrar)
        filing = filing_row(tx, event)
        for bank in told_of_decision(filing):
            notify(tx, event, bank, "filing_rejected", filing["filing_id"], filing["unit_numbers"],
                    {**about(filing, bank), "reason": event.reason})

    # -- the mortgages on each unit's page ---------------------------------------------------------
    @process.register(unit_events.Registered)
    def _unit_registered(self, event: unit_events.Registered, tx: Tx) -> None:
        insert(tx, UNITS, {"unit_id": str(event.originator_id), "unit_number": event.unit_number})

    @process.register(unit_events.MortgageRegistered)
    def _mortgage_registered(self, event: unit_events.MortgageRegistered, tx: Tx) -> None:
        mortgage, unit_id = event.mortgage, str(event.originator_id)
        insert(tx, MORTGAGES, {
            "mortgage_id": mortgage.mortgage_id, "unit_id": unit_id, "unit_number": unit_number_of(tx, unit_id),
            "bank": mortgage.bank, "bank_name": mortgage.bank_name, "rank": 0, **term_columns(mortgage.terms),
            "proof_number": mortgage.proof_number, "registered_at": timestamp(event.at),
            "filing_id": mortgage.filing_id})
        renumber(tx, unit_id, mortgage.mortgage_id, place=None)

    @process.register(unit_events.MortgageChanged)
    def _mortgage_changed(self, event: unit_events.MortgageChanged, tx: Tx) -> None:
        # the filing under which the current proof was issued: proof number and filing go together
        update_mortgage(tx, event.mortgage_id, **term_columns(event.terms), proof_number=event.proof_number,
                         filing_id=event.filing_id)
        renumber(tx, str(event.originator_id), event.mortgage_id, place=event.rank)

    @process.register(unit_events.MortgageTransferred)
    def _mortgage_transferred(self, event: unit_events.MortgageTransferred, tx: Tx) -> None:
        update_mortgage(tx, event.mortgage_id, bank=event.bank, bank_name=event.bank_name,
                         proof_number=event.proof_number, filing_id=event.filing_id)

    @process.register(unit_events.MortgageReranked)
    def _mortgage_reranked(self, event: unit_events.MortgageReranked, tx: Tx) -> None:
        """Another registration moved the bank's mortgage: its rank (kept by ``_rank``) and proof number change,
        and the bank is told now; ``proof_issued`` follows once the new proof is sealed."""
        update_mortgage(tx, event.mortgage_id, proof_number=event.proof_number)
        unit_number = unit_number_of(tx, str(event.originator_id))
        notify(tx, event, event.bank, "mortgage_reranked", None, [unit_number], {
            "mortgage_id": event.mortgage_id, "unit_number": unit_number, "rank": event.rank,
            "previous_rank": event.previous_rank, "proof_number": event.proof_number,
            "previous_proof_number": event.previous_proof_number})

    @process.register(unit_events.MortgageDischarged)
    def _mortgage_discharged(self, event: unit_events.MortgageDischarged, tx: Tx) -> None:
        unit_id = str(event.originator_id)
        unit_number = unit_number_of(tx, unit_id)
        tx.execute(f"DELETE FROM {MORTGAGES} WHERE mortgage_id = :mortgage_id", {"mortgage_id": event.mortgage_id})
        renumber(tx, unit_id, None, place=None)
        about = {"mortgage_id": event.mortgage_id, "unit_number": unit_number, "proof_number": event.proof_number}
        if isinstance(event, unit_events.MortgageExtinguished):
            # 涂销 after a judicial auction: the bank is paid from the price, the court named so it can claim
            notify(tx, event, event.bank, "mortgage_extinguished", None, [unit_number], {
                **about, "court": event.court, "court_name": event.court_name, "ruling_number": event.ruling_number,
                "case_id": event.case_id})
        else:
            notify(tx, event, event.bank, "mortgage_discharged", event.filing_id, [unit_number],
                    {**about, "filing_id": event.filing_id})

    @process.register(mortgage_events.LoanDisbursed)
    def _loan_disbursed(self, event: mortgage_events.LoanDisbursed, tx: Tx) -> None:
        """The bank's own record of the loan it paid to the auction court (the court's feed says the same)."""
        update_filing(tx, event)
        filing = filing_row(tx, event)
        notify(tx, event, filing["bank"], "loan_disbursed", filing["filing_id"], filing["unit_numbers"], {
            **about(filing, filing["bank"]), "court_name": event.court_name, "amount": str(event.amount),
            "account": event.account, "reference": event.reference, "paid_on": event.paid_on.isoformat()})

    @process.register(unit_events.Seized)
    def _seized(self, event: unit_events.Seized, tx: Tx) -> None:
        """A court seized (or queued a seizure on) a unit the bank holds a mortgage on."""
        tell_mortgagees(tx, event, authority=event.court_name, reason="查封（轮候）" if event.queued else "查封",
                         until=event.end)

    @process.register(unit_events.Locked)
    def _locked(self, event: unit_events.Locked, tx: Tx) -> None:
        tell_mortgagees(tx, event, authority=event.authority, reason=event.reason, until=event.until)

    # -- proofs pushed to the bank -----------------------------------------------------------------
    @process.register(certificate_events.Issued)
    def _issued(self, event: certificate_events.Issued, tx: Tx) -> None:
        bank = event.holder_org  # a proof names the bank holding the right (certificate v2)
        if event.kind is not CertificateKind.PROOF or not bank:
            return
        certificate_id = str(event.originator_id)
        notify(tx, event, bank, "proof_issued", event.case_id or None, [event.unit_number], {
            "certificate_id": certificate_id, "number": event.number, "unit_number": event.unit_number,
            "filing_id": event.case_id, "download": f"/api/v1/certificates/{certificate_id}.pdf"})
