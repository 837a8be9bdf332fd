"""The app through HTTP on both stores, with the embedded worker and an injected clock."""

from __future__ import annotations

import pytest

from adapters.clock import FixedClock
from registry.kernel.actors import Role
from tests.builders import CHEN_GANG, LI_NA, MONDAY_MORNING, WANG_FANG, ZHANG_WEI
from tests.e2e.documented_answers import DocumentedAnswersClient
from tests.postgres import PG_URL, fresh_schema
from web import create_app

PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_kind(request):
    return request.param


@pytest.fixture
def clock():
    return FixedClock(MONDAY_MORNING)


def running_app(store_kind, tmp_path, clock, **settings):
    """The app on the store, with the embedded worker, the clock and these settings; closed afterwards."""
    config = {"INSTANCE_PATH": str(tmp_path / "instance"), "EMBEDDED_WORKER": "true", "CLOCK": clock,
              "SESSION_COOKIE_SECURE": "false", "TESTING": True, **settings}
    if store_kind == "postgres":
        with fresh_schema() as schema:
            flask_app = create_app({**config, "DATABASE_URL": f"{PG_URL}?schema={schema}"})
            flask_app.test_client_class = DocumentedAnswersClient
            yield flask_app
            flask_app.extensions["platform"].close()
        return
    flask_app = create_app(config)
    flask_app.test_client_class = DocumentedAnswersClient
    yield flask_app
    flask_app.extensions["platform"].close()


@pytest.fixture
def app(store_kind, tmp_path, clock):
    yield from running_app(store_kind, tmp_path, clock)


@pytest.fixture
def platform(app):
    return app.extensions["platform"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def people(platform, clock):
    """Fuzhou registry with a registrar; Zhang Wei (seller), Li Na (buyer), Chen Gang; a Xiamen registrar."""
    accounts, now = platform.accounts, clock.now()
    accounts.add_org("fz-registry", "registry", "福州市不动产登记中心", province="闽", city="福州市", now=now)
    accounts.add_org("xm-registry", "registry", "厦门市不动产登记中心", province="闽", city="厦门市", now=now)
    accounts.add_org("platform", "platform", "平台", now=now)
    accounts.add_user("registrar", Role.REGISTRAR, org="fz-registry", display_name="林登记员", password=PASSWORD,
                      now=now)
    accounts.add_user("xm-registrar", Role.REGISTRAR, org="xm-registry", display_name="厦门登记员",
                      password=PASSWORD, now=now)
    accounts.add_user("admin", Role.ADMIN, org="platform", display_name="管理员", password=PASSWORD, now=now)
    for user_id, who in (("zhangwei", ZHANG_WEI), ("lina", LI_NA), ("chengang", CHEN_GANG)):
        accounts.add_user(user_id, Role.APPLICANT, display_name=who.name, password=PASSWORD,
                          id_number=who.id_number, now=now)
    return {u: {"Authorization": f"Bearer {accounts.issue_token(u, now)}"}
            for u in ("registrar", "xm-registrar", "admin", "zhangwei", "lina", "chengang")}


@pytest.fixture
def head(platform):
    """How many events each application's store holds once the workers are idle: proves a refused command
    changed nothing (background work for earlier commands — certificates, hand-offs — does not count)."""
    def heads() -> tuple[int, int, int]:
        platform.wait_until_idle()
        return tuple(app.recorder.max_notification_id() or 0
                     for app in (platform.registry, platform.taxation, platform.payments))
    return heads


@pytest.fixture
def readers(platform, clock, people):
    """The people and tax officers of Fuzhou (serving the Fuzhou registry) and Xiamen; Wang Fang, an applicant."""
    accounts, now = platform.accounts, clock.now()
    accounts.add_org("fz-tax", "tax_bureau", "国家税务总局福州市税务局", province="闽", city="福州市", now=now)
    accounts.add_org("xm-tax", "tax_bureau", "国家税务总局厦门市税务局", province="闽", city="厦门市", now=now)
    for user, org in (("taxman", "fz-tax"), ("xm-taxman", "xm-tax")):
        accounts.add_user(user, Role.TAX_OFFICER, org=org, display_name=user, password=PASSWORD, now=now)
    accounts.add_user("wangfang", Role.APPLICANT, display_name=WANG_FANG.name, password=PASSWORD,
                      id_number=WANG_FANG.id_number, now=now)
    return {**people, **{u: {"Authorization": f"Bearer {accounts.issue_token(u, now)}"}
                         for u in ("taxman", "xm-taxman", "wangfang")}}
