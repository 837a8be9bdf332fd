"""Which of a registry's transfer cases the registrar lists: by state, kind, submission days and unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from projections.base import timestamp
from registry.kernel.codes import CaseState
from registry.kernel.errors import InvalidValue
from registry.transfers.kinds import TransferKind

# "transfer": any case the parties filed; "judicial": opened by a court's ruling; or one kind of transfer
CASE_KINDS = ("transfer", *(kind.value for kind in TransferKind))


def _state(value: str) -> str:
    try:
        return CaseState(value).value
    except ValueError:
        raise InvalidValue(f"unknown case state {value!r}", field="state") from None



@dataclass(frozen=True)
class CaseFilter:
    """Which of the registry's cases to list; every field given must match."""

    state: str | None = None
    kind: str | None = None  # one of CASE_KINDS
    submitted_from: datetime | None = None  # inclusive
    submitted_before: datetime | None = None  # exclusive
    unit_number: str | None = None

    def sql(self) -> tuple[str, dict[str, Any]]:
        where: list[str] = []
        params: dict[str, Any] = {}
        if self.state is not None:
            where, params = ["c.state = :state"], {"state": _state(self.state)}
        if self.kind is not None:
            if self.kind not in CASE_KINDS:
                raise InvalidValue(f"a case is of kind {', '.join(CASE_KINDS)}", field="kind")
            if self.kind == "transfer":
                where.append("j.case_id IS NULL")
            elif self.kind == "judicial":
                where.append("j.case_id IS NOT NULL")
            else:
                where.append("c.kind = :kind")
                params["kind"] = self.kind
        if self.submitted_from is not None:
            where.append("c.submitted_at >= :submitted_from")
            params["submitted_from"] = timestamp(self.submitted_from)
        if self.submitted_before is not None:
            where.append("c.submitted_at < :submitted_before")
            params["submitted_before"] = timestamp(self.submitted_before)
        if self.unit_number:
            where.append("c.unit_number = :unit_number")
            params["unit_number"] = self.unit_number
        return "".join(f" AND {w}" for w in where), params
