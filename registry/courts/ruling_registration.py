"""Registering a judicial transfer (e拍即得) once the buyer has paid: the registrar's approval of a case a
court's ruling opened. Called from ``approve_transfer`` / ``reject_transfer`` so that the case, the unit
page, the old certificates and the court's order change in the same atomic save.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.domain import Aggregate

from registry.certificates.issuance import certificates_of, roll_of
from registry.courts.orders import CONTROLLED, CourtOrder
from registry.kernel.codes import CertificateKind, CertificateStatus
from registry.register_book.unit import Unit
from registry.transfers.case import TransferCase

if TYPE_CHECKING:
    from registry.application import Registry

REVOKED_BY_RULING = "法院裁定过户（{ruling}）：原不动产权证书作废"


def register_by_ruling(app: Registry, case: TransferCase, unit: Unit, certificate_number: str,
                       at: datetime) -> list[Aggregate]:
    """Mortgages extinguished, the auction court's seizure released, title to the buyer, the old certificate
    revoked with the ruling as reason, the court answered "1" with the new certificate's number."""
    ruling = case.judicial
    order: CourtOrder = app.repository.get(UUID(ruling["order_id"]))
    unit.transfer_by_ruling(case_id=str(case.id), court=ruling["court"], court_name=ruling["court_name"],
                            ruling_number=ruling["ruling_number"], buyers=case.buyers, price=case.price,
                            certificate_number=certificate_number, request_sha256=order.request_sha256, at=at)
    revoked = [c for c in certificates_of(app, roll_of(app, unit.unit_number).current)
               if c.kind is CertificateKind.OWNERSHIP and c.status is CertificateStatus.CURRENT]
    for certificate in revoked:
        certificate.revoke(by=ruling["court_name"], reason=REVOKED_BY_RULING.format(ruling=ruling["ruling_number"]),
                           at=at)
    order.answer(result=CONTROLLED, code="", field="", reason="", start=at.date(), end=None,
                 reference=certificate_number, at=at)
    return [order, *revoked]


def refuse_ruling(app: Registry, case: TransferCase, reason: str, at: datetime) -> list[Aggregate]:
    """The registrar refused the judicial case: the court is answered "2" with the registrar's reason."""
    if not case.judicial:
        return []
    order: CourtOrder = app.repository.get(UUID(case.judicial["order_id"]))
    order.answer(result="2", code="registrar_refused", field="", reason=reason, start=None, end=None, reference="",
                 at=at)
    return [order]
