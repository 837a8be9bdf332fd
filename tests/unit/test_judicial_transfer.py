"""e拍即得 in the domain: the Gulou court seized Zhang Wei's flat (ICBC holds a mortgage on it, the Taijiang
court queued a seizure behind), auctioned it, and serves its ruling with Li Na as the buyer. The ruling opens a
judicial case; once Li Na has paid, the registrar's approval transfers the title without Zhang Wei, extinguishes
ICBC's mortgage, releases the Gulou seizure and flags the Taijiang one, and answers the court, in one save."""

import dataclasses
import hashlib
from datetime import date
from decimal import Decimal

import pytest
from eventsourcing.persistence import Mapper

from events import court as court_events
from registry.courts import orders as court_orders
from registry.courts import rulings as judicial
from registry.courts.orders import ACCEPTED, CONTROLLED, FAILED, OrderRequest, court_order_id
from registry.courts.rulings import CourtDocument, RulingRequest, court_document_id
from registry.courts.seizures import SeizureState
from registry.courts.tax_inquiry import TaxInquiryRequest, inquire_taxes
from registry.kernel.codes import CaseState, HomeOrdinal, Relation
from registry.kernel.errors import CaseNotWithdrawable, RuleFailed, UnknownFiling
from registry.kernel.values import FamilyMember
from registry.mortgages import disbursement
from registry.register_book import commands as units
from registry.taxation.rules import assess_submission
from registry.transfers import commands as transfers
from tests.builders import (
    CANGSHAN_FLAT,
    CHEN_GANG,
    GULOU_FLAT,
    LI_NA,
    LI_XIAOMING,
    TAIJIANG_FLAT,
    ZHANG_WEI,
    housing_loan,
    mortgage_kwargs,
    sole,
    unit_kwargs,
)

GULOU = ("fz-gulou-court", "福州市鼓楼区人民法院")
TAIJIANG = ("fz-taijiang-court", "福州市台江区人民法院")
RULING = "(2026)闽0102执恢88号之一"
PDF = b"%PDF-1.7\n% the ruling as the court scanned it\n%%EOF\n"


class Shelf:
    """The court documents the registry kept, by id."""

    def __init__(self):
        self.kept = {}

    def put(self, document_id, content):
        self.kept[document_id] = content


def order(request_id, *, ruling=RULING, subjects=None, unit_number=GULOU_FLAT, start=date(2026, 3, 16),
          end=date(2029, 3, 15), seizure_reference=""):
    zhang = [{"name": ZHANG_WEI.name, "id_type": "1", "id_number": ZHANG_WEI.id_number}]
    return OrderRequest(request_id=request_id, executing_court="执行局", judge="陈法官",
                        case_number="(2026)闽0102执88号", notice_name="协助执行通知书", ruling_number=ruling,
                        subjects=subjects or zhang,
                        unit_number=unit_number, start=start, end=end, seizure_reference=seizure_reference)


def ruling(request_id="GL-R1", families=None, **changes):
    return RulingRequest(order=order(request_id, **changes), ruling_date=date(2026, 3, 16),
                         confirmation_number="(2026)闽0102执88号拍卖成交确认书",
                         assistance_notice_number="(2026)闽0102执88号协助执行通知书", price=Decimal("1680000.00"),
                         buyers=sole(LI_NA),
                         documents=[CourtDocument("ruling", "执行裁定书.pdf", "application/pdf", PDF)],
                         families=families or {})


SPOUSE = FamilyMember(CHEN_GANG.name, CHEN_GANG.id_number, Relation.SPOUSE)
SON = FamilyMember(LI_XIAOMING.name, LI_XIAOMING.id_number, Relation.MINOR_CHILD)


def sha(court, request_id):
    return hashlib.sha256(f"{court[0]}:{request_id}".encode()).hexdigest()


def serve(app, shelf, request, court=GULOU):
    return judicial.serve_ruling(app, shelf, court=court[0], court_name=court[1], request=request,
                                 request_sha256=sha(court, request.order.request_id))


def seize(app, court, request_id, ruling_number):
    return court_orders.seize(app, court=court[0], court_name=court[1], request=order(request_id, ruling=ruling_number),
                              request_sha256=sha(court, request_id))


@pytest.fixture
def shelf():
    return Shelf()


@pytest.fixture
def seized(app, gulou_flat, icbc, seller, file_and_confirm):
    """ICBC's mortgage, the Gulou court's seizure (active) and the Taijiang court's (queued)."""
    file_and_confirm(icbc, seller, **mortgage_kwargs())
    assert seize(app, GULOU, "GL-1", "(2026)闽0102执88号").controlled
    assert seize(app, TAIJIANG, "TJ-1", "(2026)闽0103执12号").controlled
    return gulou_flat


def test_the_seizing_courts_ruling_opens_a_judicial_case_for_the_buyer(app, seized, shelf, saves):
    feedback = serve(app, shelf, ruling())
    assert (feedback.status, feedback.result, feedback.kzcs) == (ACCEPTED, "", "15")
    assert saves[-1] == sorted(["registry.court_order.Received", "registry.court_order.RulingServed",
                                "registry.transfer.Submitted"])
    case = app.get_case(feedback.case_id)
    assert case.state is CaseState.AWAITING_SETTLEMENT and case.filed_by == GULOU[0]
    assert [b.person for b in case.buyers] == [LI_NA] and case.sellers == [ZHANG_WEI]
    assert case.judicial["ruling_number"] == RULING and case.price == Decimal("1680000.00")
    stored = app.repository.get(court_order_id(GULOU[0], "GL-R1")).ruling["documents"]
    assert stored[0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    assert shelf.kept[court_document_id(stored[0]["sha256"])] == PDF


def test_the_same_ruling_request_again_returns_the_first_answer_and_changes_nothing(app, seized, shelf):
    first = serve(app, shelf, ruling())
    head = app.recorder.max_notification_id()
    assert serve(app, shelf, ruling()) == first
    assert app.recorder.max_notification_id() == head


@pytest.mark.parametrize("label,request_changes,court,code", [
    ("a court with no seizure on the unit", {}, ("fz-cangshan-court", "福州市仓山区人民法院"),
     "auction_court_has_seized"),
    ("persons who do not hold the unit", {"subjects": [{"name": LI_NA.name, "id_type": "1",
                                                        "id_number": LI_NA.id_number}]},
     GULOU, "subjects_hold_the_unit"),
    ("a unit outside the area", {"unit_number": "110105001001GB00001F00010001"}, GULOU, "outside_registry_area"),
    ("a unit not in the register", {"unit_number": GULOU_FLAT[:-1] + "9"}, GULOU, "unknown_unit"),
])
def test_a_ruling_the_register_refuses_is_answered_failed_and_opens_no_case(app, seized, shelf, label,
                                                                           request_changes, court, code):
    before = app.get_unit(seized).version
    feedback = serve(app, shelf, ruling(**request_changes), court=court)
    assert (feedback.result, feedback.code, feedback.case_id) == (FAILED, code, "")
    assert app.get_unit(seized).version == before and not shelf.kept
    assert not app.exists(transfers.TransferCase.create_id(seized, RULING))


def test_nobody_but_the_court_ends_a_judicial_case(app, seized, shelf, buyer):
    feedback = serve(app, shelf, ruling())
    with pytest.raises(CaseNotWithdrawable):
        app.get_case(feedback.case_id).withdraw(by="li-na", reason="changed my mind", at=app.clock.now())


# -- the buyer's family (spouse and minor children) in the family-housing check -------------------------------
@pytest.fixture
def husband_and_son_own_flats(app, registrar):
    units.register_unit(app, registrar, **unit_kwargs(TAIJIANG_FLAT, owners=sole(CHEN_GANG)))
    units.register_unit(app, registrar, **unit_kwargs(CANGSHAN_FLAT, owners=sole(LI_XIAOMING)))


def submitted(app, case_id):
    return next(iter(app.events.get(case_id)))


def deed_tax_line(case_event):
    lines, _ = assess_submission(case_event, surcharge_rate=Decimal("0.06"), deemed_income_rate=Decimal("0.01"))
    return next(line for line in lines if line.code == "deed_tax")


def test_the_husbands_flat_named_in_the_ruling_makes_the_auctioned_flat_li_nas_second_home(app, seized, shelf,
                                                                                           registrar):
    units.register_unit(app, registrar, **unit_kwargs(TAIJIANG_FLAT, owners=sole(CHEN_GANG)))
    case = app.get_case(serve(app, shelf, ruling(families={LI_NA.id_number: [SPOUSE]})).case_id)
    [count] = case.home_counts
    assert (count.ordinal, count.units_counted) == (HomeOrdinal.SECOND, (TAIJIANG_FLAT,))
    assert submitted(app, case.id).families == {LI_NA.id_number: [SPOUSE]}
    served = app.repository.get(court_order_id(GULOU[0], "GL-R1")).ruling["family"]
    assert served == [{"buyer_id_number": LI_NA.id_number, "name": CHEN_GANG.name,
                       "id_number": CHEN_GANG.id_number, "relation": "spouse"}]


def test_the_familys_two_flats_make_it_a_third_home_at_the_statutory_deed_tax_and_the_courts_quote_agrees(
        app, seized, shelf, husband_and_son_own_flats):
    """120 m²: a first or second home pays 1%, a third the statutory 3% of the price excl. VAT."""
    alone = deed_tax_line(submitted(app, serve(app, shelf, ruling("GL-R0", ruling="(2026)闽0102执恢88号之零")).case_id))
    assert alone.rate == Decimal("0.01")
    family = {LI_NA.id_number: [SPOUSE, SON]}
    case_id = serve(app, shelf, ruling(families=family)).case_id
    line = deed_tax_line(submitted(app, case_id))
    assert line.rate == Decimal("0.03") and line.amount == alone.amount * 3
    quote = inquire_taxes(app, court=GULOU[0], court_name=GULOU[1], request_sha256=sha(GULOU, "GL-T1"),
                          surcharge_rate=Decimal("0.06"), deemed_income_rate=Decimal("0.01"),
                          request=TaxInquiryRequest(
                              request_id="GL-T1", executing_court="执行局", judge="陈法官",
                              case_number="(2026)闽0102执88号",
                              unit_number=GULOU_FLAT, price=Decimal("1680000.00"), sale_date=date(2026, 3, 16),
                              buyer={"name": LI_NA.name, "id_type": "1", "id_number": LI_NA.id_number},
                              family=[SPOUSE, SON]))
    assert [(q["code"], q["amount"]) for q in quote["lines"] if q["code"] == "deed_tax"] == [
        ("deed_tax", format(line.amount, "f"))]
    assert quote["facts"]["units_counted"] == sorted([TAIJIANG_FLAT, CANGSHAN_FLAT])


@pytest.mark.parametrize("label,families", [
    ("the family of someone who is not a buyer", {ZHANG_WEI.id_number: [SPOUSE]}),
    ("two spouses", {LI_NA.id_number: [SPOUSE, FamilyMember(ZHANG_WEI.name, ZHANG_WEI.id_number, Relation.SPOUSE)]}),
    ("the buyer as her own child",
     {LI_NA.id_number: [FamilyMember(LI_NA.name, LI_NA.id_number, Relation.MINOR_CHILD)]}),
    ("the son twice", {LI_NA.id_number: [SON, SON]}),
])
def test_a_ruling_with_a_family_that_is_not_the_buyers_is_failed_feedback_naming_family_and_opens_no_case(
        app, seized, shelf, label, families):
    before = app.get_unit(seized).version
    feedback = serve(app, shelf, ruling(families=families))
    assert (feedback.result, feedback.code, feedback.case_id) == (FAILED, "invalid_value", "")
    assert app.repository.get(court_order_id(GULOU[0], "GL-R1")).answered["field"] == "family"
    assert app.get_unit(seized).version == before and not shelf.kept
    assert not app.exists(transfers.TransferCase.create_id(seized, RULING))


def test_a_ruling_stored_before_families_were_named_loads_with_no_family(app, seized, shelf):
    serve(app, shelf, ruling(families={LI_NA.id_number: [SPOUSE]}))
    order_id = court_order_id(GULOU[0], "GL-R1")
    plain = Mapper(transcoder=app.mapper.transcoder)  # no cipher: the state is readable JSON
    served = next(e for e in app.events.get(order_id) if isinstance(e, court_events.RulingServed))
    stored = plain.to_stored_event(served)
    state = plain.transcoder.decode(stored.state)
    del state["family"], state["class_version"]  # exactly what version 1 wrote
    old = plain.to_domain_event(dataclasses.replace(stored, state=plain.transcoder.encode(state)))
    assert isinstance(old, court_events.RulingServed) and old.family == [] and old.case_id == served.case_id


def test_approval_transfers_clears_the_mortgage_releases_the_seizure_and_answers_the_court_in_one_save(
        app, seized, shelf, registrar, saves):
    case_id = serve(app, shelf, ruling()).case_id
    transfers.record_settlement(app, case_id, reference="paid:R-1")
    transfers.approve_transfer(app, registrar, case_id)
    assert sorted(set(saves[-1])) == sorted([
        "registry.court_order.Answered", "registry.holdings.Acquired",
        "registry.holdings.Disposed", "registry.holdings.Opened", "registry.numbering.Allocated",
        "registry.transfer.Approved",
        "registry.unit.MortgageExtinguished", "registry.unit.SeizureActivated", "registry.unit.SeizureReleased",
        "registry.unit.TransferredByRuling"])
    unit = app.get_unit(seized)
    assert [o.person for o in unit.owners] == [LI_NA] and unit.mortgages == ()
    states = {s.court: s.state for s in unit.seizures}
    assert states == {GULOU[0]: SeizureState.RELEASED, TAIJIANG[0]: SeizureState.ACTIVE}
    answer = app.repository.get(court_order_id(GULOU[0], "GL-R1")).feedback
    assert (answer.result, answer.reference, answer.status) == (CONTROLLED, unit.certificate_number, "answered")
    transferred = [e for e in app.events.get(unit.id) if type(e).__name__ == "TransferredByRuling"][0]
    assert transferred.flagged == [{"court": TAIJIANG[0], "court_name": TAIJIANG[1],
                                    "reference": "(2026)闽0103执12号", "state": "active"}]


def test_a_registrar_refusal_of_the_judicial_case_is_the_courts_failed_feedback(app, seized, shelf, registrar):
    case_id = serve(app, shelf, ruling()).case_id
    transfers.record_settlement(app, case_id, reference="paid:R-1")
    transfers.reject_transfer(app, registrar, case_id, "the confirmation names another unit")
    answer = app.repository.get(court_order_id(GULOU[0], "GL-R1")).feedback
    assert (answer.result, answer.code, answer.reason) == (FAILED, "registrar_refused",
                                                           "the confirmation names another unit")
    assert [o.person for o in app.get_unit(seized).owners] == [ZHANG_WEI]


# -- the buyer's bank pays the loan into the court's account ---------------------------------------------
@pytest.fixture
def li_nas_mortgage(app, seized, shelf, registrar, ccb, buyer, file_and_confirm):
    """Li Na's flat after the judicial transfer (Taijiang has released its flagged seizure) and CCB's mortgage."""
    case_id = serve(app, shelf, ruling()).case_id
    transfers.record_settlement(app, case_id, reference="paid:R-1")
    transfers.approve_transfer(app, registrar, case_id)
    release = order("TJ-2", ruling="(2026)闽0103执12号", seizure_reference="(2026)闽0103执12号")
    assert court_orders.release(app, court=TAIJIANG[0], court_name=TAIJIANG[1], request=release,
                                request_sha256=sha(TAIJIANG, "TJ-2")).controlled
    filing = file_and_confirm(ccb, buyer, **mortgage_kwargs("CCB-2026-0088", mortgagors=[LI_NA],
                                                             terms=housing_loan("1200000.00", debtors=(LI_NA,))))
    return filing.id


def pay(app, bank, filing_id, amount="1200000.00", reference="CCB-PAY-0088"):
    return disbursement.record_disbursement(app, bank, filing_id, amount=Decimal(amount), account="平潭法院执行款专户",
                                            reference=reference, paid_on=date(2026, 3, 16))


def test_the_loan_paid_to_the_court_is_recorded_once_naming_the_auction_court(app, li_nas_mortgage, ccb):
    pay(app, ccb, li_nas_mortgage)
    filing = app.get_filing(li_nas_mortgage)
    assert filing.disbursement["court"] == GULOU[0] and filing.disbursement["amount"] == "1200000.00"
    version = filing.version
    assert pay(app, ccb, li_nas_mortgage).position is None and app.get_filing(li_nas_mortgage).version == version
    with pytest.raises(RuleFailed, match="already recorded"):
        pay(app, ccb, li_nas_mortgage, reference="CCB-PAY-0089")


def test_a_loan_above_the_secured_amount_or_from_another_bank_is_refused_and_changes_nothing(
        app, li_nas_mortgage, ccb, icbc):
    with pytest.raises(RuleFailed) as refused:
        pay(app, ccb, li_nas_mortgage, amount="1200000.01")
    assert refused.value.code == "loan_within_secured_amount"
    with pytest.raises(UnknownFiling):
        pay(app, icbc, li_nas_mortgage)
    assert app.get_filing(li_nas_mortgage).disbursement is None


def test_a_loan_on_a_flat_not_bought_at_auction_has_no_court_to_pay(app, gulou_flat, icbc, seller, file_and_confirm):
    filing = file_and_confirm(icbc, seller, **mortgage_kwargs())
    with pytest.raises(RuleFailed) as refused:
        pay(app, icbc, filing.id, amount="1000000.00")
    assert refused.value.code == "pays_a_judicial_sale"
