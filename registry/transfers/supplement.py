"""Return for supplement (补正) of a transfer case, a mixin of ``TransferCase`` like the unit's mixins (the
event-applying methods stay on the case): the registrar returns a paid case once, with everything missing
(一次性告知); a party supplies it and the case is back in review without paying again."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from registry.kernel.codes import CaseState, Supplement
from registry.kernel.errors import CaseNotReturned, InvalidValue, SupplementAlreadyRequested

MAX_NOTE = 500


def check_supplement_list(missing: Sequence[Supplement], note: str) -> None:
    """A non-empty list without repeats; "other" only with a note that names it."""
    if not missing:
        raise InvalidValue("name at least one missing item", field="missing")
    if len(set(missing)) < len(missing):
        raise InvalidValue("an item is named twice", field="missing")
    if Supplement.OTHER in missing and not note.strip():
        raise InvalidValue("say what else is missing in the note", field="note")
    if len(note) > MAX_NOTE:
        raise InvalidValue(f"the note is longer than {MAX_NOTE} characters", field="note")


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
        self.check_not_returned_before()
        check_supplement_list(missing, note)
        self._returned_for_supplement(registrar=registrar, missing=[m.value for m in missing], note=note.strip(),
                                      at=at)

    def check_not_returned_before(self) -> None:
        if self.returned is not None:
            raise SupplementAlreadyRequested(
                "this case was already returned for supplement once: everything missing is asked for at once "
                "(一次性告知); approve or reject it")

    def resubmit(self, *, by: str, note: str, at: datetime) -> None:
        if self.state is not CaseState.RETURNED:
            raise CaseNotReturned(f"the case is {self.state.value}, not returned for supplement")
        if len(note) > MAX_NOTE:
            raise InvalidValue(f"the note is longer than {MAX_NOTE} characters", field="note")
        self._resubmitted(by=by, note=note.strip(), at=at)
