"""The court's desk as the court reads it, from the tables ``projections.court_desk`` writes.

Every read takes the court's org id (from its verified signature, never from the request) and filters on
it: a court sees its own requests, seizures, auction cases and feed, never another court's.
"""

from __future__ import annotations

from typing import Any

from projections.base import loads
from projections.court_desk import AUCTION, FEED, REQUESTS, SEIZURES
from projections.paging import FIRST_PAGE, Page, PageRequest, fetch
from registry.kernel.errors import InvalidValue

SEIZURE_STATES = ("active", "queued", "released", "lapsed")
MAX_LIMIT = 1000


def _feedback(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["result"] is None:
        return None  # a KZCS 15 ruling is answered when the title has passed (or was refused)
    return {"result": row["result"], "code": row["code"], "reason": row["reason"], "start": row["start_on"],
            "end": row["end_on"], "reference": row["reference"], "at": row["answered_at"]}


def _request(r: dict[str, Any]) -> dict[str, Any]:
    return {"order_id": r["order_id"], "request_id": r["request_id"], "kzcs": r["kzcs"],
            "unit_number": r["unit_number"], "case_number": r["case_number"], "ruling_number": r["ruling_number"],
            "seizure_reference": r["seizure_reference"] or None, "received_at": r["received_at"],
            "feedback": _feedback(r)}


def requests(store: Any, court: str, kzcs: str | None = None, paging: PageRequest = FIRST_PAGE) -> Page:
    """The court's requests, the latest received first, each with its feedback (None while awaited)."""
    where, params = "court = :court", {"court": court}
    if kzcs:
        where, params = f"{where} AND kzcs = :kzcs", {**params, "kzcs": kzcs}
    with store.read() as tx:
        return fetch(tx, f"SELECT * FROM {REQUESTS} WHERE {where}", params, "received_at DESC, order_id DESC",
                     paging, _request)


def _seizure(r: dict[str, Any]) -> dict[str, Any]:
    return {"reference": r["reference"], "unit_number": r["unit_number"], "state": r["state"],
            "start": r["start_on"], "end": r["end_on"], "served_at": r["served_at"],
            "flagged_by": r["flagged_by"], "updated_at": r["updated_at"]}


def seizures(store: Any, court: str, state: str | None = None, paging: PageRequest = FIRST_PAGE) -> Page:
    """The court's seizures on every unit, by state; the latest served first."""
    where, params = "court = :court", {"court": court}
    if state:
        if state not in SEIZURE_STATES:
            raise InvalidValue(f"the state is one of {', '.join(SEIZURE_STATES)}", field="state")
        where, params = f"{where} AND state = :state", {**params, "state": state}
    with store.read() as tx:
        return fetch(tx, f"SELECT * FROM {SEIZURES} WHERE {where}", params,
                     "served_at DESC, reference, unit_id", paging, _seizure)


def _auction_case(r: dict[str, Any]) -> dict[str, Any]:
    return {"case_id": r["case_id"], "order_id": r["order_id"], "request_id": r["request_id"],
            "unit_number": r["unit_number"], "case_number": r["case_number"], "ruling_number": r["ruling_number"],
            "ruling_date": r["ruling_date"], "confirmation_number": r["confirmation_number"],
            "assistance_notice_number": r["assistance_notice_number"], "price": r["price"],
            "buyers": loads(r["buyers"]) or [], "state": r["stage"], "state_at": r["stage_at"],
            "certificate_number": r["certificate_number"],
            "reason": r["reason"] if r["stage"] == "refused" else None,
            "loans": loads(r["loans"]) or [], "feedback": _feedback(r)}


def cases(store: Any, court: str, paging: PageRequest = FIRST_PAGE) -> Page:
    """The court's auction cases (KZCS 15) and where each stands, the latest ruling served first."""
    with store.read() as tx:
        return fetch(tx, f"SELECT * FROM {REQUESTS} WHERE court = :court AND kzcs = :kzcs",
                     {"court": court, "kzcs": AUCTION},
                     "received_at DESC, order_id DESC", paging, _auction_case)


def feed(store: Any, court: str, after: int = 0, limit: int = 100) -> list[dict[str, Any]]:
    """The court's feed entries after ``after``, in order (the same rows the webhook pushes)."""
    with store.read() as tx:
        rows = tx.execute(f"SELECT * FROM {FEED} WHERE court = :court AND seq > :after ORDER BY seq LIMIT :limit",
                          {"court": court, "after": int(after), "limit": max(1, min(int(limit), MAX_LIMIT))})
    return [{"id": r["id"], "seq": int(r["seq"]), "kind": r["kind"], "request_id": r["request_id"],
             "case_id": r["case_id"], "unit_number": r["unit_number"], "payload": loads(r["payload"]),
             "at": r["at"]} for r in rows]
