"""The court's desk: what a court's enforcement system sees of its own business at the registry.

* its requests (KZCS 11 / 12 / 14 / 15) with the feedback each got; a KZCS 15 request is also the court's
  auction case, with where it stands: ruling received → awaiting the buyer's payment → taxes paid, with the
  registrar → transferred (the buyer's new certificate) / refused, and the loans disbursed to the court;
* its seizures by state (active / queued / released / lapsed), kept from the unit's own events;
* its feed: one row per thing the court is told, in order, pushed by webhook and pollable (``FEED_KINDS``).

Feed rows are written like the bank desk's: ``seq`` is the court's next number and ``id`` a function of the
event, the court and what is told, so a rebuild writes the same rows and a court de-duplicates redeliveries.
This module writes the tables; the court-scoped reads are in ``projections.court_desk_queries``.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any
from uuid import uuid5

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text

from events import court as court_events
from events import mortgage as mortgage_events
from events import transfer as transfer_events
from events import unit as unit_events
from projections.base import Projection, creates, dumps, insert, loads, plain, timestamp
from registry.kernel.ids import NAMESPACE

if TYPE_CHECKING:
    from adapters.viewstore import Tx

REQUESTS, SEIZURES, FEED = "view_court_request", "view_court_seizure", "view_court_feed"
UNITS, FILINGS = "view_court_unit", "view_court_filing"
AUCTION = "15"
RULING_RECEIVED, AWAITING_PAYMENT, TAXES_PAID = "ruling_received", "awaiting_payment", "taxes_paid"
TRANSFERRED, REFUSED = "transferred", "refused"
FEED_KINDS = ("feedback", "seizure_activated", "seizure_lapsed", "seizure_flagged", "case_progressed",
              "case_completed", "loan_disbursed")

metadata = MetaData()
Table(REQUESTS, metadata, Column("order_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("court", "court_name", "request_id", "kzcs", "unit_number",
                                                        "case_number", "ruling_number", "seizure_reference")),
      Column("requested_start", Text), Column("requested_end", Text), Column("received_at", Text, nullable=False),
      *(Column(name, Text) for name in ("result", "code", "reason", "start_on", "end_on", "reference", "answered_at",
                                        "case_id", "stage", "stage_at", "ruling_date", "confirmation_number",
                                        "assistance_notice_number", "price", "buyers", "certificate_number", "loans")),
      Index(f"{REQUESTS}_court", "court", "received_at"), Index(f"{REQUESTS}_case", "case_id"))
Table(SEIZURES, metadata, Column("unit_id", Text, primary_key=True), Column("reference", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("court", "court_name", "unit_number", "state", "start_on",
                                                        "end_on", "served_at")),
      Column("flagged_by", Text), Column("updated_at", Text, nullable=False),
      Index(f"{SEIZURES}_court", "court", "state"))
Table(FEED, metadata, Column("id", Text, primary_key=True), Column("seq", Integer, nullable=False),
      Column("court", Text, nullable=False), Column("kind", Text, nullable=False),
      *(Column(name, Text) for name in ("request_id", "case_id", "unit_number")),
      Column("payload", Text, nullable=False), Column("at", Text, nullable=False),
      Index(f"{FEED}_order", "court", "seq", unique=True))
Table(UNITS, metadata, Column("unit_id", Text, primary_key=True), Column("unit_number", Text, nullable=False))
Table(FILINGS, metadata, Column("filing_id", Text, primary_key=True), Column("bank", Text, nullable=False),
      Column("bank_name", Text, nullable=False))


class CourtDesk(Projection):
    name = "court_desk"
    tables = [REQUESTS, SEIZURES, FEED, UNITS, FILINGS]
    metadata = metadata
    ddl = creates(metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Events a court is not told of are ignored."""

    # -- the court's requests and their feedback -----------------------------------------------------
    @process.register(court_events.Received)
    def _received(self, event: court_events.Received, tx: Tx) -> None:
        insert(tx, REQUESTS, {
            "order_id": str(event.originator_id), "court": event.court, "court_name": event.court_name,
            "request_id": event.request_id, "kzcs": event.kzcs, "unit_number": event.unit_number,
            "case_number": event.case_number, "ruling_number": event.ruling_number,
            "seizure_reference": event.seizure_reference, "requested_start": plain(event.start),
            "requested_end": plain(event.end), "received_at": timestamp(event.at)})

    @process.register(court_events.RulingServed)
    def _ruling_served(self, event: court_events.RulingServed, tx: Tx) -> None:
        tx.execute(f"UPDATE {REQUESTS} SET case_id = :case_id, stage = COALESCE(stage, :stage), "
                   "stage_at = COALESCE(stage_at, :stage_at), ruling_date = :ruling_date, "
                   "confirmation_number = :confirmation_number, assistance_notice_number = :assistance_notice_number, "
                   "price = :price, buyers = :buyers, loans = COALESCE(loans, :loans) WHERE order_id = :order_id",
                   {"case_id": event.case_id, "stage": RULING_RECEIVED, "stage_at": timestamp(event.at),
                    "ruling_date": plain(event.ruling_date), "confirmation_number": event.confirmation_number,
                    "assistance_notice_number": event.assistance_notice_number, "price": str(event.price),
                    "buyers": dumps([{"name": b["name"], "share": b.get("share", "")} for b in event.buyers]),
                    "loans": "[]", "order_id": str(event.originator_id)})

    @process.register(court_events.Answered)
    def _answered(self, event: court_events.Answered, tx: Tx) -> None:
        order_id = str(event.originator_id)
        tx.execute(f"UPDATE {REQUESTS} SET result = :result, code = :code, reason = :reason, start_on = :start_on, "
                   "end_on = :end_on, reference = :reference, answered_at = :answered_at WHERE order_id = :order_id",
                   {"result": event.result, "code": event.code, "reason": event.reason,
                    "start_on": plain(event.start), "end_on": plain(event.end), "reference": event.reference,
                    "answered_at": timestamp(event.at), "order_id": order_id})
        row = tx.one(f"SELECT * FROM {REQUESTS} WHERE order_id = :order_id", {"order_id": order_id})
        if row["kzcs"] == AUCTION and row["stage"] not in (TRANSFERRED, REFUSED):
            if event.result == "1":
                _stage(tx, row, TRANSFERRED, event, certificate_number=event.reference)
            else:
                _stage(tx, row, REFUSED, event)
        _tell(tx, event, row["court"], "feedback", row, {
            "order_id": order_id, "request_id": row["request_id"], "kzcs": row["kzcs"], "result": event.result,
            "code": event.code, "reason": event.reason, "start": plain(event.start), "end": plain(event.end),
            "reference": event.reference, "case_number": row["case_number"], "ruling_number": row["ruling_number"]})

    # -- the auction case ------------------------------------------------------------------------------
    @process.register(transfer_events.Submitted)
    def _case_opened(self, event: transfer_events.Submitted, tx: Tx) -> None:
        judicial = event.judicial
        if not judicial:
            return
        case_id = str(event.originator_id)
        tx.execute(f"UPDATE {REQUESTS} SET case_id = :case_id WHERE order_id = :order_id",
                   {"case_id": case_id, "order_id": judicial["order_id"]})
        row = _case(tx, case_id) or {"court": judicial["court"], "request_id": None, "case_id": case_id,
                                      "unit_number": event.unit_number, "order_id": judicial["order_id"]}
        _progress(tx, event, row, AWAITING_PAYMENT, "case_progressed")

    @process.register(transfer_events.Settled)
    def _case_settled(self, event: transfer_events.Settled, tx: Tx) -> None:
        row = _case(tx, str(event.originator_id))
        if row is not None:
            _progress(tx, event, row, TAXES_PAID, "case_progressed")

    @process.register(transfer_events.Approved)
    def _case_approved(self, event: transfer_events.Approved, tx: Tx) -> None:
        row = _case(tx, str(event.originator_id))
        if row is not None:
            _progress(tx, event, row, TRANSFERRED, "case_completed", certificate_number=event.certificate_number)

    @process.register(transfer_events.Rejected)
    def _case_rejected(self, event: transfer_events.Rejected, tx: Tx) -> None:
        row = _case(tx, str(event.originator_id))
        if row is not None:
            _progress(tx, event, row, REFUSED, "case_completed", reason=event.reason)

    @process.register(mortgage_events.Filed)
    def _filed(self, event: mortgage_events.Filed, tx: Tx) -> None:
        insert(tx, FILINGS, {"filing_id": str(event.originator_id), "bank": event.bank, "bank_name": event.bank_name})

    @process.register(mortgage_events.LoanDisbursed)
    def _loan_disbursed(self, event: mortgage_events.LoanDisbursed, tx: Tx) -> None:
        filing_id = str(event.originator_id)
        bank = tx.one(f"SELECT bank, bank_name FROM {FILINGS} WHERE filing_id = :filing_id",
                      {"filing_id": filing_id}) or {"bank": "", "bank_name": ""}
        loan = {"filing_id": filing_id, **bank, "amount": str(event.amount), "account": event.account,
                "reference": event.reference, "paid_on": plain(event.paid_on)}
        row = _case(tx, event.case_id)
        if row is not None:
            tx.execute(f"UPDATE {REQUESTS} SET loans = :loans WHERE order_id = :order_id",
                       {"loans": dumps([*(loads(row["loans"]) or []), loan]), "order_id": row["order_id"]})
        about = row or {"request_id": None, "case_id": event.case_id, "unit_number": None}
        _tell(tx, event, event.court, "loan_disbursed", about, {"case_id": event.case_id, **loan})

    # -- seizures on the unit's page -------------------------------------------------------------------
    @process.register(unit_events.Registered)
    def _unit(self, event: unit_events.Registered, tx: Tx) -> None:
        insert(tx, UNITS, {"unit_id": str(event.originator_id), "unit_number": event.unit_number})

    @process.register(unit_events.Seized)
    def _seized(self, event: unit_events.Seized, tx: Tx) -> None:
        insert(tx, SEIZURES, {
            "unit_id": str(event.originator_id), "reference": event.reference, "court": event.court,
            "court_name": event.court_name, "unit_number": _unit_number(tx, event),
            "state": "queued" if event.queued else "active", "start_on": plain(event.start),
            "end_on": plain(event.end), "served_at": timestamp(event.served_at), "updated_at": timestamp(event.at)})

    @process.register(unit_events.SeizureActivated)
    def _activated(self, event: unit_events.SeizureActivated, tx: Tx) -> None:
        _seizure(tx, event, state="active", start_on=plain(event.start), end_on=plain(event.end))
        _tell(tx, event, event.court, "seizure_activated", _about_unit(tx, event), {
            "reference": event.reference, "unit_number": _unit_number(tx, event), "start": plain(event.start),
            "end": plain(event.end), "after": event.after})

    @process.register(unit_events.SeizureRenewed)
    def _renewed(self, event: unit_events.SeizureRenewed, tx: Tx) -> None:
        _seizure(tx, event, end_on=plain(event.end))

    @process.register(unit_events.SeizureReleased)
    def _released(self, event: unit_events.SeizureReleased, tx: Tx) -> None:
        _seizure(tx, event, state="released")

    @process.register(unit_events.SeizureLapsed)
    def _lapsed(self, event: unit_events.SeizureLapsed, tx: Tx) -> None:
        _seizure(tx, event, state="lapsed")
        _tell(tx, event, event.court, "seizure_lapsed", _about_unit(tx, event), {
            "reference": event.reference, "unit_number": _unit_number(tx, event), "start": plain(event.start),
            "end": plain(event.end)})

    @process.register(unit_events.TransferredByRuling)
    def _transferred_by_ruling(self, event: unit_events.TransferredByRuling, tx: Tx) -> None:
        """Another court auctioned the unit: each seizure that stays is flagged to its court."""
        unit_number = _unit_number(tx, event)
        for seizure in event.flagged:
            tx.execute(f"UPDATE {SEIZURES} SET flagged_by = :flagged_by, updated_at = :updated_at "
                       "WHERE unit_id = :unit_id AND reference = :reference",
                       {"flagged_by": event.ruling_number, "updated_at": timestamp(event.at),
                        "unit_id": str(event.originator_id), "reference": seizure["reference"]})
            _tell(tx, event, seizure["court"], "seizure_flagged", _about_unit(tx, event), {
                "reference": seizure["reference"], "state": seizure["state"], "unit_number": unit_number,
                "auctioned_by": event.court, "auctioned_by_name": event.court_name,
                "ruling_number": event.ruling_number, "case_id": event.case_id,
                "certificate_number": event.certificate_number}, key=seizure["reference"])


# -- handler helpers -----------------------------------------------------------------------------------
def _unit_number(tx: Tx, event: Any) -> str:
    row = tx.one(f"SELECT unit_number FROM {UNITS} WHERE unit_id = :unit_id", {"unit_id": str(event.originator_id)})
    return row["unit_number"] if row else ""


def _about_unit(tx: Tx, event: Any) -> dict[str, Any]:
    return {"request_id": None, "case_id": None, "unit_number": _unit_number(tx, event)}


def _seizure(tx: Tx, event: Any, **columns: Any) -> None:
    columns["updated_at"] = timestamp(event.at)
    assignments = ", ".join(f"{column} = :{column}" for column in columns)  # our column names, never input
    tx.execute(f"UPDATE {SEIZURES} SET {assignments} WHERE unit_id = :seized_unit_id AND reference = :seized_reference",
               {**columns, "seized_unit_id": str(event.originator_id), "seized_reference": event.reference})


def _case(tx: Tx, case_id: str) -> dict[str, Any] | None:
    """The KZCS 15 request whose judicial transfer case this is (None for a case filed by the parties)."""
    return tx.one(f"SELECT * FROM {REQUESTS} WHERE case_id = :case_id", {"case_id": case_id})


def _stage(tx: Tx, row: dict[str, Any], stage: str, event: Any, **columns: Any) -> None:
    columns |= {"stage": stage, "stage_at": timestamp(event.at)}
    assignments = ", ".join(f"{column} = :{column}" for column in columns)  # our column names, never input
    tx.execute(f"UPDATE {REQUESTS} SET {assignments} WHERE order_id = :staged_order_id",
               {**columns, "staged_order_id": row["order_id"]})


def _progress(tx: Tx, event: Any, row: dict[str, Any], stage: str, kind: str, **told: Any) -> None:
    """The case moved on: the request row shows the stage, and the court is told."""
    columns = {k: v for k, v in told.items() if k == "certificate_number"}
    if row.get("kzcs"):
        _stage(tx, row, stage, event, **columns)
    _tell(tx, event, row["court"], kind, row, {
        "case_id": row["case_id"], "order_id": row["order_id"], "request_id": row["request_id"],
        "state": stage, **told})


def _tell(tx: Tx, event: Any, court: str, kind: str, about: dict[str, Any], payload: dict[str, Any],
          key: str = "") -> None:
    """Append to the court's feed: the court's next ``seq``; an ``id`` that a rebuild writes again."""
    top = tx.one(f"SELECT MAX(seq) AS top FROM {FEED} WHERE court = :court", {"court": court})
    told = f"court-feed:{event.originator_id}:{event.originator_version}:{court}:{kind}:{key}"
    insert(tx, FEED, {
        "id": str(uuid5(NAMESPACE, told)),
        "seq": int(top["top"] or 0) + 1, "court": court, "kind": kind, "request_id": about.get("request_id"),
        "case_id": about.get("case_id"), "unit_number": about.get("unit_number"), "payload": dumps(payload),
        "at": timestamp(event.at)})
