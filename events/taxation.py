"""Events of a tax assessment."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate

from registry.taxation.values import AssessedLine


class Issued(Aggregate.Created):
    """Assessed by rule from the case's facts (incl. the family-housing check)."""

    TOPIC = "taxation.assessment.Issued"
    case_id: str
    registry: str
    unit_number: str
    payer_name: str
    payer_key: str
    lines: list[AssessedLine]
    facts: dict
    at: datetime


class Confirmed(Aggregate.Event):
    TOPIC = "taxation.assessment.Confirmed"
    by: str
    at: datetime


class Adjusted(Aggregate.Event):
    """A tax officer changed one line, with a reason both parties see; the whole new set is recorded."""

    TOPIC = "taxation.assessment.Adjusted"
    case_id: str
    code: str
    old_amount: str
    new_amount: str
    lines: list[AssessedLine]
    reason: str
    by: str
    at: datetime
