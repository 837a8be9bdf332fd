"""The auction ruling (KZCS 15, 产权过户文书送达): the court serves its ruling, the auction confirmation and the
assistance notice with the buyer, and the registry opens a judicial transfer case for it.

Like every court order the request is a ``CourtOrder`` keyed by (court, request id): a repeat returns the
first answer and changes nothing. A ruling the register's rules refuse (unit outside the area or unknown,
the court holds no seizure on it, the persons named do not hold it, a case for the ruling exists) is
answered "2" with the reason and stored. An accepted ruling is saved with its case in one save; the
court's final feedback follows when the registrar has transferred the title (registry.courts.ruling_registration).
The court's documents are stored, content-addressed by their SHA-256, before the save, so a retried
command stores nothing twice and the event names exactly the bytes the court sent.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from registry.courts.orders import RULING, Feedback, OrderRequest, court_order_id, get_order, receive, unit_in_area
from registry.kernel.errors import CaseAlreadyExists, DomainError
from registry.kernel.values import FamilyMember, Owner
from registry.transfers.case import TransferCase
from registry.transfers.commands import family_housing_check, sellers_homes

if TYPE_CHECKING:
    from registry.application import Registry


class DocumentStore(Protocol):
    def put(self, document_id: str, content: bytes) -> None: ...


@dataclass(frozen=True)
class CourtDocument:
    kind: str  # ruling (裁定书) / confirmation (拍卖成交确认书) / assistance_notice (协助执行通知书) / other
    name: str
    content_type: str
    content: bytes

    def describe(self) -> dict[str, object]:
        sha256 = hashlib.sha256(self.content).hexdigest()
        return {"kind": self.kind, "name": self.name, "content_type": self.content_type, "size": len(self.content),
                "sha256": sha256, "document_id": court_document_id(sha256)}


def court_document_id(sha256: str) -> str:
    return f"court-document:{sha256}"


@dataclass(frozen=True)
class RulingRequest:
    order: OrderRequest
    ruling_date: date
    confirmation_number: str
    assistance_notice_number: str
    price: Decimal
    buyers: list[Owner]
    documents: list[CourtDocument]
    families: dict[str, list[FamilyMember]] = field(default_factory=dict)  # buyer's ID number → spouse, children

    def family(self) -> list[dict[str, str]]:
        """The families as the court sent them, in plain values for the order's event."""
        return [{"buyer_id_number": buyer, "name": m.name, "id_number": m.id_number, "relation": m.relation.value}
                for buyer, members in self.families.items() for m in members]


def serve_ruling(app: Registry, documents: DocumentStore, *, court: str, court_name: str, request_sha256: str,
                 request: RulingRequest) -> Feedback:
    def command() -> Feedback:
        earlier = get_order(app, court, request.order.request_id)
        if earlier is not None:
            return earlier.feedback
        at = app.clock.now()
        order = receive(RULING, court, court_name, request_sha256, request.order, at)
        try:
            case = _open_case(app, court, court_name, request)
        except DomainError as refusal:
            order.refuse(refusal, at)
            app.commit(order)
            return order.feedback
        described = []
        for document in request.documents:
            described.append(document.describe())
            documents.put(court_document_id(described[-1]["sha256"]), document.content)
        order.serve_ruling(ruling_date=request.ruling_date, confirmation_number=request.confirmation_number,
                           assistance_notice_number=request.assistance_notice_number, price=request.price,
                           buyers=[{"name": b.person.name, "id_number": b.person.id_number, "share": str(b.share)}
                                   for b in request.buyers],
                           family=request.family(), documents=described, case_id=str(case.id), at=at)
        app.commit(order, case)
        return order.feedback

    return app.retrying(command)


def _open_case(app: Registry, court: str, court_name: str, request: RulingRequest) -> TransferCase:
    order = request.order
    unit = unit_in_area(app, order.unit_number)
    unit.check_auction_court_has_seized(court, court_name)
    unit.check_subjects_hold_the_unit({s["id_number"] for s in order.subjects})
    if app.exists(TransferCase.create_id(order.unit_number, order.ruling_number)):
        raise CaseAlreadyExists(f"a judicial transfer for ruling {order.ruling_number} was already opened",
                                field="ruling_number")
    owners = [o.person for o in unit.owners]
    ruling = {"court": court, "court_name": court_name,
              "order_id": str(court_order_id(court, order.request_id)), "ruling_number": order.ruling_number,
              "case_number": order.case_number, "confirmation_number": request.confirmation_number,
              "assistance_notice_number": request.assistance_notice_number,
              "ruling_date": request.ruling_date.isoformat()}
    return TransferCase.open_by_ruling(
        registry=unit.registry, unit_number=unit.unit_number, unit_location=unit.location, unit_area=unit.area,
        unit_use=unit.use, court=court, owners=owners, buyers=request.buyers, price=request.price, ruling=ruling,
        ruling_date=request.ruling_date, families=request.families,
        home_counts=family_housing_check(app, request.buyers, request.families),
        seller_acquired_on=unit.acquired_on, seller_homes=sellers_homes(app, owners),
        seller_original_cost=unit.acquired_price, at=app.clock.now())
