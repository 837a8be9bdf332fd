"""The family-housing check as a proof (家庭住房信息查询结果证明): per buyer of a case, the family searched (the
buyer, spouse and minor children), the units the register counted and which home the purchase is.

Scoping, in SQL: a buyer sees their own family's row only; the registrar of the case's registry and the tax
officers of the bureau serving its city (the deed-tax relief rests on it) see every buyer's; the seller and
anyone else see nothing, the same answer as for a case that does not exist. ID numbers are stored masked, so
no query can show a raw one. A row is written once, at submission: the check is not run again later.

The counted units' locations are read from the register book's page of each unit when the proof is read.
"""

from __future__ import annotations

from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Index, Integer, MetaData, Table, Text, bindparam, text

from events import transfer as transfer_events
from projections.base import Projection, creates, dumps, insert, loads, person_key, timestamp
from projections.register_book import UNITS
from projections.register_book import metadata as register_book_metadata
from registry.kernel.actors import Actor, Role
from registry.kernel.values import mask_id_number

if TYPE_CHECKING:
    from adapters.viewstore import Tx

CHECKS = "view_housing_check"
SELECT = (f"SELECT h.*, o.name AS registry_name FROM {CHECKS} h "
          "LEFT JOIN account_org o ON o.id = h.registry")
_LOCATIONS = text(f"SELECT unit_number, location FROM {UNITS} WHERE unit_number IN :numbers").bindparams(
    bindparam("numbers", expanding=True))

metadata = MetaData()
Table(CHECKS, metadata, Column("case_id", Text, primary_key=True), Column("buyer_key", Text, primary_key=True),
      Column("position", Integer, nullable=False),
      *(Column(name, Text, nullable=False) for name in ("registry", "unit_number", "unit_location", "checked_at",
                                                        "buyer_name", "buyer_id_number", "ordinal", "family",
                                                        "units_counted")),
      Index(f"{CHECKS}_registry", "registry", "case_id"))


class HousingChecks(Projection):
    name = "housing_checks"
    tables = [CHECKS]
    metadata = metadata
    ddl = creates(metadata)
    joins = creates(register_book_metadata)  # the counted units' locations

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only a filed case runs the check."""

    @process.register(transfer_events.Submitted)
    def _submitted(self, event: transfer_events.Submitted, tx: Tx) -> None:
        names = {o.person.id_number: o.person.name for o in event.buyers}
        for position, home in enumerate(event.home_counts):
            family = [{"name": m.name, "id_number": mask_id_number(m.id_number), "relation": m.relation.value}
                      for m in event.families.get(home.buyer_id_number, [])]
            insert(tx, CHECKS, {
                "case_id": str(event.originator_id), "buyer_key": person_key(home.buyer_id_number),
                "position": position, "registry": event.registry, "unit_number": event.unit_number,
                "unit_location": event.unit_location, "checked_at": timestamp(event.at),
                "buyer_name": names.get(home.buyer_id_number, ""),
                "buyer_id_number": mask_id_number(home.buyer_id_number), "ordinal": home.ordinal.value,
                "family": dumps(family), "units_counted": dumps(list(home.units_counted))})


def _scope(actor: Actor) -> tuple[str, dict[str, Any]]:
    """Who reads which rows, as a WHERE on alias ``h``."""
    if actor.role is Role.REGISTRAR and actor.org:
        return "h.registry = :scope_org", {"scope_org": actor.org}
    if actor.role is Role.TAX_OFFICER and actor.org:
        return ("h.registry IN (SELECT r.id FROM account_org r JOIN account_org t ON t.city = r.city "
                "WHERE r.kind = 'registry' AND t.id = :scope_org)", {"scope_org": actor.org})
    if actor.role is Role.APPLICANT and actor.id_number:
        return "h.buyer_key = :scope_key", {"scope_key": person_key(actor.id_number)}
    return "1 = 0", {}


def proof(store: Any, actor: Actor, case_id: str) -> dict[str, Any] | None:
    """The case's check as the actor may read it, or None when missing or not theirs (same answer)."""
    where, params = _scope(actor)
    with store.read() as tx:
        rows = tx.execute(f"{SELECT} WHERE h.case_id = :case_id AND {where} ORDER BY h.position",
                          {"case_id": str(case_id), **params})
        located = _locations(tx, {number for row in rows for number in loads(row["units_counted"])})
    if not rows:
        return None
    first = rows[0]
    return {"case_id": first["case_id"], "registry": first["registry"],
            "registry_name": first["registry_name"] or first["registry"], "unit_number": first["unit_number"],
            "unit_location": first["unit_location"], "checked_at": first["checked_at"],
            "buyers": [_buyer(row, located) for row in rows]}


def _locations(tx: Tx, unit_numbers: set[str]) -> dict[str, str]:
    """Each counted unit's location on its register-book page."""
    if not unit_numbers:
        return {}
    return {u["unit_number"]: u["location"] for u in tx.execute(_LOCATIONS, {"numbers": sorted(unit_numbers)})}


def _buyer(row: dict[str, Any], located: dict[str, str]) -> dict[str, Any]:
    return {"name": row["buyer_name"], "id_number": row["buyer_id_number"], "ordinal": row["ordinal"],
            "family": loads(row["family"]),
            "units_counted": [{"unit_number": number, "location": located.get(number)}
                              for number in loads(row["units_counted"])]}
