"""The register book (登记簿) as registrars read it: one page per unit, its owners, locks and the
full registration history with national djlx/qllx codes.

Scoping: a registrar sees the pages of their own registry, an admin every page, an applicant only
the pages of units they own now (matched by ``person_key``, never by raw ID number) and with
every ID number masked.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from events import unit as unit_events
from projections.base import Projection, dumps, insert, like_pattern, loads, person_key, plain, timestamp
from registry.actors import Actor, Role
from registry.values import mask_id_number

if TYPE_CHECKING:
    from adapters.viewstore import Tx

UNITS, HISTORY, OWNERS = "view_unit", "view_unit_history", "view_unit_owner"


def _owners(owners: list) -> list[dict[str, str]]:
    return [{"name": o.person.name, "id_number": o.person.id_number, "share": str(o.share)} for o in owners]


class RegisterBook(Projection):
    name = "register_book"
    tables = [UNITS, HISTORY, OWNERS]
    ddl = [
        f"""CREATE TABLE IF NOT EXISTS {UNITS} (
            unit_number TEXT PRIMARY KEY, unit_id TEXT NOT NULL UNIQUE, registry TEXT NOT NULL,
            location TEXT NOT NULL, area TEXT NOT NULL, use TEXT NOT NULL, right_nature TEXT NOT NULL,
            term_start TEXT NOT NULL, term_end TEXT NOT NULL, owners TEXT NOT NULL,
            certificate_number TEXT NOT NULL, locks TEXT NOT NULL, version INTEGER NOT NULL,
            updated_at TEXT NOT NULL)""",
        f"CREATE INDEX IF NOT EXISTS {UNITS}_registry ON {UNITS} (registry, unit_number)",
        f"""CREATE TABLE IF NOT EXISTS {HISTORY} (
            unit_number TEXT NOT NULL, version INTEGER NOT NULL, event TEXT NOT NULL, djlx TEXT NOT NULL,
            qllx TEXT NOT NULL, at TEXT NOT NULL, summary TEXT NOT NULL,
            PRIMARY KEY (unit_number, version))""",
        f"""CREATE TABLE IF NOT EXISTS {OWNERS} (
            unit_number TEXT NOT NULL, person_key TEXT NOT NULL, PRIMARY KEY (unit_number, person_key))""",
        f"CREATE INDEX IF NOT EXISTS {OWNERS}_person ON {OWNERS} (person_key)",
    ]

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Events of other aggregates are not on the register book."""

    @process.register(unit_events.Registered)
    def _registered(self, event: unit_events.Registered, tx: Tx) -> None:
        owners = _owners(event.owners)
        insert(tx, UNITS, {
            "unit_number": event.unit_number, "unit_id": str(event.originator_id), "registry": event.registry,
            "location": event.location, "area": str(event.area), "use": event.use.value,
            "right_nature": event.right_nature, "term_start": event.term.start.isoformat(),
            "term_end": event.term.end.isoformat(), "owners": dumps(owners),
            "certificate_number": event.certificate_number, "locks": dumps([]),
            "version": event.originator_version, "updated_at": timestamp(event.at)})
        self._set_owners(tx, event.unit_number, owners)
        self._history(tx, event.unit_number, event, "Registered",
                      {"certificate_number": event.certificate_number, "owners": owners})

    @process.register(unit_events.Transferred)
    def _transferred(self, event: unit_events.Transferred, tx: Tx) -> None:
        unit_number = self._unit_number(tx, event)
        owners = _owners(event.owners)
        tx.execute(f"UPDATE {UNITS} SET owners = ?, certificate_number = ?, version = ?, updated_at = ? "
                   "WHERE unit_number = ?",
                   (dumps(owners), event.certificate_number, event.originator_version, timestamp(event.at),
                    unit_number))
        self._set_owners(tx, unit_number, owners)
        self._history(tx, unit_number, event, "Transferred", {
            "certificate_number": event.certificate_number,
            "cancelled_certificate": event.cancelled_certificate,
            "case_id": event.case_id, "owners": owners, "price": str(event.price)})

    @process.register(unit_events.Locked)
    def _locked(self, event: unit_events.Locked, tx: Tx) -> None:
        unit_number = self._unit_number(tx, event)
        lock = {"authority": event.authority, "reference": event.reference, "reason": event.reason,
                "until": plain(event.until), "at": timestamp(event.at)}
        self._set_locks(tx, unit_number, event, self._locks(tx, unit_number) + [lock])
        self._history(tx, unit_number, event, "Locked", {k: lock[k] for k in
                                                         ("authority", "reference", "reason", "until")})

    @process.register(unit_events.Unlocked)
    def _unlocked(self, event: unit_events.Unlocked, tx: Tx) -> None:
        unit_number = self._unit_number(tx, event)
        locks = self._locks(tx, unit_number)
        authority = next((lk["authority"] for lk in locks if lk["reference"] == event.reference), None)
        self._set_locks(tx, unit_number, event, [lk for lk in locks if lk["reference"] != event.reference])
        self._history(tx, unit_number, event, "Unlocked",
                      {"reference": event.reference, "authority": authority})

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _unit_number(tx: Tx, event: Any) -> str:
        row = tx.one(f"SELECT unit_number FROM {UNITS} WHERE unit_id = ?", (str(event.originator_id),))
        if row is None:
            raise LookupError(f"register book has no page for unit {event.originator_id}")
        return row["unit_number"]

    @staticmethod
    def _locks(tx: Tx, unit_number: str) -> list[dict[str, Any]]:
        return loads(tx.one(f"SELECT locks FROM {UNITS} WHERE unit_number = ?", (unit_number,))["locks"])

    @staticmethod
    def _set_locks(tx: Tx, unit_number: str, event: Any, locks: list[dict[str, Any]]) -> None:
        tx.execute(f"UPDATE {UNITS} SET locks = ?, version = ?, updated_at = ? WHERE unit_number = ?",
                   (dumps(locks), event.originator_version, timestamp(event.at), unit_number))

    @staticmethod
    def _set_owners(tx: Tx, unit_number: str, owners: list[dict[str, str]]) -> None:
        tx.execute(f"DELETE FROM {OWNERS} WHERE unit_number = ?", (unit_number,))
        tx.executemany(f"INSERT INTO {OWNERS} (unit_number, person_key) VALUES (?, ?)",
                       [(unit_number, person_key(o["id_number"])) for o in owners])

    @staticmethod
    def _history(tx: Tx, unit_number: str, event: Any, name: str, summary: dict[str, Any]) -> None:
        insert(tx, HISTORY, {"unit_number": unit_number, "version": event.originator_version, "event": name,
                             "djlx": event.djlx.value, "qllx": event.qllx.value, "at": timestamp(event.at),
                             "summary": dumps(summary)})


# -- queries -----------------------------------------------------------------------------------
def _scope(actor: Actor) -> tuple[str, list[Any]] | None:
    """The WHERE clause that limits ``u`` to what the actor may see; None when nothing."""
    if actor.role is Role.ADMIN:
        return "1 = 1", []
    if actor.role is Role.REGISTRAR and actor.org:
        return "u.registry = ?", [actor.org]
    if actor.role is Role.APPLICANT and actor.id_number:
        return (f"EXISTS (SELECT 1 FROM {OWNERS} o WHERE o.unit_number = u.unit_number "
                "AND o.person_key = ?)", [person_key(actor.id_number)])
    return None


def _masked(owners: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{**o, "id_number": mask_id_number(o["id_number"])} for o in owners]


def page(store: Any, actor: Actor, unit_number: str) -> dict[str, Any] | None:
    """The unit's page with its history, or None when missing or not the actor's to see (same answer)."""
    scope = _scope(actor)
    if scope is None:
        return None
    where, params = scope
    with store.read() as tx:
        row = tx.one(f"SELECT * FROM {UNITS} u WHERE u.unit_number = ? AND {where}", [unit_number, *params])
        if row is None:
            return None
        history = tx.execute(f"SELECT version, event, djlx, qllx, at, summary FROM {HISTORY} "
                             "WHERE unit_number = ? ORDER BY version", (unit_number,))
    mask = actor.role is Role.APPLICANT
    result = {k: v for k, v in row.items() if k not in ("unit_id", "owners", "locks")}
    result["version"] = int(row["version"])
    result["owners"] = _masked(loads(row["owners"])) if mask else loads(row["owners"])
    result["locks"] = loads(row["locks"])
    result["locked"] = bool(result["locks"])
    result["history"] = []
    for h in history:
        summary = loads(h["summary"])
        if mask and "owners" in summary:
            summary["owners"] = _masked(summary["owners"])
        result["history"].append({**h, "version": int(h["version"]), "summary": summary})
    return result


def search(store: Any, actor: Actor, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Units whose number starts with ``text`` or whose location contains it, within the actor's registry."""
    actor.check_role(Role.REGISTRAR, Role.ADMIN)
    where, params = _scope(actor) or ("1 = 0", [])
    text = text.strip()
    with store.read() as tx:
        rows = tx.execute(
            f"SELECT unit_number, registry, location, area, use, certificate_number, owners, locks, version, "
            f"updated_at FROM {UNITS} u WHERE {where} AND (u.unit_number LIKE ? ESCAPE '!' "
            "OR u.location LIKE ? ESCAPE '!') ORDER BY u.unit_number LIMIT ?",
            [*params, like_pattern(text.upper()) + "%", "%" + like_pattern(text) + "%",
             max(1, min(limit, 500))])
    return [{**{k: v for k, v in r.items() if k not in ("owners", "locks")}, "version": int(r["version"]),
             "owner_names": [o["name"] for o in loads(r["owners"])], "locked": bool(loads(r["locks"]))}
            for r in rows]
