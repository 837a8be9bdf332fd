"""The judicial transfer of a register-book page (司法裁定过户, e拍即得), a mixin of ``Unit`` like
registry/register_book/unit_seizures.py (the event-applying methods stay on ``Unit``).

After a court auction the title passes on the court's documents alone: no seller signs and the old
certificate is not handed in. In one registration every mortgage is extinguished (Civil Code art. 406 does
not survive a judicial sale; the banks are paid from the price), the auction court's own seizures are
released, and the title passes to the buyers. Other courts' seizures stay: only their court can release
them, so they are flagged to the registrar and to those courts.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from registry.courts.seizures import Seizure, SeizureState
from registry.kernel.codes import RegistrationType, RightType
from registry.kernel.errors import RuleFailed
from registry.kernel.values import Owner, check_shares_sum_to_one
from registry.mortgages.values import Mortgage

CANCELLED_SUFFIX = "(销)"
HOLDING = (SeizureState.ACTIVE, SeizureState.QUEUED)


class JudicialCommands:
    """Needs the page's ``owners``, ``mortgages``, ``seizures``, ``certificate_number`` and its events."""

    owners: list[Owner]
    mortgages: tuple[Mortgage, ...]
    seizures: tuple[Seizure, ...]
    certificate_number: str
    release: Any
    _mortgage_extinguished: Any
    _transferred_by_ruling: Any

    # -- rules a ruling must meet before the registry accepts it -----------------------------------------
    def check_auction_court_has_seized(self, court: str, court_name: str) -> None:
        """A court auctions what it has seized (首封, or 轮候 with the first court's hand-over)."""
        if not any(s.court == court and s.state in HOLDING for s in self.seizures):
            raise RuleFailed("auction_court_has_seized",
                             f"{court_name} holds no seizure on this unit: seize it before serving the auction ruling",
                             field="unit_number")

    def check_subjects_hold_the_unit(self, id_numbers: set[str]) -> None:
        """The person against whom the court enforces (被执行人) must hold the unit, alone or with others."""
        if not id_numbers & {o.person.id_number for o in self.owners}:
            raise RuleFailed("subjects_hold_the_unit",
                             "none of the persons named in the ruling holds this unit", field="subjects")

    # -- the registration ---------------------------------------------------------------------------------
    def transfer_by_ruling(self, *, case_id: str, court: str, court_name: str, ruling_number: str,
                           buyers: list[Owner], price: Decimal, certificate_number: str, request_sha256: str,
                           at: datetime) -> list[dict[str, str]]:
        """Returns the other courts' seizures that stay (flagged)."""
        check_shares_sum_to_one(buyers)
        for mortgage in tuple(self.mortgages):
            self._mortgage_extinguished(
                filing_id="", mortgage_id=mortgage.mortgage_id, bank=mortgage.bank,
                proof_number=mortgage.proof_number, djlx=RegistrationType.CANCELLATION, qllx=RightType.MORTGAGE,
                at=at, court=court, court_name=court_name, ruling_number=ruling_number, case_id=case_id)
        for seizure in [s for s in self.seizures if s.court == court and s.state in HOLDING]:
            self.release(court=court, reference=seizure.reference, at=at, request_sha256=request_sha256)
        flagged = [{"court": s.court, "court_name": s.court_name, "reference": s.reference, "state": s.state.value}
                   for s in self.seizures if s.state in HOLDING]
        self._transferred_by_ruling(
            case_id=case_id, owners=list(buyers), price=price, certificate_number=certificate_number,
            cancelled_certificate=self.certificate_number + CANCELLED_SUFFIX, djlx=RegistrationType.TRANSFER,
            qllx=RightType.OWNERSHIP, at=at, court=court, court_name=court_name, ruling_number=ruling_number,
            flagged=flagged)
        return flagged
