from decimal import Decimal

import pytest

from registry.kernel.codes import Use
from registry.kernel.errors import (
    InvalidValue,
    NotAuthorised,
    SharesMustSumToOne,
    UnitAlreadyRegistered,
    UnknownUnit,
)
from registry.kernel.values import Owner, check_resident_id, display_unit_number
from registry.register_book import commands as units
from tests.builders import GULOU_FLAT, WANG_FANG, ZHANG_WEI, halves, unit_kwargs


def test_first_registration_opens_the_page_with_owners_and_a_certificate_number(app, registrar):
    units.register_unit(app, registrar, **unit_kwargs(owners=halves(ZHANG_WEI, WANG_FANG)))
    unit = app.get_unit(GULOU_FLAT)
    assert [o.share for o in unit.owners] == [Decimal("0.5"), Decimal("0.5")]
    assert unit.certificate_number == "闽(2026)福州市不动产权第0000001号"
    assert unit.area == Decimal("120.00") and unit.use is Use.RESIDENTIAL


@pytest.mark.parametrize("bad", ["350102001001GB00001F0001000", "35010200100100000100010001AB",
                                 "350102001001XB00001F00010001", "350102001001GB00001A00010001", ""])
def test_malformed_unit_number_is_refused_with_a_field_error(app, registrar, bad):
    with pytest.raises(InvalidValue) as refused:
        units.register_unit(app, registrar, **unit_kwargs(unit_number=bad))
    assert refused.value.field == "unit_number"
    assert app.recorder.max_notification_id() in (None, 0)


def test_shares_that_do_not_sum_to_one_are_refused(app, registrar):
    owners = [Owner(ZHANG_WEI, Decimal("0.5")), Owner(WANG_FANG, Decimal("0.4"))]
    with pytest.raises(SharesMustSumToOne):
        units.register_unit(app, registrar, **unit_kwargs(owners=owners))
    with pytest.raises(UnknownUnit):
        app.get_unit(GULOU_FLAT)


def test_a_third_share_cannot_be_written_exactly_so_thirds_are_refused(app, registrar):
    with pytest.raises(InvalidValue):
        Owner(ZHANG_WEI, Decimal(1) / Decimal(3))


def test_a_unit_is_registered_only_once(app, registrar):
    units.register_unit(app, registrar, **unit_kwargs())
    with pytest.raises(UnitAlreadyRegistered):
        units.register_unit(app, registrar, **unit_kwargs())


def test_registrar_of_another_registry_may_not_register_here(app, other_registrar):
    with pytest.raises(NotAuthorised):
        units.register_unit(app, other_registrar, **unit_kwargs())


def test_over_precise_area_is_refused_not_rounded(app, registrar):
    with pytest.raises(InvalidValue) as refused:
        units.register_unit(app, registrar, **unit_kwargs(area="88.555"))
    assert refused.value.field == "area"


def test_resident_id_check_digit_is_verified():
    with pytest.raises(InvalidValue):
        check_resident_id(ZHANG_WEI.id_number[:17] + ("1" if ZHANG_WEI.id_number[17] != "1" else "2"))


def test_unit_number_is_displayed_in_6_6_7_9_groups():
    assert display_unit_number(GULOU_FLAT) == "350102 001001 GB00001 F00010001"
