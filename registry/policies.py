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
from events import unit as unit_events
from registry.application import Registry
from registry.certificates import reissue
from registry.documents import DerivedFrom
from registry.issuance import DocumentStore, Press, issue_ownership


class IssueCertificates:
    """Issues e-certificates when a registration completes, off the registrar's request.

    Runs in its own worker loop: drawing and sealing takes tens of milliseconds per document and
    must not hold up the views that users wait on.
    """

    name = "issue_certificates"

    def __init__(self, app: Registry, press: Press, documents: DocumentStore, public_url: str) -> None:
        self.app = app
        self.press = press
        self.documents = documents
        self.public_url = public_url

    def _derived(self, event: object, notification_id: int) -> DerivedFrom:
        return DerivedFrom(application=self.app.name, aggregate_id=str(event.originator_id),
                           version=event.originator_version, notification_id=notification_id)

    @singledispatchmethod
    def process(self, event: object, notification_id: int = 0) -> bool:
        return False

    @process.register(unit_events.Registered)
    def _registered(self, event: unit_events.Registered, notification_id: int = 0) -> bool:
        issue_ownership(self.app, self.press, self.documents, unit_number=event.unit_number,
                        derived_from=self._derived(event, notification_id), case_id="", one_per_owner=False,
                        public_url=self.public_url)
        return True

    @process.register(unit_events.Transferred)
    def _transferred(self, event: unit_events.Transferred, notification_id: int = 0) -> bool:
        case = self.app.get_case(UUID(event.case_id))
        issue_ownership(self.app, self.press, self.documents, unit_number=case.unit_number,
                        derived_from=self._derived(event, notification_id), case_id=event.case_id,
                        one_per_owner=case.certificates_wanted > 1, public_url=self.public_url)
        return True

    @process.register(certificate_events.ReplacementRequested)
    def _replacement(self, event: certificate_events.ReplacementRequested, notification_id: int = 0) -> bool:
        reissue(self.app, self.press, self.documents, certificate_id=event.originator_id,
                derived_from=self._derived(event, notification_id), public_url=self.public_url)
        return True
