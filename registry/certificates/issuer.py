"""Policies the worker drives from the Registry's notification log (hand-offs between applications
are ProcessApplication policies instead: see registry/system.py).

A policy has a ``name`` (its row in ``view_tracking``) and ``process(event, notification_id) -> bool``. The worker
advances the policy's position only after the command succeeded, so a crash in between
re-delivers the event (at least once); every command a policy issues is idempotent, so the
effect happens exactly once.
"""

from __future__ import annotations

from functools import singledispatchmethod
from uuid import UUID

from events import certificate as certificate_events
from events import mortgage as mortgage_events
from events import unit as unit_events
from registry.application import Registry
from registry.certificates.commands import reissue
from registry.certificates.issuance import DocumentStore, Press, issue_ownership
from registry.certificates.proofs import cancel_mortgage_proof, issue_mortgage_proof, issue_pre_notice_proof
from registry.certificates.values import DerivedFrom


class IssueCertificates:
    """Issues e-certificates when a registration completes, off the registrar's request: ownership
    certificates to owners, registration proofs to mortgagee banks (and cancels a discharged one's).

    Runs in its own worker loop: drawing and sealing takes tens of milliseconds per document and
    must not hold up the views that users wait on.
    """

    name = "issue_certificates"

    def __init__(self, app: Registry, press: Press, documents: DocumentStore, public_url: str,
                 partition: tuple[int, int] = (0, 1)) -> None:
        self.app = app
        self.press = press
        self.documents = documents
        self.public_url = public_url
        # Several issuer loops may seal at once (each with its own position); each takes the events of
        # the aggregates that hash to it, so one unit's registrations are still issued in order.
        self.partition, self.partitions = partition
        if self.partition:
            self.name = f"issue_certificates_{self.partition}"

    def process(self, event: object, notification_id: int = 0) -> bool:
        if event.originator_id.int % self.partitions != self.partition:
            return False
        return self.issue(event, notification_id)

    def _derived(self, event: object, notification_id: int) -> DerivedFrom:
        return DerivedFrom(application=self.app.name, aggregate_id=str(event.originator_id),
                           version=event.originator_version, notification_id=notification_id)

    @singledispatchmethod
    def issue(self, event: object, notification_id: int = 0) -> bool:
        return False

    @issue.register(unit_events.Registered)
    def _registered(self, event: unit_events.Registered, notification_id: int = 0) -> bool:
        issue_ownership(self.app, self.press, self.documents, unit_number=event.unit_number,
                        derived_from=self._derived(event, notification_id), case_id="", one_per_owner=False,
                        public_url=self.public_url)
        return True

    @issue.register(unit_events.Transferred)
    def _transferred(self, event: unit_events.Transferred, notification_id: int = 0) -> bool:
        case = self.app.get_case(UUID(event.case_id))
        issue_ownership(self.app, self.press, self.documents, unit_number=case.unit_number,
                        derived_from=self._derived(event, notification_id), case_id=event.case_id,
                        one_per_owner=case.certificates_wanted > 1, public_url=self.public_url)
        return True

    @issue.register(certificate_events.ReplacementRequested)
    def _replacement(self, event: certificate_events.ReplacementRequested, notification_id: int = 0) -> bool:
        reissue(self.app, self.press, self.documents, certificate_id=event.originator_id,
                derived_from=self._derived(event, notification_id), public_url=self.public_url)
        return True

    # -- registration proofs (registry.certificates.proofs) --------------------------------------------------------
    def _mortgage_proof(self, event: object, notification_id: int, mortgage_id: str, action: str) -> bool:
        issue_mortgage_proof(self.app, self.press, self.documents, unit_id=event.originator_id,
                             mortgage_id=mortgage_id, filing_id=event.filing_id, at=event.at, action=action,
                             derived_from=self._derived(event, notification_id), public_url=self.public_url)
        return True

    @issue.register(unit_events.MortgageRegistered)
    def _mortgage_registered(self, event: unit_events.MortgageRegistered, notification_id: int = 0) -> bool:
        action = "预购商品房抵押预告登记转为抵押权登记" if event.converted_pre_notice else ""
        return self._mortgage_proof(event, notification_id, event.mortgage.mortgage_id, action)

    @issue.register(unit_events.MortgageChanged)
    def _mortgage_changed(self, event: unit_events.MortgageChanged, notification_id: int = 0) -> bool:
        return self._mortgage_proof(event, notification_id, event.mortgage_id, "抵押权变更登记")

    @issue.register(unit_events.MortgageTransferred)
    def _mortgage_transferred(self, event: unit_events.MortgageTransferred, notification_id: int = 0) -> bool:
        before = self.app.repository.get(event.originator_id, version=event.originator_version - 1)
        previous = before.mortgage(event.mortgage_id).bank_name
        return self._mortgage_proof(event, notification_id, event.mortgage_id,
                                    f"抵押权转移登记，原抵押权人：{previous}")

    @issue.register(unit_events.MortgageReranked)
    def _mortgage_reranked(self, event: unit_events.MortgageReranked, notification_id: int = 0) -> bool:
        issue_mortgage_proof(self.app, self.press, self.documents, unit_id=event.originator_id,
                             mortgage_id=event.mortgage_id, filing_id="", at=event.at,
                             action=f"抵押顺位变更：原顺位{event.previous_rank}，现顺位{event.rank}",
                             derived_from=self._derived(event, notification_id), public_url=self.public_url)
        return True

    @issue.register(unit_events.MortgageDischarged)
    def _mortgage_discharged(self, event: unit_events.MortgageDischarged, notification_id: int = 0) -> bool:
        cancel_mortgage_proof(self.app, mortgage_id=event.mortgage_id,
                              derived_from=self._derived(event, notification_id))
        return True

    @issue.register(mortgage_events.PreNoticeRegistered)
    def _pre_notice_registered(self, event: mortgage_events.PreNoticeRegistered, notification_id: int = 0) -> bool:
        issue_pre_notice_proof(self.app, self.press, self.documents, registry=event.registry,
                               unit_number=event.unit_number, pre_notice=event.pre_notice,
                               mortgage_id=event.mortgage_id, at=event.at,
                               derived_from=self._derived(event, notification_id), public_url=self.public_url)
        return True
