"""What the rules of instant approval (秒批) said of each settled transfer case: the rule set and every rule's
outcome, whether the case was registered by rule or referred to the registrar. The registrar's queue and case
show the failed and warned rules as the reasons a person decides; a view of its own beside the registrar's
desk (``projections.registrar``), scoped by the case's registry like it.
"""

from __future__ import annotations

from dataclasses import replace
from functools import singledispatchmethod
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, MetaData, Table, Text, bindparam, select

from events import transfer as transfer_events
from projections.base import Projection, creates, dumps, insert, loads, timestamp
from projections.paging import Page

if TYPE_CHECKING:
    from adapters.viewstore import Tx

CHECKS = "view_registrar_check"
metadata = MetaData()
table = Table(CHECKS, metadata, Column("case_id", Text, primary_key=True),
              *(Column(name, Text, nullable=False) for name in ("decision", "ruleset", "outcomes", "decided_at")))


class RegistrarChecks(Projection):
    name = "registrar_checks"
    tables = [CHECKS]
    metadata = metadata
    ddl = creates(metadata)

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Only the rules' decisions on transfer cases."""

    @process.register(transfer_events.Referred)
    def _referred(self, event: transfer_events.Referred, tx: Tx) -> None:
        _record(tx, event, "referred")

    @process.register(transfer_events.Approved)
    def _approved(self, event: transfer_events.Approved, tx: Tx) -> None:
        if event.by_rule:
            _record(tx, event, "registered_by_rule")


def _record(tx: Tx, event: Any, decision: str) -> None:
    outcomes = [{"rule": o.rule, "verdict": o.verdict, "message": o.message} for o in event.outcomes]
    # a case is settled once: referred or registered by rule, never both
    insert(tx, CHECKS, {"case_id": str(event.originator_id), "decision": decision, "ruleset": event.ruleset,
                        "outcomes": dumps(outcomes), "decided_at": timestamp(event.at)})


def answer(row: dict[str, Any] | None) -> dict[str, Any] | None:
    """The rules' decision as answered: every outcome, and the failed and warned ones as the reasons."""
    if row is None:
        return None
    outcomes = loads(row["outcomes"])
    return {"decision": row["decision"], "ruleset": row["ruleset"], "decided_at": row["decided_at"],
            "outcomes": outcomes, "reasons": [o for o in outcomes if o["verdict"] != "pass"]}


def checks_of(store: Any, case_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The rules' decisions on these cases (the caller has scoped them), by case id; a case the rules have not
    decided (unsettled, or settled before instant approval existed) is absent."""
    if not case_ids:
        return {}
    query = select(table).where(table.c.case_id.in_(bindparam("ids", expanding=True)))
    with store.read() as tx:
        rows = tx.execute(query, {"ids": list(case_ids)})
    return {row["case_id"]: answer(row) for row in rows}


def with_checks(store: Any, page: Page) -> Page:
    """The registrar's queue page with each case's reasons (its cases are already scoped to the registrar)."""
    found = checks_of(store, [row["case_id"] for row in page.items])
    return replace(page, items=[{**row, "checks": found.get(row["case_id"])} for row in page.items])
