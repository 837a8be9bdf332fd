"""Email copies of inbox messages through a real SMTP server on both stores: a local aiosmtpd sink receives
each copy once, with its Chinese subject and body encoded as UTF-8, and a copy the server could not take is
tried again after the backoff on the clock, then delivered."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from adapters.senders import SmtpSender
from tests.integration import outbox_setup
from tests.integration.outbox_setup import LI_NA_EMAIL, li_na, outbox_for

paid_case = outbox_setup.paid_case  # the fixture, shared


class Sink:
    """Keeps what arrives; the envelope's recipients and the raw message bytes."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802 (aiosmtpd's hook)
        self.received.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 OK"


class AnyPort(Controller):
    """aiosmtpd on port 0: the port the system picked is read before the controller checks it is up."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def sink():
    handler = Sink()
    controller = AnyPort(handler, hostname="127.0.0.1", port=0)
    controller.start()
    handler.controller = controller
    yield handler
    controller.stop()


def mails(sink: Sink):
    return [message_from_bytes(raw, policy=policy.default) for _, raw in sink.received]


def test_the_buyer_gets_her_messages_by_email_in_chinese(views, clock, sink, paid_case):
    outbox = outbox_for(views, clock, [SmtpSender("127.0.0.1", sink.controller.port, "noreply@registry.example.cn")],
                        li_na(email=LI_NA_EMAIL))
    assert outbox.run_once() == 2
    assert [to for to, _ in sink.received] == [[LI_NA_EMAIL]] * 2
    paid = mails(sink)[1]
    assert paid["Subject"] == "【不动产登记】税费已缴清，申请已转登记员审核。"
    raw_subject = sink.received[1][1].split(b"\r\nSubject: ", 1)[1].split(b"\r\n", 1)[0]
    assert raw_subject.startswith(b"=?utf-8?")  # RFC 2047: the Chinese travels encoded, not as raw bytes
    body = paid.get_content()
    assert "税费已缴清" in body and f"办件编号：{paid_case}" in body and "https://registry.example.cn/inbox" in body
    assert paid.get_content_charset() == "utf-8"


def test_a_second_pass_sends_nothing_again(views, clock, sink, paid_case):
    outbox = outbox_for(views, clock, [SmtpSender("127.0.0.1", sink.controller.port, "noreply@registry.example.cn")],
                        li_na(email=LI_NA_EMAIL))
    outbox.run_once()
    assert outbox.run_once() == 0
    assert len(sink.received) == 2
    assert [(r["attempts"], r["sent_at"] is not None, r["last_error"]) for r in outbox.rows()] == [(1, True, None)] * 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_copy_the_server_could_not_take_is_sent_after_the_backoff(views, clock, paid_case):
    sink, port = Sink(), free_port()  # nothing listens there yet: the mail server is down
    outbox = outbox_for(views, clock, [SmtpSender("127.0.0.1", port, "noreply@registry.example.cn", timeout=2)],
                        li_na(email=LI_NA_EMAIL))
    assert outbox.run_once() == 2
    failed = outbox.rows()
    assert [r["attempts"] for r in failed] == [1, 1] and all("Connection" in r["last_error"] for r in failed)
    assert all(r["sent_at"] is None and r["given_up_at"] is None for r in failed)

    back = AnyPort(sink, hostname="127.0.0.1", port=port)
    back.start()  # the server is back, but the backoff (one minute after the first failure) is not over
    try:
        clock.advance(seconds=59)
        assert outbox.run_once() == 0 and sink.received == []
        clock.advance(seconds=1)
        assert outbox.run_once() == 2
    finally:
        back.stop()
    assert len(sink.received) == 2
    assert [(r["attempts"], r["last_error"]) for r in outbox.rows()] == [(2, None), (2, None)]
