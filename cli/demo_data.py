"""A realistic demo data set: a Fuzhou registry office, three banks, two courts, the tax bureau,
a few hundred units with valid unit numbers and owners, users for every role and a few live cases:
Zhang Wei sells his Gulou flat (which carries his ICBC housing loan) to Li Na, and CCB's second-rank
mortgage on the same flat waits for his confirmation.

Deterministic (seeded), and idempotent: a second run on a loaded instance changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextlib import suppress
from datetime import date, timedelta
from decimal import Decimal

from registry.kernel.actors import Actor, Role
from registry.kernel.codes import Relation, Use
from registry.kernel.errors import DomainError
from registry.kernel.values import FamilyMember, Owner, Person, Term, resident_id_check_character
from registry.mortgages.commands import consent_to_filing, file_mortgage
from registry.mortgages.values import FilingKind, LoanType, MortgageMethod, MortgageTerms
from registry.register_book import commands as units
from registry.transfers import commands as transfers

DEMO_PASSWORD = "registry-demo-2026"
FUZHOU_ISSUER_CODE = "12350100MB0123456X"
REGISTRY = "fz-registry"
ORGS = [
    ("platform", "platform", "一窗通办平台运维", None, None),
    (REGISTRY, "registry", "福州市不动产登记中心", "闽", "福州市"),
    ("icbc-fz", "bank", "中国工商银行福州分行", None, None),
    ("ccb-fz", "bank", "中国建设银行福州分行", None, None),
    ("fz-rcb", "bank", "福州农村商业银行", None, None),
    ("gulou-court", "court", "福州市鼓楼区人民法院", None, None),
    ("fz-intermediate-court", "court", "福州市中级人民法院", None, None),
    ("fz-tax", "tax_bureau", "国家税务总局福州市税务局", "闽", "福州市"),
]
DISTRICTS = [("350102", "鼓楼区", ["五四路", "湖东路", "华林路", "东街", "杨桥中路"]),
             ("350103", "台江区", ["八一七中路", "江滨中大道", "五一南路", "宁化路"]),
             ("350104", "仓山区", ["首山路", "则徐大道", "金山大道", "建新南路"]),
             ("350105", "马尾区", ["江滨东大道", "罗星路", "儒江西路"]),
             ("350111", "晋安区", ["福新中路", "长乐中路", "岳峰路", "连江北路"])]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
         "秀英", "华", "慧", "建国", "志强", "晓燕", "海峰", "丽萍", "文博", "欣怡", "子涵", "雨轩", "浩然"]


def person(name: str, county: str, born: date, serial: int) -> Person:
    first17 = f"{county}{born:%Y%m%d}{serial % 1000:03d}"
    return Person(name, first17 + resident_id_check_character(first17))


ZHANG_WEI = person("张伟", "350102", date(1980, 1, 1), 1)
WANG_FANG = person("王芳", "350102", date(1982, 2, 2), 2)
LI_NA = person("李娜", "350103", date(1990, 3, 3), 3)
CHEN_GANG = person("陈刚", "350103", date(1988, 4, 4), 4)
USERS = [  # user id, role, org, display name, person
    ("admin", Role.ADMIN, "platform", "平台管理员", None),
    ("registrar", Role.REGISTRAR, REGISTRY, "林登记员", None),
    ("registrar2", Role.REGISTRAR, REGISTRY, "黄登记员", None),
    ("zhangwei", Role.APPLICANT, None, "张伟", ZHANG_WEI),
    ("lina", Role.APPLICANT, None, "李娜", LI_NA),
    ("icbc", Role.BANK_STAFF, "icbc-fz", "工行福州分行 信贷部", None),
    ("ccb", Role.BANK_STAFF, "ccb-fz", "建行福州分行 信贷部", None),
    ("rcb", Role.BANK_STAFF, "fz-rcb", "福州农商行 信贷部", None),
    ("gulou-court", Role.COURT_CLIENT, "gulou-court", "鼓楼法院执行系统", None),
    ("fz-court", Role.COURT_CLIENT, "fz-intermediate-court", "福州中院执行系统", None),
    ("tax", Role.TAX_OFFICER, "fz-tax", "福州税务 契税科", None),
    ("supervisor", Role.SUPERVISOR, REGISTRY, "陈监察员", None),  # 电子监察: the Fuzhou office's time limits
]
BANKS = ("icbc-fz", "ccb-fz", "fz-rcb")  # all three accredited at the Fuzhou office for online filings


def is_loaded(platform) -> bool:  # noqa: ANN001
    return platform.accounts.org(REGISTRY) is not None


def load_demo(platform, unit_count: int = 300, progress: Callable[[int], None] | None = None) -> dict:  # noqa: ANN001
    """Load the data set; returns the demo logins. Skips everything if already loaded."""
    if is_loaded(platform):
        return {"loaded": False, "users": [u[0] for u in USERS], "password": DEMO_PASSWORD, "tokens": {}}
    now = platform.clock.now()
    for org_id, kind, name, province, city in ORGS:
        platform.accounts.add_org(org_id, kind, name, province=province, city=city, now=now,
                                  issuer_code=FUZHOU_ISSUER_CODE if org_id == REGISTRY else None)
    tokens = {}
    for user_id, role, org, display, who in USERS:
        platform.accounts.add_user(user_id, role, org=org, display_name=display, password=DEMO_PASSWORD,
                                   id_number=who.id_number if who else None, now=now)
        if role in (Role.BANK_STAFF, Role.COURT_CLIENT, Role.REGISTRAR, Role.APPLICANT, Role.SUPERVISOR):
            tokens[user_id] = platform.accounts.issue_token(user_id, now)
    for bank in BANKS:
        platform.banks.accredit(bank, REGISTRY, now)
    registrar = Actor(user_id="registrar", role=Role.REGISTRAR, org=REGISTRY)
    _register_units(platform.registry, registrar, unit_count, progress)
    _open_cases(platform.registry)
    _bank_desk(platform.registry)
    return {"loaded": True, "users": [u[0] for u in USERS], "password": DEMO_PASSWORD, "tokens": tokens}


def _register_units(app, registrar: Actor, count: int, progress) -> None:  # noqa: ANN001
    rng = random.Random(20261121)
    named = [(ZHANG_WEI, None), (CHEN_GANG, None), (WANG_FANG, ZHANG_WEI)]
    for i in range(count):
        county, district, roads = DISTRICTS[i % len(DISTRICTS)]
        building, flat = 1 + (i // 24) % 30, 101 + (i % 24) // 4 * 100 + i % 4
        use = rng.choices([Use.RESIDENTIAL, Use.GARAGE_PARKING_STOREROOM, Use.NON_RESIDENTIAL], [85, 10, 5])[0]
        if i < len(named):
            use = Use.RESIDENTIAL  # the demo people's homes: the sale in the demo is of a flat
        fixture = f"{building:04d}{(9000 + i % 1000) if use is Use.GARAGE_PARKING_STOREROOM else flat:04d}"
        number = f"{county}{1 + i % 7:03d}{1 + i % 5:03d}GB{1 + i // 7:05d}F{fixture}"
        if i < len(named):
            a, b = named[i]
            owners = [Owner(a, Decimal(1))] if b is None else [Owner(a, Decimal("0.5")), Owner(b, Decimal("0.5"))]
        else:
            owners = _random_owners(rng, county, i)
        location = f"福州市{district}{roads[i % len(roads)]}{10 + i % 190}号{building}号楼{flat}室"
        area = Decimal(rng.randrange(3500, 18000)) / 100 if use is not Use.GARAGE_PARKING_STOREROOM \
            else Decimal(rng.randrange(1200, 3000)) / 100
        start = date(1998 + i % 25, 1 + i % 12, 1)
        units.register_unit(app, registrar, unit_number=number, registry=REGISTRY, location=location,
                            area=area, use=use, right_nature="市场化商品房",
                            term=Term(start, start.replace(year=start.year + 70) - timedelta(days=1)),
                            owners=owners, registered_on=date(2005 + i % 17, 1 + i % 12, 1 + i % 28))
        if progress:
            progress(1)


def _random_owners(rng: random.Random, county: str, i: int) -> list[Owner]:
    def someone(k: int) -> Person:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
        return person(name, county, born, i * 3 + k + 10)

    kind = rng.random()
    if kind < 0.7:
        return [Owner(someone(0), Decimal(1))]
    if kind < 0.9:
        return [Owner(someone(0), Decimal("0.5")), Owner(someone(1), Decimal("0.5"))]
    return [Owner(someone(0), Decimal("0.6")), Owner(someone(1), Decimal("0.4"))]


def _open_cases(app) -> None:  # noqa: ANN001
    """Zhang Wei sells his Gulou flat to Li Na, whose husband already owns a flat (her 2nd home)."""
    lina = Actor(user_id="lina", role=Role.APPLICANT, id_number=LI_NA.id_number)
    first = app.get_unit(sorted(app.holdings_of(ZHANG_WEI.id_number).homes())[0])
    with suppress(DomainError):  # already filed on an earlier run
        transfers.submit_transfer(
            app, lina, unit_number=first.unit_number, sellers=[ZHANG_WEI], buyers=[Owner(LI_NA, Decimal(1))],
            price=Decimal("2000000.00"), contract_number="FZ2026-DEMO-0001",
            contract_date=app.clock.today() - timedelta(days=3),
            families={LI_NA.id_number: [FamilyMember(CHEN_GANG.name, CHEN_GANG.id_number, Relation.SPOUSE)]},
            certificates_wanted=1,
        )


def _housing_loan(app, amount: str, contract: str) -> MortgageTerms:  # noqa: ANN001
    today = app.clock.today()
    return MortgageTerms(
        method=MortgageMethod.GENERAL, secured_amount=Decimal(amount), maximum_amount=None, claim_start=None,
        claim_end=None, currency="CNY", performance_start=today,
        performance_end=today.replace(year=today.year + 30) - timedelta(days=1),
        guarantee_scope="主债权及利息、违约金、损害赔偿金和实现抵押权的费用", transfer_restricted=False,
        loan_type=LoanType.COMMERCIAL, contract_numbers=(contract,), debtors=(ZHANG_WEI,))


def _bank_desk(app) -> None:  # noqa: ANN001
    """ICBC's first-rank mortgage on Zhang Wei's flat, confirmed by him and registered by rule; CCB's
    second-rank mortgage on it, still waiting for his confirmation."""
    zhangwei = Actor(user_id="zhangwei", role=Role.APPLICANT, id_number=ZHANG_WEI.id_number)
    flat = sorted(app.holdings_of(ZHANG_WEI.id_number).homes())[0]
    for user_id, bank, rank, amount, reference in (("icbc", "icbc-fz", 1, "1200000.00", "ICBC-FZ-2026-DEMO-01"),
                                                    ("ccb", "ccb-fz", 2, "300000.00", "CCB-FZ-2026-DEMO-01")):
        staff = Actor(user_id=user_id, role=Role.BANK_STAFF, org=bank)
        with suppress(DomainError):  # already filed (or confirmed) on an earlier run
            receipt = file_mortgage(app, staff, kind=FilingKind.FIRST, bank_reference=reference, unit_numbers=[flat],
                                    mortgagors=[ZHANG_WEI], terms=_housing_loan(app, amount, f"{reference}-JK"),
                                    rank=rank)
            if bank == "icbc-fz":
                consent_to_filing(app, zhangwei, receipt.id)
