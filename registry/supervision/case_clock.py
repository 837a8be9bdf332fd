"""One case's statutory clock: set at acceptance, paused while the case waits on its parties, resumed with the
office minutes it had left, warned once, breached once, met when the case ends."""

from __future__ import annotations

from datetime import date, datetime, time

from eventsourcing.domain import Aggregate, event

from events import supervision as supervision_events
from registry.kernel import ids
from registry.kernel.errors import Conflict, InvalidValue, NotAuthorised, ReasonRequired
from registry.kernel.working_time import WorkingCalendar
from registry.supervision.values import CaseKind, PauseReason, TimeLimit

WARN_MINUTES_FOR_DAY_LIMITS = 390  # one office day left
WARN_MINUTES_FOR_HOUR_LIMITS = 15
MAX_INSTRUCTION = 500
BAD_RATING = 2  # stars: this or fewer opens a follow-up (差评回访)


class RatingNotYet(Conflict):
    code = "rating_not_yet"


class AlreadyRated(Conflict):
    code = "already_rated"


class NoOpenFollowUp(Conflict):
    code = "no_open_follow_up"


def check_rating(stars: int, comment: str) -> None:
    """1 to 5 whole stars; a bad rating (two stars or fewer) says why, so it can be followed up."""
    if isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5:
        raise InvalidValue("rate from 1 to 5 stars", field="stars")
    if len(comment) > MAX_INSTRUCTION:
        raise InvalidValue(f"a comment is at most {MAX_INSTRUCTION} characters", field="comment")
    if stars <= BAD_RATING and not comment.strip():
        raise ReasonRequired("a rating of two stars or fewer says what went wrong", field="comment")


class ClockNotRunning(Conflict):
    code = "clock_not_running"


class ClockNotPaused(Conflict):
    code = "clock_not_paused"


class CaseClock(Aggregate):
    TOPIC = "supervision.case_clock"
    Created = supervision_events.DeadlineSet
    Paused = supervision_events.Paused
    Resumed = supervision_events.Resumed
    Warned = supervision_events.Warned
    Breached = supervision_events.Breached
    Met = supervision_events.Met
    Instructed = supervision_events.Instructed
    Rated = supervision_events.Rated
    FollowUpClosed = supervision_events.FollowUpClosed
    Extended = supervision_events.Extended
    instructions: tuple = ()

    @staticmethod
    def create_id(case_id: str):  # noqa: ANN205
        return ids.case_clock_id(case_id)

    @classmethod
    def accept(cls, *, case_id: str, kind: CaseKind, registry: str, unit_number: str, accepted_at: datetime,
               limit: TimeLimit, calendar: WorkingCalendar, parties: list[str]) -> CaseClock:
        due = (calendar.after_working_minutes(accepted_at, limit.office_minutes) if limit.office_minutes
               else calendar.after_working_days(accepted_at, limit.working_days))
        return cls(case_id=case_id, kind=kind.value, registry=registry, unit_number=unit_number,
                   accepted_at=accepted_at, working_days=limit.working_days, office_minutes=limit.office_minutes,
                   source=limit.source, due_at=due, budget_minutes=calendar.working_minutes_between(accepted_at, due),
                   parties=sorted(set(parties)), at=accepted_at)

    @event(Created)
    def __init__(self, case_id: str, kind: str, registry: str, unit_number: str, accepted_at: datetime,
                 working_days: int, office_minutes: int, source: str, due_at: datetime, budget_minutes: int,
                 parties: list[str], at: datetime) -> None:
        self.case_id, self.kind, self.registry, self.unit_number = case_id, kind, registry, unit_number
        self.budget_minutes = budget_minutes
        self.parties = list(parties)
        self.ratings: dict[str, dict] = {}
        self.accepted_at, self.due_at, self.source = accepted_at, due_at, source
        self.working_days, self.office_minutes = working_days, office_minutes
        self.paused_for: str | None = None
        self.remaining_minutes = 0
        self.warned = self.breached = False
        self.outcome: str | None = None
        self.ended_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self.outcome is None and self.paused_for is None

    # -- the parties -------------------------------------------------------------------------------------
    def pause(self, reason: PauseReason, at: datetime, calendar: WorkingCalendar) -> None:
        self.check_running()
        self._paused(reason=reason.value, remaining_minutes=calendar.working_minutes_between(at, self.due_at), at=at)

    @event(Paused)
    def _paused(self, reason: str, remaining_minutes: int, at: datetime) -> None:
        self.paused_for, self.remaining_minutes = reason, remaining_minutes

    def resume(self, at: datetime, calendar: WorkingCalendar) -> None:
        self.check_paused()
        due = calendar.after_working_minutes(at, self.remaining_minutes) if self.remaining_minutes else self.due_at
        self._resumed(due_at=due, at=at)

    @event(Resumed)
    def _resumed(self, due_at: datetime, at: datetime) -> None:
        self.paused_for, self.due_at = None, due_at

    def extend_for_closure(self, closure: date, before: WorkingCalendar, after: WorkingCalendar, at: datetime) -> bool:
        """The office closed on ``closure``: a running clock whose remaining time spans that day keeps the office
        minutes it would have lost. False when the day does not fall in its remaining time."""
        if not self.running:
            return False
        start = max(at, datetime.combine(closure, time(0), tzinfo=after.tz))
        if start >= self.due_at:
            return False
        due = after.after_working_minutes(start, before.working_minutes_between(start, self.due_at))
        if due == self.due_at:
            return False
        self._extended(closure=closure, due_at=due, at=at)
        return True

    @event(Extended)
    def _extended(self, closure: date, due_at: datetime, at: datetime) -> None:
        self.due_at = due_at

    # -- the scheduled check --------------------------------------------------------------------------------
    def check_time(self, now: datetime, calendar: WorkingCalendar) -> bool:
        """Record a breach once the deadline has passed, or a warning once little time is left; True if either
        was recorded. A paused or ended clock is never warned or breached."""
        if not self.running or self.breached:
            return False
        if now > self.due_at:
            self._breached(due_at=self.due_at, at=now)
            return True
        left = calendar.working_minutes_between(now, self.due_at)
        if not self.warned and left <= self.warning_minutes:
            self._warned(due_at=self.due_at, remaining_minutes=left, at=now)
            return True
        return False

    @property
    def warning_minutes(self) -> int:
        return WARN_MINUTES_FOR_HOUR_LIMITS if self.office_minutes else WARN_MINUTES_FOR_DAY_LIMITS

    @event(Warned)
    def _warned(self, due_at: datetime, remaining_minutes: int, at: datetime) -> None:
        self.warned = True

    @event(Breached)
    def _breached(self, due_at: datetime, at: datetime) -> None:
        self.breached = True

    # -- the supervisor -----------------------------------------------------------------------------------
    def instruct(self, *, by: str, instruction: str, at: datetime) -> None:
        text = instruction.strip()
        if not text:
            raise ReasonRequired("an instruction needs its text", field="instruction")
        if len(text) > MAX_INSTRUCTION:
            raise InvalidValue(f"an instruction is at most {MAX_INSTRUCTION} characters", field="instruction")
        if self.outcome is not None:
            raise ClockNotRunning(f"case {self.case_id} has ended: there is nothing left to instruct")
        self._instructed(by=by, instruction=text, at=at)

    @event(Instructed)
    def _instructed(self, by: str, instruction: str, at: datetime) -> None:
        self.instructions = (*self.instructions, {"by": by, "instruction": instruction, "at": at})

    # -- ratings (好差评) ------------------------------------------------------------------------------------
    def rate(self, *, party: str, stars: int, comment: str, at: datetime) -> None:
        if party not in self.parties:
            raise NotAuthorised("only a party to the case may rate it")
        if self.outcome is None:
            raise RatingNotYet("a case is rated once it has ended")
        if party in self.ratings:
            raise AlreadyRated("you have rated this case already: each party rates a case once")
        check_rating(stars, comment)
        self._rated(party=party, stars=stars, comment=comment.strip(), follow_up=stars <= BAD_RATING, at=at)

    @event(Rated)
    def _rated(self, party: str, stars: int, comment: str, follow_up: bool, at: datetime) -> None:
        self.ratings = {**self.ratings, party: {"stars": stars, "follow_up": "open" if follow_up else None}}

    def close_follow_up(self, *, party: str, by: str, note: str, at: datetime) -> None:
        rating = self.ratings.get(party)
        if rating is None or rating["follow_up"] != "open":
            raise NoOpenFollowUp("there is no open follow-up for this rating")
        if not note.strip():
            raise ReasonRequired("say how the rating was followed up", field="note")
        self._follow_up_closed(party=party, by=by, note=note.strip()[:MAX_INSTRUCTION], at=at)

    @event(FollowUpClosed)
    def _follow_up_closed(self, party: str, by: str, note: str, at: datetime) -> None:
        self.ratings = {**self.ratings, party: {**self.ratings[party], "follow_up": "closed"}}

    # -- the end -----------------------------------------------------------------------------------------
    def meet(self, outcome: str, by: str, at: datetime, calendar: WorkingCalendar) -> None:
        if self.outcome is not None:
            return  # a redelivered end changes nothing
        if self.paused_for:  # ended while waiting on the parties: the paused time is not counted
            left = self.remaining_minutes
        elif at <= self.due_at:
            left = calendar.working_minutes_between(at, self.due_at)
        else:
            left = -calendar.working_minutes_between(self.due_at, at)
        overdue = left <= 0 if self.paused_for else left < 0  # paused with nothing left: paused after the deadline
        self._met(outcome=outcome, by=by, late=self.breached or overdue, used_minutes=self.budget_minutes - left, at=at)

    @event(Met)
    def _met(self, outcome: str, by: str, late: bool, used_minutes: int, at: datetime) -> None:
        self.outcome, self.ended_at, self.paused_for, self.ended_by = outcome, at, None, by

    def check_running(self) -> None:
        if not self.running:
            raise ClockNotRunning(f"the clock of case {self.case_id} is not running")

    def check_paused(self) -> None:
        if self.outcome is not None or self.paused_for is None:
            raise ClockNotPaused(f"the clock of case {self.case_id} is not paused")
