"""A court's order on a unit (KZCS 11 seize, 12 renew, 14 release) and the feedback it is owed.

The order's id derives from (court, the court's request id), so a repeated request finds the first order and
gets its stored feedback; nothing changes. Otherwise the command acts on the unit: success saves the order
(feedback "1", controlled) and the unit in one atomic save; a domain refusal (unknown unit, another court's
seizure, a lapsed seizure, a term over 3 years …) saves only the order with feedback "2" and the reason, so the
court is told and a repeat returns the same failure. Malformed requests are refused before this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid5

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate, event

from events import court as court_events
from registry.kernel import ids
from registry.kernel.errors import DomainError, InvalidValue, RequestIdReused
from registry.register_book.unit import Unit

if TYPE_CHECKING:
    from registry.application import Registry

SEIZE, RENEW, RELEASE, RULING = "11", "12", "14", "15"
KZCS = (SEIZE, RENEW, RELEASE, RULING)
CONTROLLED, FAILED = "1", "2"
ACCEPTED, ANSWERED = "accepted", "answered"  # a ruling is accepted at once and answered once registered


def court_order_id(court: str, request_id: str) -> UUID:
    return uuid5(ids.NAMESPACE, f"court-order:{court}:{request_id}")


@dataclass(frozen=True)
class Feedback:
    """What the court is told, first time and every repeat alike."""

    order_id: str
    request_id: str
    kzcs: str
    result: str
    reason: str
    start: date | None
    end: date | None
    reference: str
    code: str = ""
    field: str = ""
    status: str = ANSWERED
    case_id: str = ""  # KZCS 15: the judicial transfer case the ruling opened

    @property
    def controlled(self) -> bool:
        return self.result == CONTROLLED

    @property
    def failed(self) -> bool:
        return self.result == FAILED

    def as_dict(self) -> dict[str, Any]:
        """The answer's body (the refusal code and field go in the error shape, not here)."""
        body = asdict(self)
        del body["code"], body["field"]
        if self.kzcs != RULING:
            del body["status"], body["case_id"]
        return body


@dataclass(frozen=True)
class OrderRequest:
    """What a court message carries besides its control measure."""

    request_id: str
    executing_court: str
    judge: str
    case_number: str
    notice_name: str
    ruling_number: str
    subjects: list[dict]
    unit_number: str
    start: date | None = None
    end: date | None = None
    seizure_reference: str = ""
    regardless_of_register: bool = False  # KZCS 11: seize though the subjects do not match the register


class CourtOrder(Aggregate):
    TOPIC = "registry.court_order"
    Created = court_events.Received
    RulingServed = court_events.RulingServed
    Answered = court_events.Answered
    ruling: dict[str, Any] | None = None  # KZCS 15 only

    @staticmethod
    def create_id(court: str, request_id: str):  # noqa: ANN205
        return court_order_id(court, request_id)

    @event(Created)
    def __init__(self, court: str, court_name: str, request_id: str, kzcs: str, executing_court: str, judge: str,
                 case_number: str, notice_name: str, ruling_number: str, subjects: list[dict], unit_number: str,
                 start: date | None, end: date | None, seizure_reference: str, request_sha256: str,
                 at: datetime) -> None:
        self.court, self.court_name, self.request_id, self.kzcs = court, court_name, request_id, kzcs
        self.executing_court, self.judge, self.case_number = executing_court, judge, case_number
        self.notice_name, self.ruling_number, self.subjects = notice_name, ruling_number, subjects
        self.unit_number, self.start, self.end = unit_number, start, end
        self.seizure_reference, self.request_sha256, self.received_at = seizure_reference, request_sha256, at
        self.answered: dict[str, Any] | None = None  # plain values, so a snapshot needs no new transcoding

    @event(RulingServed)
    def serve_ruling(self, ruling_date: date, confirmation_number: str, assistance_notice_number: str,
                     price: Decimal, buyers: list[dict], family: list[dict], documents: list[dict], case_id: str,
                     at: datetime) -> None:
        self.ruling = {"ruling_date": ruling_date, "confirmation_number": confirmation_number,
                       "assistance_notice_number": assistance_notice_number, "price": price, "buyers": buyers,
                       "family": family, "documents": documents, "case_id": case_id}

    @event(Answered)
    def answer(self, result: str, code: str, field: str, reason: str, start: date | None, end: date | None,
               reference: str, at: datetime) -> None:
        self.answered = {"result": result, "code": code, "field": field, "reason": reason, "start": start,
                         "end": end, "reference": reference, "at": at}

    @property
    def feedback(self) -> Feedback | None:
        case_id = self.ruling["case_id"] if self.ruling else ""
        if self.answered is None:
            if not self.ruling:
                return None
            return Feedback(order_id=str(self.id), request_id=self.request_id, kzcs=self.kzcs, result="", reason="",
                            start=None, end=None, reference="", status=ACCEPTED, case_id=case_id)
        answer = {k: v for k, v in self.answered.items() if k != "at"}
        return Feedback(order_id=str(self.id), request_id=self.request_id, kzcs=self.kzcs, case_id=case_id, **answer)

    def refuse(self, refusal: DomainError, at: datetime) -> None:
        self.answer(result=FAILED, code=refusal.code, field=refusal.field or "", reason=refusal.message, start=None,
                    end=None, reference="", at=at)


def earlier_request(app: Registry, kind: type[Aggregate], court: str, request_id: str) -> Any:
    """The court's earlier request under this id, if any: one id is one request whatever its kind, so an id
    taken by another kind of request is refused."""
    try:
        found = app.repository.get(court_order_id(court, request_id))
    except AggregateNotFoundError:
        return None
    if not isinstance(found, kind):
        raise RequestIdReused(f"request id {request_id} was already used by this court for another kind of "
                              "request; send this one with a new request id", field="request_id")
    return found


def get_order(app: Registry, court: str, request_id: str) -> CourtOrder | None:
    return earlier_request(app, CourtOrder, court, request_id)


# -- commands --------------------------------------------------------------------------------------
Act = Callable[[Unit, datetime], tuple[date, date, str]]


def seize(app: Registry, *, court: str, court_name: str, request_sha256: str, request: OrderRequest) -> Feedback:
    """查封 (KZCS 11): the seizure's reference is the ruling number (the notice name when there is none)."""
    reference = request.ruling_number or request.notice_name

    def act(unit: Unit, at: datetime) -> tuple[date, date, str]:
        if request.start is None or request.end is None:
            raise InvalidValue("a seizure names its start and end", field="end")
        unit.seize(court=court, court_name=court_name, reference=reference, served_at=at, start=request.start,
                   end=request.end, request_sha256=request_sha256, at=at, subjects=request.subjects,
                   regardless_of_register=request.regardless_of_register)
        return _term(unit, reference)

    return _order(app, SEIZE, court, court_name, request_sha256, request, act)


def renew(app: Registry, *, court: str, court_name: str, request_sha256: str, request: OrderRequest) -> Feedback:
    """续封 (KZCS 12) of the court's own active seizure named by ``seizure_reference``; ``end`` is the new end."""
    def act(unit: Unit, at: datetime) -> tuple[date, date, str]:
        if request.end is None:
            raise InvalidValue("a renewal names its new end", field="end")
        unit.renew(court=court, reference=request.seizure_reference, new_end=request.end, at=at,
                   request_sha256=request_sha256)
        return _term(unit, request.seizure_reference)

    return _order(app, RENEW, court, court_name, request_sha256, request, act)


def release(app: Registry, *, court: str, court_name: str, request_sha256: str, request: OrderRequest) -> Feedback:
    """解除查封 (KZCS 14) of the court's own seizure; the next queued one becomes active."""
    def act(unit: Unit, at: datetime) -> tuple[date, date, str]:
        unit.release(court=court, reference=request.seizure_reference, at=at, request_sha256=request_sha256)
        return _term(unit, request.seizure_reference)

    return _order(app, RELEASE, court, court_name, request_sha256, request, act)


def _term(unit: Unit, reference: str) -> tuple[date, date, str]:
    seizure = unit.seizure(reference)
    return seizure.start, seizure.end, seizure.reference


def receive(kzcs: str, court: str, court_name: str, request_sha256: str, request: OrderRequest,
            at: datetime) -> CourtOrder:
    return CourtOrder(court=court, court_name=court_name, request_id=request.request_id, kzcs=kzcs,
                      executing_court=request.executing_court, judge=request.judge, case_number=request.case_number,
                      notice_name=request.notice_name, ruling_number=request.ruling_number,
                      subjects=[dict(s) for s in request.subjects], unit_number=request.unit_number,
                      start=request.start, end=request.end, seizure_reference=request.seizure_reference,
                      request_sha256=request_sha256, at=at)


def unit_in_area(app: Registry, unit_number: str) -> Unit:
    """Outside the area is the court's mistake of registry, named as such; inside, an unknown unit is a 404."""
    app.area.check_covers(unit_number)
    return app.get_unit(unit_number)


def _order(app: Registry, kzcs: str, court: str, court_name: str, request_sha256: str, request: OrderRequest,
           act: Act) -> Feedback:
    def command() -> Feedback:
        earlier = get_order(app, court, request.request_id)
        if earlier is not None:
            return earlier.feedback
        at = app.clock.now()
        order = receive(kzcs, court, court_name, request_sha256, request, at)
        try:
            unit = unit_in_area(app, request.unit_number)
            start, end, reference = act(unit, at)
        except DomainError as refusal:
            order.refuse(refusal, at)
            app.commit(order)
        else:
            order.answer(result=CONTROLLED, code="", field="", reason="", start=start, end=end, reference=reference,
                         at=at)
            app.commit(order, unit)
        return order.feedback

    return app.retrying(command)
