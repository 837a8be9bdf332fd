"""What a certificate event carries besides the kernel's values: which registration it derives from."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DerivedFrom:
    """The registry event a certificate derives from: proves which registration it evidences."""

    application: str
    aggregate_id: str
    version: int
    notification_id: int
