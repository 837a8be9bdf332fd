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
    party_keys: list[str]  # buyers and sellers: both see the assessment and every adjustment
    lines: list[AssessedLine]
    facts: dict
    at: datetime


class Confirmed(Aggregate.Event):
    TOPIC = "taxation.assessment.Confirmed"
    by: str
    at: datetime


class Adjusted(Aggregate.Event):
    """A tax officer changed one line (named by code and payer), with a reason both parties see; the whole
    new set of lines is recorded."""

    TOPIC = "taxation.assessment.Adjusted"
    case_id: str
    code: str
    payer: str  # buyer / seller: stamp duty has a line for each
    old_amount: str
    new_amount: str
    lines: list[AssessedLine]
    reason: str
    by: str
    at: datetime


class Closed(Aggregate.Event):
    """The combined order was paid: the assessment can no longer be adjusted."""

    TOPIC = "taxation.assessment.Closed"
    receipt_number: str
    at: datetime
