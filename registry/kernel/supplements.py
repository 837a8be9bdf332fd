"""The registrar's one list of what is missing (补正, 一次性告知), the same rule for every kind of case."""

from __future__ import annotations

from collections.abc import Sequence

from registry.kernel.codes import Supplement
from registry.kernel.errors import InvalidValue, SupplementAlreadyRequested

MAX_NOTE = 500


def check_supplement_list(missing: Sequence[Supplement], note: str) -> None:
    """A non-empty list without repeats; "other" only with a note that names it."""
    if not missing:
        raise InvalidValue("name at least one missing item", field="missing")
    if len(set(missing)) < len(missing):
        raise InvalidValue("an item is named twice", field="missing")
    if Supplement.OTHER in missing and not note.strip():
        raise InvalidValue("say what else is missing in the note", field="note")
    check_note(note)


def check_note(note: str) -> None:
    if len(note) > MAX_NOTE:
        raise InvalidValue(f"the note is longer than {MAX_NOTE} characters", field="note")


def check_not_returned_before(returned: dict | None) -> None:
    if returned is not None:
        raise SupplementAlreadyRequested(
            "this case was already returned for supplement once: everything missing is asked for at once "
            "(一次性告知); approve or reject it")
