"""Events on a register-book page (不动产单元). Every registration carries its djlx/qllx codes."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate

from registry.kernel.codes import RegistrationType, RightType, Use
from registry.kernel.values import Owner, Term
from registry.mortgages.values import Mortgage, MortgageTerms


class Registered(Aggregate.Created):
    """First registration (djlx 100): the page opens with its ownership right."""

    TOPIC = "registry.unit.Registered"
    class_version = 2
    unit_number: str
    registry: str
    location: str
    area: Decimal
    use: Use
    right_nature: str
    term: Term
    owners: list[Owner]
    certificate_number: str
    djlx: RegistrationType
    qllx: RightType
    registered_on: date  # v2: the date the right was entered in the register (may predate the platform)
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        state["registered_on"] = state["at"].date()


class Transferred(Aggregate.Event):
    """Transfer registration (djlx 200): owners replaced, new certificate, old number gets (销)."""

    TOPIC = "registry.unit.Transferred"
    case_id: str
    owners: list[Owner]
    price: Decimal
    certificate_number: str
    cancelled_certificate: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class Locked(Aggregate.Event):
    """A restriction (later: a court seizure) blocks transfer, mortgage and change."""

    TOPIC = "registry.unit.Locked"
    authority: str
    reference: str
    reason: str
    until: date | None
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class Unlocked(Aggregate.Event):
    TOPIC = "registry.unit.Unlocked"
    reference: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class MortgageRegistered(Aggregate.Event):
    """抵押权首次登记 (djlx 100, qllx 37): the mortgage joins the unit's encumbrances at its rank."""

    TOPIC = "registry.unit.MortgageRegistered"
    filing_id: str
    mortgage: Mortgage
    rank: int
    converted_pre_notice: str  # the pre-notice filing this mortgage replaces, "" for a plain filing
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class MortgageChanged(Aggregate.Event):
    """抵押权变更登记 (djlx 300): new amount, term or rank; a new proof replaces the old one."""

    TOPIC = "registry.unit.MortgageChanged"
    filing_id: str
    mortgage_id: str
    terms: MortgageTerms
    rank: int
    proof_number: str
    previous_proof_number: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class MortgageReranked(Aggregate.Event):
    """顺位变动: another registration moved this mortgage (a discharge moved it up, a change of rank pushed it
    back or up), so its bank gets a new proof stating the new rank; the previous proof is superseded.
    ``filing_id`` is the filing whose registration moved it (another bank's, or the same bank's other one)."""

    TOPIC = "registry.unit.MortgageReranked"
    filing_id: str
    mortgage_id: str
    bank: str
    rank: int
    previous_rank: int
    proof_number: str
    previous_proof_number: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class MortgageTransferred(Aggregate.Event):
    """抵押权转移登记 (djlx 200): the secured debt was assigned to another bank."""

    TOPIC = "registry.unit.MortgageTransferred"
    filing_id: str
    mortgage_id: str
    bank: str
    bank_name: str
    previous_bank: str
    proof_number: str
    previous_proof_number: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class MortgageDischarged(Aggregate.Event):
    """抵押权注销登记 (djlx 400): the encumbrance is removed and its proof is cancelled."""

    TOPIC = "registry.unit.MortgageDischarged"
    filing_id: str
    mortgage_id: str
    bank: str
    proof_number: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class ObjectionRegistered(Aggregate.Event):
    """异议登记 (djlx 600, qllx 97): does not block a mortgage, but the registrar is warned."""

    TOPIC = "registry.unit.ObjectionRegistered"
    reference: str
    applicant: str
    reason: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class ObjectionCancelled(Aggregate.Event):
    TOPIC = "registry.unit.ObjectionCancelled"
    reference: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class Seized(Aggregate.Event):
    """查封登记 (KZCS 11, djlx 800, qllx 98): active when first served, else queued (轮候) in order of service."""

    TOPIC = "registry.unit.Seized"
    class_version = 2
    court: str
    court_name: str
    reference: str
    served_at: datetime
    start: date
    end: date
    queued: bool
    request_sha256: str
    regardless_of_register: bool  # v2: the court's explicit choice to seize though its subjects do not match
    register_mismatch: str  # v2: how they did not match ("" when they do)
    djlx: RegistrationType
    qllx: RightType
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        """Seizures before subjects were checked against the register: no choice made, no mismatch noted."""
        state["regardless_of_register"] = False
        state["register_mismatch"] = ""


class SeizureActivated(Aggregate.Event):
    """A queued seizure became active after the earlier one's release or lapse; its term starts now."""

    TOPIC = "registry.unit.SeizureActivated"
    court: str
    court_name: str
    reference: str
    start: date
    end: date
    after: str  # the reference of the seizure released or lapsed
    request_sha256: str  # the request that created the queued seizure
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class SeizureRenewed(Aggregate.Event):
    """续封 (KZCS 12): the seizing court extends its active seizure."""

    TOPIC = "registry.unit.SeizureRenewed"
    court: str
    court_name: str
    reference: str
    start: date
    previous_end: date
    end: date
    request_sha256: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class SeizureReleased(Aggregate.Event):
    """解除查封 (KZCS 14): the seizing court releases its seizure (active or queued)."""

    TOPIC = "registry.unit.SeizureReleased"
    court: str
    court_name: str
    reference: str
    start: date
    end: date
    was_active: bool
    request_sha256: str
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class SeizureLapsed(Aggregate.Event):
    """A scheduled event: the active seizure's last day passed without renewal."""

    TOPIC = "registry.unit.SeizureLapsed"
    court: str
    court_name: str
    reference: str
    start: date
    end: date
    djlx: RegistrationType
    qllx: RightType
    at: datetime


class TransferredByRuling(Transferred):
    """Judicial transfer (司法裁定过户, e拍即得): title passes to the auction buyer on the court's ruling alone,
    without the seller or the old certificate (revoked, the ruling as reason). Other courts' seizures stay;
    ``flagged`` lists them for the registrar and those courts."""

    TOPIC = "registry.unit.TransferredByRuling"
    court: str
    court_name: str
    ruling_number: str
    flagged: list[dict]  # [{"court", "court_name", "reference", "state"}]: plain values


class MortgageExtinguished(MortgageDischarged):
    """抵押权注销 on the court's notice after a judicial auction (not filed by the bank: ``filing_id`` is "")."""

    TOPIC = "registry.unit.MortgageExtinguished"
    court: str
    court_name: str
    ruling_number: str
    case_id: str
