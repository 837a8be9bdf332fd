"""Per-party read models, each with its own tracking position, fed by ``projections.worker.Worker``.

``projections`` depends on ``events`` (what happened) and on ``registry`` for actors and masking,
never on the write model's state: a view is a function of the event log alone.
"""

from __future__ import annotations

from projections.applicant import MyCases
from projections.bank_desk import BankDesk
from projections.base import Projection
from projections.case_documents import CaseDocuments
from projections.certificates import CertificateShelf
from projections.consents import MortgageConsents
from projections.court_desk import CourtDesk
from projections.housing_checks import HousingChecks
from projections.inbox import RegistryInbox
from projections.mortgage_desk import MortgageDesk
from projections.register_book import RegisterBook
from projections.register_search import OwnerNames
from projections.registrar import RegistrarDesk
from projections.registrar_checks import RegistrarChecks
from projections.seizure_calendar import SeizureCalendar

ALL_PROJECTIONS: tuple[type[Projection], ...] = (RegisterBook, RegistrarDesk, MyCases, CertificateShelf, BankDesk,
                                                 MortgageConsents, MortgageDesk, SeizureCalendar, CourtDesk,
                                                 OwnerNames, RegistryInbox, CaseDocuments, HousingChecks,
                                                 RegistrarChecks)


def all_projections() -> list[Projection]:
    """A fresh instance of every view, in the order the worker feeds them."""
    return [cls() for cls in ALL_PROJECTIONS]
