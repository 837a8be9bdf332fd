"""A sliding-window rate limit per client, kept in memory (one process serves the embedded default;
behind several web processes each enforces its own share)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    def __init__(self, limit: int, per_seconds: float, now: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.per = per_seconds
        self._now = now
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self._now()
        with self._lock:
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.per:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self._hits) > 50_000:  # forget idle clients rather than grow without bound
                self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - self.per}
            return True
