"""What a party of a transfer case reads of its progress: each step with its time and who took it (the party
themselves, the other party, the registrar, the payment), and when the case is expected to be done — the
statutory deadline of its clock while it runs, what is left of it while it waits on the parties.

Read off the registrar's case history and the case clocks view (the caller has already been scoped to the
case by ``projections.applicant.case``); no registrar's or other person's user id is shown.
"""

from __future__ import annotations

from typing import Any

from projections.case_clocks import CLOCKS
from projections.registrar import HISTORY

STEPS = {"Submitted": "filed", "Settled": "paid", "ReturnedForSupplement": "returned", "Resubmitted": "resubmitted",
         "Approved": "registered", "Rejected": "refused", "Withdrawn": "withdrawn", "Corrected": "corrected",
         "MortgagePartAttached": "mortgage_attached"}
BY_REGISTRY = ("Approved", "Rejected", "ReturnedForSupplement")
BY_RULE = "rule"  # the registrar of a case registered by rule (秒批)


def _step(event: str, actor: str | None) -> str:
    return "registered_by_rule" if event == "Approved" and actor == BY_RULE else STEPS[event]


def _by(event: str, actor: str | None, me: str) -> str:
    if event == "Approved" and actor == BY_RULE:
        return "rule"
    if event == "Settled":
        return "payment"
    if event in BY_REGISTRY:
        return "registrar"
    if event == "MortgagePartAttached":
        return f"bank:{actor}"
    return "you" if actor == me else "other_party"


def progress(store: Any, me: str, case_id: str) -> dict[str, Any]:
    with store.read() as tx:
        steps = tx.execute(f"SELECT version, event, at, actor FROM {HISTORY} WHERE case_id = :case_id "
                           "ORDER BY version", {"case_id": case_id})
        clock = tx.one(f"SELECT state, due_at, paused_for, remaining_minutes, working_days, office_minutes, "
                       f"ended_at, late FROM {CLOCKS} WHERE case_id = :case_id", {"case_id": case_id})
    timeline = [{"step": _step(s["event"], s["actor"]), "at": s["at"], "by": _by(s["event"], s["actor"], me)}
                for s in steps if s["event"] in STEPS]
    return {"timeline": timeline, "expected": _expected(clock)}


def _expected(clock: dict[str, Any] | None) -> dict[str, Any] | None:
    """The deadline as the parties read it: a date while the clock runs, the time left while it waits."""
    if clock is None:
        return None
    limit = ({"working_days": int(clock["working_days"])} if clock["working_days"]
             else {"office_minutes": int(clock["office_minutes"])})
    waiting = clock["state"] == "paused"
    return {"state": clock["state"], "due_at": None if waiting else clock["due_at"],
            "paused_for": clock["paused_for"] if waiting else None,
            "remaining_minutes": int(clock["remaining_minutes"]) if waiting and clock["remaining_minutes"] is not None
            else None, "ended_at": clock["ended_at"], "late": bool(clock["late"]), **limit}
