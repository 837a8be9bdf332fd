"""Events of a court's order (KZCS 11 seize / 12 renew / 14 release) and the feedback the court is owed."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate


class Received(Aggregate.Created):
    """A signed court request, as the court sent it; ``request_sha256`` proves who ordered what."""

    TOPIC = "registry.court_order.Received"
    court: str  # the court's organisation id (owner of the signing key)
    court_name: str
    request_id: str  # the court's own id for this request: the same id again is the same order
    kzcs: str  # 控制措施: "11" seize, "12" renew, "14" release, "15" service of the transfer ruling
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


class RulingServed(Aggregate.Event):
    """KZCS 15, recorded with ``Received``: the auction ruling, its documents and the judicial transfer case it
    opened. The court's final feedback (``Answered``) follows when the registry has transferred the title."""

    TOPIC = "registry.court_order.RulingServed"
    class_version = 2
    ruling_date: date  # the day the ruling was served: ownership passes (Civil Code art. 229)
    confirmation_number: str  # 拍卖成交确认书
    assistance_notice_number: str  # 协助执行通知书 文号
    price: Decimal  # 成交价
    buyers: list[dict]  # [{"name", "id_type", "id_number", "share"}] with share as a string fraction "1" / "1/2"
    family: list[dict]  # v2: [{"buyer_id_number", "name", "id_number", "relation"}] spouses and minor children
    documents: list[dict]  # [{"kind", "name", "content_type", "size", "sha256", "document_id"}]
    case_id: str  # the judicial transfer case
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        """Rulings served before the court named the buyers' families named none."""
        state["family"] = []


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


class Queried(Aggregate.Created):
    """查询: a court's signed query and the answer it was given, kept together; a repeat returns this answer.

    ``answer`` is plain JSON values (decimals and dates as strings), what the court was shown that day."""

    TOPIC = "registry.court_query.Queried"
    court: str
    court_name: str
    request_id: str
    executing_court: str
    judge: str
    case_number: str
    notice_name: str
    ruling_number: str
    subjects: list[dict]  # [{"name", "id_type", "id_number"}]
    unit_numbers: list[str]
    request_sha256: str
    answer: dict
    at: datetime


class TaxInquiryAnswered(Aggregate.Created):
    """询价: a court's signed tax inquiry for an auction sale and the tax engine's breakdown it was given."""

    TOPIC = "registry.court_tax_inquiry.Answered"
    court: str
    court_name: str
    request_id: str
    executing_court: str
    judge: str
    case_number: str
    unit_number: str
    price: str  # the auction price asked about, a decimal string
    class_version = 2
    sale_date: date
    buyer: dict | None  # {"name", "id_type", "id_number"} when the court names the buyer
    family: list[dict]  # v2: the buyer's spouse and minor children [{"buyer_id_number", "name", "id_number",
    #                     "relation"}], whose homes count as the buyer's
    request_sha256: str
    answer: dict
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        """Inquiries before families were asked about named none."""
        state["family"] = []
