"""The Registry application: units, transfer cases, holdings and certificate numbers.

Every command has the shape load → act → save; a registration that touches several aggregates is
one atomic ``save``. A lost optimistic-concurrency race is retried from a fresh load a few times,
then reported as ``ConcurrentUpdate`` (HTTP 409): a retried command re-checks every rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import singledispatchmethod
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import Transcoding
from eventsourcing.system import ProcessApplication

from events import payments as payment_events
from registry.certificates.certificate import Certificate
from registry.certificates.roll import CertificateRoll
from registry.courts.orders import CourtOrder
from registry.kernel.actors import Actor, Role
from registry.kernel.area import FUZHOU, RegistryArea
from registry.kernel.codes import CertificateKind
from registry.kernel.commanding import Commands
from registry.kernel.errors import InvalidValue, UnknownCase, UnknownFiling, UnknownUnit
from registry.kernel.ports import BankDirectory, Clock, NoBanks, NoTaxReleases, TaxReleases
from registry.mortgages.filing import MortgageFiling
from registry.mortgages.prenotice import PreNoticeBook
from registry.register_book.holdings import Holdings
from registry.register_book.numbering import CertificateSequence, NumberingScheme
from registry.register_book.unit import Unit
from registry.transfers.case import TransferCase
from registry.transfers.instant import decide_settled
from registry.transfers.rules import DEFAULT_CASE_KIND


class Registry(Commands, ProcessApplication):
    name = "registry"
    snapshotting_intervals = {Unit: 25, Holdings: 25, CertificateSequence: 50, TransferCase: 25,
                              Certificate: 10, CertificateRoll: 25, MortgageFiling: 25, PreNoticeBook: 25,
                              CourtOrder: 25}
    log_section_size = 500
    pull_section_size = 500
    # Hot aggregates (the number sequence, busy units) come from a cache that is deep-copied on get and
    # fast-forwarded from the store, so a lost race or another process's write is never missed.
    env = {"AGGREGATE_CACHE_MAXSIZE": "5000"}

    def __init__(
        self,
        *,
        clock: Clock,
        offices: Mapping[str, NumberingScheme] | Callable[[str], NumberingScheme],
        transcodings: Iterable[Transcoding] = (),
        env: Mapping[str, str] | None = None,
        banks: BankDirectory | None = None,
        area: RegistryArea = FUZHOU,
        taxes: TaxReleases | None = None,
        instant_kinds: Iterable[str] = (DEFAULT_CASE_KIND,),
    ) -> None:
        self.clock = clock
        self.banks = banks or NoBanks()
        self.taxes = taxes or NoTaxReleases()
        self.instant_kinds = frozenset(instant_kinds)  # case kinds a settled case may be registered by rule
        self.area = area
        self._offices = offices
        self._schemes: dict[str, NumberingScheme] = {}
        self._transcodings = list(transcodings)
        super().__init__(env=env)

    # -- helpers used by the command modules -------------------------------------------------
    def numbering(self, registry: str) -> NumberingScheme:
        """How an office prints numbers; remembered per process (offices change it by a restart)."""
        scheme = self._schemes.get(registry)
        if scheme is None:
            try:
                scheme = self._offices(registry) if callable(self._offices) else self._offices[registry]
            except (KeyError, LookupError):
                raise InvalidValue(f"unknown registry office {registry!r}", field="registry") from None
            self._schemes[registry] = scheme
        return scheme

    def get_unit(self, unit_number: str) -> Unit:
        return self.get_or_raise(Unit.create_id(unit_number), UnknownUnit(f"no unit {unit_number} in the register"))

    def get_case(self, case_id: UUID) -> TransferCase:
        return self.get_or_raise(case_id, UnknownCase("no such transfer case"))

    def get_filing(self, filing_id: UUID) -> MortgageFiling:
        return self.get_or_raise(filing_id, UnknownFiling("no such mortgage filing"))

    def unit_or_none(self, unit_number: str) -> Unit | None:
        try:
            return self.repository.get(Unit.create_id(unit_number))
        except AggregateNotFoundError:
            return None

    def pre_notice_book(self, unit_number: str, *, create: bool = False) -> PreNoticeBook | None:
        try:
            return self.repository.get(PreNoticeBook.create_id(unit_number))
        except AggregateNotFoundError:
            return PreNoticeBook(unit_number) if create else None

    def holdings_of(self, id_number: str) -> Holdings:
        try:
            return self.repository.get(Holdings.create_id(id_number))
        except AggregateNotFoundError:
            return Holdings(id_number)

    def sequence(self, registry: str, kind: CertificateKind) -> CertificateSequence:
        year = self.clock.today().year
        try:
            return self.repository.get(CertificateSequence.create_id(registry, year, kind))
        except AggregateNotFoundError:
            return CertificateSequence(registry, year, kind)

    # -- queries needing the write model ---------------------------------------------------------
    def case_for(self, actor: Actor, case_id: UUID) -> TransferCase:
        """The case if the actor may see it; otherwise the same 'unknown' as a missing case."""
        case = self.get_case(case_id)
        if actor.role is Role.ADMIN or actor.is_registrar_of(case.registry):
            return case
        if actor.role is Role.APPLICANT and actor.id_number in case.party_id_numbers() | {case.filer_id_number}:
            return case  # a party, or the agent who filed for one
        raise UnknownCase("no such transfer case")

    # -- hand-offs from other applications -------------------------------------------------------
    @singledispatchmethod
    def policy(self, domain_event: Any, processing_event: Any) -> None:
        """Only a cleared payment concerns the register."""

    @policy.register(payment_events.Paid)
    def _paid(self, event: payment_events.Paid, processing_event: Any) -> None:
        """Taxes and fee are paid and cleared: the case is registered by rule or goes to the registrar, in the
        same save as the settlement (idempotent)."""
        case = self.get_case(UUID(event.case_id))
        if case.record_settlement(f"paid:{event.receipt_number}", at=self.clock.now()):
            processing_event.collect_events(case, *decide_settled(self, case))

