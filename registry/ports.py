"""Ports the domain needs from the outside world; adapters implement them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware current time."""

    def today(self) -> date:
        """Current date at the registry (Asia/Shanghai)."""
