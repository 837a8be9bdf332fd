"""Skeleton: filled in by the mortgage work (issue 5)."""

from __future__ import annotations

from functools import singledispatchmethod
from typing import TYPE_CHECKING

from projections.base import Projection

if TYPE_CHECKING:
    from adapters.viewstore import Tx


class BankDesk(Projection):
    name = "bank_desk"
    tables: list[str] = []
    ddl: list[str] = []

    @singledispatchmethod
    def process(self, event: object, tx: Tx) -> None:
        """Events this view does not show are ignored."""
