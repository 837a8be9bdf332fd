"""Finding a page of the register book: by unit number or location, by an owner's full name, by an
owner's ID number (exact, matched by ``person_key``: raw ID numbers are never indexed) or by the
current certificate number; every answer in pages.

The owners' names live in this view's own table (the register book keeps owners as a JSON column and
their ``person_key`` only), filled from the same events as the register book; the query reads the
register book's tables for everything else.

Scoping in SQL: a registrar finds the units of their own registry only, an admin every unit; anyone
else finds nothing (a unit of another registry is never found, by any key).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, MetaData, Table, Text

from events import unit as unit_events
from projections.base import Projection, creates, like_pattern, loads, person_key
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from projections.register_book import OWNERS, UNITS
from registry.kernel.actors import Actor, Role

if TYPE_CHECKING:
    from adapters.viewstore import Tx

NAMES = "view_unit_owner_name"
COLUMNS = "u.unit_number, u.registry, u.location, u.area, u.use, u.certificate_number, u.owners, u.locks, " \
          "u.version, u.updated_at"

metadata = MetaData()
Table(NAMES, metadata, Column("unit_id", Text, primary_key=True), Column("unit_number", Text, nullable=False),
      Column("name", Text, primary_key=True), Index(f"{NAMES}_name", "name", "unit_number"))


class OwnerNames(Projection):
    """Who owns each unit now, by name: the index behind "search by owner name"."""

    name = "register_search"
    tables = [NAMES]
    metadata = metadata
    ddl = [
        *creates(metadata),
        # the register book's table, searched here by its certificate number (created after the register book;
        # a rebuild of the register book drops it until the next start, which costs speed, not answers)
        f"CREATE INDEX IF NOT EXISTS {UNITS}_certificate ON {UNITS} (certificate_number)",
    ]

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only changes of owners move a name."""

    @process.register(unit_events.Registered)
    def _registered(self, event: unit_events.Registered, tx: Tx) -> None:
        self._set(tx, str(event.originator_id), event.unit_number, event.owners)

    @process.register(unit_events.Transferred)
    def _transferred(self, event: unit_events.Transferred, tx: Tx) -> None:
        unit_id = str(event.originator_id)
        row = tx.one(f"SELECT DISTINCT unit_number FROM {NAMES} WHERE unit_id = :unit_id", {"unit_id": unit_id})
        if row is None:
            raise LookupError(f"no owners recorded for unit {unit_id}")
        self._set(tx, unit_id, row["unit_number"], event.owners)

    @staticmethod
    def _set(tx: Tx, unit_id: str, unit_number: str, owners: list) -> None:
        tx.execute(f"DELETE FROM {NAMES} WHERE unit_id = :unit_id", {"unit_id": unit_id})
        names = sorted({o.person.name for o in owners})
        tx.executemany(f"INSERT INTO {NAMES} (unit_id, unit_number, name) VALUES (:unit_id, :unit_number, :name)",
                       [{"unit_id": unit_id, "unit_number": unit_number, "name": name} for name in names])


@dataclass(frozen=True)
class UnitCriteria:
    """What a registrar searches by; every given criterion must match (none: every unit in scope)."""

    text: str = ""  # the start of the unit number, or words of the location
    owner_name: str = ""  # an owner's full name
    id_number: str = ""  # an owner's ID number, exactly
    certificate_number: str = ""  # the unit's current certificate number, exactly

    @property
    def given(self) -> bool:
        return any((self.text, self.owner_name, self.id_number, self.certificate_number))


def _scope(actor: Actor) -> tuple[str, dict[str, Any]]:
    actor.check_role(Role.REGISTRAR, Role.ADMIN)
    if actor.role is Role.ADMIN:
        return "1 = 1", {}
    if actor.org:
        return "u.registry = :registry", {"registry": actor.org}
    return "1 = 0", {}  # a registrar without a registry finds nothing, never everything


def _conditions(criteria: UnitCriteria) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    if text := criteria.text.strip():
        where.append("(u.unit_number LIKE :number_start ESCAPE '!' OR u.location LIKE :location_words ESCAPE '!')")
        params.update(number_start=like_pattern(text.upper()) + "%", location_words="%" + like_pattern(text) + "%")
    if name := criteria.owner_name.strip():
        where.append(f"EXISTS (SELECT 1 FROM {NAMES} n WHERE n.unit_number = u.unit_number AND n.name = :owner_name)")
        params["owner_name"] = name
    if id_number := criteria.id_number.strip().upper():
        where.append(f"EXISTS (SELECT 1 FROM {OWNERS} o WHERE o.unit_number = u.unit_number "
                     "AND o.person_key = :person_key)")
        params["person_key"] = person_key(id_number)
    if certificate := criteria.certificate_number.strip():
        where.append("u.certificate_number = :certificate_number")
        params["certificate_number"] = certificate
    return where, params


def _result(row: dict[str, Any]) -> dict[str, Any]:
    return {**{k: v for k, v in row.items() if k not in ("owners", "locks")}, "version": int(row["version"]),
            "owner_names": [o["name"] for o in loads(row["owners"])], "locked": bool(loads(row["locks"]))}


def search(store: Any, actor: Actor, criteria: UnitCriteria, paging: PageRequest = FIRST_PAGE) -> Page:
    """The units in the actor's registry matching every criterion, by unit number, one page of them."""
    scope, params = _scope(actor)
    conditions, values = _conditions(criteria)
    where = " AND ".join([scope, *conditions])
    with store.read() as tx:
        return fetch(tx, f"SELECT {COLUMNS} FROM {UNITS} u WHERE {where}", {**params, **values},
                     "u.unit_number", paging, _result)
