"""Memorable test data: Zhang Wei sells his Gulou flat to Li Na; resident IDs with valid check digits."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from adapters.clock import REGISTRY_TZ
from registry.codes import Relation, Use
from registry.values import FamilyMember, Owner, Person, Term, resident_id_check_character


def resident_id(first17: str) -> str:
    return first17 + resident_id_check_character(first17)


ZHANG_WEI = Person("张伟", resident_id("35010219800101001"))
WANG_FANG = Person("王芳", resident_id("35010219820202002"))
LI_NA = Person("李娜", resident_id("35010319900303003"))
CHEN_GANG = Person("陈刚", resident_id("35010319880404004"))  # Li Na's husband
LI_XIAOMING = Person("李小明", resident_id("35010320150505005"))  # their son, a minor

GULOU_FLAT = "350102001001GB00001F00010001"
TAIJIANG_FLAT = "350103002003GB00012F00020304"
CANGSHAN_FLAT = "350104001002GB00007F00030101"
GARAGE = "350102001001GB00001F00019001"

MONDAY_MORNING = datetime(2026, 3, 16, 9, 30, tzinfo=REGISTRY_TZ)
LAND_TERM = Term(date(2008, 1, 1), date(2077, 12, 31))


def sole(person: Person) -> list[Owner]:
    return [Owner(person, Decimal(1))]


def halves(a: Person, b: Person) -> list[Owner]:
    return [Owner(a, Decimal("0.5")), Owner(b, Decimal("0.5"))]


def unit_kwargs(unit_number: str = GULOU_FLAT, owners: list[Owner] | None = None,
                use: Use = Use.RESIDENTIAL, area: str = "120.00") -> dict:
    return dict(
        unit_number=unit_number, registry="fz-registry", location="福州市鼓楼区五四路88号1单元101室",
        area=Decimal(area), use=use, right_nature="市场化商品房", term=LAND_TERM,
        owners=owners if owners is not None else sole(ZHANG_WEI), registered_on=date(2018, 5, 20),
    )


def transfer_kwargs(unit_number: str = GULOU_FLAT, sellers: list[Person] | None = None,
                    buyers: list[Owner] | None = None, contract_number: str = "FZ2026-000123",
                    with_family: bool = False) -> dict:
    families = {LI_NA.id_number: [FamilyMember(CHEN_GANG.name, CHEN_GANG.id_number, Relation.SPOUSE),
                                  FamilyMember(LI_XIAOMING.name, LI_XIAOMING.id_number,
                                               Relation.MINOR_CHILD)]} if with_family else {}
    return dict(
        unit_number=unit_number, sellers=sellers if sellers is not None else [ZHANG_WEI],
        buyers=buyers if buyers is not None else sole(LI_NA), price=Decimal("2000000.00"),
        contract_number=contract_number, contract_date=date(2026, 3, 10), families=families,
        certificates_wanted=1,
    )
