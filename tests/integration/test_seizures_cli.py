"""``registry seizures lapse-due`` on both stores: one pass records every seizure past its last day, the queue
moving on (and lapsing too when its own term is also over), and prints what lapsed; a second pass does nothing.

The history is recorded in 2023 through a platform with a fixed clock; the CLI runs on the system clock, years
later, without a worker having projected anything: the command catches the calendar view up itself."""

import hashlib
from datetime import date, datetime

from adapters.clock import FixedClock
from adapters.instance import load_settings
from registry.courts import orders as court_orders
from registry.courts.orders import OrderRequest
from registry.courts.seizures import SeizureState
from registry.kernel.actors import Actor, Role
from registry.register_book import commands as units
from tests.builders import GULOU_FLAT, TAIJIANG_FLAT, unit_kwargs
from tests.integration import test_cli
from tests.integration.test_cli import run
from web.bootstrap import build_platform

cli_env = test_cli.cli_env  # both stores, an instance folder per test
REGISTRAR = Actor(user_id="registrar-lin", role=Role.REGISTRAR, org="fz-registry")
GULOU = ("gulou-court", "福州市鼓楼区人民法院", "(2023)闽0102执1号")
TAIJIANG = ("taijiang-court", "福州市台江区人民法院", "(2023)闽0103执2号")


def platform_in_2023(env):
    settings = load_settings({"INSTANCE_PATH": env["REGISTRY_INSTANCE_PATH"],
                              "DATABASE_URL": env["REGISTRY_DATABASE_URL"]})
    return build_platform(settings, clock=FixedClock(datetime(2023, 1, 2, 9, 30)))


def seize(platform, court, unit_number, end):
    code, name, ruling = court
    request = OrderRequest(request_id=f"{ruling}-{unit_number}", executing_court="执行局", judge="陈法官",
                           case_number=ruling, notice_name="协助执行通知书", ruling_number=ruling,
                           subjects=[{"name": "张伟", "id_type": "1", "id_number": "350102198001010011"}],
                           unit_number=unit_number, start=date(2023, 1, 2), end=end)
    feedback = court_orders.seize(platform.registry, court=code, court_name=name, request=request,
                                  request_sha256=hashlib.sha256(ruling.encode()).hexdigest())
    assert feedback.controlled, feedback


def test_lapse_due_records_every_seizure_past_its_last_day_and_prints_them(cli_env):
    platform = platform_in_2023(cli_env)
    try:
        platform.accounts.add_org("fz-registry", "registry", "福州市不动产登记中心", province="闽", city="福州市",
                                  now=platform.clock.now())
        for number in (GULOU_FLAT, TAIJIANG_FLAT):
            units.register_unit(platform.registry, REGISTRAR, **unit_kwargs(unit_number=number))
        seize(platform, GULOU, GULOU_FLAT, date(2023, 12, 31))
        seize(platform, TAIJIANG, GULOU_FLAT, date(2023, 6, 30))  # queued: half a year from its activation
        seize(platform, TAIJIANG, TAIJIANG_FLAT, date(2025, 12, 31))
    finally:
        platform.close()

    output = run(cli_env, "seizures", "lapse-due").output

    assert f"lapsed {GULOU[2]} on {GULOU_FLAT}; {TAIJIANG[2]} is active from 2024-01-01" in output
    assert f"lapsed {TAIJIANG[2]} on {GULOU_FLAT}\n" in output
    assert f"lapsed {TAIJIANG[2]} on {TAIJIANG_FLAT}\n" in output
    assert "3 seizure(s) lapsed as of" in output
    assert "no seizure was due to lapse" in run(cli_env, "seizures", "lapse-due").output
    platform = platform_in_2023(cli_env)
    try:
        states = {s.reference: s.state for s in platform.registry.get_unit(GULOU_FLAT).seizures}
    finally:
        platform.close()
    assert states == {GULOU[2]: SeizureState.LAPSED, TAIJIANG[2]: SeizureState.LAPSED}
