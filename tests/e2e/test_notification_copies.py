"""The platform copies inbox messages to the contacts an account set, over the channels the settings turn on
(here the SMS sandbox), on both stores; with no channel on there is no outbox loop at all."""

import pytest

from adapters.senders import SandboxSms
from tests.e2e.api import eventually, file_settled_case
from tests.e2e.conftest import running_app
from web import create_app


@pytest.fixture
def app(store_kind, tmp_path, clock):
    yield from running_app(store_kind, tmp_path, clock, OUTBOX_SMS="true")


def test_the_buyer_and_the_office_get_an_sms_of_their_messages(app, client, people):
    platform = app.extensions["platform"]
    assert "notification-outbox" in dict(platform.loops())
    for who, mobile in (("lina", "13912345678"), ("registrar", "13800000001")):
        assert client.put("/api/v1/me/contacts", json={"mobile": mobile}, headers=people[who]).status_code == 200
    file_settled_case(client, people, app)
    sandbox = SandboxSms(platform.views, platform.clock)

    def texts(mobile):
        platform.outbox.run_once()  # the loop runs too: racing it sends nothing twice
        return [m["text"] for m in sandbox.received(mobile)]
    assert eventually(lambda: len(texts("13912345678")) == 2 and len(texts("13800000001")) == 1)
    assert texts("13800000001") == ["【不动产登记】有一件已缴清税费的转移登记待审核。"]
    assert texts("13912345678")[1] == "【不动产登记】税费已缴清，申请已转登记员审核。"
    assert texts("13700000000") == [] and len(texts("")) == 3  # Zhang Wei set no contacts


def test_with_no_channel_turned_on_there_is_no_outbox_loop(tmp_path, clock):
    flask_app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "CLOCK": clock, "TESTING": True})
    try:
        assert "notification-outbox" not in dict(flask_app.extensions["platform"].loops())
    finally:
        flask_app.extensions["platform"].close()
