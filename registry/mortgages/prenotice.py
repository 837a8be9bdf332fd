"""The pre-notice book of one flat: off-plan mortgage pre-notices live here until the flat is first
registered (the unit's own page does not exist yet), then convert into mortgages on that page."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate, event

from events import mortgage as mortgage_events
from registry.kernel import ids
from registry.kernel.codes import RegistrationType, RightType
from registry.kernel.state import TupleState
from registry.kernel.values import Owner
from registry.mortgages.values import PreNotice


class PreNoticeBook(Aggregate):
    TOPIC = "registry.pre_notice_book"
    Created = mortgage_events.BookOpened
    PreNoticeRegistered = mortgage_events.PreNoticeRegistered
    PreNoticeConverted = mortgage_events.PreNoticeConverted

    @staticmethod
    def create_id(unit_number: str):  # noqa: ANN205
        return ids.pre_notice_book_id(unit_number)

    live = TupleState()  # the pre-notices not yet converted, in order of registration

    @event(Created)
    def __init__(self, unit_number: str) -> None:
        self.unit_number = unit_number
        self.live = ()

    def register(self, *, registry: str, pre_notice: PreNotice, at: datetime) -> None:
        self._registered(unit_number=self.unit_number, registry=registry, pre_notice=pre_notice,
                         mortgage_id=ids.mortgage_id(pre_notice.filing_id, self.unit_number),
                         djlx=RegistrationType.PRE_NOTICE, qllx=RightType.PRE_NOTICE, at=at)

    @event(PreNoticeRegistered)
    def _registered(self, unit_number: str, registry: str, pre_notice: PreNotice, mortgage_id: str,
                    djlx: RegistrationType, qllx: RightType, at: datetime) -> None:
        self.live = (*self.live, pre_notice)

    def for_someone_else(self, bank: str) -> list[PreNotice]:
        return [p for p in self.live if p.bank != bank]

    def convertible_for(self, owners: list[Owner]) -> list[PreNotice]:
        """Pre-notices whose purchasers are exactly the owners entered by the first registration."""
        registered = {(o.person.id_number, o.person.name) for o in owners}
        return [p for p in self.live if {(q.id_number, q.name) for q in p.purchasers} == registered]

    def convert(self, *, filing_id: str, at: datetime) -> str:
        mortgage_id = ids.mortgage_id(filing_id, self.unit_number)
        self._converted(filing_id=filing_id, mortgage_id=mortgage_id, at=at)
        return mortgage_id

    @event(PreNoticeConverted)
    def _converted(self, filing_id: str, mortgage_id: str, at: datetime) -> None:
        self.live = tuple(p for p in self.live if p.filing_id != filing_id)
