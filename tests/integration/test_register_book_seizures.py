"""The register book tells the truth about court seizures, pre-notices and cancelled proofs, on both stores: the
active seizure is the unit's lock, the queue is listed in the order it takes effect, and every seizure, queued
seizure, renewal, release and lapse is a row of the page's history. A view built before it kept them is rebuilt
when the worker sets up."""

import hashlib
from datetime import date

import pytest

from projections import all_projections, register_book
from projections.worker import Worker
from registry.courts import orders as court_orders
from registry.courts.lapses import lapse_seizure
from registry.courts.orders import OrderRequest
from registry.kernel.values import mask_id_number
from registry.mortgages.values import FilingKind
from registry.register_book import commands as units
from tests.builders import CHEN_GANG, GULOU_FLAT, ZHANG_WEI, housing_loan, sole, unit_kwargs
from tests.integration.conftest import applicant
from tests.integration.test_mortgage_views import ZHANG, confirm, file, proof_of

GULOU = ("gulou-court", "福州市鼓楼区人民法院", "(2026)闽0102执123号")
TAIJIANG = ("taijiang-court", "福州市台江区人民法院", "(2026)闽0103执45号")
OFF_PLAN_FLAT = "350102001001GB00001F00020801"


def order(app, command, court, *, start=None, end=None, of=""):
    code, name, ruling = court
    request_id = f"{code}-{command.__name__}-{app.clock.now().isoformat()}"
    request = OrderRequest(request_id=request_id, executing_court="执行局", judge="陈法官", case_number=ruling,
                           notice_name="协助执行通知书", ruling_number=ruling,
                           subjects=[{"name": ZHANG_WEI.name, "id_type": "1", "id_number": ZHANG_WEI.id_number}],
                           unit_number=GULOU_FLAT, start=start, end=end, seizure_reference=of)
    feedback = command(app, court=code, court_name=name, request=request,
                       request_sha256=hashlib.sha256(request_id.encode()).hexdigest())
    assert feedback.controlled, feedback


def seize(app, court, end):
    order(app, court_orders.seize, court, start=app.clock.today(), end=end)


@pytest.fixture
def gulou_flat(app, registrar):
    units.register_unit(app, registrar, **unit_kwargs())


def history(page) -> list[tuple]:
    return [(h["event"], h["djlx"], h["qllx"]) for h in page["history"]]


def test_a_seized_unit_shows_the_seizing_court_as_its_lock_and_the_queued_seizure_behind_it(
        app, views, worker, clock, gulou_flat, registrar):
    seize(app, GULOU, end=date(2027, 3, 15))
    clock.advance(hours=2)
    seize(app, TAIJIANG, end=date(2027, 9, 15))
    worker.run_once()

    page = register_book.page(views, registrar, GULOU_FLAT)

    assert page["locked"] is True
    assert [(lk["kind"], lk["authority"], lk["reference"], lk["until"]) for lk in page["locks"]] == [
        ("seizure", "福州市鼓楼区人民法院", GULOU[2], "2027-03-15")]
    assert [(s["court_name"], s["reference"], s["start"], s["end"]) for s in page["seizures"]] == [
        ("福州市鼓楼区人民法院", GULOU[2], "2026-03-16", "2027-03-15")]
    assert [(s["court_name"], s["reference"], s["queue_position"], s["start"], s["end"])
            for s in page["queued_seizures"]] == [("福州市台江区人民法院", TAIJIANG[2], 1, "2026-03-16", "2027-09-15")]
    assert history(page)[1:] == [("Seized", "800", "98"), ("Seized", "800", "98")]
    assert [h["summary"]["queued"] for h in page["history"][1:]] == [False, True]
    assert page["history"][2]["summary"]["court_name"] == "福州市台江区人民法院"


def test_renewal_release_and_lapse_each_leave_a_history_row_and_the_queue_moves_up(
        app, views, worker, clock, gulou_flat, registrar):
    seize(app, GULOU, end=date(2027, 3, 15))
    seize(app, TAIJIANG, end=date(2026, 9, 15))  # asks for six months: it keeps that length once active
    clock.advance(days=30)
    order(app, court_orders.renew, GULOU, end=date(2028, 3, 15), of=GULOU[2])
    clock.advance(days=30)
    order(app, court_orders.release, GULOU, of=GULOU[2])
    worker.run_once()

    held = register_book.page(views, registrar, GULOU_FLAT)
    assert [(lk["authority"], lk["until"]) for lk in held["locks"]] == [("福州市台江区人民法院", "2026-11-14")]
    assert [(s["reference"], s["start"], s["end"]) for s in held["seizures"]] == [
        (TAIJIANG[2], "2026-05-15", "2026-11-14")]
    assert held["queued_seizures"] == []

    clock.advance(days=200)
    lapse_seizure(app, GULOU_FLAT, TAIJIANG[2])
    worker.run_once()

    page = register_book.page(views, registrar, GULOU_FLAT)
    assert [h["event"] for h in page["history"]] == [
        "Registered", "Seized", "Seized", "SeizureRenewed", "SeizureReleased", "SeizureActivated", "SeizureLapsed"]
    assert {h["djlx"] for h in page["history"][1:]} == {"800"}
    renewed, released, activated, lapsed = (h["summary"] for h in page["history"][3:])
    assert (renewed["previous_end"], renewed["end"]) == ("2027-03-15", "2028-03-15")
    assert (released["reference"], released["was_active"]) == (GULOU[2], True)
    assert (activated["reference"], activated["after"]) == (TAIJIANG[2], GULOU[2])
    assert (lapsed["court_name"], lapsed["end"]) == ("福州市台江区人民法院", "2026-11-14")
    assert (page["locks"], page["locked"], page["seizures"], page["queued_seizures"]) == ([], False, [], [])


def test_a_registrars_lock_and_a_seizure_are_both_listed_and_told_apart(app, views, worker, gulou_flat, registrar):
    units.lock_unit(app, registrar, unit_number=GULOU_FLAT, authority="福州市住房和城乡建设局",
                    reference="榕建限〔2026〕7号", reason="限制转移")
    seize(app, GULOU, end=date(2027, 3, 15))
    worker.run_once()

    page = register_book.page(views, registrar, GULOU_FLAT)

    assert [(lk["kind"], lk["reference"]) for lk in page["locks"]] == [("seizure", GULOU[2]),
                                                                       ("lock", "榕建限〔2026〕7号")]
    assert list(app.get_unit(GULOU_FLAT).locks) == [lk["reference"] for lk in page["locks"]]


def pre_notice_for(app, purchaser, *consents) -> str:
    """The developer's flat 2-801, bought off-plan on an ICBC loan: the pre-notice waits for its first registration."""
    return confirm(app, file(app, f"ICBC-PRE-{purchaser.id_number[-4:]}", kind=FilingKind.PRE_NOTICE,
                             unit_numbers=[OFF_PLAN_FLAT], mortgagors=[purchaser], registry="fz-registry",
                             location="福州市鼓楼区五四路88号2单元801室", terms=housing_loan(debtors=(purchaser,))),
                   *consents)


def register_off_plan_flat(app, registrar, owner) -> None:
    units.register_unit(app, registrar, **unit_kwargs(unit_number=OFF_PLAN_FLAT, owners=sole(owner),
                                                      registered_on=None))


def test_a_pre_notice_for_someone_else_stays_on_the_page_of_the_registered_flat(app, views, worker, registrar):
    filing = pre_notice_for(app, CHEN_GANG, applicant(CHEN_GANG))
    worker.run_once()
    assert register_book.page(views, registrar, OFF_PLAN_FLAT) is None  # not in the register yet

    register_off_plan_flat(app, registrar, ZHANG_WEI)
    worker.run_once()

    page = register_book.page(views, registrar, OFF_PLAN_FLAT)
    [left] = page["pre_notices"]
    assert (left["filing_id"], left["bank"], left["purchasers"], left["amount"], left["method"]) == (
        filing, "icbc-fz", [{"name": CHEN_GANG.name, "id_number": CHEN_GANG.id_number}], "1000000.00", "1")
    assert page["mortgages"] == []
    owner_reads = register_book.page(views, ZHANG, OFF_PLAN_FLAT)
    assert owner_reads["pre_notices"][0]["purchasers"][0]["id_number"] == mask_id_number(CHEN_GANG.id_number)


def test_a_pre_notice_that_became_the_purchasers_mortgage_is_no_longer_listed_as_a_pre_notice(
        app, views, worker, registrar):
    filing = pre_notice_for(app, ZHANG_WEI, ZHANG)
    register_off_plan_flat(app, registrar, ZHANG_WEI)
    worker.run_once()

    page = register_book.page(views, registrar, OFF_PLAN_FLAT)

    assert page["pre_notices"] == []
    assert [m["filing_id"] for m in page["mortgages"]] == [filing]
    assert page["history"][-1]["summary"]["converted_pre_notice"] == filing


def test_a_discharged_mortgage_and_the_moved_ones_leave_their_proof_numbers_cancelled_in_the_history(
        app, views, worker, clock, gulou_flat, registrar):
    icbc = proof_of(app, confirm(app, file(app, "ICBC-2026-0001"), ZHANG))
    ccb = proof_of(app, confirm(app, file(app, "CCB-2026-0001", bank="ccb-fz", rank=2,
                                          terms=housing_loan("300000.00", contract="CCB-FZ-2026-0001")), ZHANG))
    clock.advance(minutes=5)
    file(app, "ICBC-2026-D001", kind=FilingKind.DISCHARGE, proof_numbers=[icbc])
    worker.run_once()

    page = register_book.page(views, registrar, GULOU_FLAT)

    rows = {h["event"]: h["summary"] for h in page["history"][1:]}
    assert [h["event"] for h in page["history"][1:]] == ["MortgageRegistered", "MortgageRegistered",
                                                          "MortgageDischarged", "MortgageReranked"]
    assert "cancelled_proof_number" not in rows["MortgageRegistered"]
    assert rows["MortgageDischarged"]["cancelled_proof_number"] == icbc + "(销)"
    assert rows["MortgageReranked"]["cancelled_proof_number"] == ccb + "(销)"
    [moved_up] = page["mortgages"]
    assert (moved_up["rank"], moved_up["bank"]) == (1, "ccb-fz") and moved_up["proof_number"] != ccb


def test_a_register_book_built_before_it_kept_seizures_is_rebuilt_when_the_worker_sets_up(
        app, views, worker, gulou_flat, registrar):
    seize(app, GULOU, end=date(2027, 3, 15))
    worker.run_once()
    live = register_book.page(views, registrar, GULOU_FLAT)
    with views.transaction() as tx:  # what a deployment of the earlier version holds for the same events
        tx.execute("DELETE FROM view_unit_seizure")
        tx.execute("DELETE FROM view_unit_history WHERE event <> 'Registered'")
        tx.execute("UPDATE view_unit SET locks = '[]'")
        tx.execute("DELETE FROM view_schema WHERE name = 'register_book'")  # it kept no schema version
    assert register_book.page(views, registrar, GULOU_FLAT)["locks"] == []

    restarted = Worker(app, views, all_projections())
    restarted.setup()
    assert restarted.positions()["register_book"] == 0
    restarted.run_once()

    assert register_book.page(views, registrar, GULOU_FLAT) == live
    with views.read() as tx:
        assert tx.one("SELECT version FROM view_schema WHERE name = 'register_book'")["version"] == 2
    position = restarted.positions()["register_book"]
    with views.transaction() as tx:
        tx.execute("UPDATE view_unit SET location = :location", {"location": "a row only a rebuild would replace"})

    Worker(app, views, all_projections()).setup()  # the next start: same version, nothing to rebuild

    assert restarted.positions()["register_book"] == position > 0
    with views.read() as tx:
        assert tx.one("SELECT location FROM view_unit")["location"] == "a row only a rebuild would replace"
