"""Fixtures for tests on the real stores: every test using ``app`` or ``views`` runs twice, once on
SQLite files under tmp_path and once on PostgreSQL in a fresh schema, both encrypted at rest.

PostgreSQL: 127.0.0.1:5432, user postgres, trust auth, database postgres. When it is unreachable
the postgres half is skipped, except under ``CI=true`` where it fails loudly.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

import pytest
from eventsourcing.cryptography import AESCipher

from adapters.clock import FixedClock
from adapters.documents import SqlDocumentStore
from adapters.official_calendar import OfficialSchedule
from adapters.transcodings import all_transcodings
from adapters.viewstore import ViewStore
from projections import all_projections
from projections.case_clocks import CaseClocks
from projections.worker import Worker
from registry.application import Registry
from registry.certificates.issuer import IssueCertificates
from registry.kernel.actors import Actor, Role
from registry.kernel.codes import Use
from registry.kernel.values import Person
from registry.kernel.working_time import WorkingCalendar
from registry.mortgages import commands as mortgages
from registry.mortgages.values import FilingKind
from registry.register_book import commands as units
from registry.register_book import objections
from registry.register_book.numbering import NumberingScheme
from registry.supervision.app import Supervision
from registry.transfers import commands as transfers
from tests.builders import (
    CANGSHAN_FLAT,
    CCB,
    CHEN_GANG,
    GARAGE,
    GULOU_FLAT,
    ICBC,
    LI_NA,
    MONDAY_MORNING,
    TAIJIANG_FLAT,
    WANG_FANG,
    ZHANG_WEI,
    halves,
    housing_loan,
    mortgage_kwargs,
    sole,
    transfer_kwargs,
    unit_kwargs,
)
from tests.fakes import FakeBanks, FakePress

POSTGRES_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
OFFICES = {"fz-registry": NumberingScheme(province="闽", city="福州市"),
           "xm-registry": NumberingScheme(province="闽", city="厦门市")}
XIAMEN_FLAT = "350203001001GB00003F00010201"
OFF_PLAN_FLAT = "350103002003GB00012F00020305"  # not in the register yet
ADMIN = Actor(user_id="admin", role=Role.ADMIN)


@pytest.fixture(scope="session")
def postgres_error() -> str | None:
    """Why PostgreSQL cannot be used, or None when it answers."""
    import psycopg

    try:
        psycopg.connect(POSTGRES_DSN, connect_timeout=3).close()
    except Exception as error:  # any failure to connect means the same: no server to test on
        return f"{type(error).__name__}: {error}"
    return None


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        error = request.getfixturevalue("postgres_error")
        if error is not None:
            message = f"PostgreSQL at {POSTGRES_DSN} is unreachable: {error}"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"{message} (CI=true: the postgres tests must run)")
            pytest.skip(message)
    return request.param


@pytest.fixture
def registry_env(store_kind: str, tmp_path) -> Iterator[dict[str, str]]:
    """The Registry's environment: persistence module, database and an AES-GCM key."""
    env = {"CIPHER_TOPIC": "eventsourcing.cryptography:AESCipher", "CIPHER_KEY": AESCipher.create_key(32)}
    if store_kind == "sqlite":
        yield env | {"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                     "SQLITE_DBNAME": str(tmp_path / "registry.sqlite")}
        return
    import psycopg

    schema = f"t_{uuid.uuid4().hex}"
    with psycopg.connect(POSTGRES_DSN, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield env | {"PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_DBNAME": "postgres",
                     "POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": "5432", "POSTGRES_USER": "postgres",
                     "POSTGRES_PASSWORD": "", "POSTGRES_SCHEMA": schema}
    finally:
        with psycopg.connect(POSTGRES_DSN, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(MONDAY_MORNING)


def make_registry(clock: FixedClock, env: dict[str, str]) -> Registry:
    return Registry(clock=clock, offices=OFFICES, transcodings=all_transcodings(), env=env, banks=FakeBanks())


@pytest.fixture
def app(clock, registry_env) -> Iterator[Registry]:
    registry = make_registry(clock, registry_env)
    yield registry
    registry.close()


@pytest.fixture
def views(store_kind, registry_env, tmp_path) -> Iterator[ViewStore]:
    if store_kind == "sqlite":
        store = ViewStore.sqlite(tmp_path / "views.sqlite")
    else:
        store = ViewStore.postgres(POSTGRES_DSN, schema=registry_env["POSTGRES_SCHEMA"])
    yield store
    store.close()


@pytest.fixture
def documents(views) -> SqlDocumentStore:
    store = SqlDocumentStore(views)
    store.setup()
    return store


@pytest.fixture
def worker(app, views, documents) -> Worker:
    """Every view, and certificates issued by the fake press (the real one has its own tests)."""
    issuing = IssueCertificates(app, FakePress(), documents, public_url="http://127.0.0.1:8000")
    worker = Worker(app, views, all_projections(), [issuing])
    worker.setup()
    return worker


@pytest.fixture
def registrar() -> Actor:
    return Actor(user_id="registrar-lin", role=Role.REGISTRAR, org="fz-registry")


@pytest.fixture
def other_registrar() -> Actor:
    return Actor(user_id="registrar-xm", role=Role.REGISTRAR, org="xm-registry")


@pytest.fixture
def seller() -> Actor:
    return applicant(ZHANG_WEI)


@pytest.fixture
def buyer() -> Actor:
    return applicant(LI_NA)


def applicant(person: Person) -> Actor:
    return Actor(user_id=f"user-{person.id_number[-6:]}", role=Role.APPLICANT, id_number=person.id_number)


# -- building histories ----------------------------------------------------------------------------
def submit(app: Registry, filer: Actor, worker: Worker | None = None, **overrides) -> UUID:
    """File a transfer; with a worker, settle it (the command the Payments hand-off gives once the order is
    paid and cleared; the hand-off itself is tested in test_handoffs.py) and bring the views up to date."""
    receipt = transfers.submit_transfer(app, filer, **transfer_kwargs(**overrides))
    if worker is not None:
        transfers.record_settlement(app, receipt.id, reference=f"paid:TEST-{receipt.id.hex[:6]}")
        worker.run_once()
    return receipt.id


@contextmanager
def later(clock: FixedClock, minutes: int = 5) -> Iterator[None]:
    yield
    clock.advance(minutes=minutes)


def mixed_history(app: Registry, worker: Worker, clock: FixedClock, registrar: Actor) -> dict[str, object]:
    """Five units in two registries; transfers approved, rejected, withdrawn, pending and unsettled;
    a lock placed and lifted; seizures, an auction; a pre-notice on a flat not yet registered. Returns the case
    ids by outcome."""
    with later(clock):
        units.register_unit(app, registrar, **unit_kwargs())
        units.register_unit(app, registrar, **unit_kwargs(unit_number=TAIJIANG_FLAT, owners=sole(CHEN_GANG)))
        units.register_unit(app, registrar, **unit_kwargs(unit_number=CANGSHAN_FLAT,
                                                          owners=halves(ZHANG_WEI, WANG_FANG)))
        units.register_unit(app, registrar, **unit_kwargs(unit_number=GARAGE, owners=sole(LI_NA),
                                                          use=Use.GARAGE_PARKING_STOREROOM))
        units.register_unit(app, ADMIN, **unit_kwargs(unit_number=XIAMEN_FLAT, owners=sole(WANG_FANG))
                            | {"registry": "xm-registry", "location": "厦门市思明区中山路1号"})
    with later(clock):
        approved = submit(app, applicant(LI_NA), worker)
        transfers.approve_transfer(app, registrar, approved)
    with later(clock):
        rejected = submit(app, applicant(CHEN_GANG), worker, unit_number=TAIJIANG_FLAT, sellers=[CHEN_GANG],
                          buyers=sole(ZHANG_WEI), contract_number="FZ2026-000200")
        transfers.reject_transfer(app, registrar, rejected, reason="合同价格与备案不符")
    with later(clock):
        withdrawn = submit(app, applicant(LI_NA), worker, unit_number=CANGSHAN_FLAT,
                           sellers=[ZHANG_WEI, WANG_FANG], buyers=halves(LI_NA, CHEN_GANG),
                           contract_number="FZ2026-000300")
        transfers.withdraw_transfer(app, applicant(LI_NA), withdrawn, reason="改期")
    with later(clock):
        units.lock_unit(app, registrar, unit_number=CANGSHAN_FLAT, authority="福州市鼓楼区人民法院",
                        reference="(2026)闽0102执123号", reason="查封")
        units.unlock_unit(app, registrar, unit_number=CANGSHAN_FLAT, reference="(2026)闽0102执123号")
    with later(clock):
        resold = submit(app, applicant(CHEN_GANG), worker, unit_number=TAIJIANG_FLAT, sellers=[CHEN_GANG],
                        buyers=sole(ZHANG_WEI), contract_number="FZ2026-000201")
        transfers.approve_transfer(app, registrar, resold)
    with later(clock):  # Zhang Wei mortgages the Taijiang flat he bought: registered at once by rule
        icbc = Actor(user_id="icbc-zhou", role=Role.BANK_STAFF, org=ICBC)
        filed = mortgages.file_mortgage(app, icbc, **mortgage_kwargs("ICBC-2026-0001", unit_numbers=[TAIJIANG_FLAT]))
        mortgages.consent_to_filing(app, applicant(ZHANG_WEI), filed.id)
    with later(clock):  # an objection: CCB's second mortgage waits for a registrar
        objections.register_objection(app, registrar, unit_number=TAIJIANG_FLAT, reference="(2026)榕异字第12号",
                                      applicant="王芳", reason="主张该房屋系夫妻共同财产")
        ccb = Actor(user_id="ccb-wu", role=Role.BANK_STAFF, org=CCB)
        queued = mortgages.file_mortgage(app, ccb, **mortgage_kwargs("CCB-2026-0002", unit_numbers=[TAIJIANG_FLAT],
                                                                     rank=2))
        mortgages.consent_to_filing(app, applicant(ZHANG_WEI), queued.id)
        units.lock_unit(app, registrar, unit_number=TAIJIANG_FLAT, authority="福州市台江区人民法院",
                        reference="(2026)闽0103执45号", reason="查封")
    with later(clock):
        pending = submit(app, applicant(WANG_FANG), worker, unit_number=GULOU_FLAT, sellers=[LI_NA],
                         buyers=sole(WANG_FANG), contract_number="FZ2026-000400")
        # 带押过户: Wang Fang's bank files her new mortgage as a part of this pending transfer
        mortgages.file_mortgage(app, ccb, **mortgage_kwargs("CCB-2026-0003", unit_numbers=[GULOU_FLAT],
                                                             mortgagors=[WANG_FANG], transfer_case_id=str(pending),
                                                             terms=housing_loan(debtors=(WANG_FANG,))))
    with later(clock):
        unsettled = submit(app, applicant(CHEN_GANG), None, unit_number=GARAGE, sellers=[LI_NA],
                           buyers=sole(CHEN_GANG), contract_number="FZ2026-000500")
    with later(clock):  # Li Na mortgages her garage to ICBC: the auction below extinguishes it
        garage_loan = mortgages.file_mortgage(app, icbc, **mortgage_kwargs(
            "ICBC-2026-0009", unit_numbers=[GARAGE], mortgagors=[LI_NA], terms=housing_loan(debtors=(LI_NA,))))
        mortgages.consent_to_filing(app, applicant(LI_NA), garage_loan.id)
    with later(clock):  # two courts seize the garage: Gulou's seizure is active, Taijiang's queued (轮候)
        seize_for_history(app, GARAGE)
    with later(clock):  # Gulou auctions it: Wang Fang's judicial case, paid and registered; Taijiang's is flagged
        auctioned = auction_for_history(app, registrar, GARAGE)
    with later(clock):  # Chen Gang buys a flat off-plan: ICBC's pre-notice waits for its first registration
        pre_notice = mortgages.file_mortgage(app, icbc, **mortgage_kwargs(
            "ICBC-PRE-2026-0001", kind=FilingKind.PRE_NOTICE, unit_numbers=[OFF_PLAN_FLAT], mortgagors=[CHEN_GANG],
            registry="fz-registry", location="福州市台江区期房2号楼305", terms=housing_loan(debtors=(CHEN_GANG,))))
        mortgages.consent_to_filing(app, applicant(CHEN_GANG), pre_notice.id)
    return {"approved": [approved, resold], "rejected": [rejected], "withdrawn": [withdrawn],
            "pending": [pending], "unsettled": [unsettled], "judicial": [auctioned], "queued_filings": [queued.id]}


def seize_for_history(app: Registry, unit_number: str) -> None:
    """Court seizures through the court-order command (signature checks are the web layer's, not needed here)."""
    import hashlib
    from datetime import timedelta

    from registry.courts import orders as court_orders

    start = app.clock.today()
    for court, name, ruling in (("gulou-court", "福州市鼓楼区人民法院", "(2026)闽0102执901号"),
                                ("taijiang-court", "福州市台江区人民法院", "(2026)闽0103执902号")):
        request = court_orders.OrderRequest(
            request_id=f"history-{ruling}", executing_court="执行局", judge="陈法官", case_number=ruling,
            notice_name="协助执行通知书", ruling_number=ruling, subjects=[{"name": "李娜", "id_type": "1",
                                                                       "id_number": LI_NA.id_number}],
            unit_number=unit_number, start=start, end=start + timedelta(days=364))
        court_orders.seize(app, court=court, court_name=name, request=request,
                           request_sha256=hashlib.sha256(ruling.encode()).hexdigest())


def auction_for_history(app: Registry, registrar: Actor, unit_number: str) -> UUID:
    """The Gulou court's auction ruling (KZCS 15) on a unit it seized; the buyer pays and the registrar registers."""
    import hashlib
    from datetime import timedelta
    from decimal import Decimal

    from registry.courts import orders as court_orders
    from registry.courts import rulings as judicial

    class Shelf:
        def put(self, document_id: str, content: bytes) -> None:
            """The court's documents are not under test here."""

    ruling = "(2026)闽0102执901号之一"
    start = app.clock.today()
    request = judicial.RulingRequest(
        order=court_orders.OrderRequest(
            request_id="history-auction", executing_court="执行局", judge="陈法官", case_number="(2026)闽0102执901号",
            notice_name="协助执行通知书", ruling_number=ruling,
            subjects=[{"name": "李娜", "id_type": "1", "id_number": LI_NA.id_number}], unit_number=unit_number,
            start=start, end=start + timedelta(days=364)),
        ruling_date=start, confirmation_number="(2026)闽0102执901号拍卖成交确认书",
        assistance_notice_number="(2026)闽0102执901号协助执行通知书", price=Decimal("260000.00"),
        buyers=sole(WANG_FANG), documents=[judicial.CourtDocument("ruling", "执行裁定书.pdf", "application/pdf",
                                                                   b"%PDF-1.7\n%%EOF\n")])
    case_id = UUID(judicial.serve_ruling(app, Shelf(), court="gulou-court", court_name="福州市鼓楼区人民法院",
                                         request_sha256=hashlib.sha256(ruling.encode()).hexdigest(),
                                         request=request).case_id)
    transfers.record_settlement(app, case_id, reference="paid:history-auction")
    transfers.approve_transfer(app, registrar, case_id)
    return case_id


# -- time-limit supervision: the Supervision application following this registry, and its clocks view ---------
@pytest.fixture
def supervision(app, clock, registry_env, tmp_path):
    env = dict(registry_env)
    if "SQLITE_DBNAME" in env:
        env["SQLITE_DBNAME"] = str(tmp_path / "supervision.sqlite")
    supervising = Supervision(clock=clock, calendar=WorkingCalendar(OfficialSchedule()),
                              transcodings=all_transcodings(), env=env)
    supervising.follow("registry", app.notification_log)
    yield supervising
    supervising.close()


@pytest.fixture
def clock_views(supervision, views):
    worker = Worker(supervision, views, [CaseClocks()])
    worker.setup()
    return worker


def catch_up(supervision, clock_views):
    supervision.pull_and_process("registry")
    while clock_views.run_once():
        pass
