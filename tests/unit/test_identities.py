"""Identity documents of parties (decision 022): each kind's accepted form, what is refused and why, and the
check characters, verified here by hand calculations, not by the code under test."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.kernel.errors import BadCreditCode, BadIdNumber, InvalidValue
from registry.kernel.identities import CREDIT_CODE_WEIGHTS, IdKind, check_identifier
from tests.builders import ZHANG_WEI

GB32100 = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# A Fuzhou (350100) company: values 9,1,3,5,0,1,0,0,M=21,0,0,0,1,0,0,Y=30,4 times the weights
# 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 give 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640;
# 1640 mod 31 = 28 (31·52 = 1612); 31 - 28 = 3, so the check character is "3".
MIN_MIN_DEVELOPMENT = "91350100M000100Y43"
# python-stdnum's doctest (stdnum/cn/uscc.py): 9+3+9+27+120+24+168+30+120+28 = 538; 538 mod 31 = 11;
# 31 - 11 = 20, and value 20 is "L" (A=10 … H=17, J=18, K=19, L=20).
STDNUM_EXAMPLE = "91110000600037341L"
# ISO 7064 MOD 11-2, weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2, check "10X98765432"[sum mod 11]:
# 8,1,0,0,0,0,1,9,9,0,0,1,0,1,0,0,1 → 56+9+2+9+54+9+5+2 = 146; 146 mod 11 = 3 → "9"
HONG_KONG_RESIDENT = "810000199001010019"
# 8,3,0,0,0,0,1,9,9,2,0,2,0,2,0,0,2 → 56+27+2+9+54+6+18+10+4 = 186; 186 mod 11 = 10 → "2"
TAIWAN_RESIDENT = "830000199202020022"
# 9,3,5,0,1,0,1,9,8,5,0,5,0,5,0,0,1 → 63+27+50+8+2+9+48+15+45+25+2 = 294; 294 mod 11 = 8 → "4"
FOREIGNER_2023 = "935010198505050014"
# 3,5,0,1,0,2,1,9,8,5,0,5,0,5,0,0,5 → 21+45+5+8+2+9+48+15+45+25+10 = 233; 233 mod 11 = 2 → "X"
RESIDENT_WITH_X = "35010219850505005X"


def test_a_fuzhou_companys_credit_code_with_its_hand_computed_check_character_is_accepted():
    assert check_identifier(IdKind.CREDIT_CODE, MIN_MIN_DEVELOPMENT) == MIN_MIN_DEVELOPMENT
    assert check_identifier(IdKind.CREDIT_CODE, STDNUM_EXAMPLE) == STDNUM_EXAMPLE


def test_the_credit_code_weights_are_the_powers_of_three_modulo_31():
    assert tuple(pow(3, i, 31) for i in range(17)) == CREDIT_CODE_WEIGHTS


def test_a_credit_code_is_uppercased_and_its_whitespace_removed():
    assert check_identifier(IdKind.CREDIT_CODE, " 9135 0100 m000 100y43\n") == MIN_MIN_DEVELOPMENT


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_letters_outside_the_gb32100_alphabet_are_refused_by_position(letter):
    code = MIN_MIN_DEVELOPMENT[:9] + letter + MIN_MIN_DEVELOPMENT[10:]
    with pytest.raises(BadCreditCode, match=f"character 10 \\({letter}\\) is not allowed") as refused:
        check_identifier(IdKind.CREDIT_CODE, code)
    assert (refused.value.code, refused.value.field) == ("bad_credit_code", "id_number")


@pytest.mark.parametrize(("code", "says"), [
    (MIN_MIN_DEVELOPMENT[:-1], "must be 18 characters, not 17"),
    (MIN_MIN_DEVELOPMENT + "0", "must be 18 characters, not 19"),
    ("91350100M000100Y44", "check character"),
    ("91A50100M000100Y43", "region code"),
    ("９1350100M000100Y43", "ASCII"),
])
def test_a_wrong_credit_code_is_refused_saying_what_is_wrong(code, says):
    with pytest.raises(BadCreditCode, match=says):
        check_identifier(IdKind.CREDIT_CODE, code)


def test_a_resident_id_is_checked_as_today_and_a_lowercase_x_is_uppercased():
    assert check_identifier(IdKind.RESIDENT_ID, ZHANG_WEI.id_number) == ZHANG_WEI.id_number
    assert check_identifier(IdKind.RESIDENT_ID, RESIDENT_WITH_X.lower() + " ") == RESIDENT_WITH_X


@pytest.mark.parametrize(("number", "says"), [
    (RESIDENT_WITH_X[:-1], "must be 18 characters, not 17"),
    (RESIDENT_WITH_X[:-1] + "A", "17 digits and a check digit or X"),
    (RESIDENT_WITH_X[:-1] + "1", "check character"),
    ("３" + RESIDENT_WITH_X[1:], "ASCII"),
])
def test_a_wrong_resident_id_is_refused_with_bad_id_number(number, says):
    with pytest.raises(BadIdNumber, match=says) as refused:
        check_identifier(IdKind.RESIDENT_ID, number)
    assert (refused.value.code, refused.value.field) == ("bad_id_number", "id_number")


def test_residence_permits_of_hong_kong_and_taiwan_residents_are_accepted():
    assert check_identifier(IdKind.RESIDENCE_PERMIT, HONG_KONG_RESIDENT) == HONG_KONG_RESIDENT
    assert check_identifier(IdKind.RESIDENCE_PERMIT, TAIWAN_RESIDENT) == TAIWAN_RESIDENT


@pytest.mark.parametrize(("number", "says"), [
    (ZHANG_WEI.id_number, "must begin with 810000, 820000 or 830000"),
    (HONG_KONG_RESIDENT[:-1] + "0", "check character"),
    (HONG_KONG_RESIDENT + "1", "not 19"),
])
def test_a_wrong_residence_permit_is_refused(number, says):
    with pytest.raises(BadIdNumber, match=says):
        check_identifier(IdKind.RESIDENCE_PERMIT, number)


def test_both_forms_of_the_foreign_permanent_resident_card_are_accepted():
    assert check_identifier(IdKind.FOREIGN_PERMANENT_RESIDENT, FOREIGNER_2023) == FOREIGNER_2023
    assert check_identifier(IdKind.FOREIGN_PERMANENT_RESIDENT, "usa350085050501") == "USA350085050501"


@pytest.mark.parametrize(("number", "says"), [
    (ZHANG_WEI.id_number, "must begin with 9"),
    (FOREIGNER_2023[:-1] + "5", "check character"),
    ("US3350085050501", "18 characters \\(2023 card\\) or 3 letters and 12 digits"),
    ("USA35008505050", "18 characters \\(2023 card\\) or 3 letters and 12 digits"),
])
def test_a_wrong_foreign_permanent_resident_number_is_refused(number, says):
    with pytest.raises(BadIdNumber, match=says):
        check_identifier(IdKind.FOREIGN_PERMANENT_RESIDENT, number)


@pytest.mark.parametrize(("given_as", "stored"), [
    ("H12345678", "H12345678"), ("m87654321", "M87654321"),
    ("H1234567801", "H12345678"),  # the card's renewal count is not part of who the holder is
    ("HA1234567", "HA1234567"), ("ma12b4567", "MA12B4567"),
])
def test_hong_kong_and_macao_permits_keep_the_lifetime_number(given_as, stored):
    assert check_identifier(IdKind.HK_MACAO_PERMIT, given_as) == stored


@pytest.mark.parametrize("number", ["K12345678", "H1234567", "H123456789", "HB1234567", "H12345678０"])
def test_a_wrong_hong_kong_or_macao_permit_is_refused(number):
    with pytest.raises(BadIdNumber):
        check_identifier(IdKind.HK_MACAO_PERMIT, number)


def test_a_taiwan_permit_is_eight_digits():
    assert check_identifier(IdKind.TAIWAN_PERMIT, " 12345678 ") == "12345678"
    for wrong in ("1234567", "123456789", "1234567A", "１2345678"):
        with pytest.raises(BadIdNumber):
            check_identifier(IdKind.TAIWAN_PERMIT, wrong)


def test_a_passport_number_is_five_to_nine_letters_or_digits():
    assert check_identifier(IdKind.PASSPORT, "ea1234567") == "EA1234567"
    for wrong in ("E123", "E123456789", "E1234-567", "Е12345678"):  # the last starts with a Cyrillic Е
        with pytest.raises(BadIdNumber):
            check_identifier(IdKind.PASSPORT, wrong)


@pytest.mark.parametrize("kind", list(IdKind))
def test_every_kind_refuses_an_empty_or_non_text_number_as_an_invalid_id_number(kind):
    for wrong in ("", "   ", None, 12345678):
        with pytest.raises(InvalidValue) as refused:
            check_identifier(kind, wrong)
        assert refused.value.field == "id_number"


def by_hand(body: str) -> str:
    """The check character as GB 32100 defines it: the one that, added to Σ value·3^i, makes a multiple of 31."""
    total = sum(GB32100.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return next(c for c in GB32100 if (total + GB32100.index(c)) % 31 == 0)


ALPHABET = st.sampled_from(GB32100)
BODIES = st.tuples(st.text(ALPHABET, min_size=2, max_size=2), st.text("0123456789", min_size=6, max_size=6),
                   st.text(ALPHABET, min_size=9, max_size=9)).map("".join)


@given(BODIES, st.integers(0, 17), ALPHABET)
def test_any_credit_code_body_with_its_check_is_accepted_and_one_changed_character_is_refused(body, at, new):
    code = body + by_hand(body)
    assert check_identifier(IdKind.CREDIT_CODE, code) == code
    if new != code[at]:
        with pytest.raises(BadCreditCode):
            check_identifier(IdKind.CREDIT_CODE, code[:at] + new + code[at + 1:])


@given(st.text("0123456789", min_size=11, max_size=11), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_residence_permit_with_its_check_is_accepted_and_one_changed_character_is_refused(tail, at, new):
    body = "830000" + tail
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(body))  # ISO 7064: weight 2^(n-1) mod 11
    number = body + "10X98765432"[total % 11]
    assert check_identifier(IdKind.RESIDENCE_PERMIT, number) == number
    if new != number[at]:
        with pytest.raises(BadIdNumber):
            check_identifier(IdKind.RESIDENCE_PERMIT, number[:at] + new + number[at + 1:])


def test_the_definition_the_properties_use_gives_the_hand_computed_check_characters():
    assert (by_hand(MIN_MIN_DEVELOPMENT[:17]), by_hand(STDNUM_EXAMPLE[:17])) == ("3", "L")
