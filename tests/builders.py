"""Memorable test data: Zhang Wei sells his Gulou flat to Li Na; resident IDs with valid check digits.
Zhang Wei's flat carries an ICBC housing loan of 1,000,000.00; CCB lends to Li Na; the Fuzhou rural
commercial bank (RCB) takes third rank."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from adapters.clock import REGISTRY_TZ
from registry.kernel.codes import Relation, Use
from registry.kernel.values import FamilyMember, Owner, Person, Term, resident_id_check_character
from registry.mortgages.values import FilingKind, LoanType, MortgageMethod, MortgageTerms


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
                use: Use = Use.RESIDENTIAL, area: str = "120.00",
                registered_on: date | None = date(2018, 5, 20)) -> dict:
    """First registration; ``registered_on=None`` for a new flat registered today."""
    return dict(
        unit_number=unit_number, registry="fz-registry", location="福州市鼓楼区五四路88号1单元101室",
        area=Decimal(area), use=use, right_nature="市场化商品房", term=LAND_TERM,
        owners=owners if owners is not None else sole(ZHANG_WEI), registered_on=registered_on,
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


# -- banks and mortgages --------------------------------------------------------------------------
ICBC = "icbc-fz"  # 中国工商银行福州分行
CCB = "ccb-fz"  # 中国建设银行福州分行
RCB = "fz-rcb"  # 福州农村商业银行


def housing_loan(amount: str = "1000000.00", *, debtors: tuple[Person, ...] = (ZHANG_WEI,),
                 contract: str = "ICBC-FZ-2026-0001", **changes: object) -> MortgageTerms:
    """A 30-year commercial housing loan secured by a general mortgage (a fixed secured amount)."""
    terms = MortgageTerms(
        method=MortgageMethod.GENERAL, secured_amount=Decimal(amount), maximum_amount=None, claim_start=None,
        claim_end=None, currency="CNY", performance_start=date(2026, 3, 16), performance_end=date(2056, 3, 15),
        guarantee_scope="主债权及利息、违约金、损害赔偿金和实现抵押权的费用", transfer_restricted=False,
        loan_type=LoanType.COMMERCIAL, contract_numbers=(contract,), debtors=debtors)
    return replace(terms, **changes)


def maximum_amount_loan(maximum: str = "3000000.00", *, debtors: tuple[Person, ...] = (ZHANG_WEI,),
                        **changes: object) -> MortgageTerms:
    """最高额抵押: a business credit line of up to 3,000,000.00 for claims arising over five years."""
    return housing_loan(debtors=debtors, contract="ICBC-FZ-CREDIT-2026-07", **{
        "method": MortgageMethod.MAXIMUM, "secured_amount": None, "maximum_amount": Decimal(maximum),
        "claim_start": date(2026, 3, 16), "claim_end": date(2031, 3, 15), "performance_end": date(2032, 3, 15),
        **changes})


def mortgage_kwargs(reference: str = "ICBC-2026-0001", *, kind: FilingKind = FilingKind.FIRST,
                    unit_numbers: list[str] | None = None, mortgagors: list[Person] | None = None,
                    terms: MortgageTerms | None = None, rank: int | None = None, **rest: object) -> dict:
    """A bank's filing on Zhang Wei's Gulou flat: by default a first registration at rank 1 of his ICBC loan."""
    new_right = kind in (FilingKind.FIRST, FilingKind.PRE_NOTICE)
    return dict(kind=kind, bank_reference=reference, unit_numbers=unit_numbers or [GULOU_FLAT],
                mortgagors=mortgagors if mortgagors is not None else [ZHANG_WEI] if new_right else [],
                terms=terms if terms is not None or not new_right else housing_loan(),
                rank=rank if rank is not None else 1 if kind is FilingKind.FIRST else 0, **rest)
