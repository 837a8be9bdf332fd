"""A court's query (查询) of persons' and units' rights, encumbrances and seizures, answered and kept as an event.

One request id is one request whatever its kind: the query's id is ``court_order_id(court, request_id)``, the
id a seizure order or a tax inquiry of the same request id would have. A repeat of the same kind returns the
first answer and stores nothing; the id already taken by another kind is a 409 (``request_id_reused``).

A refusal by the register's rules (a unit outside the registry's area) is answered like a court order's:
result "2" with the reason, kept, so a repeat gets the same refusal. A unit inside the area that the register
does not hold is not a refusal: that unit is answered as "not in the register".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from eventsourcing.domain import Aggregate, event

from events import court as court_events
from registry.courts.orders import CONTROLLED, FAILED, court_order_id, earlier_request
from registry.courts.seizures import Seizure, SeizureState
from registry.kernel.errors import DomainError
from registry.mortgages.values import Mortgage, MortgageTerms, PreNotice

if TYPE_CHECKING:
    from registry.application import Registry


@dataclass(frozen=True)
class QueryRequest:
    request_id: str
    executing_court: str
    judge: str
    case_number: str
    notice_name: str
    ruling_number: str
    subjects: list[dict]
    unit_numbers: list[str]


class AnsweredRequest(Aggregate):
    """A court request answered at once: its one event holds the request and the ``answer`` (plain values)."""

    @staticmethod
    def create_id(court: str, request_id: str):  # noqa: ANN205 - one id per court request, whatever its kind
        return court_order_id(court, request_id)


class CourtQuery(AnsweredRequest):
    TOPIC = "registry.court_query"
    Created = court_events.Queried

    @event(Created)
    def __init__(self, court: str, court_name: str, request_id: str, executing_court: str, judge: str,
                 case_number: str, notice_name: str, ruling_number: str, subjects: list[dict],
                 unit_numbers: list[str], request_sha256: str, answer: dict, at: datetime) -> None:
        self.court, self.request_id, self.request_sha256 = court, request_id, request_sha256
        self.subjects, self.unit_numbers, self.answer = subjects, unit_numbers, answer


# -- the request-id space shared by every kind of court request -------------------------------------------
def answer_once(app: Registry, kind: type[AnsweredRequest], court: str, request_id: str,
                record: Callable[[str], AnsweredRequest]) -> dict[str, Any]:
    """The stored answer of this request, or ``record(order_id)`` saved: a new aggregate of ``kind`` whose
    ``answer`` is what the court is told. An id taken by another kind of request is refused."""
    def command() -> dict[str, Any]:
        earlier = earlier_request(app, kind, court, request_id)
        if earlier is not None:
            return earlier.answer
        recorded = record(str(court_order_id(court, request_id)))
        app.commit(recorded)
        return recorded.answer

    return app.retrying(command)


def answered(order_id: str, request_id: str, kind: str, at: datetime, **body: Any) -> dict[str, Any]:
    return {"order_id": order_id, "request_id": request_id, "kind": kind, "result": CONTROLLED, "reason": "",
            "answered_at": at.isoformat(), **body}


def refused(order_id: str, request_id: str, kind: str, at: datetime, refusal: DomainError) -> dict[str, Any]:
    return {"order_id": order_id, "request_id": request_id, "kind": kind, "result": FAILED, "code": refusal.code,
            "status": refusal.status, "field": refusal.field or "", "reason": refusal.message,
            "answered_at": at.isoformat()}


# -- the query ---------------------------------------------------------------------------------------------
def query(app: Registry, *, court: str, court_name: str, request_sha256: str, request: QueryRequest
          ) -> dict[str, Any]:
    """Each person's units held now and each unit asked about, described as the register book holds them."""
    def record(order_id: str) -> CourtQuery:
        at = app.clock.now()
        try:
            for unit_number in request.unit_numbers:
                app.area.check_covers(unit_number)
            answer = answered(order_id, request.request_id, "query", at,
                              persons=[_person(app, subject) for subject in request.subjects],
                              units=[unit_report(app, number) for number in request.unit_numbers])
        except DomainError as refusal:
            answer = refused(order_id, request.request_id, "query", at, refusal)
        return CourtQuery(court=court, court_name=court_name, request_id=request.request_id,
                          executing_court=request.executing_court, judge=request.judge,
                          case_number=request.case_number, notice_name=request.notice_name,
                          ruling_number=request.ruling_number, subjects=[dict(s) for s in request.subjects],
                          unit_numbers=list(request.unit_numbers), request_sha256=request_sha256, answer=answer,
                          at=at)

    return answer_once(app, CourtQuery, court, request.request_id, record)


def _person(app: Registry, subject: dict) -> dict[str, Any]:
    held = sorted(app.holdings_of(subject["id_number"]).units)
    return {"name": subject["name"], "id_type": subject["id_type"], "id_number": subject["id_number"],
            "units": [unit_report(app, number) for number in held]}


# -- a unit as the register book holds it, in plain JSON values (decimals and dates as strings) -----------
def unit_report(app: Registry, unit_number: str) -> dict[str, Any]:
    """The page of one unit: owners, certificate, mortgages in rank order, seizures (active and queued; released
    and lapsed under ``seizure_history``), objections, locks, and live pre-notices of a flat bought off-plan."""
    book = app.pre_notice_book(unit_number)
    pre_notices = [_pre_notice(p) for p in book.live] if book is not None else []
    unit = app.unit_or_none(unit_number)
    if unit is None:
        return {"unit_number": unit_number, "in_register": False, "pre_notices": pre_notices}
    current = [s for s in unit.seizures if s.state in (SeizureState.ACTIVE, SeizureState.QUEUED)]
    current.sort(key=lambda s: (s.state is not SeizureState.ACTIVE, s.served_at))
    return {
        "unit_number": unit.unit_number, "in_register": True, "location": unit.location, "area": _text(unit.area),
        "use": unit.use.value, "right_nature": unit.right_nature, "certificate_number": unit.certificate_number,
        "acquired_on": _text(unit.acquired_on),
        "owners": [{"name": o.person.name, "id_number": o.person.id_number, "share": _text(o.share)}
                   for o in unit.owners],
        "mortgages": [_mortgage(m, rank) for rank, m in enumerate(unit.mortgages, start=1)],
        "seizures": [_seizure(s) for s in current],
        "seizure_history": [_seizure(s) for s in unit.seizures if s not in current],
        "objections": list(unit.objections),
        "locks": [{"reference": reference, "authority": authority} for reference, authority in unit.locks.items()],
        "pre_notices": pre_notices,
    }


def _text(value: Decimal | date | None) -> str | None:
    return None if value is None else value.isoformat() if isinstance(value, date) else format(value, "f")


def _terms(terms: MortgageTerms) -> dict[str, Any]:
    return {"method": terms.method.value, "amount": _text(terms.amount), "secured_amount": _text(terms.secured_amount),
            "maximum_amount": _text(terms.maximum_amount), "currency": terms.currency,
            "claim_start": _text(terms.claim_start), "claim_end": _text(terms.claim_end),
            "performance_start": _text(terms.performance_start), "performance_end": _text(terms.performance_end),
            "transfer_restricted": terms.transfer_restricted}


def _mortgage(mortgage: Mortgage, rank: int) -> dict[str, Any]:
    return {"rank": rank, "bank": mortgage.bank, "bank_name": mortgage.bank_name,
            "proof_number": mortgage.proof_number, **_terms(mortgage.terms)}


def _pre_notice(pre_notice: PreNotice) -> dict[str, Any]:
    return {"bank": pre_notice.bank, "bank_name": pre_notice.bank_name, "proof_number": pre_notice.proof_number,
            "purchasers": [{"name": p.name, "id_number": p.id_number} for p in pre_notice.purchasers],
            **_terms(pre_notice.terms)}


def _seizure(seizure: Seizure) -> dict[str, Any]:
    return {"court": seizure.court, "court_name": seizure.court_name, "reference": seizure.reference,
            "state": seizure.state.value, "served_at": seizure.served_at.isoformat(),
            "start": _text(seizure.start), "end": _text(seizure.end)}
