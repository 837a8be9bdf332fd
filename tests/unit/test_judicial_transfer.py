"""e拍即得 in the domain: the Gulou court seized Zhang Wei's flat (ICBC holds a mortgage on it, the Taijiang
court queued a seizure behind), auctioned it, and serves its ruling with Li Na as the buyer. The ruling opens a
judicial case; once Li Na has paid, the registrar's approval transfers the title without Zhang Wei, extinguishes
ICBC's mortgage, releases the Gulou seizure and flags the Taijiang one, and answers the court, in one save."""

import hashlib
from datetime import date
from decimal import Decimal

import pytest

from registry import court_orders, judicial, transfers
from registry.codes import CaseState
from registry.court_orders import ACCEPTED, CONTROLLED, FAILED, OrderRequest, court_order_id
from registry.errors import CaseNotWithdrawable, RuleFailed, UnknownFiling
from registry.judicial import CourtDocument, RulingRequest, court_document_id
from registry.mortgages import disbursement
from registry.seizures import SeizureState
from tests.builders import GULOU_FLAT, LI_NA, ZHANG_WEI, housing_loan, mortgage_kwargs, sole

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


def ruling(request_id="GL-R1", **changes):
    return RulingRequest(order=order(request_id, **changes), ruling_date=date(2026, 3, 16),
                         confirmation_number="(2026)闽0102执88号拍卖成交确认书",
                         assistance_notice_number="(2026)闽0102执88号协助执行通知书", price=Decimal("1680000.00"),
                         buyers=sole(LI_NA),
                         documents=[CourtDocument("ruling", "执行裁定书.pdf", "application/pdf", PDF)])


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
