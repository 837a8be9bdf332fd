"""A court's orders (KZCS 11 / 12 / 14) on Zhang Wei's Gulou flat, through the commands and the in-memory app:
each order is kept with its feedback, a repeated request id returns that feedback and changes nothing, and a
refusal by the register's rules is recorded as feedback "2" while the unit stays as it was."""

import dataclasses
import hashlib
from datetime import date
from uuid import UUID

import pytest
from eventsourcing.persistence import Mapper

from registry.courts import orders as court_orders
from registry.courts.orders import CONTROLLED, FAILED, CourtOrder, OrderRequest, court_order_id
from registry.courts.seizures import SeizureState
from registry.kernel.errors import UnitLocked
from registry.register_book.unit import Unit
from registry.transfers import commands as transfers
from tests.builders import GULOU_FLAT, transfer_kwargs

GULOU = ("fz-gulou-court", "福州市鼓楼区人民法院")
TAIJIANG = ("fz-taijiang-court", "福州市台江区人民法院")
TODAY = date(2026, 3, 16)
SUBJECTS = [{"name": "张伟", "id_type": "1", "id_number": "350102198001010011"}]


def order(request_id, *, ruling="(2026)闽0102执123号", start=TODAY, end=date(2027, 3, 15), seizure_reference="",
          unit_number=GULOU_FLAT, subjects=SUBJECTS, regardless_of_register=False):
    return OrderRequest(request_id=request_id, executing_court="执行局", judge="陈法官", case_number=ruling,
                        notice_name="协助执行通知书", ruling_number=ruling, subjects=subjects,
                        unit_number=unit_number, start=start, end=end, seizure_reference=seizure_reference,
                        regardless_of_register=regardless_of_register)


def send(app, command, court, request):
    return command(app, court=court[0], court_name=court[1], request=request,
                   request_sha256=hashlib.sha256(f"{court[0]}:{request.request_id}".encode()).hexdigest())


def event_count(app, aggregate_id):
    return len(list(app.events.get(aggregate_id)))


def test_a_seizure_locks_the_unit_naming_the_court_and_keeps_the_order(app, gulou_flat, buyer, saves):
    feedback = send(app, court_orders.seize, GULOU, order("GL-1"))
    assert (feedback.result, feedback.reason, feedback.reference) == (CONTROLLED, "", "(2026)闽0102执123号")
    assert (feedback.start, feedback.end) == (TODAY, date(2027, 3, 15))
    assert saves[-1] == sorted(["registry.court_order.Answered", "registry.court_order.Received",
                                "registry.unit.Seized"])  # order and unit: one atomic save
    stored = app.repository.get(court_order_id("fz-gulou-court", "GL-1"))
    assert isinstance(stored, CourtOrder) and stored.kzcs == "11" and stored.subjects == SUBJECTS
    with pytest.raises(UnitLocked, match="福州市鼓楼区人民法院"):
        transfers.submit_transfer(app, buyer, **transfer_kwargs())


def test_the_same_request_id_again_returns_the_first_answer_and_changes_nothing(app, gulou_flat):
    first = send(app, court_orders.seize, GULOU, order("GL-1"))
    unit_events, order_events = event_count(app, Unit.create_id(GULOU_FLAT)), event_count(app, first_id(first))
    app.clock.advance(days=3)
    again = send(app, court_orders.seize, GULOU, order("GL-1", end=date(2028, 1, 1)))
    assert again == first
    assert event_count(app, Unit.create_id(GULOU_FLAT)) == unit_events
    assert event_count(app, first_id(first)) == order_events


def first_id(feedback):
    return UUID(feedback.order_id)


def test_another_courts_seizure_is_queued_and_its_release_by_another_court_fails(app, gulou_flat):
    send(app, court_orders.seize, GULOU, order("GL-1"))
    queued = send(app, court_orders.seize, TAIJIANG, order("TJ-1", ruling="(2026)闽0103执45号"))
    assert queued.result == CONTROLLED
    before = event_count(app, Unit.create_id(GULOU_FLAT))
    refused = send(app, court_orders.release, TAIJIANG, order("TJ-2", seizure_reference="(2026)闽0102执123号"))
    assert (refused.result, refused.code) == (FAILED, "not_seizing_court")
    assert "福州市鼓楼区人民法院" in refused.reason
    assert event_count(app, Unit.create_id(GULOU_FLAT)) == before  # the unit is unchanged
    stored = app.repository.get(court_order_id("fz-taijiang-court", "TJ-2"))
    assert stored.feedback == refused  # the failure is recorded for the court
    assert send(app, court_orders.release, TAIJIANG, order("TJ-2", seizure_reference="x")) == refused
    unit = app.get_unit(GULOU_FLAT)
    assert unit.active_seizure().court == "fz-gulou-court"
    assert [s.court for s in unit.queued_seizures()] == ["fz-taijiang-court"]


def test_release_by_the_seizing_court_activates_the_queued_one(app, gulou_flat):
    send(app, court_orders.seize, GULOU, order("GL-1"))
    send(app, court_orders.seize, TAIJIANG, order("TJ-1", ruling="(2026)闽0103执45号"))
    released = send(app, court_orders.release, GULOU, order("GL-2", seizure_reference="(2026)闽0102执123号"))
    assert (released.result, released.kzcs, released.reference) == (CONTROLLED, "14", "(2026)闽0102执123号")
    unit = app.get_unit(GULOU_FLAT)
    assert unit.seizure("(2026)闽0102执123号").state is SeizureState.RELEASED
    assert unit.active_seizure().court == "fz-taijiang-court"


def test_the_seizing_court_renews_its_seizure(app, gulou_flat):
    send(app, court_orders.seize, GULOU, order("GL-1"))
    renewed = send(app, court_orders.renew, GULOU,
                   order("GL-2", end=date(2028, 3, 15), seizure_reference="(2026)闽0102执123号"))
    assert (renewed.result, renewed.kzcs, renewed.end) == (CONTROLLED, "12", date(2028, 3, 15))
    assert app.get_unit(GULOU_FLAT).active_seizure().end == date(2028, 3, 15)


@pytest.mark.parametrize("label,request_,code", [
    ("unknown unit", order("GL-9", unit_number=GULOU_FLAT[:-1] + "9"), "unknown_unit"),
    ("more than 3 years", order("GL-9", end=date(2029, 3, 16)), "seizure_too_long"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_refused_seizure_stores_only_the_order_with_failed_feedback(app, gulou_flat, saves, label, request_,
                                                                      code):
    refused = send(app, court_orders.seize, GULOU, request_)
    assert (refused.result, refused.code, refused.start, refused.reference) == (FAILED, code, None, "")
    assert saves[-1] == ["registry.court_order.Answered", "registry.court_order.Received"]
    assert app.get_unit(GULOU_FLAT).seizures == ()


# -- the subjects (被执行人) must be on the register ------------------------------------------------------
LI_NA_AS_SUBJECT = {"name": "李娜", "id_type": "1", "id_number": "350103199003030033"}


@pytest.mark.parametrize("label,subjects,says", [
    ("a stranger", [LI_NA_AS_SUBJECT], "none of the persons named in the order (被执行人) holds unit"),
    ("the owner's ID under another name", [{**SUBJECTS[0], "name": "张卫"}], "the name given for ID number "
                                                                           "350***********0011 does not match"),
    ("the owner's name under another ID", [{**SUBJECTS[0], "id_number": LI_NA_AS_SUBJECT["id_number"]}],
     "none of the persons named"),
    ("the owner's ID under another name beside a stranger", [LI_NA_AS_SUBJECT, {**SUBJECTS[0], "name": "张卫"}],
     "does not match the register"),
])
def test_a_seizure_whose_subjects_do_not_match_the_register_fails_subjects_match_register(app, gulou_flat, label,
                                                                                          subjects, says):
    before = app.get_unit(GULOU_FLAT).version
    feedback = send(app, court_orders.seize, GULOU, order("GL-1", subjects=subjects))
    assert (feedback.result, feedback.code, feedback.field) == (FAILED, "subjects_match_register", "subjects")
    assert says in feedback.reason and "seize_regardless_of_register" in feedback.reason
    assert app.get_unit(GULOU_FLAT).version == before and app.get_unit(GULOU_FLAT).locks == {}
    assert app.repository.get(court_order_id(GULOU[0], "GL-1")).feedback == feedback  # the court's answer is kept


def test_one_debtor_holding_the_unit_among_several_is_enough(app, gulou_flat):
    feedback = send(app, court_orders.seize, GULOU, order("GL-1", subjects=[LI_NA_AS_SUBJECT, *SUBJECTS]))
    assert feedback.result == CONTROLLED
    seized = [e for e in app.events.get(Unit.create_id(GULOU_FLAT)) if isinstance(e, Unit.Seized)][-1]
    assert (seized.regardless_of_register, seized.register_mismatch) == (False, "")


def test_a_court_seizing_regardless_of_the_register_is_obeyed_and_its_choice_recorded(app, gulou_flat):
    feedback = send(app, court_orders.seize, GULOU, order("GL-1", subjects=[LI_NA_AS_SUBJECT],
                                                          regardless_of_register=True))
    assert feedback.result == CONTROLLED
    assert app.get_unit(GULOU_FLAT).locks == {"(2026)闽0102执123号": "福州市鼓楼区人民法院"}
    seized = [e for e in app.events.get(Unit.create_id(GULOU_FLAT)) if isinstance(e, Unit.Seized)][-1]
    assert seized.regardless_of_register is True
    assert seized.register_mismatch.startswith("none of the persons named in the order (被执行人) holds unit")


def test_a_seizure_stored_before_subjects_were_checked_loads_as_no_choice_made(app, gulou_flat):
    send(app, court_orders.seize, GULOU, order("GL-1"))
    plain = Mapper(transcoder=app.mapper.transcoder)  # no cipher: the state is readable JSON
    seized = next(e for e in app.events.get(Unit.create_id(GULOU_FLAT)) if isinstance(e, Unit.Seized))
    stored = plain.to_stored_event(seized)
    state = plain.transcoder.decode(stored.state)
    del state["regardless_of_register"], state["register_mismatch"], state["class_version"]  # what v1 wrote
    old = plain.to_domain_event(dataclasses.replace(stored, state=plain.transcoder.encode(state)))
    assert (old.regardless_of_register, old.register_mismatch, old.reference) == (False, "", seized.reference)
