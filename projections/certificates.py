"""Certificates and their status now: for the public verification page (masked, gated by the code),
for holders and registrars (entitled downloads), and for the verify API (status by number).

Scoping: the public sees a certificate only with its code; an applicant only as a holder (an owner, or a
mortgagor named on a proof); a bank's staff only the proofs their bank holds; a registrar only their
registry's; anyone else the same "not found" as for a missing certificate.
"""

from __future__ import annotations

import hmac
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text, bindparam, text

from events import certificate as certificate_events
from projections.base import Projection, creates, dumps, insert, loads, person_key, timestamp
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from registry.certificates.issuance import code_digest
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import CertificateKind, CertificateStatus
from registry.kernel.values import mask_name

if TYPE_CHECKING:
    from adapters.viewstore import Tx

CERTIFICATES, HOLDERS = "view_certificate", "view_certificate_holder"

metadata = MetaData()
Table(CERTIFICATES, metadata, Column("certificate_id", Text, primary_key=True),
      *(Column(name, Text, nullable=False) for name in ("kind", "number", "identifier", "registry", "unit_number",
                                                        "holders")),
      Column("holder_org", Text, nullable=False, server_default=""),
      *(Column(name, Text, nullable=False) for name in ("case_id", "status", "issued_at", "code_digest",
                                                        "document_sha256", "seal_key_id", "derived_from", "replaces",
                                                        "history")),
      Column("version", Integer, nullable=False), Column("updated_at", Text, nullable=False),
      Index(f"{CERTIFICATES}_number", "number", unique=True), Index(f"{CERTIFICATES}_case", "case_id"),
      Index(f"{CERTIFICATES}_unit", "unit_number"))
Table(HOLDERS, metadata, Column("certificate_id", Text, primary_key=True), Column("person_key", Text, primary_key=True))
# the certificates of some transfer cases, by their ids (expanded per call); the actor's scope is appended
_OF_CASES = f"SELECT * FROM {CERTIFICATES} c WHERE c.case_id IN :case_ids AND "


class CertificateShelf(Projection):
    name = "certificates"
    tables = [CERTIFICATES, HOLDERS]
    metadata = metadata
    ddl = creates(metadata)

    def create(self, tx: Tx) -> None:
        super().create(tx)
        _add_holder_org(tx)
        tx.execute(f"CREATE INDEX IF NOT EXISTS {CERTIFICATES}_org ON {CERTIFICATES} (holder_org, kind)")

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only certificate events are on the shelf."""

    @process.register(certificate_events.Issued)
    def _issued(self, event: certificate_events.Issued, tx: Tx) -> None:
        certificate_id = str(event.originator_id)
        insert(tx, CERTIFICATES, {
            "certificate_id": certificate_id, "kind": event.kind.value, "number": event.number,
            "identifier": event.identifier, "registry": event.registry, "unit_number": event.unit_number,
            "holder_org": event.holder_org,
            "holders": dumps([{"name": o.person.name, "id_number": o.person.id_number, "share": o.share}
                              for o in event.holders]),
            "case_id": event.case_id, "status": CertificateStatus.CURRENT.value, "issued_at": timestamp(event.at),
            "code_digest": event.code_digest, "document_sha256": event.document_sha256,
            "seal_key_id": event.seal_key_id, "derived_from": dumps(event.derived_from.__dict__),
            "replaces": event.replaces,
            "history": dumps([{"status": "current", "at": event.at, "event": "Issued"}]),
            "version": event.originator_version, "updated_at": timestamp(event.at)})
        for owner in event.holders:
            insert(tx, HOLDERS, {"certificate_id": certificate_id, "person_key": person_key(owner.person.id_number)})

    def _status(self, tx: Tx, event: Any, status: CertificateStatus | None, **detail: Any) -> None:
        row = tx.one(f"SELECT history, status FROM {CERTIFICATES} WHERE certificate_id = :certificate_id",
                     {"certificate_id": str(event.originator_id)})
        history = loads(row["history"]) + [{"status": (status or CertificateStatus(row["status"])).value,
                                            "at": timestamp(event.at), "event": type(event).__name__, **detail}]
        tx.execute(f"UPDATE {CERTIFICATES} SET status = :status, history = :history, version = :version, "
                   "updated_at = :updated_at WHERE certificate_id = :certificate_id",
                   {"status": (status or CertificateStatus(row["status"])).value, "history": dumps(history),
                    "version": event.originator_version, "updated_at": timestamp(event.at),
                    "certificate_id": str(event.originator_id)})

    @process.register(certificate_events.Superseded)
    def _superseded(self, event: certificate_events.Superseded, tx: Tx) -> None:
        self._status(tx, event, CertificateStatus.SUPERSEDED, by_certificate=event.by_certificate,
                     by_event=event.by_event.__dict__)

    @process.register(certificate_events.Cancelled)
    def _cancelled(self, event: certificate_events.Cancelled, tx: Tx) -> None:
        self._status(tx, event, CertificateStatus.CANCELLED, reason=event.reason)

    @process.register(certificate_events.Revoked)
    def _revoked(self, event: certificate_events.Revoked, tx: Tx) -> None:
        self._status(tx, event, CertificateStatus.REVOKED, reason=event.reason, by=event.by)

    @process.register(certificate_events.ReplacementRequested)
    def _replacement_requested(self, event: certificate_events.ReplacementRequested, tx: Tx) -> None:
        self._status(tx, event, None, reason=event.reason, by=event.by)

    @process.register(certificate_events.Replaced)
    def _replaced(self, event: certificate_events.Replaced, tx: Tx) -> None:
        self._status(tx, event, CertificateStatus.REPLACED, by_certificate=event.by_certificate)


def _add_holder_org(tx: Tx) -> None:
    """A shelf created before proofs existed lacks the column; every row on it was an ownership
    certificate, so the default '' is right for them. (A savepoint, so the probe's failure does not
    abort a PostgreSQL transaction.)"""
    tx.execute("SAVEPOINT holder_org")
    try:
        tx.execute(f"SELECT holder_org FROM {CERTIFICATES} WHERE 1 = 0")
    except Exception:  # sqlite3.OperationalError / psycopg UndefinedColumn: the old table
        tx.execute("ROLLBACK TO SAVEPOINT holder_org")
        tx.execute(f"ALTER TABLE {CERTIFICATES} ADD COLUMN holder_org TEXT NOT NULL DEFAULT ''")
    tx.execute("RELEASE SAVEPOINT holder_org")


def _row(row: dict | None, *, mask: bool) -> dict | None:
    if row is None:
        return None
    holders = loads(row["holders"])
    if mask:
        holders = [{"name": mask_name(h["name"]), "share": h["share"]} for h in holders]
    result = {k: v for k, v in row.items() if k not in ("code_digest",)}
    result.update(holders=holders, history=loads(row["history"]), derived_from=loads(row["derived_from"]))
    return result


def public_lookup(store: Any, certificate_id: str, code: str) -> dict | None:
    """What anyone holding the code may see; a wrong code looks exactly like an unknown id."""
    with store.read() as tx:
        row = tx.one(f"SELECT * FROM {CERTIFICATES} WHERE certificate_id = :certificate_id",
                     {"certificate_id": certificate_id})
    if row is None or not hmac.compare_digest(row["code_digest"], code_digest(code or "")):
        return None
    public = _row(row, mask=True)
    public["history"] = [{k: v for k, v in h.items() if k in ("status", "at", "event", "reason")}
                         for h in public["history"]]  # no internal user ids or event references
    return {k: public[k] for k in ("certificate_id", "kind", "number", "unit_number", "holders", "status",
                                   "issued_at", "history", "document_sha256")}


def by_number(store: Any, number: str) -> dict | None:
    """Status now of the certificate a presented document claims to be (verify API)."""
    with store.read() as tx:
        return _row(tx.one(f"SELECT * FROM {CERTIFICATES} WHERE number = :number", {"number": number}), mask=True)


def _visible(actor: Actor) -> tuple[str, dict[str, Any]]:
    if actor.role is Role.ADMIN:
        return "1 = 1", {}
    if actor.role is Role.REGISTRAR:
        return "c.registry = :scope_org", {"scope_org": actor.org}
    if actor.role is Role.APPLICANT and actor.id_number:
        return (f"EXISTS (SELECT 1 FROM {HOLDERS} h WHERE h.certificate_id = c.certificate_id "
                "AND h.person_key = :scope_person_key)", {"scope_person_key": person_key(actor.id_number)})
    if actor.role is Role.BANK_STAFF and actor.org:
        return "c.holder_org = :scope_org", {"scope_org": actor.org}
    return "1 = 0", {}


def _masked(actor: Actor) -> bool:
    """People and banks see holders as names masked; the registry sees the register's data."""
    return actor.role in (Role.APPLICANT, Role.BANK_STAFF)


def for_actor(store: Any, actor: Actor, certificate_id: str) -> dict | None:
    where, params = _visible(actor)
    with store.read() as tx:
        row = tx.one(f"SELECT * FROM {CERTIFICATES} c WHERE c.certificate_id = :certificate_id AND {where}",
                     {"certificate_id": certificate_id, **params})
    return _row(row, mask=_masked(actor))


def of_cases(store: Any, actor: Actor, case_ids: list[str]) -> dict[str, list[dict]]:
    """Certificates issued for these transfer cases that the actor may hold or see."""
    if not case_ids:
        return {}
    where, params = _visible(actor)
    with store.read() as tx:
        rows = tx.execute(text(f"{_OF_CASES}{where} ORDER BY c.number").bindparams(
            bindparam("case_ids", expanding=True)), {"case_ids": list(case_ids), **params})
    found: dict[str, list[dict]] = {}
    for row in rows:
        found.setdefault(row["case_id"], []).append(_row(row, mask=_masked(actor)))
    return found


def of_unit(store: Any, actor: Actor, unit_number: str) -> list[dict]:
    where, params = _visible(actor)
    with store.read() as tx:
        rows = tx.execute(f"SELECT * FROM {CERTIFICATES} c WHERE c.unit_number = :unit_number AND {where} "
                          "ORDER BY c.issued_at, c.number", {"unit_number": unit_number, **params})
    return [_row(r, mask=_masked(actor)) for r in rows]


def of_filing(store: Any, actor: Actor, filing_id: str) -> list[dict]:
    """The proofs issued for one mortgage filing (one per unit it covers) that the actor may see."""
    where, params = _visible(actor)
    with store.read() as tx:
        rows = tx.execute(f"SELECT * FROM {CERTIFICATES} c WHERE c.case_id = :filing_id AND c.kind = :kind AND {where} "
                          "ORDER BY c.number", {"filing_id": filing_id, "kind": CertificateKind.PROOF.value, **params})
    return [_row(r, mask=_masked(actor)) for r in rows]


def proofs_of_bank(store: Any, actor: Actor, status: str | None = None, paging: PageRequest = FIRST_PAGE, *,
                   filing_id: str | None = None) -> Page:
    """A bank's registration proofs, newest first, with their status now (current, superseded, cancelled),
    optionally of one filing; only the bank's own staff get any."""
    if actor.role is not Role.BANK_STAFF or not actor.org:
        return Page.empty(paging)
    sql = f"SELECT * FROM {CERTIFICATES} c WHERE c.holder_org = :holder_org AND c.kind = :kind"
    params: dict[str, Any] = {"holder_org": actor.org, "kind": CertificateKind.PROOF.value}
    for column, value in (("status", status), ("case_id", filing_id)):
        if value:
            sql, params = f"{sql} AND c.{column} = :{column}", {**params, column: value}
    with store.read() as tx:
        return fetch(tx, sql, params, "c.issued_at DESC, c.number DESC", paging, lambda r: _row(r, mask=True))

