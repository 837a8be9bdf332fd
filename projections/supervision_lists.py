"""The supervisor's lists, a page at a time, and the export: the cases of one colour, the bad ratings still to
follow up, and every timed case of the offices with its clock (for the CSV), read in chunks along the primary
key so an office's whole year never sits in memory at once. Scoped to the offices the caller supervises."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from projections import supervision_queries as dashboard
from projections.case_clocks import CLOCKS, RATINGS
from projections.deadlines import colour_of
from projections.paging import Page, PageRequest, fetch

EXPORT_COLUMNS = ("case_id, kind, registry, unit_number, accepted_at, due_at, state, paused_for, bucket, "
                  "breached_at, warned_at, outcome, late, used_minutes")
EXPORT_CHUNK = 2000


def cases_page(store: Any, registries: Sequence[str], now: datetime, colour: str, request: PageRequest) -> Page:
    """One page of the open cases of one colour, earliest deadline first; the total is the colour's count."""
    total = dashboard.colour_counts(store, registries, now).get(colour, 0)
    rows = dashboard.cases(store, registries, now, colour, limit=request.per_page, offset=request.offset)
    return Page([{**row, "colour": colour} for row in rows], request.page, request.per_page, total)


def follow_ups_page(store: Any, registries: Sequence[str], request: PageRequest) -> Page:
    """The bad ratings not yet followed up, oldest first."""
    if not registries:
        return Page.empty(request)
    marks = ", ".join(f":office{i}" for i in range(len(registries)))
    params = {f"office{i}": r for i, r in enumerate(registries)}
    with store.read() as tx:
        return fetch(tx, f"SELECT case_id, party, registry, stars, comment, at FROM {RATINGS} "
                     f"WHERE registry IN ({marks}) AND follow_up = 'open'", params, "at, case_id, party", request)


def export_rows(store: Any, registries: Sequence[str], now: datetime) -> Iterator[dict[str, Any]]:
    """Every timed case of these offices with its clock and colour (``projections.deadlines``), by case id."""
    if not registries:
        return
    marks = ", ".join(f":office{i}" for i in range(len(registries)))
    params: dict[str, Any] = {f"office{i}": r for i, r in enumerate(registries)}
    after = ""
    while True:
        with store.read() as tx:
            rows = tx.execute(f"SELECT {EXPORT_COLUMNS} FROM {CLOCKS} WHERE registry IN ({marks}) "
                              "AND case_id > :after ORDER BY case_id LIMIT :n",
                              {**params, "after": after, "n": EXPORT_CHUNK})
        for row in rows:
            yield {**row, "colour": colour_of(row, now)}
        if len(rows) < EXPORT_CHUNK:
            return
        after = rows[-1]["case_id"]
