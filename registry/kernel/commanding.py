"""What every application of the platform shares: load → act → save commands that retry a lost
race from a fresh load, receipts naming the notification to wait for, and the transcodings."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, Transcoder

from registry.kernel.errors import ConcurrentUpdate, NotFound

T = TypeVar("T")
ATTEMPTS = 8


@dataclass(frozen=True)
class Receipt:
    """What a command did: the aggregate it concerned and the notification id to wait for."""

    id: UUID
    position: int | None
    application: str = "registry"


class Commands:
    """Mixed into each eventsourcing Application (which provides save, repository and recorder)."""

    _transcodings: list = []

    def register_transcodings(self, transcoder: Transcoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in self._transcodings:
            transcoder.register(transcoding)

    def get_or_raise(self, aggregate_id: UUID, missing: NotFound) -> Any:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise missing from None

    def exists(self, aggregate_id: UUID) -> bool:
        """One indexed lookup of the first event, instead of rebuilding the aggregate."""
        return bool(self.recorder.select_events(aggregate_id, limit=1))

    def commit(self, *aggregates: Any) -> Receipt:
        recordings = self.save(*aggregates)
        # The saved objects are at their stored version and no caller touches them again: cache them
        # so the next command on the same case or unit skips decrypting and decoding its events.
        if self.repository.cache is not None:
            for aggregate in aggregates:
                self.repository.cache.put(aggregate.id, aggregate)
        position = max((r.notification.id for r in recordings), default=None)
        return Receipt(id=aggregates[0].id, position=position, application=self.name)

    def retrying(self, command: Callable[[], T]) -> T:
        """Run load → act → save again from a fresh load when another writer won the race."""
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return command()
            except IntegrityError:
                # Spread the retries so approvals racing for one number sequence do not collide again.
                time.sleep(random.uniform(0, 0.004 * attempt))
        raise ConcurrentUpdate("someone else changed this record at the same time; reload and try again")
