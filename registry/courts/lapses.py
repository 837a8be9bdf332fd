"""Recording that seizures lapsed: the command the platform's scheduler runs for each seizure whose last day has
passed (``Unit.lapse``; the next queued seizure becomes active from the day after).

The Unit decides, never the caller's list: the candidates come from a view that may be stale, so a seizure
renewed, released or already lapsed meanwhile is refused or left unchanged by the aggregate and merely reported.
Two schedulers racing on one unit are settled by optimistic concurrency: the loser reloads, finds the seizure
lapsed and records nothing, so a lapse is recorded once.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from registry.courts.seizures import Seizure
from registry.kernel.commanding import Receipt
from registry.kernel.errors import Conflict, DomainError

if TYPE_CHECKING:
    from registry.application import Registry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LapseOutcome:
    """What one candidate came to: lapsed now, or why not (``refused`` is the rule's code)."""

    unit_number: str
    reference: str
    lapsed: bool
    refused: str = ""
    reason: str = ""
    activated: str = ""  # the queued seizure that became active, if any
    activated_from: date | None = None
    position: int | None = None


def lapse_seizure(app: Registry, unit_number: str, reference: str) -> Receipt:
    """Record that ``reference`` on the unit lapsed as of the clock's now. Refused (``seizure_not_due``,
    ``seizure_not_active``) when its last day has not passed or it was released; an already lapsed seizure
    changes nothing (the receipt's position is None)."""
    return _lapse(app, unit_number, reference)[0]


def lapse_due(app: Registry, candidates: Iterable[tuple[str, str]]) -> list[LapseOutcome]:
    """Lapse each (unit_number, reference) the aggregate agrees is due; a refusal is reported, never raised,
    so one stale or contested row does not stop the others. A queued seizure a lapse activates whose own term
    has also run out (the platform was down, say) lapses in the same pass, in order."""
    todo, outcomes = deque(candidates), []
    while todo:
        unit_number, reference = todo.popleft()
        try:
            receipt, activated = _lapse(app, unit_number, reference)
        except DomainError as refused:
            level = logging.INFO if isinstance(refused, Conflict) else logging.WARNING
            log.log(level, "seizure %s on %s not lapsed: %s", reference, unit_number, refused.message)
            outcomes.append(LapseOutcome(unit_number, reference, lapsed=False, refused=refused.code,
                                         reason=refused.message))
            continue
        lapsed = receipt.position is not None
        outcomes.append(LapseOutcome(
            unit_number, reference, lapsed=lapsed, refused="" if lapsed else "already_lapsed",
            reason="" if lapsed else "its lapse was recorded before", position=receipt.position,
            activated=activated.reference if activated else "", activated_from=activated.start if activated else None))
        if activated is not None and activated.due_to_lapse(app.clock.today()):
            todo.append((unit_number, activated.reference))
    return outcomes


def _lapse(app: Registry, unit_number: str, reference: str) -> tuple[Receipt, Seizure | None]:
    """The command; also returns the queued seizure this lapse made active, if any."""
    def command() -> tuple[Receipt, Seizure | None]:
        unit = app.get_unit(unit_number)
        before = unit.active_seizure()
        unit.lapse(reference=reference, at=app.clock.now())
        after = unit.active_seizure()
        changed = after is not None and (before is None or after.reference != before.reference)
        return app.commit(unit), after if changed else None

    return app.retrying(command)
