"""The printable family-housing check proof (家庭住房信息查询结果证明) as pages, on both stores: linked from the
buyer's and the registrar's case pages, in Chinese and English, IDs masked, a print stylesheet (A4, black on
white, no navigation) and a print button without any script library; the seller is told there is no such case."""

from __future__ import annotations

from flask.testing import FlaskClient

from registry.kernel.values import mask_id_number
from tests.builders import CHEN_GANG, LI_NA, LI_XIAOMING, TAIJIANG_FLAT
from tests.e2e.api import eventually
from tests.e2e.housing import TAIJIANG, file_second_home_case
from tests.e2e.test_pages import login, text


def signed_in(app, user: str) -> FlaskClient:
    own = app.test_client()
    assert login(own, user).status_code == 302
    return own


def test_the_buyer_opens_the_proof_from_her_case_page_and_it_says_second_home(app, client, readers):
    case_id = file_second_home_case(client, readers)
    buyer = signed_in(app, "lina")
    case_page = text(buyer.get(f"/applicant/cases/{case_id}"))
    assert f'href="/cases/{case_id}/housing-check"' in case_page

    proof = buyer.get(f"/cases/{case_id}/housing-check")

    page = text(proof)
    assert proof.status_code == 200
    for shown in ("家庭住房信息查询结果证明", "福州市不动产登记中心", case_id, "2026-03-16 09:30", LI_NA.name,
                  mask_id_number(LI_NA.id_number), CHEN_GANG.name, mask_id_number(CHEN_GANG.id_number),
                  LI_XIAOMING.name, "未成年子女", TAIJIANG_FLAT, TAIJIANG, "第二套", "不动产登记簿"):
        assert shown in page, shown
    for raw in (LI_NA.id_number, CHEN_GANG.id_number, LI_XIAOMING.id_number):
        assert raw not in page, "ID numbers are masked"
    assert 'data-print' in page and "print.js" in page and "proof.css" in page
    assert "<script>" not in page and "cdn" not in page.lower()


def test_the_proof_speaks_english_after_the_switch(app, client, readers):
    case_id = file_second_home_case(client, readers)
    buyer = signed_in(app, "lina")

    page = text(buyer.get(f"/cases/{case_id}/housing-check?lang=en"))

    for shown in ("Family housing check result", "Second home", "Family members searched", "Spouse", "Print",
                  "Homes counted"):
        assert shown in page, shown


def test_the_registrar_opens_it_from_the_review_page(app, client, readers):
    case_id = file_second_home_case(client, readers)
    registrar = signed_in(app, "registrar")
    assert f'href="/cases/{case_id}/housing-check"' in text(registrar.get(f"/registrar/cases/{case_id}"))

    proof = registrar.get(f"/cases/{case_id}/housing-check")

    assert proof.status_code == 200
    assert "第二套" in text(proof) and f'href="/registrar/cases/{case_id}"' in text(proof)


def test_the_tax_officer_opens_it_from_the_assessment_for_the_deed_tax_relief(app, client, readers):
    case_id = file_second_home_case(client, readers)
    [assessment] = eventually(lambda: client.get("/api/v1/tax/assessments", headers=readers["taxman"])
                              .json["assessments"])
    officer = signed_in(app, "taxman")
    assert f'href="/cases/{case_id}/housing-check"' in text(officer.get(f"/tax/assessments/"
                                                                          f"{assessment['assessment_id']}"))

    proof = officer.get(f"/cases/{case_id}/housing-check")

    assert proof.status_code == 200 and "第二套" in text(proof)


def test_the_seller_and_the_buyers_husband_get_no_such_case(app, client, readers):
    case_id = file_second_home_case(client, readers)
    unknown = signed_in(app, "lina").get("/cases/00000000-0000-4000-8000-000000000000/housing-check")

    for who in ("zhangwei", "chengang", "xm-registrar"):
        refused = signed_in(app, who).get(f"/cases/{case_id}/housing-check")
        assert refused.status_code == unknown.status_code == 404, who
        assert "第二套" not in text(refused)


def test_the_print_stylesheet_prints_a4_black_on_white_without_navigation(client):
    sheet = text(client.get("/static/proof.css"))
    printing = sheet[sheet.index("@media print"):]

    assert "size: A4" in printing
    assert ".topbar" in printing and "display: none" in printing
    assert "color: #000" in printing and "background: #fff" in printing
    assert "window.print()" in text(client.get("/static/print.js"))
