"""The server-rendered pages through the Flask test client, on both stores: login and its guards,
CSRF, security headers and cookies, the registrar's review, the applicant's form and scoping."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from projections import registrar as registrar_view
from registry.kernel.actors import Actor, Role
from registry.kernel.values import mask_id_number
from tests.builders import CHEN_GANG, GULOU_FLAT, LI_NA, ZHANG_WEI
from tests.e2e.api import file_settled_case, unit_body
from tests.e2e.conftest import PASSWORD
from web import create_app

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(client, path: str = "/login") -> str:
    page = client.get(path)
    found = TOKEN.search(page.get_data(as_text=True))
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(client, user: str, password: str = PASSWORD, next_path: str | None = None):
    url = "/login" + (f"?next={next_path}" if next_path else "")
    return client.post(url, data={"username": user, "password": password, "csrf_token": csrf(client)})


def text(response) -> str:
    return response.get_data(as_text=True)


def transfer_form(**overrides) -> dict:
    form = {"unit_number": GULOU_FLAT, "price": "2000000.00", "contract_number": "FZ2026-000123",
            "contract_date": "2026-03-10", "certificates": "1",
            "sellers-0-name": ZHANG_WEI.name, "sellers-0-id_number": ZHANG_WEI.id_number,
            "buyers-0-name": LI_NA.name, "buyers-0-id_number": LI_NA.id_number, "buyers-0-share": "1",
            "family-0-buyer": "0", "family-0-relation": "spouse", "family-1-buyer": "0",
            "family-1-relation": "spouse", "family-2-buyer": "0", "family-2-relation": "spouse"}
    form.update(overrides)
    return form


# -- login, language, guards -------------------------------------------------------------------
def test_login_page_is_chinese_by_default_and_english_after_the_switch(client):
    page = text(client.get("/login"))
    assert 'lang="zh-CN"' in page and "用户名" in page and "密码" in page
    english = text(client.get("/login?lang=en"))
    assert 'lang="en"' in english and "User name" in english and "Password" in english
    assert "User name" in text(client.get("/login")), "the choice is remembered in the session"


def test_wrong_password_is_refused_and_five_failures_lock_the_account(client, people, clock):
    refused = login(client, "lina", "not the password")
    assert refused.status_code == 401
    assert "用户名或密码错误" in text(refused)
    for _ in range(4):
        assert login(client, "lina", "not the password").status_code == 401
    locked = login(client, "lina")
    assert locked.status_code == 401
    assert "登录失败次数过多" in text(locked)
    clock.advance(minutes=16)
    assert login(client, "lina").status_code == 302


def test_form_post_without_csrf_token_is_refused_and_changes_nothing(client, people, head, platform):
    case_id = file_settled_case(client, people)
    assert login(client, "registrar").status_code == 302
    before = head()
    response = client.post(f"/registrar/cases/{case_id}/approve", data={})
    assert response.status_code == 400
    assert head() == before
    assert registrar_view.case(platform.views, Actor("registrar", Role.REGISTRAR, "fz-registry"),
                               case_id)["state"] == "pending_review"
    assert client.post("/login", data={"username": "lina", "password": PASSWORD}).status_code == 400


def test_security_headers_are_on_every_page(client):
    response = client.get("/login")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_httponly_lax_and_secure_by_default(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path / "default-config"), "TESTING": True})
    try:
        cookie = app.test_client().get("/login").headers["Set-Cookie"]
    finally:
        app.extensions["platform"].close()
    assert cookie.startswith("registry_session=")
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "secure", "samesite"} <= attributes
    assert "SameSite=Lax" in cookie


def test_login_does_not_redirect_off_site(client, people):
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = login(client, "lina", next_path=evil)
        assert response.status_code == 302
        location = response.headers["Location"]
        assert urlparse(location).netloc in ("", "localhost") and not location.startswith(("//", "/\\"))
        client.post("/logout", data={"csrf_token": csrf(client, "/applicant/cases")})


def test_logged_out_user_is_sent_to_login_and_back(client, people):
    response = client.get("/registrar/queue")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    assert login(client, "registrar", next_path="/registrar/queue").headers["Location"] == "/registrar/queue"


# -- registrar -----------------------------------------------------------------------------------
def test_registrar_approves_from_the_case_page(client, people, head):
    case_id = file_settled_case(client, people)
    assert login(client, "registrar").headers["Location"] == "/"
    queue = text(client.get("/registrar/queue"))
    assert f"/registrar/cases/{case_id}" in queue and "福州市鼓楼区五四路88号" in queue
    assert "张伟 → 李娜" in queue and "¥2,000,000.00" in queue and "首套" in queue
    page = client.get(f"/registrar/cases/{case_id}")
    assert page.status_code == 200 and ZHANG_WEI.id_number in text(page)

    approved = client.post(f"/registrar/cases/{case_id}/approve",
                           data={"csrf_token": csrf(client, f"/registrar/cases/{case_id}")})
    assert approved.status_code == 303
    after = text(client.get(approved.headers["Location"]))
    assert "已核准登簿" in after and "闽(2026)福州市不动产权第0000002号" in after
    assert "当前没有待审核的办件" in text(client.get("/registrar/queue"))

    before = head()
    again = client.post(f"/registrar/cases/{case_id}/approve",
                        data={"csrf_token": csrf(client, f"/registrar/cases/{case_id}")})
    assert again.status_code == 409
    assert "刷新页面" in text(again) and "case_not_pending" in text(again)
    assert f'href="/registrar/cases/{case_id}" data-test="reload"' in text(again)
    assert head() == before

    unit = text(client.get(f"/units/{GULOU_FLAT}"))
    assert "闽(2026)福州市不动产权第0000001号(销)" in unit and "转移登记" in unit
    assert GULOU_FLAT in text(client.get("/units?q=350102"))


def test_registrar_rejection_needs_a_reason(client, people, head):
    case_id = file_settled_case(client, people)
    login(client, "registrar")
    token = csrf(client, f"/registrar/cases/{case_id}")
    before = head()
    blank = client.post(f"/registrar/cases/{case_id}/reject", data={"csrf_token": token, "reason": "  "})
    assert blank.status_code == 422 and 'data-test="error-reason"' in text(blank)
    assert head() == before
    rejected = client.post(f"/registrar/cases/{case_id}/reject", data={"csrf_token": token, "reason": "合同缺页"})
    assert rejected.status_code == 303
    assert "合同缺页" in text(client.get(rejected.headers["Location"]))


def test_registrar_of_another_registry_gets_404(client, people):
    case_id = file_settled_case(client, people)
    login(client, "xm-registrar")
    assert client.get(f"/registrar/cases/{case_id}").status_code == 404
    assert client.get(f"/units/{GULOU_FLAT}").status_code == 404


# -- applicant -----------------------------------------------------------------------------------
def test_applicant_cannot_open_another_applicants_case_nor_the_registrar_queue(client, people):
    case_id = file_settled_case(client, people)
    login(client, "chengang")
    assert client.get(f"/applicant/cases/{case_id}").status_code == 404
    assert client.get("/registrar/queue").status_code == 403
    assert client.get(f"/units/{GULOU_FLAT}").status_code == 404


def test_new_transfer_with_a_bad_unit_number_shows_the_field_error_and_stores_nothing(client, people, head):
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    login(client, "lina")
    before = head()
    token = csrf(client, "/applicant/transfers/new")
    bad = client.post("/applicant/transfers/new", data=transfer_form(unit_number="35010200100", csrf_token=token))
    assert bad.status_code == 422
    page = text(bad)
    assert 'data-test="error-unit_number"' in page and "不动产单元号应为 28 位" in page
    assert 'value="FZ2026-000123"' in page and f'value="{ZHANG_WEI.id_number}"' in page, "input is kept"
    unknown = client.post("/applicant/transfers/new",
                          data=transfer_form(unit_number="350102001001GB00001F00010099", csrf_token=token))
    assert unknown.status_code == 422 and "登记簿中没有这个不动产单元" in text(unknown)
    wrong_id = client.post("/applicant/transfers/new",
                           data=transfer_form(**{"sellers-0-id_number": "350102198001010010"}, csrf_token=token))
    assert 'data-test="error-sellers-0-id_number"' in text(wrong_id)
    not_owner = client.post("/applicant/transfers/new",
                            data=transfer_form(**{"sellers-0-name": "王芳"}, csrf_token=token))
    assert not_owner.status_code == 422
    assert 'data-test="error-sellers"' in text(not_owner) and "sellers_must_be_owners" in text(not_owner)
    orphan = client.post("/applicant/transfers/new", data=transfer_form(
        **{"family-0-buyer": "1", "family-0-name": CHEN_GANG.name, "family-0-id_number": CHEN_GANG.id_number},
        csrf_token=token))
    assert 'data-test="error-family-0-buyer"' in text(orphan)
    assert head() == before


def test_applicant_files_through_the_form_and_withdraws(client, people):
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    login(client, "lina")
    token = csrf(client, "/applicant/transfers/new")
    form = transfer_form(**{"buyers-0-share": "", "sellers-1-name": " ", "family-1-name": CHEN_GANG.name,
                            "family-1-id_number": CHEN_GANG.id_number, "csrf_token": token})
    filed = client.post("/applicant/transfers/new", data=form)
    assert filed.status_code == 303, text(filed)
    case_page = text(client.get(filed.headers["Location"]))
    assert "申请已提交" in case_page and mask_id_number(ZHANG_WEI.id_number) in case_page
    assert ZHANG_WEI.id_number not in case_page, "other people's ID numbers are masked"
    assert "李娜：首套" in case_page
    mine = text(client.get("/applicant/cases"))
    assert filed.headers["Location"] in mine and "五四路88号" in mine

    withdrawn = client.post(filed.headers["Location"] + "/withdraw",
                            data={"csrf_token": token, "reason": "改期"})
    assert withdrawn.status_code == 303
    assert "已撤回" in text(client.get(withdrawn.headers["Location"]))
    again = client.post(filed.headers["Location"] + "/withdraw", data={"csrf_token": token})
    assert again.status_code == 409 and "case_not_withdrawable" in text(again)
