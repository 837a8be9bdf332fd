"""In-app inboxes: what each party is told as its cases move (站内消息), one message per recipient and event.

Recipients are keys, never ID numbers: ``person:<person key>`` (an applicant), ``office:<registry>`` (its
registrars), ``supervisor:<registry>``, ``bank:<org>``, ``tax:<registry>`` (the tax officers serving that
office). A message is a message key and its parameters, worded in the reader's language when shown. Three
views, one per application followed (registry, supervision, taxation), each with its own table so each can be
rebuilt alone; ``messages_for`` reads them together.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text

from events import mortgage as mortgage_events
from events import supervision as clock_events
from events import taxation as tax_events
from events import transfer as transfer_events
from projections.base import Projection, creates, dumps, insert, loads, person_key, timestamp
from registry.taxation.values import PENDING

if TYPE_CHECKING:
    from adapters.viewstore import Tx

INBOXES = ("view_inbox_registry", "view_inbox_supervision", "view_inbox_taxation")
CASES = "view_inbox_cases"  # who the registry's later events concern: the first event named them
CLOCKS = "view_inbox_clocks"


def _messages(name: str, metadata: MetaData) -> Table:
    return Table(name, metadata, Column("recipient", Text, primary_key=True),
                 Column("message_id", Text, primary_key=True), Column("key", Text, nullable=False),
                 Column("case_id", Text, nullable=False),
                 Column("params", Text, nullable=False), Column("at", Text, nullable=False),
                 Index(f"{name}_recent", "recipient", "at"))


def _parties(name: str, metadata: MetaData) -> Table:
    return Table(name, metadata, Column("id", Text, primary_key=True), Column("case_id", Text, nullable=False),
                 Column("registry", Text, nullable=False), Column("sellers", Text, nullable=False),
                 Column("buyers", Text, nullable=False), Column("version", Integer, nullable=False))


class _Inbox(Projection):
    table: str
    parties_table: str

    def tell(self, tx: Tx, event: Any, recipients: list[str], key: str, case_id: str, **params: Any) -> None:
        for n, recipient in enumerate(dict.fromkeys(recipients)):
            message_id = f"{event.originator_id}:{event.originator_version:08d}:{n}"  # sorts by version
            insert(tx, self.table, {"recipient": recipient, "message_id": message_id, "key": key,
                                    "case_id": case_id, "params": dumps(params), "at": timestamp(event.at)})

    def remember(self, tx: Tx, event: Any, case_id: str, registry: str, sellers: list[str], buyers: list[str]) -> None:
        insert(tx, self.parties_table, {"id": str(event.originator_id), "case_id": case_id, "registry": registry,
                                        "sellers": dumps(sellers), "buyers": dumps(buyers),
                                        "version": event.originator_version})

    def parties(self, tx: Tx, event: Any) -> dict[str, Any] | None:
        row = tx.one(f"SELECT case_id, registry, sellers, buyers FROM {self.parties_table} WHERE id = :id",
                     {"id": str(event.originator_id)})
        return None if row is None else {**row, "sellers": loads(row["sellers"]), "buyers": loads(row["buyers"])}


metadata = MetaData()
_messages(INBOXES[0], metadata)
_parties(CASES, metadata)


class RegistryInbox(_Inbox):
    name, metadata, table, parties_table = "inbox_registry", metadata, INBOXES[0], CASES
    tables = [INBOXES[0], CASES]
    ddl = creates(metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Events nobody is told about."""

    @process.register(transfer_events.Submitted)
    def _submitted(self, event: transfer_events.Submitted, tx: Tx) -> None:
        sellers = [f"person:{person_key(p.id_number)}" for p in event.sellers]
        buyers = [f"person:{person_key(o.person.id_number)}" for o in event.buyers]
        case_id = str(event.originator_id)
        self.remember(tx, event, case_id, event.registry, sellers, buyers)
        self.tell(tx, event, sellers + buyers, "inbox.case_filed", case_id, unit_number=event.unit_number)

    @process.register(transfer_events.Settled)
    def _settled(self, event: transfer_events.Settled, tx: Tx) -> None:
        if case := self.parties(tx, event):
            self.tell(tx, event, case["sellers"] + case["buyers"], "inbox.case_paid", case["case_id"])
            self.tell(tx, event, [f"office:{case['registry']}"], "inbox.case_ready_for_review", case["case_id"])

    @process.register(transfer_events.ReturnedForSupplement)
    @process.register(mortgage_events.ReturnedForSupplement)
    def _returned(self, event: Any, tx: Tx) -> None:
        if case := self.parties(tx, event):
            self.tell(tx, event, case["sellers"] + case["buyers"], "inbox.case_returned", case["case_id"],
                      missing=list(event.missing), note=event.note)

    @process.register(transfer_events.Resubmitted)
    @process.register(mortgage_events.Resubmitted)
    def _resubmitted(self, event: Any, tx: Tx) -> None:
        if case := self.parties(tx, event):
            self.tell(tx, event, [f"office:{case['registry']}"], "inbox.case_resubmitted", case["case_id"])

    @process.register(transfer_events.Approved)
    def _approved(self, event: transfer_events.Approved, tx: Tx) -> None:
        """The buyers collect their certificate; the sellers are told the sale is registered, nothing to collect."""
        if case := self.parties(tx, event):
            if event.by_rule:  # registered in the same save as the payment: nothing waited for the office
                tx.execute(f"DELETE FROM {self.table} WHERE recipient = :office AND case_id = :case_id AND key = "
                           "'inbox.case_ready_for_review'", {"office": f"office:{case['registry']}",
                                                              "case_id": case["case_id"]})
            self.tell(tx, event, case["buyers"], "inbox.case_registered_buyer", case["case_id"],
                      certificate_number=event.certificate_number)
            sellers_only = [s for s in case["sellers"] if s not in case["buyers"]]
            self.tell(tx, event, sellers_only, "inbox.case_registered_seller", case["case_id"])

    @process.register(transfer_events.Rejected)
    @process.register(mortgage_events.Rejected)
    def _rejected(self, event: Any, tx: Tx) -> None:
        if case := self.parties(tx, event):
            self.tell(tx, event, case["sellers"] + case["buyers"], "inbox.case_rejected", case["case_id"],
                      reason=event.reason)

    @process.register(mortgage_events.Filed)
    def _filed(self, event: mortgage_events.Filed, tx: Tx) -> None:
        bank, owners = [f"bank:{event.bank}"], [f"person:{person_key(p.id_number)}" for p in event.mortgagors]
        case_id = str(event.originator_id)
        self.remember(tx, event, case_id, event.registry, owners, bank)  # the bank applies, the owners confirm
        people = [c.removeprefix("person:") for c in event.consents_needed if c.startswith("person:")]
        self.tell(tx, event, [f"person:{person_key(i)}" for i in people], "inbox.consent_needed", case_id,
                  bank_name=event.bank_name)

    @process.register(mortgage_events.Registered)
    def _registered(self, event: mortgage_events.Registered, tx: Tx) -> None:
        if case := self.parties(tx, event):
            self.tell(tx, event, case["buyers"], "inbox.filing_registered", case["case_id"],
                      proof_numbers=list(event.proof_numbers))

    @process.register(mortgage_events.Queued)
    def _queued(self, event: mortgage_events.Queued, tx: Tx) -> None:
        if case := self.parties(tx, event):
            self.tell(tx, event, [f"office:{case['registry']}"], "inbox.filing_queued", case["case_id"])


supervision_metadata = MetaData()
_messages(INBOXES[1], supervision_metadata)
_parties(CLOCKS, supervision_metadata)


class SupervisionInbox(_Inbox):
    name, metadata, table, parties_table = "inbox_supervision", supervision_metadata, INBOXES[1], CLOCKS
    tables = [INBOXES[1], CLOCKS]
    ddl = creates(supervision_metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Clock events nobody is told about."""

    @process.register(clock_events.DeadlineSet)
    def _set(self, event: clock_events.DeadlineSet, tx: Tx) -> None:
        self.remember(tx, event, event.case_id, event.registry, [], [])

    @process.register(clock_events.Warned)
    def _warned(self, event: clock_events.Warned, tx: Tx) -> None:
        if case := self.parties(tx, event):
            self.tell(tx, event, [f"office:{case['registry']}"], "inbox.deadline_near", case["case_id"],
                      due_at=timestamp(event.due_at))

    @process.register(clock_events.Breached)
    def _breached(self, event: clock_events.Breached, tx: Tx) -> None:
        if case := self.parties(tx, event):
            self.tell(tx, event, [f"office:{case['registry']}", f"supervisor:{case['registry']}"],
                      "inbox.deadline_breached", case["case_id"], due_at=timestamp(event.due_at))

    @process.register(clock_events.Instructed)
    def _instructed(self, event: clock_events.Instructed, tx: Tx) -> None:
        if case := self.parties(tx, event):
            self.tell(tx, event, [f"office:{case['registry']}"], "inbox.instruction", case["case_id"],
                      instruction=event.instruction)

    @process.register(clock_events.Rated)
    def _rated(self, event: clock_events.Rated, tx: Tx) -> None:
        if event.follow_up and (case := self.parties(tx, event)):
            self.tell(tx, event, [f"supervisor:{case['registry']}"], "inbox.bad_rating", case["case_id"],
                      stars=event.stars, comment=event.comment)


tax_metadata = MetaData()
_messages(INBOXES[2], tax_metadata)


class TaxInbox(_Inbox):
    name, metadata, table = "inbox_taxation", tax_metadata, INBOXES[2]
    tables = [INBOXES[2]]
    ddl = creates(tax_metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Assessments that need no officer are not announced."""

    @process.register(tax_events.Issued)
    def _issued(self, event: tax_events.Issued, tx: Tx) -> None:
        waiting = [d.kind for d in event.declarations if d.status == PENDING]
        if waiting or event.failure:
            self.tell(tx, event, [f"tax:{event.registry}"], "inbox.assessment_needs_officer", event.case_id,
                      declarations=waiting, failed=bool(event.failure))


# -- queries -----------------------------------------------------------------------------------
def messages_for(store: Any, recipients: list[str], *, limit: int = 50) -> list[dict[str, Any]]:
    """The newest messages to any of these recipients, across the three inboxes."""
    if not recipients:
        return []
    marks = ", ".join(f":r{i}" for i in range(len(recipients)))
    params: dict[str, Any] = {f"r{i}": r for i, r in enumerate(recipients)} | {"limit": limit}
    union = " UNION ALL ".join(f"SELECT recipient, message_id, key, case_id, params, at FROM {table} "
                               f"WHERE recipient IN ({marks})" for table in INBOXES)
    with store.read() as tx:
        rows = tx.execute(f"SELECT * FROM ({union}) AS inbox ORDER BY at DESC, message_id DESC LIMIT :limit", params)
    return [{**row, "params": loads(row["params"])} for row in rows]
