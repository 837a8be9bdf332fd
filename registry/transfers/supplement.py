"""Return for supplement (补正) of a transfer case, a mixin of ``TransferCase`` like the unit's mixins (the
event-applying methods stay on the case): the registrar returns a paid case once, with everything missing
(一次性告知); a party supplies it and the case is back in review without paying again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from registry.kernel.codes import CaseState, Supplement
from registry.kernel.errors import CaseNotReturned
from registry.kernel.supplements import check_not_returned_before, check_note, check_supplement_list


class SupplementCommands:
    """Needs the case's ``state``, ``returned`` and their events."""

    state: CaseState
    returned: dict | None
    _returned_for_supplement: Any
    _resubmitted: Any
    check_pending_review: Any

    def return_for_supplement(self, *, registrar: str, missing: Sequence[Supplement], note: str,
                              at: datetime) -> None:
        self.check_pending_review()
        check_not_returned_before(self.returned)
        check_supplement_list(missing, note)
        self._returned_for_supplement(registrar=registrar, missing=[m.value for m in missing], note=note.strip(),
                                      at=at)

    def resubmit(self, *, by: str, note: str, at: datetime) -> None:
        if self.state is not CaseState.RETURNED:
            raise CaseNotReturned(f"the case is {self.state.value}, not returned for supplement")
        check_note(note)
        self._resubmitted(by=by, note=note.strip(), at=at)
