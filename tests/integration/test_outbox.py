"""The outbox on both stores: one copy per message and channel however often and however concurrently it is
filled and sent; the SMS sandbox refuses numbers like a gateway, and a refusal is recorded, not retried."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.exc import IntegrityError

from adapters.outbox import Addressee
from adapters.senders import SandboxSms
from tests.builders import GULOU_FLAT
from tests.integration import outbox_setup
from tests.integration.outbox_setup import LI_NA_KEY, LI_NA_MOBILE, li_na, outbox_for

paid_case = outbox_setup.paid_case  # the fixture, shared


class CountingSms:
    """A hand-written sender that counts what it is asked to send."""

    channel = "sms"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def send(self, address: str, subject: str, body: str) -> None:
        with self._lock:
            self.sent.append((address, body))


def together(*tasks) -> None:
    start = threading.Barrier(len(tasks))
    threads = [threading.Thread(target=lambda t=t: (start.wait(), t())) for t in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)


def test_two_fillers_racing_queue_each_copy_once(views, clock, paid_case):
    sms = CountingSms()
    first, second = (outbox_for(views, clock, [sms], li_na(sms=LI_NA_MOBILE)) for _ in range(2))
    together(first.fill, second.fill)
    first.fill()
    assert [(r["channel"], r["address"]) for r in first.rows()] == [("sms", LI_NA_MOBILE)] * 2


def test_the_database_refuses_a_second_copy_of_a_message_on_one_channel(views, clock, paid_case):
    outbox = outbox_for(views, clock, [CountingSms()], li_na(sms=LI_NA_MOBILE))
    outbox.fill()
    row = {k: v for k, v in outbox.rows()[0].items() if k != "id"}
    with pytest.raises(IntegrityError), views.transaction() as tx:
        tx.execute("INSERT INTO notification_outbox (user_id, recipient, message_id, channel, address, subject, body, "
                   "queued_at, attempts) VALUES (:user_id, :recipient, :message_id, :channel, :address, :subject, "
                   ":body, :queued_at, 0)", row)


def test_two_senders_racing_send_each_copy_once(views, clock, paid_case):
    sms = CountingSms()
    first, second = (outbox_for(views, clock, [sms], li_na(sms=LI_NA_MOBILE)) for _ in range(2))
    first.fill()
    together(first.send_due, second.send_due)
    assert len(sms.sent) == 2 and first.run_once() == 0
    assert sms.sent[1] == (LI_NA_MOBILE, "【不动产登记】税费已缴清，申请已转登记员审核。")


@pytest.mark.parametrize(("mobile", "error"), [("13900000000", "not in service"), ("1390000", "not a mainland")])
def test_a_number_the_sms_sandbox_refuses_is_recorded_and_not_retried(views, clock, paid_case, mobile, error):
    sandbox = SandboxSms(views, clock, not_in_service={"13900000000"})
    outbox = outbox_for(views, clock, [sandbox], li_na(sms=mobile))
    assert outbox.run_once() == 2
    refused = outbox.rows()
    assert all(error in r["last_error"] and r["given_up_at"] and r["sent_at"] is None for r in refused)
    clock.advance(days=1)
    assert outbox.run_once() == 0 and sandbox.received() == []


def test_the_sms_sandbox_records_what_a_gateway_would_send(views, clock, paid_case):
    sandbox = SandboxSms(views, clock)
    outbox_for(views, clock, [sandbox], li_na(sms=LI_NA_MOBILE)).run_once()
    assert [m["text"] for m in sandbox.received(LI_NA_MOBILE)] == [
        f"【不动产登记】您的转移登记申请已提交（不动产单元 {GULOU_FLAT}），请按提示缴纳税费。",
        "【不动产登记】税费已缴清，申请已转登记员审核。"]


def test_a_channel_that_is_not_turned_on_queues_nothing(views, clock, paid_case):
    outbox = outbox_for(views, clock, [CountingSms()], li_na(email="lina@example.cn"))
    assert outbox.fill() == 0 and outbox.rows() == []


def test_messages_from_before_the_contacts_were_set_are_not_sent(views, clock, paid_case):
    clock.advance(minutes=1)
    set_later = Addressee("lina", [LI_NA_KEY], {"sms": LI_NA_MOBILE}, since=clock.now())
    assert outbox_for(views, clock, [CountingSms()], set_later).fill() == 0
