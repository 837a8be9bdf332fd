import pytest

from adapters.clock import FixedClock
from adapters.transcodings import all_transcodings
from registry.actors import Actor, Role
from registry.application import Registry
from registry.numbering import NumberingScheme
from tests.builders import LI_NA, MONDAY_MORNING, ZHANG_WEI

FUZHOU = NumberingScheme(province="闽", city="福州市")


@pytest.fixture
def clock():
    return FixedClock(MONDAY_MORNING)


@pytest.fixture
def app(clock):
    """The Registry on the in-memory store, with snapshots so missing transcodings show."""
    return Registry(clock=clock, offices={"fz-registry": FUZHOU, "xm-registry": FUZHOU},
                    transcodings=all_transcodings(), env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


@pytest.fixture
def registrar():
    return Actor(user_id="registrar-lin", role=Role.REGISTRAR, org="fz-registry")


@pytest.fixture
def other_registrar():
    return Actor(user_id="registrar-xm", role=Role.REGISTRAR, org="xm-registry")


@pytest.fixture
def seller():
    return Actor(user_id="zhangwei", role=Role.APPLICANT, id_number=ZHANG_WEI.id_number)


@pytest.fixture
def buyer():
    return Actor(user_id="lina", role=Role.APPLICANT, id_number=LI_NA.id_number)
