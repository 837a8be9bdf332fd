"""Policies: hand-offs the worker drives from the Registry's notification log.

A policy has a ``name`` (its row in ``view_tracking``) and ``process(event) -> bool``. The worker
advances the policy's position only after the command succeeded, so a crash in between
re-delivers the event (at least once); every command a policy issues is idempotent, so the
effect happens exactly once.
"""

from __future__ import annotations

from functools import singledispatchmethod

from events import transfer as transfer_events
from registry.application import Registry
from registry.transfers import record_settlement


class SettleWithoutCharge:
    """Settles every submitted transfer at once, with nothing to pay.

    This is the seam where taxes and the combined payment will sit between submission and the
    registrar's review: issue 4 replaces this policy with the Taxation and Payments applications
    (assessment → one combined order → settlement → ``record_settlement``), followed as
    upstream logs with their own tracking positions.
    """

    name = "settle_without_charge"

    def __init__(self, app: Registry) -> None:
        self.app = app

    @singledispatchmethod
    def process(self, event: object) -> bool:
        """Events that need no hand-off; returns whether a command was issued."""
        return False

    @process.register(transfer_events.Submitted)
    def _submitted(self, event: transfer_events.Submitted) -> bool:
        record_settlement(self.app, event.originator_id, reference=f"no-charge:{event.originator_id}")
        return True
