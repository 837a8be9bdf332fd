"""Parties of a case (decision 022): one reference for persons and organisations whose keys stay those views
use today, organisations by their credit code, and the mandate an agent acts under."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from registry.kernel.errors import BadCreditCode, InvalidValue, MandateDoesNotCover
from registry.kernel.identities import IdKind
from registry.kernel.parties import Mandate, MandateScope, Organisation, PartyRef
from registry.kernel.values import person_key
from tests.builders import LI_NA, WANG_FANG, ZHANG_WEI

MIN_MIN_DEVELOPMENT = "91350100M000100Y43"  # check character computed by hand in test_identities.py
HONG_KONG_RESIDENT = "810000199001010019"  # idem
DEVELOPER = Organisation("闽闽置业有限公司", MIN_MIN_DEVELOPMENT, legal_representative=WANG_FANG)
SPRING_FESTIVAL = date(2026, 2, 17)
LABOUR_DAY = date(2026, 5, 1)
# Zhang Wei lets his neighbour Li Na file and sign for him from Spring Festival to Labour Day, both included.
FILE_AND_SIGN = Mandate(LI_NA, PartyRef.of_person(ZHANG_WEI), (MandateScope.FILE, MandateScope.SIGN),
                        valid_from=SPRING_FESTIVAL, valid_until=LABOUR_DAY)


def test_a_person_with_a_resident_id_keeps_todays_key_exactly():
    expected = hashlib.sha256(f"person:{ZHANG_WEI.id_number}".encode()).hexdigest()
    assert PartyRef.of_person(ZHANG_WEI).key == person_key(ZHANG_WEI.id_number) == expected


def test_a_residence_permit_number_is_the_same_person_whichever_kind_it_is_given_as():
    as_permit = PartyRef(IdKind.RESIDENCE_PERMIT, HONG_KONG_RESIDENT, "陈家明")
    as_resident_id = PartyRef(IdKind.RESIDENT_ID, HONG_KONG_RESIDENT, "陈家明")
    assert as_permit.key == as_resident_id.key == person_key(HONG_KONG_RESIDENT)


def test_the_same_characters_on_two_kinds_of_document_are_two_parties():
    keys = {PartyRef(IdKind.TAIWAN_PERMIT, "12345678", "林美玲").key,
            PartyRef(IdKind.PASSPORT, "12345678", "Mei-ling Lin").key, person_key("12345678")}
    assert len(keys) == 3


def test_an_organisations_key_is_its_normalised_credit_code_and_never_a_persons():
    given_lowercase = PartyRef(IdKind.CREDIT_CODE, MIN_MIN_DEVELOPMENT.lower(), "闽闽置业有限公司")
    assert given_lowercase == DEVELOPER.party
    assert given_lowercase.is_organisation and not PartyRef.of_person(ZHANG_WEI).is_organisation
    assert DEVELOPER.party.key == hashlib.sha256(f"organisation:{MIN_MIN_DEVELOPMENT}".encode()).hexdigest()


def test_a_party_is_masked_like_a_person_on_pages():
    assert PartyRef(IdKind.HK_MACAO_PERMIT, "H1234567801", "陈家明").masked_identifier == "H12**5678"


def test_an_organisation_stores_its_credit_code_uppercased_and_refuses_a_wrong_one():
    assert Organisation("闽闽置业有限公司", " 91350100m000100y43 ", WANG_FANG) == DEVELOPER
    with pytest.raises(BadCreditCode, match="check character"):
        Organisation("闽闽置业有限公司", "91350100M000100Y44", WANG_FANG)
    with pytest.raises(InvalidValue, match="name is required"):
        Organisation(" ", MIN_MIN_DEVELOPMENT, WANG_FANG)


@pytest.mark.parametrize("on", [SPRING_FESTIVAL, date(2026, 3, 16), LABOUR_DAY])
def test_a_mandate_covers_what_it_names_on_every_day_from_its_first_to_its_last(on):
    FILE_AND_SIGN.check_covers(MandateScope.FILE, on)
    FILE_AND_SIGN.check_covers(MandateScope.SIGN, on, principal=PartyRef.of_person(ZHANG_WEI))


@pytest.mark.parametrize(("on", "reason"), [(date(2026, 2, 16), "not_yet_valid"), (date(2026, 5, 2), "expired")])
def test_a_mandate_does_not_cover_the_day_before_it_starts_or_after_it_ends(on, reason):
    with pytest.raises(MandateDoesNotCover) as refused:
        FILE_AND_SIGN.check_covers(MandateScope.FILE, on)
    assert (refused.value.code, refused.value.details["reason"]) == ("mandate_does_not_cover", reason)


def test_a_mandate_to_file_and_sign_does_not_let_the_agent_collect_the_certificate():
    with pytest.raises(MandateDoesNotCover, match="covers file, sign, not collect_certificate"):
        FILE_AND_SIGN.check_covers(MandateScope.COLLECT_CERTIFICATE, date(2026, 3, 16))


def test_a_mandate_from_zhang_wei_does_not_let_the_agent_act_for_the_developer():
    with pytest.raises(MandateDoesNotCover) as refused:
        FILE_AND_SIGN.check_covers(MandateScope.FILE, date(2026, 3, 16), principal=DEVELOPER.party)
    assert refused.value.details["reason"] == "principal"
    assert ZHANG_WEI.id_number not in refused.value.message  # only masked numbers in messages


def test_an_organisations_staff_member_may_hold_its_mandate_and_repeated_scopes_count_once():
    staff = Mandate(ZHANG_WEI, DEVELOPER.party, [MandateScope.SIGN, MandateScope.FILE, MandateScope.FILE],
                    valid_from=SPRING_FESTIVAL, valid_until=SPRING_FESTIVAL)
    assert staff.scopes == (MandateScope.FILE, MandateScope.SIGN)
    staff.check_covers(MandateScope.FILE, SPRING_FESTIVAL, principal=DEVELOPER.party)


@pytest.mark.parametrize(("agent", "scopes", "until", "says"), [
    (LI_NA, (), LABOUR_DAY, "at least one"),
    (LI_NA, (MandateScope.FILE,), date(2026, 2, 16), "cannot end before it starts"),
    (ZHANG_WEI, (MandateScope.FILE,), LABOUR_DAY, "no mandate to act for themselves"),
])
def test_a_mandate_that_grants_nothing_ends_before_it_starts_or_is_from_oneself_is_refused(agent, scopes, until,
                                                                                             says):
    with pytest.raises(InvalidValue, match=says):
        Mandate(agent, PartyRef.of_person(ZHANG_WEI), scopes, valid_from=SPRING_FESTIVAL, valid_until=until)
