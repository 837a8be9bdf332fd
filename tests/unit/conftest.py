import pytest

from adapters.clock import FixedClock
from adapters.transcodings import all_transcodings
from registry.application import Registry
from registry.kernel.actors import Actor, Role
from registry.mortgages import commands
from registry.register_book import commands as units
from registry.register_book.numbering import NumberingScheme
from tests.builders import CCB, GULOU_FLAT, ICBC, LI_NA, MONDAY_MORNING, RCB, WANG_FANG, ZHANG_WEI, unit_kwargs
from tests.fakes import FakeBanks

FUZHOU = NumberingScheme(province="闽", city="福州市")


@pytest.fixture
def clock():
    return FixedClock(MONDAY_MORNING)


@pytest.fixture
def banks():
    """ICBC, CCB and the rural commercial bank, all accredited at the Fuzhou office (a test may withdraw)."""
    return FakeBanks()


@pytest.fixture
def app(clock, banks):
    """The Registry on the in-memory store, with snapshots so missing transcodings show."""
    return Registry(clock=clock, offices={"fz-registry": FUZHOU, "xm-registry": FUZHOU},
                    transcodings=all_transcodings(), env={"PERSISTENCE_MODULE": "eventsourcing.popo"},
                    banks=banks)


@pytest.fixture
def registrar():
    return Actor(user_id="registrar-lin", role=Role.REGISTRAR, org="fz-registry")


@pytest.fixture
def other_registrar():
    return Actor(user_id="registrar-xm", role=Role.REGISTRAR, org="xm-registry")


def applicant(user_id, person):
    return Actor(user_id=user_id, role=Role.APPLICANT, id_number=person.id_number)


@pytest.fixture
def seller():
    return applicant("zhangwei", ZHANG_WEI)


@pytest.fixture
def buyer():
    return applicant("lina", LI_NA)


@pytest.fixture
def wang_fang():
    return applicant("wangfang", WANG_FANG)


@pytest.fixture
def icbc():
    return Actor(user_id="icbc-zhou", role=Role.BANK_STAFF, org=ICBC)


@pytest.fixture
def ccb():
    return Actor(user_id="ccb-wu", role=Role.BANK_STAFF, org=CCB)


@pytest.fixture
def rcb():
    return Actor(user_id="rcb-huang", role=Role.BANK_STAFF, org=RCB)


@pytest.fixture
def gulou_flat(app, registrar):
    """Zhang Wei's residential flat in Gulou, sole owner, no encumbrance."""
    units.register_unit(app, registrar, **unit_kwargs())
    return GULOU_FLAT


@pytest.fixture
def file_and_confirm(app):
    """A bank files; each named owner confirms from their own account; returns the filing."""
    def run(staff, *confirming, **filing):
        receipt = commands.file_mortgage(app, staff, **filing)
        for party in confirming:
            commands.consent_to_filing(app, party, receipt.id)
        return app.get_filing(receipt.id)

    return run


@pytest.fixture
def saves(app, monkeypatch):
    """The topics written by each atomic save (one recorder call), so a test can see what went together."""
    written: list[list[str]] = []
    insert = app.recorder.insert_events

    def spy(stored_events, **kwargs):
        written.append(sorted(e.topic for e in stored_events))
        return insert(stored_events, **kwargs)

    monkeypatch.setattr(app.recorder, "insert_events", spy)
    return written
