"""The time limits, as dated configuration: the limit that applies to a case is the one in force for its kind on
the day it was accepted, so a later tightening never makes an earlier case late."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from registry.kernel.errors import InvalidValue
from registry.supervision.values import CaseKind, TimeLimit

STATUTE = "《不动产登记暂行条例》第二十条: 自受理登记申请之日起30个工作日内办结"
STATE_COUNCIL_2019 = "国办发〔2019〕8号: 一般登记、抵押登记业务办理时间压缩至5个工作日以内"
FUZHOU_2020 = "福州市 2020: 一般登记、抵押登记 3 个工作日内办结"
ONLINE_MORTGAGE = "一窗通办 target (as Longyan): an online mortgage filing registered within one office hour"
SAME_DAY = "registry target: registered within 1 working day (no published limit below the statute)"

EVERY_KIND = tuple(CaseKind)
MORTGAGES = (CaseKind.MORTGAGE_FIRST, CaseKind.MORTGAGE_CHANGE, CaseKind.MORTGAGE_TRANSFER,
             CaseKind.MORTGAGE_DISCHARGE, CaseKind.MORTGAGE_PRE_NOTICE)
GENERAL = (CaseKind.RESALE_TRANSFER, CaseKind.JUDICIAL_TRANSFER, CaseKind.FIRST_REGISTRATION)


def _rules(kinds: Iterable[CaseKind], *, days: int = 0, minutes: int = 0, source: str, effective: date
           ) -> list[tuple[CaseKind, TimeLimit]]:
    return [(kind, TimeLimit(days, minutes, source, effective)) for kind in kinds]


FUZHOU_LIMITS: tuple[tuple[CaseKind, TimeLimit], ...] = tuple(
    _rules(EVERY_KIND, days=30, source=STATUTE, effective=date(2015, 3, 1))
    + _rules((*GENERAL, *MORTGAGES), days=5, source=STATE_COUNCIL_2019, effective=date(2019, 2, 26))
    + _rules((*GENERAL, *MORTGAGES), days=3, source=FUZHOU_2020, effective=date(2020, 1, 1))
    + _rules((CaseKind.MORTGAGE_FIRST, CaseKind.MORTGAGE_DISCHARGE), minutes=60, source=ONLINE_MORTGAGE,
             effective=date(2024, 1, 1))
    + _rules((CaseKind.PRE_NOTICE, CaseKind.OBJECTION, CaseKind.MORTGAGE_PRE_NOTICE), days=1, source=SAME_DAY,
             effective=date(2024, 1, 1))
)


def limit_for(kind: CaseKind, accepted_on: date,
              limits: Iterable[tuple[CaseKind, TimeLimit]] = FUZHOU_LIMITS) -> TimeLimit:
    """The limit in force for ``kind`` on the day of acceptance: the latest that took effect by then."""
    in_force = [limit for k, limit in limits if k is kind and limit.effective <= accepted_on]
    if not in_force:
        raise InvalidValue(f"no time limit for {kind.value} on {accepted_on}", field="kind")
    return max(in_force, key=lambda limit: limit.effective)
