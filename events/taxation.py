"""Events of a tax assessment."""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate

from registry.taxation.values import AssessedLine, Declaration


def _failure_of(facts: dict) -> dict | None:
    """Before v3 a refusal of the rules was kept in the facts only."""
    if "refused" not in facts:
        return None
    return {"code": facts["refused"], "message": facts.get("message", ""), "field": facts.get("field")}


class Issued(Aggregate.Created):
    """Assessed by rule from the case's facts (incl. the family-housing check), with the parties' declarations
    applied provisionally; ``failure`` names why no lines could be computed (then ``lines`` is empty)."""

    TOPIC = "taxation.assessment.Issued"
    class_version = 3
    case_id: str
    registry: str
    unit_number: str
    payer_name: str
    payer_key: str
    party_keys: list[str]  # buyers and sellers: both see the assessment and every adjustment
    payers: dict[str, dict]  # v2: {"buyer"|"seller": {"name", "keys"}}: each party pays its own lines
    lines: list[AssessedLine]
    facts: dict
    declarations: list[Declaration]  # v3: what the parties claimed, each judged by rule or left to an officer
    failure: dict | None  # v3: {"code", "message", "field"} when the rules could not compute the lines
    at: datetime

    @staticmethod
    def upcast_v2_v3(state: dict) -> None:
        """Nothing could be claimed before v3."""
        state.update(declarations=[], failure=_failure_of(state["facts"]))

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        """v1 named one payer, the first buyer; every other party is taken to be a seller."""
        sellers = [key for key in state["party_keys"] if key != state["payer_key"]]
        state["payers"] = {"buyer": {"name": state["payer_name"], "keys": [state["payer_key"]]},
                           "seller": {"name": "", "keys": sellers}}


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


class Released(Aggregate.Event):
    """The assessment is confirmed for payment: by rule (no declaration needs an officer) or by the officer's
    last decision; the order may be placed (or, after a correction, revised) with these lines. It repeats the
    parties and facts of ``Issued`` so that the Payments hand-off needs no other event."""

    TOPIC = "taxation.assessment.Released"
    case_id: str
    registry: str
    unit_number: str
    payer_name: str
    payer_key: str
    party_keys: list[str]
    payers: dict[str, dict]
    lines: list[AssessedLine]
    facts: dict
    by: str  # "rule" or the officer's user id
    reason: str  # why it is released now, as both parties and the order's revision read it
    at: datetime


class DeclarationConfirmed(Aggregate.Event):
    """A tax officer accepted one declaration (named by its kind); both parties see the reason."""

    TOPIC = "taxation.assessment.DeclarationConfirmed"
    kind: str
    reason: str
    by: str
    at: datetime


class DeclarationRefused(Aggregate.Event):
    """A tax officer refused one declaration with a reason; the lines are computed again without it, and so
    are the lines referred to the officer (v2; refusing an original cost refers land VAT, say)."""

    TOPIC = "taxation.assessment.DeclarationRefused"
    class_version = 2
    kind: str
    reason: str
    lines: list[AssessedLine]
    referred: list[dict] | None  # v2: the referred lines afresh; None: unchanged
    by: str
    at: datetime

    @staticmethod
    def upcast_v1_v2(state: dict) -> None:
        """Before v2 nothing was referred to the officer."""
        state["referred"] = None


class ReferredAssessed(Aggregate.Event):
    """The tax officer of the case's registry assessed a line the rules could not compute (named by code and
    payer, as referred in the facts) with an amount and a reason both parties see; ``line`` is the new line."""

    TOPIC = "taxation.assessment.ReferredAssessed"
    code: str
    payer: str
    amount: str
    reason: str
    line: AssessedLine
    by: str
    at: datetime


class Reassessed(Aggregate.Event):
    """The applicant corrected the case (contract date, price, declarations) before payment: computed afresh,
    and confirmed again by rule or by an officer before anything can be paid."""

    TOPIC = "taxation.assessment.Reassessed"
    lines: list[AssessedLine]
    facts: dict
    declarations: list[Declaration]
    failure: dict | None
    at: datetime
