"""Events of a court's order (KZCS 11 seize / 12 renew / 14 release) and the feedback the court is owed."""

from __future__ import annotations

from datetime import date, datetime

from eventsourcing.domain import Aggregate


class Received(Aggregate.Created):
    """A signed court request, as the court sent it; ``request_sha256`` proves who ordered what."""

    TOPIC = "registry.court_order.Received"
    court: str  # the court's organisation id (owner of the signing key)
    court_name: str
    request_id: str  # the court's own id for this request: the same id again is the same order
    kzcs: str  # 控制措施: "11" seize, "12" renew, "14" release
    executing_court: str
    judge: str
    case_number: str  # 执行案号
    notice_name: str  # 协助执行通知书 name
    ruling_number: str  # 裁定书号
    subjects: list[dict]  # [{"name", "id_type", "id_number"}]
    unit_number: str
    start: date | None
    end: date | None
    seizure_reference: str  # renew / release: the original seizure's reference
    request_sha256: str
    at: datetime


class Answered(Aggregate.Event):
    """The feedback (反馈): controlled ("1") or failed ("2") with the reason; what a repeat returns."""

    TOPIC = "registry.court_order.Answered"
    result: str
    code: str  # the refusal's stable code ("" when controlled)
    field: str
    reason: str
    start: date | None
    end: date | None
    reference: str  # the seizure's registration reference on the unit
    at: datetime
