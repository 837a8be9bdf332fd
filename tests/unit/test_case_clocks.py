"""Each case's statutory clock, kept by the Supervision application from the Registry's own events.

Monday 16 March 2026, 9:30 in Fuzhou: Li Na files to buy Zhang Wei's Gulou flat. Fuzhou's limit since 2020 is 3
working days; the clock waits while the parties pay and counts office hours only (8:30-12:00, 14:30-17:30)."""

from datetime import date, datetime

import pytest
from eventsourcing.application import ProcessingEvent

from adapters.clock import REGISTRY_TZ
from adapters.official_calendar import OfficialSchedule
from adapters.transcodings import all_transcodings
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import Supplement
from registry.kernel.errors import InvalidValue, NotAuthorised, ReasonRequired, UnknownCase
from registry.kernel.values import person_key
from registry.kernel.working_time import WorkingCalendar
from registry.mortgages import commands as mortgages
from registry.mortgages import decisions
from registry.register_book import commands as units
from registry.register_book import objections
from registry.supervision.app import (
    Supervision,
    check_clocks,
    close_follow_up,
    declare_closure,
    instruct,
    rate_case,
)
from registry.supervision.case_clock import AlreadyRated, CaseClock, NoOpenFollowUp, RatingNotYet
from registry.supervision.limits import FUZHOU_2020, ONLINE_MORTGAGE, STATE_COUNCIL_2019, STATUTE, limit_for
from registry.supervision.values import CaseKind
from registry.transfers import commands as transfers
from tests.builders import GULOU_FLAT, LI_NA, mortgage_kwargs, transfer_kwargs, unit_kwargs


def fuzhou(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=REGISTRY_TZ)


@pytest.fixture
def supervision(app, clock):
    supervising = Supervision(clock=clock, calendar=WorkingCalendar(OfficialSchedule()),
                              transcodings=all_transcodings(), env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    supervising.follow("registry", app.notification_log)
    return supervising


def follow(supervision):
    supervision.pull_and_process("registry")


def events_of(supervision, case_id):
    """The clock's events by the names of the ``events.supervision`` classes they are."""
    return [next(c.__name__ for c in type(e).__mro__ if c.__module__ == "events.supervision")
            for e in supervision.events.get(CaseClock.create_id(str(case_id)))]


@pytest.fixture
def case_id(app, registrar, buyer):
    units.register_unit(app, registrar, **unit_kwargs())
    return transfers.submit_transfer(app, buyer, **transfer_kwargs()).id


def test_a_resale_case_is_timed_from_acceptance_but_waits_while_the_parties_pay(supervision, case_id):
    follow(supervision)
    clock = supervision.clock_of(str(case_id))
    assert (clock.kind, clock.working_days, clock.source) == ("resale_transfer", 3, FUZHOU_2020)
    assert clock.accepted_at == fuzhou(16, 9, 30)
    assert clock.paused_for == "payment"
    assert clock.remaining_minutes == 330 + 3 * 390  # the rest of Monday, then Tuesday to Thursday


def test_paying_a_day_later_moves_the_deadline_by_the_office_time_spent_waiting(app, supervision, case_id, clock):
    clock.advance(days=1)  # Tuesday 9:30
    transfers.record_settlement(app, case_id, reference="paid:RC0001")
    follow(supervision)
    timed = supervision.clock_of(str(case_id))
    assert timed.running and timed.due_at == fuzhou(20, 17, 30)  # Friday at close, not Thursday
    assert events_of(supervision, case_id) == ["DeadlineSet", "Paused", "Resumed"]


def test_a_case_registered_within_its_limit_is_met_on_time(app, supervision, case_id, clock, registrar):
    transfers.record_settlement(app, case_id, reference="no-charge")
    clock.advance(days=2)
    transfers.approve_transfer(app, registrar, case_id)
    follow(supervision)
    timed = supervision.clock_of(str(case_id))
    assert (timed.outcome, timed.ended_by, timed.ended_at) == ("registered", registrar.user_id, fuzhou(18, 9, 30))
    *_, met = supervision.events.get(CaseClock.create_id(str(case_id)))
    assert events_of(supervision, case_id)[-1] == "Met" and not met.late
    assert (met.used_minutes, timed.budget_minutes) == (2 * 390, 1500)  # Monday 9:30 to Wednesday 9:30


def test_a_warning_comes_once_with_one_office_day_left(app, supervision, case_id, clock):
    transfers.record_settlement(app, case_id, reference="no-charge")  # Monday 9:30: due Thursday 17:30
    follow(supervision)
    assert check_clocks(supervision, [str(case_id)], now=fuzhou(18, 17, 0)) == 0  # 420 office minutes left
    assert check_clocks(supervision, [str(case_id)], now=fuzhou(19, 8, 30)) == 1
    assert check_clocks(supervision, [str(case_id)], now=fuzhou(19, 9, 0)) == 0
    assert events_of(supervision, case_id)[-1] == "Warned"


def test_a_breach_is_recorded_once_and_the_late_registration_says_so(app, supervision, case_id, clock, registrar):
    transfers.record_settlement(app, case_id, reference="no-charge")
    follow(supervision)
    assert check_clocks(supervision, [str(case_id)], now=fuzhou(20, 9, 0)) == 1
    assert check_clocks(supervision, [str(case_id)], now=fuzhou(23, 9, 0)) == 0
    clock.advance(days=7)
    transfers.approve_transfer(app, registrar, case_id)
    follow(supervision)
    assert events_of(supervision, case_id) == ["DeadlineSet", "Paused", "Resumed", "Breached", "Met"]
    *_, met = supervision.events.get(CaseClock.create_id(str(case_id)))
    assert met.late and met.outcome == "registered"
    assert met.used_minutes == 1500 + 390 + 60  # the budget, then all of Friday and Monday's first hour


def test_a_case_waiting_for_payment_is_never_warned_or_breached(supervision, case_id):
    follow(supervision)
    assert check_clocks(supervision, [str(case_id)], now=fuzhou(30, 9, 0, month=4)) == 0
    assert events_of(supervision, case_id) == ["DeadlineSet", "Paused"]


def test_a_withdrawn_case_stops_its_clock(app, supervision, case_id, buyer):
    transfers.withdraw_transfer(app, buyer, case_id, reason="改期")
    follow(supervision)
    assert supervision.clock_of(str(case_id)).outcome == "withdrawn"


def test_an_online_mortgage_runs_one_office_hour_from_the_owners_confirmation(app, supervision, registrar, icbc,
                                                                           seller, clock):
    units.register_unit(app, registrar, **unit_kwargs())
    filing_id = mortgages.file_mortgage(app, icbc, **mortgage_kwargs()).id
    follow(supervision)
    waiting = supervision.clock_of(str(filing_id))
    assert (waiting.kind, waiting.office_minutes, waiting.source) == ("mortgage_first", 60, ONLINE_MORTGAGE)
    assert waiting.paused_for == "consent" and waiting.due_at == fuzhou(16, 10, 30)
    clock.advance(minutes=20)
    mortgages.consent_to_filing(app, seller, filing_id)  # registered at once by rule
    follow(supervision)
    timed = supervision.clock_of(str(filing_id))
    assert (timed.outcome, timed.ended_by, timed.ended_at) == ("registered", "rule", fuzhou(16, 9, 50))


def test_a_redelivered_acceptance_sets_no_second_deadline(app, supervision, case_id):
    follow(supervision)
    submitted = next(iter(app.events.get(case_id)))
    again = ProcessingEvent()
    supervision.policy(submitted, again)
    assert again.events == []
    assert events_of(supervision, case_id) == ["DeadlineSet", "Paused"]


@pytest.mark.parametrize(("accepted", "days", "source"), [
    (date(2018, 6, 1), 30, STATUTE), (date(2019, 6, 1), 5, STATE_COUNCIL_2019), (date(2021, 6, 1), 3, FUZHOU_2020)])
def test_the_limit_in_force_on_the_day_of_acceptance_applies(accepted, days, source):
    limit = limit_for(CaseKind.RESALE_TRANSFER, accepted)
    assert (limit.working_days, limit.source) == (days, source)


def test_the_clock_waits_while_a_returned_case_is_with_its_parties(app, supervision, case_id, clock, registrar,
                                                                    seller):
    transfers.record_settlement(app, case_id, reference="no-charge")  # Monday 9:30: due Thursday 17:30
    clock.advance(days=1)
    transfers.return_for_supplement(app, registrar, case_id, missing=[Supplement.MARRIAGE_PROOF])
    clock.advance(days=2)  # Thursday 9:30: the seller brings the marriage certificate
    transfers.resubmit_transfer(app, seller, case_id)
    follow(supervision)
    timed = supervision.clock_of(str(case_id))
    assert events_of(supervision, case_id) == ["DeadlineSet", "Paused", "Resumed", "Paused", "Resumed"]
    assert timed.due_at == fuzhou(23, 17, 30)  # the 2 working days with the parties are not counted


def test_a_returned_mortgage_filing_keeps_the_office_minutes_it_had_left(app, supervision, registrar, icbc, seller,
                                                                           clock):
    units.register_unit(app, registrar, **unit_kwargs())
    objections.register_objection(app, registrar, unit_number=GULOU_FLAT, reference="(2026)榕异字第12号",
                                  applicant="王芳", reason="主张该房屋系夫妻共同财产")
    filing_id = mortgages.file_mortgage(app, icbc, **mortgage_kwargs()).id
    mortgages.consent_to_filing(app, seller, filing_id)  # queued at 9:30: an hour to decide, until 10:30
    clock.advance(minutes=20)
    decisions.return_filing(app, registrar, filing_id, missing=[Supplement.LOAN_CONTRACT])  # 40 minutes left
    clock.advance(days=1)
    mortgages.resubmit_filing(app, icbc, filing_id)  # Tuesday 9:50
    follow(supervision)
    assert events_of(supervision, filing_id) == ["DeadlineSet", "Paused", "Resumed", "Paused", "Resumed"]
    assert supervision.clock_of(str(filing_id)).due_at == fuzhou(17, 10, 30)


def test_the_offices_supervisor_instructs_on_a_breached_case(app, supervision, case_id):
    transfers.record_settlement(app, case_id, reference="no-charge")
    follow(supervision)
    check_clocks(supervision, [str(case_id)], now=fuzhou(20, 9, 0))
    chen = Actor(user_id="supervisor-chen", role=Role.SUPERVISOR, org="fz-registry")
    instruct(supervision, chen, str(case_id), "  请于今日下班前办结并说明超时原因  ")
    assert supervision.clock_of(str(case_id)).instructions[0]["instruction"] == "请于今日下班前办结并说明超时原因"


@pytest.mark.parametrize("who", [Actor(user_id="xm-chen", role=Role.SUPERVISOR, org="xm-registry"),
                                 Actor(user_id="registrar-lin", role=Role.REGISTRAR, org="fz-registry")])
def test_only_the_offices_supervisor_may_instruct(app, supervision, case_id, who):
    follow(supervision)
    head = supervision.recorder.max_notification_id()
    with pytest.raises((UnknownCase, NotAuthorised)):
        instruct(supervision, who, str(case_id), "请办结")
    assert supervision.recorder.max_notification_id() == head


def test_an_empty_instruction_is_refused(app, supervision, case_id):
    follow(supervision)
    with pytest.raises(ReasonRequired):
        instruct(supervision, Actor(user_id="supervisor-chen", role=Role.SUPERVISOR, org="fz-registry"),
                 str(case_id), "   ")


@pytest.fixture
def registered_case(app, supervision, case_id, registrar):
    transfers.record_settlement(app, case_id, reference="no-charge")
    transfers.approve_transfer(app, registrar, case_id)
    follow(supervision)
    return str(case_id)


def test_each_party_rates_an_ended_case_once(supervision, registered_case, buyer, seller):
    rate_case(supervision, buyer, registered_case, stars=5, comment="一次办好")
    rate_case(supervision, seller, registered_case, stars=4)
    with pytest.raises(AlreadyRated):
        rate_case(supervision, buyer, registered_case, stars=1, comment="改主意了")
    assert [r["stars"] for r in supervision.clock_of(registered_case).ratings.values()] == [5, 4]


def test_a_case_still_open_is_not_rated_yet(app, supervision, case_id, buyer):
    follow(supervision)
    with pytest.raises(RatingNotYet):
        rate_case(supervision, buyer, str(case_id), stars=5)


def test_someone_not_party_to_the_case_cannot_rate_it(supervision, registered_case, wang_fang):
    head = supervision.recorder.max_notification_id()
    with pytest.raises(UnknownCase):
        rate_case(supervision, wang_fang, registered_case, stars=1, comment="差")
    assert supervision.recorder.max_notification_id() == head


@pytest.mark.parametrize(("stars", "comment", "refusal"), [
    (0, "", InvalidValue), (6, "", InvalidValue), (True, "", InvalidValue), (2, "  ", ReasonRequired)])
def test_a_rating_is_one_to_five_stars_and_a_bad_one_says_why(supervision, registered_case, buyer, stars, comment,
                                                              refusal):
    with pytest.raises(refusal):
        rate_case(supervision, buyer, registered_case, stars=stars, comment=comment)


def test_a_bad_rating_opens_a_follow_up_the_supervisor_closes(supervision, registered_case, buyer):
    rate_case(supervision, buyer, registered_case, stars=2, comment="窗口排队太久")
    party = person_key(LI_NA.id_number)
    assert supervision.clock_of(registered_case).ratings[party]["follow_up"] == "open"
    chen = Actor(user_id="supervisor-chen", role=Role.SUPERVISOR, org="fz-registry")
    close_follow_up(supervision, chen, registered_case, party=party, note="已电话回访，系叫号系统故障")
    assert supervision.clock_of(registered_case).ratings[party]["follow_up"] == "closed"
    with pytest.raises(NoOpenFollowUp):
        close_follow_up(supervision, chen, registered_case, party=party, note="再次")


def test_a_typhoon_closure_moves_the_deadlines_it_falls_within(app, supervision, case_id, clock):
    transfers.record_settlement(app, case_id, reference="no-charge")  # Monday 9:30: due Thursday 17:30
    follow(supervision)
    chen = Actor(user_id="supervisor-chen", role=Role.SUPERVISOR, org="fz-registry")
    extended = declare_closure(supervision, chen, "fz-registry", day=date(2026, 3, 18), reason="台风停止办公",
                               open_clocks=[str(case_id)])
    assert extended == 1
    assert supervision.clock_of(str(case_id)).due_at == fuzhou(20, 17, 30)  # Wednesday lost: Friday at close
    assert not supervision.calendar_for("fz-registry").is_working_day(date(2026, 3, 18))
    assert supervision.calendar_for("xm-registry").is_working_day(date(2026, 3, 18))
    again = declare_closure(supervision, chen, "fz-registry", day=date(2026, 3, 18), reason="台风停止办公",
                            open_clocks=[str(case_id)])
    assert again == 0


def test_a_case_accepted_after_a_closure_counts_around_it(app, supervision, registrar, buyer, clock):
    chen = Actor(user_id="supervisor-chen", role=Role.SUPERVISOR, org="fz-registry")
    declare_closure(supervision, chen, "fz-registry", day=date(2026, 3, 17), reason="系统迁移", open_clocks=[])
    units.register_unit(app, registrar, **unit_kwargs())
    case_id = transfers.submit_transfer(app, buyer, **transfer_kwargs()).id
    transfers.record_settlement(app, case_id, reference="no-charge")
    follow(supervision)
    assert supervision.clock_of(str(case_id)).due_at == fuzhou(20, 17, 30)  # Wed, Thu, Fri: Tuesday closed


@pytest.mark.parametrize(("who", "day", "reason", "refusal"), [
    (Actor(user_id="xm-chen", role=Role.SUPERVISOR, org="xm-registry"), date(2026, 3, 18), "台风", NotAuthorised),
    (Actor(user_id="supervisor-chen", role=Role.SUPERVISOR, org="fz-registry"), date(2026, 3, 13), "台风",
     InvalidValue),
    (Actor(user_id="supervisor-chen", role=Role.SUPERVISOR, org="fz-registry"), date(2026, 3, 21), "台风",
     InvalidValue),
    (Actor(user_id="supervisor-chen", role=Role.SUPERVISOR, org="fz-registry"), date(2026, 3, 18), " ",
     ReasonRequired),
])
def test_a_closure_is_declared_by_the_offices_supervisor_for_a_coming_working_day(supervision, who, day, reason,
                                                                                    refusal):
    with pytest.raises(refusal):
        declare_closure(supervision, who, "fz-registry", day=day, reason=reason, open_clocks=[])
    assert supervision.recorder.max_notification_id() is None or supervision.recorder.max_notification_id() == 0
