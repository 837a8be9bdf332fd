# ruff: noqa: F811 (the fixtures imported from the mortgage review tests are parameters here)
"""补正 on the pages: the registrar ticks everything missing on the case page; the parties (or the bank) read the
list on theirs and resubmit; a form without a box is refused and changes nothing."""

from tests.e2e.api import case_of, file_settled_case
from tests.e2e.test_mortgage_review import banks, gulou, queued  # noqa: F401 (fixtures used by name)
from tests.e2e.test_pages import csrf, login, text


def post_form(client, page: str, action: str, form: dict):
    return client.post(action, data={**form, "csrf_token": csrf(client, page)})


def test_the_registrar_returns_a_case_from_its_page_and_the_buyer_resubmits_from_hers(app, client, people):
    case_id = file_settled_case(client, people, app)
    login(client, "registrar")
    page = f"/registrar/cases/{case_id}"
    assert 'data-test="return-form"' in text(client.get(page))
    returned = post_form(client, page, f"{page}/return",
                         {"missing": ["marriage_proof", "id_document"], "note": "请补充结婚证"})
    assert returned.status_code == 303
    after = text(client.get(page))
    assert 'data-item="marriage_proof"' in after and 'data-test="return-form"' not in after

    login(client, "lina")
    mine = f"/applicant/cases/{case_id}"
    shown = text(client.get(f"{mine}?lang=en"))
    assert "Proof of marital status" in shown and "请补充结婚证" in shown and 'data-test="resubmit-form"' in shown
    assert post_form(client, mine, f"{mine}/resubmit", {"note": "已补交"}).status_code == 303
    assert case_of(client, people, case_id)["state"] == "pending_review"
    assert 'data-test="resubmit-form"' not in text(client.get(mine))


def test_a_return_without_a_ticked_box_is_refused_on_the_page_and_changes_nothing(app, client, people, head):
    case_id = file_settled_case(client, people, app)
    login(client, "registrar")
    page = f"/registrar/cases/{case_id}"
    before = head()
    refused = post_form(client, page, f"{page}/return", {"note": "缺材料"})
    assert refused.status_code == 422
    assert '<fieldset class="field invalid">' in text(refused)
    assert "缺材料" in text(refused)  # what was typed stays
    assert head() == before
    assert case_of(client, people, case_id)["state"] == "pending_review"


def test_a_filing_returned_from_the_review_page_is_resubmitted_from_the_banks_page(client, banks, queued):
    login(client, "registrar")
    review = f"/registrar/mortgages/{queued}"
    returned = post_form(client, review, f"{review}/return", {"missing": ["loan_contract"], "note": ""})
    assert returned.status_code == 303, text(returned)
    assert 'data-item="loan_contract"' in text(client.get(review))

    login(client, "icbc")
    mine = f"/bank/filings/{queued}"
    assert 'data-test="resubmit-form"' in text(client.get(mine))
    assert post_form(client, mine, f"{mine}/resubmit", {"note": "已补借款合同"}).status_code == 303
    assert client.get(f"/api/v1/mortgages/{queued}", headers=banks["icbc"]).json["state"] == "queued"
