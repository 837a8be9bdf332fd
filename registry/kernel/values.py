"""Value objects of the register book. Immutable; validated when built; no float anywhere."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from registry.kernel.codes import HomeOrdinal, Relation
from registry.kernel.errors import InvalidValue, SharesMustSumToOne

UNIT_NUMBER_PATTERN = re.compile(r"^\d{12}[GJZ][A-Z]\d{5}[FLQW]\d{8}$")
RESIDENT_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
CENT = Decimal("0.01")


def check_unit_number(value: str) -> str:
    """不动产单元号 per GB/T 37346-2019: 28 characters, positions 13, 14 and 20 are letters."""
    if not isinstance(value, str) or not UNIT_NUMBER_PATTERN.match(value):
        raise InvalidValue(
            "unit number must be 28 characters like 350102001001GB00001F00010001", field="unit_number"
        )
    return value


def display_unit_number(value: str) -> str:
    """Grouped 6-6-7-9 as printed on certificates."""
    return f"{value[:6]} {value[6:12]} {value[12:19]} {value[19:]}"


def resident_id_check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of a mainland resident identity number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def check_resident_id(value: str, field: str = "id_number") -> str:
    if not isinstance(value, str) or not RESIDENT_ID_PATTERN.match(value):
        raise InvalidValue("ID number must be 18 characters: 17 digits and a check digit or X", field=field)
    if resident_id_check_character(value[:17]) != value[17]:
        raise InvalidValue("ID number check digit does not match", field=field)
    return value


def person_key(id_number: str) -> str:
    """How people are matched without indexing raw ID numbers (views, orders, assessments)."""
    return hashlib.sha256(f"person:{id_number}".encode()).hexdigest()


def mask_id_number(value: str) -> str:
    return value[:3] + "*" * (len(value) - 7) + value[-4:] if len(value) > 7 else "*" * len(value)


def mask_name(value: str) -> str:
    return value[:1] + "*" * max(len(value) - 1, 1)


class Immutable:
    """Frozen value objects are shared, not copied, when a cached aggregate is deep-copied."""

    __slots__ = ()

    def __copy__(self) -> Immutable:
        return self

    def __deepcopy__(self, memo: dict) -> Immutable:
        return self


def exact_decimal(value: Decimal, *, places: int, field: str, positive: bool = True) -> Decimal:
    """Refuse over-precise, non-finite or (when asked) non-positive amounts instead of rounding them."""
    try:
        if not isinstance(value, Decimal) or not value.is_finite():
            raise InvalidOperation
        exponent = value.as_tuple().exponent
    except InvalidOperation:
        raise InvalidValue("must be a finite decimal number", field=field) from None
    if isinstance(exponent, int) and -exponent > places:
        raise InvalidValue(f"at most {places} decimal places", field=field)
    if positive and value <= 0:
        raise InvalidValue("must be greater than zero", field=field)
    return value


@dataclass(frozen=True)
class Person(Immutable):
    name: str
    id_number: str

    def __post_init__(self) -> None:
        if not self.name or not self.name.strip():
            raise InvalidValue("name is required", field="name")
        check_resident_id(self.id_number)


@dataclass(frozen=True)
class Owner(Immutable):
    """A right-holder with an exact share of the right (1 for a sole owner)."""

    person: Person
    share: Decimal

    def __post_init__(self) -> None:
        exact_decimal(self.share, places=6, field="share")
        if self.share > 1:
            raise InvalidValue("a share cannot exceed 1", field="share")


def check_shares_sum_to_one(owners: list[Owner] | tuple[Owner, ...]) -> None:
    if not owners:
        raise InvalidValue("at least one owner is required", field="owners")
    ids = [o.person.id_number for o in owners]
    if len(set(ids)) != len(ids):
        raise InvalidValue("an owner is listed twice", field="owners")
    total = sum((o.share for o in owners), Decimal(0))
    if total != 1:
        raise SharesMustSumToOne(f"owners' shares add up to {total}, not 1", field="owners")


@dataclass(frozen=True)
class FamilyMember(Immutable):
    """Spouse or minor child of a buyer: counted by the family-housing check."""

    name: str
    id_number: str
    relation: Relation

    def __post_init__(self) -> None:
        check_resident_id(self.id_number, field="family")


@dataclass(frozen=True)
class Term(Immutable):
    """Land-use term of the right (土地使用期限)."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise InvalidValue("term must end after it starts", field="term")


@dataclass(frozen=True)
class HomeCount(Immutable):
    """Result of the family-housing check for one buyer: which home this is and which units counted."""

    buyer_id_number: str
    ordinal: HomeOrdinal
    units_counted: tuple[str, ...]
