"""The identity documents a party may be known by, each checked and normalised before anything stores it.

Formats and check algorithms, with the public sources they were verified against (decision 022):

* 居民身份证 (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character (``values.check_resident_id``;
  python-stdnum ``stdnum/cn/ric.py`` computes the same check as ``(1 - 2·int(body, 13)) mod 11``).
* 港澳台居民居住证: a 公民身份号码 with address code 810000 (Hong Kong), 820000 (Macao) or 830000 (Taiwan),
  same MOD 11-2 check (国务院办公厅《港澳台居民居住证申领发放办法》, 2018).
* 外国人永久居留身份证: the 2017 card's 15 characters (3 Latin letters for the nationality and 12 digits: no
  published check, so none is applied) or, from 1 December 2023, 18 characters beginning with 9 with the
  resident ID's MOD 11-2 check (国家移民管理局《新版外国人永久居留身份证机读信息规则(2023版)》).
* 港澳居民来往内地通行证 (2013 card): H (Hong Kong) or M (Macao), the 8-digit lifetime number and a 2-digit
  renewal count, which is dropped so a renewed card keeps its holder's key. Non-Chinese permanent residents'
  permits (from 10 July 2024): 9 characters beginning HA or MA, lifelong (NIA notice, wsb.changzhou.gov.cn
  2024-07-01); it gives only length and prefix, so the other 7 may be any ASCII letter or digit.
* 台湾居民来往大陆通行证: 8 digits, "一人一号、终身不变" since 25 September 2008 (NIA, 中国出入境观察 2020/021).
* Passport: ICAO Doc 9303 document numbers are A-Z and 0-9 in a 9-character MRZ field; 5 is our plausibility
  floor, not the standard's. A passport number is unique only per issuing state (see decision 022).
* 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and A-Z without I, O, S, V, Z; positions 3-8 the
  GB/T 2260 region code; check C18 = (31 - Σ value(Ci)·Wi mod 31) mod 31 with W = 3^(i-1) mod 31 (python-stdnum
  ``stdnum/cn/uscc.py``, whose doctest 91110000600037341L passes here).
"""

from __future__ import annotations

import re
from enum import Enum

from registry.kernel.errors import BadCreditCode, BadIdNumber
from registry.kernel.values import resident_id_check_character

FIELD = "id_number"
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
RESIDENCE_PERMIT_PREFIXES = ("810000", "820000", "830000")
_NATIONAL_NUMBER = re.compile(r"^[0-9]{17}[0-9X]$")
_HK_MACAO = re.compile(r"^([HM][0-9]{8})(?:[0-9]{2})?$|^([HM]A[0-9A-Z]{7})$")
_FOREIGN_2017 = re.compile(r"^[A-Z]{3}[0-9]{12}$")


class IdKind(Enum):
    """Which document identifies a party. "1" for 身份证 as in the usual 证件类型 code lists; the rest spelt out."""

    RESIDENT_ID = "1"  # 居民身份证
    PASSPORT = "passport"  # 护照
    HK_MACAO_PERMIT = "hk_macao_permit"  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan_permit"  # 台湾居民来往大陆通行证
    RESIDENCE_PERMIT = "residence_permit"  # 港澳台居民居住证
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident"  # 外国人永久居留身份证
    CREDIT_CODE = "credit_code"  # 统一社会信用代码 (organisations)

    @property
    def names_an_organisation(self) -> bool:
        return self is IdKind.CREDIT_CODE

    @property
    def shares_the_national_number(self) -> bool:
        """Numbers allotted in the one 公民身份号码 space: the same number under either kind is the same person."""
        return self in (IdKind.RESIDENT_ID, IdKind.RESIDENCE_PERMIT, IdKind.FOREIGN_PERMANENT_RESIDENT)


LABELS = {
    IdKind.RESIDENT_ID: "resident ID number", IdKind.PASSPORT: "passport number",
    IdKind.HK_MACAO_PERMIT: "Hong Kong/Macao residents' mainland travel permit number",
    IdKind.TAIWAN_PERMIT: "Taiwan residents' mainland travel permit number",
    IdKind.RESIDENCE_PERMIT: "Hong Kong/Macao/Taiwan residence permit number",
    IdKind.FOREIGN_PERMANENT_RESIDENT: "foreign permanent resident ID number",
    IdKind.CREDIT_CODE: "unified social credit code",
}


def credit_code_check_character(first17: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[-total % 31]


def check_identifier(kind: IdKind, value: object) -> str:
    """The number as stored (ASCII, uppercase, no whitespace), or a refusal naming what is wrong with it."""
    error = BadCreditCode if kind is IdKind.CREDIT_CODE else BadIdNumber
    label = LABELS[kind]
    if not isinstance(value, str):
        raise error(f"{label} must be text", field=FIELD)
    text = "".join(value.split())
    if not text.isascii():
        raise error(f"{label} must use ASCII letters and digits only (no full-width characters)", field=FIELD)
    return CHECKS[kind](text.upper(), label)


def _residence_permit(text: str, label: str) -> str:
    if not text.startswith(RESIDENCE_PERMIT_PREFIXES):
        raise BadIdNumber(f"{label} must begin with 810000, 820000 or 830000", field=FIELD)
    return _national_number(text, label)


def _foreign_permanent_resident(text: str, label: str) -> str:
    if len(text) == 15 and _FOREIGN_2017.match(text):
        return text
    if len(text) != 18:
        raise BadIdNumber(f"{label} must be 18 characters (2023 card) or 3 letters and 12 digits (2017 card)",
                          field=FIELD)
    if not text.startswith("9"):
        raise BadIdNumber(f"{label} of 18 characters must begin with 9", field=FIELD)
    return _national_number(text, label)


def _hk_macao_permit(text: str, label: str) -> str:
    if match := _HK_MACAO.match(text):
        return match.group(1) or match.group(2)
    raise BadIdNumber(f"{label} must be H or M and 8 digits (the card's 2 renewal digits may follow), "
                      "or HA or MA and 7 letters or digits", field=FIELD)


def _matching(pattern: re.Pattern, rule: str):  # noqa: ANN202
    def check(text: str, label: str) -> str:
        if not pattern.match(text):
            raise BadIdNumber(f"{label} must be {rule}", field=FIELD)
        return text
    return check


def _national_number(text: str, label: str) -> str:
    if len(text) != 18:
        raise BadIdNumber(f"{label} must be 18 characters, not {len(text)}", field=FIELD)
    if not _NATIONAL_NUMBER.match(text):
        raise BadIdNumber(f"{label} must be 17 digits and a check digit or X", field=FIELD)
    if resident_id_check_character(text[:17]) != text[17]:
        raise BadIdNumber(f"{label} check character (the 18th) does not match the first 17 digits", field=FIELD)
    return text


def _credit_code(text: str, label: str) -> str:
    if len(text) != 18:
        raise BadCreditCode(f"{label} must be 18 characters, not {len(text)}", field=FIELD)
    for position, character in enumerate(text, start=1):
        if character not in CREDIT_CODE_ALPHABET:
            raise BadCreditCode(f"{label} character {position} ({character}) is not allowed: only 0-9 and A-Z "
                                "without I, O, S, V, Z", field=FIELD)
    if not text[2:8].isdigit():
        raise BadCreditCode(f"{label} characters 3 to 8 (the region code) must be digits", field=FIELD)
    if credit_code_check_character(text[:17]) != text[17]:
        raise BadCreditCode(f"{label} check character (the 18th) does not match the first 17", field=FIELD)
    return text


CHECKS = {
    IdKind.RESIDENT_ID: _national_number, IdKind.RESIDENCE_PERMIT: _residence_permit, IdKind.CREDIT_CODE: _credit_code,
    IdKind.FOREIGN_PERMANENT_RESIDENT: _foreign_permanent_resident, IdKind.HK_MACAO_PERMIT: _hk_macao_permit,
    IdKind.TAIWAN_PERMIT: _matching(re.compile(r"^[0-9]{8}$"), "8 digits"),
    IdKind.PASSPORT: _matching(re.compile(r"^[A-Z0-9]{5,9}$"), "5 to 9 letters or digits"),
}
