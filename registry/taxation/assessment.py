"""The assessment of one transfer case: lines by rule with the parties' declarations applied provisionally,
then a tax officer confirms or refuses each declaration (a refusal computes the lines again without it) and
may confirm or adjust. A line the rules cannot compute is *referred*: the officer assesses it with an amount
and a reason (decision 024). Nothing is payable until the assessment is *released*: at once by rule when no
declaration and no referred line needs an officer, else by the officer's last decision. A case the rules
cannot compute records its ``failure`` and is never released until the applicant corrects it (``reassess``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from events import taxation as taxation_events
from registry.kernel import ids
from registry.kernel.errors import Conflict, InvalidValue, NotFound, ReasonRequired
from registry.taxation.claims import pending
from registry.taxation.rules import Rates, assess
from registry.taxation.values import AssessedLine, Declaration, officer_line, referred_lines

RELEASED_BY_RULE = "confirmed by rule: no declaration needs a tax officer"
RELEASED_BY_OFFICER = "confirmed by the tax officer's decisions on the declarations"
RELEASED_AFTER_REFERRALS = "confirmed once the tax officer assessed every line the rules referred to him"


class AssessmentClosed(Conflict):
    code = "assessment_closed"


class AssessmentNotComputed(Conflict):
    """The rules could not compute this case; the applicant corrects it, nothing is confirmed."""

    code = "assessment_not_computed"


class DeclarationsPending(Conflict):
    code = "declarations_pending"


class UnknownDeclaration(NotFound):
    code = "unknown_declaration"


class DeclarationDecided(Conflict):
    code = "declaration_decided"


class ReferredLineAssessed(Conflict):
    code = "referred_line_assessed"


class ReferralsOpen(Conflict):
    code = "referrals_open"


class Assessment(Aggregate):
    TOPIC = "taxation.assessment"
    Created = taxation_events.Issued
    Confirmed = taxation_events.Confirmed
    Adjusted = taxation_events.Adjusted
    Closed = taxation_events.Closed
    Released = taxation_events.Released
    DeclarationConfirmed = taxation_events.DeclarationConfirmed
    DeclarationRefused = taxation_events.DeclarationRefused
    Reassessed = taxation_events.Reassessed
    ReferredAssessed = taxation_events.ReferredAssessed

    # assessments issued before declarations existed: payable at issue, nothing claimed, nothing adjusted kept
    released = True
    failure: dict | None = None
    declarations: tuple = ()
    overrides: tuple = ()  # (code, payer, amount) of the officer's adjustments, kept when lines are recomputed
    assessed: tuple = ()  # the officer's lines for referred ones, kept while the rules still refer them

    @staticmethod
    def create_id(case_id: str):  # noqa: ANN205
        return ids.assessment_id(case_id)

    @event(Created)
    def __init__(self, case_id: str, registry: str, unit_number: str, payer_name: str, payer_key: str,
                 party_keys: list[str], payers: dict[str, dict], lines: list[AssessedLine], facts: dict,
                 declarations: list[Declaration], failure: dict | None, at: datetime) -> None:
        self.case_id = case_id
        self.registry = registry
        self.unit_number, self.payer_name, self.payer_key = unit_number, payer_name, payer_key
        self.party_keys, self.payers = list(party_keys), dict(payers)
        self.lines = list(lines)
        self.facts = dict(facts)
        self.declarations = tuple(declarations)
        self.failure = failure
        self.confirmed = False
        self.paid = False
        self.released = False
        self.overrides = ()

    # -- rules ---------------------------------------------------------------------------------------
    def check_not_paid(self) -> None:
        if self.paid:
            raise AssessmentClosed("the combined order is paid; adjust through a refund instead")

    def check_computed(self) -> None:
        if self.failure:
            raise AssessmentNotComputed(f"the taxes could not be computed: {self.failure['message']}; the "
                                        "applicant corrects the case", field=self.failure.get("field"))

    def check_nothing_pending(self) -> None:
        waiting = pending(list(self.declarations))
        if waiting:
            raise DeclarationsPending("decide each declaration first: " + ", ".join(d.kind for d in waiting))
        if self.open_referrals():
            raise ReferralsOpen("assess each referred line first: "
                                + ", ".join(f"{r['code']} ({r['payer']})" for r in self.open_referrals()))

    def open_referrals(self) -> list[dict]:
        """The referred lines the officer has not assessed yet."""
        done = {(line.code, line.payer) for line in self.assessed}
        return [r for r in referred_lines(self.facts) if (r["code"], r["payer"]) not in done]

    # -- release for payment -------------------------------------------------------------------------
    def release_if_ready(self, by: str, at: datetime) -> bool:
        """Released once computed with no declaration waiting for an officer; idempotent."""
        if self.released or self.failure or pending(list(self.declarations)) or self.open_referrals():
            return False
        reason = RELEASED_BY_RULE if by == "rule" else RELEASED_AFTER_REFERRALS if self.assessed \
            else RELEASED_BY_OFFICER
        self._released(case_id=self.case_id, registry=self.registry, unit_number=self.unit_number,
                       payer_name=self.payer_name, payer_key=self.payer_key, party_keys=list(self.party_keys),
                       payers=dict(self.payers), lines=list(self.lines), facts=dict(self.facts), by=by,
                       reason=reason, at=at)
        return True

    @event(Released)
    def _released(self, case_id: str, registry: str, unit_number: str, payer_name: str, payer_key: str,
                  party_keys: list[str], payers: dict[str, dict], lines: list[AssessedLine], facts: dict,
                  by: str, reason: str, at: datetime) -> None:
        self.released = True

    # -- the officer's decisions on declarations -------------------------------------------------------
    def decide(self, *, kind: str, accepted: bool, reason: str, by: str, at: datetime, rates: Rates) -> None:
        """Confirm or refuse one pending declaration with a reason both parties see; a refusal computes the
        lines again without the claim (the officer's adjustments stay); the last decision releases."""
        self.check_not_paid()
        if not reason or not reason.strip():
            raise ReasonRequired("a decision on a declaration needs a reason both parties will see", field="reason")
        found = next((d for d in self.declarations if d.kind == kind), None)
        if found is None:
            raise UnknownDeclaration(f"nothing was declared as {kind} on this case", field="kind")
        if found.status != "pending":
            raise DeclarationDecided(f"the {kind} declaration is already {found.status}", field="kind")
        if accepted:
            self._declaration_confirmed(kind=kind, reason=reason.strip(), by=by, at=at)
        else:
            decided = [d.decided(accepted=False, reason=reason.strip(), by=by) if d is found else d
                       for d in self.declarations]
            lines, recorded = assess(self.facts, decided, rates)
            referred = recorded["referred"]
            # the officer's lines (as adjusted) stay where the rules still refer them
            still = _keys(referred) & {(line.code, line.payer) for line in self.assessed}
            kept = [line for line in self.lines if (line.code, line.payer) in still]
            self._declaration_refused(kind=kind, reason=reason.strip(), lines=self._with_overrides(lines) + kept,
                                      referred=referred, by=by, at=at)
        self.release_if_ready(by=by, at=at)

    def _decided(self, kind: str, accepted: bool, reason: str, by: str) -> tuple[Declaration, ...]:
        return tuple(d.decided(accepted=accepted, reason=reason, by=by) if d.kind == kind else d
                     for d in self.declarations)

    @event(DeclarationConfirmed)
    def _declaration_confirmed(self, kind: str, reason: str, by: str, at: datetime) -> None:
        self.declarations = self._decided(kind, True, reason, by)

    @event(DeclarationRefused)
    def _declaration_refused(self, kind: str, reason: str, lines: list[AssessedLine], referred: list[dict] | None,
                             by: str, at: datetime) -> None:
        self.declarations = self._decided(kind, False, reason, by)
        self.lines = list(lines)
        if referred is not None:
            self.facts = self.facts | {"referred": list(referred)}
            self.assessed = tuple(line for line in self.assessed if (line.code, line.payer) in _keys(referred))

    # -- the officer's assessment of a referred line ----------------------------------------------------
    def assess_referred(self, *, code: str, payer: str, amount: Decimal, reason: str, by: str, at: datetime) -> None:
        """The officer assesses one line the rules referred to him; the last one releases the assessment."""
        self.check_not_paid()
        self.check_computed()
        if not reason or not reason.strip():
            raise ReasonRequired("an assessed line needs a reason both parties will see", field="reason")
        check_amount(amount)
        found = next((r for r in referred_lines(self.facts) if (r["code"], r["payer"]) == (code, payer)), None)
        if found is None:
            raise InvalidValue(f"no {code} line paid by the {payer} was referred to the tax officer", field="code")
        if found not in self.open_referrals():
            raise ReferredLineAssessed(f"the referred {code} line is already assessed; adjust it instead",
                                       field="code")
        line = officer_line(found, amount, reason.strip())
        self._referred_assessed(code=code, payer=payer, amount=str(amount), reason=reason.strip(), line=line, by=by,
                                at=at)
        self.release_if_ready(by=by, at=at)

    @event(ReferredAssessed)
    def _referred_assessed(self, code: str, payer: str, amount: str, reason: str, line: AssessedLine, by: str,
                           at: datetime) -> None:
        self.lines = [*self.lines, line]
        self.assessed = (*self.assessed, line)

    def _with_overrides(self, lines: list[AssessedLine]) -> list[AssessedLine]:
        amounts = {(code, payer): Decimal(amount) for code, payer, amount in self.overrides}
        return [replace(line, amount=amounts[(line.code, line.payer)], rule=f"adjusted:{line.rule}")
                if (line.code, line.payer) in amounts else line for line in lines]

    # -- a corrected case ------------------------------------------------------------------------------
    def reassess(self, *, lines: list[AssessedLine], facts: dict, declarations: list[Declaration],
                 failure: dict | None, at: datetime) -> None:
        """The case's facts changed before payment: computed afresh, released again only by rule or officer."""
        self.check_not_paid()
        self._reassessed(lines=list(lines), facts=dict(facts), declarations=list(declarations), failure=failure,
                         at=at)
        self.release_if_ready(by="rule", at=at)

    @event(Reassessed)
    def _reassessed(self, lines: list[AssessedLine], facts: dict, declarations: list[Declaration],
                    failure: dict | None, at: datetime) -> None:
        self.lines, self.facts, self.declarations, self.failure = list(lines), dict(facts), tuple(declarations), \
            failure
        self.released = self.confirmed = False
        self.overrides = ()
        vars(self).pop("assessed", None)  # back to the class default, as in snapshots taken before referrals

    def close_on_payment(self, receipt_number: str, at: datetime) -> bool:
        if self.paid:
            return False
        self._closed(receipt_number=receipt_number, at=at)
        return True

    @event(Closed)
    def _closed(self, receipt_number: str, at: datetime) -> None:
        self.paid = True

    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))

    def confirm(self, by: str, at: datetime) -> None:
        """The officer's review of the whole assessment; declarations are decided one by one first."""
        self.check_computed()
        self.check_nothing_pending()
        if not self.confirmed:
            self._confirmed(by=by, at=at)

    @event(Confirmed)
    def _confirmed(self, by: str, at: datetime) -> None:
        self.confirmed = True

    def adjust(self, *, code: str, amount: Decimal, reason: str, by: str, at: datetime,
               payer: str | None = None) -> None:
        """Change the amount of one line, named by its tax ``code`` and its ``payer`` (stamp duty is
        charged to the buyer and to the seller: two lines with one code). Without a payer the code must
        name a single line."""
        self.check_not_paid()
        if not reason or not reason.strip():
            raise ReasonRequired("an adjustment needs a reason both parties will see", field="reason")
        check_amount(amount)
        matches = [line for line in self.lines if line.code == code and payer in (None, line.payer)]
        if not matches:
            whose = f" paid by the {payer}" if payer else ""
            raise InvalidValue(f"the assessment has no {code} line{whose}", field="payer" if payer else "code")
        if len(matches) > 1:
            raise InvalidValue(f"both parties pay {code}: name the payer of the line to adjust", field="payer")
        old = matches[0]
        lines = [replace(line, amount=amount, rule=f"adjusted:{line.rule}") if line is old else line
                 for line in self.lines]
        self._adjusted(case_id=self.case_id, code=code, payer=old.payer, old_amount=str(old.amount),
                       new_amount=str(amount), lines=lines, reason=reason.strip(), by=by, at=at)

    @event(Adjusted)
    def _adjusted(self, case_id: str, code: str, payer: str, old_amount: str, new_amount: str,
                  lines: list[AssessedLine], reason: str, by: str, at: datetime) -> None:
        self.lines = list(lines)
        self.overrides = (*(o for o in self.overrides if (o[0], o[1]) != (code, payer)), (code, payer, new_amount))


def _keys(referred: list[dict]) -> set[tuple[str, str]]:
    return {(r["code"], r["payer"]) for r in referred}


def check_amount(amount: Decimal) -> None:
    if not amount.is_finite() or amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidValue("amounts are non-negative yuan with two decimals", field="amount")
