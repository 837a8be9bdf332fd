"""Lists over HTTP: paging arguments and paging fields on every list, bad paging arguments a 422 in the one
error shape (never a 500), the registrar's unit search and case list in the API and on their pages."""

from __future__ import annotations

import pytest

from tests.builders import CHEN_GANG, LI_NA, ZHANG_WEI
from tests.e2e.api import transfer_body, unit_body
from tests.e2e.test_pages import login, text


def flat(number: int) -> str:
    return f"350102001001GB00001F0001{number:04d}"


@pytest.fixture
def three_flats(client, people):
    """Zhang Wei owns two flats, Chen Gang one; all in Fuzhou."""
    chen = [{"name": CHEN_GANG.name, "id_number": CHEN_GANG.id_number, "share": "1"}]
    for number, owners in ((1, None), (2, None), (3, chen)):
        created = client.post("/api/v1/units", json=unit_body(flat(number), owners=owners),
                              headers=people["registrar"])
        assert created.status_code == 201, created.json
    return client.get(f"/api/v1/units/{flat(3)}", headers=people["registrar"]).json["certificate_number"]


def test_unit_search_answers_a_page_with_its_paging_fields(client, people, three_flats):
    first = client.get("/api/v1/units?per_page=2", headers=people["registrar"])
    second = client.get("/api/v1/units?per_page=2&page=2", headers=people["registrar"])

    assert first.status_code == 200
    assert {k: first.json[k] for k in ("page", "per_page", "total", "pages", "next", "previous")} == {
        "page": 1, "per_page": 2, "total": 3, "pages": 2, "next": 2, "previous": None}
    assert [u["unit_number"] for u in first.json["units"]] == [flat(1), flat(2)]
    assert [u["unit_number"] for u in second.json["units"]] == [flat(3)] and second.json["next"] is None


def test_registrar_searches_units_by_owner_name_id_number_and_certificate(client, people, three_flats):
    def found(query: str, who: str = "registrar") -> list[str]:
        response = client.get(f"/api/v1/units?{query}", headers=people[who])
        assert response.status_code == 200, response.json
        return [u["unit_number"] for u in response.json["units"]]

    assert found(f"owner_name={CHEN_GANG.name}") == [flat(3)]
    assert found(f"id_number={ZHANG_WEI.id_number}") == [flat(1), flat(2)]
    assert found(f"certificate_number={three_flats}") == [flat(3)]
    assert found(f"owner_name={CHEN_GANG.name}", who="xm-registrar") == []
    assert found(f"id_number={ZHANG_WEI.id_number}", who="xm-registrar") == []
    assert client.get("/api/v1/units", headers=people["zhangwei"]).status_code == 403


BAD_PAGING = ("page=0", "page=-3", "page=abc", "per_page=0", "per_page=1000", "page=99999999999999999999",
              "per_page=1.5")
LISTS = ("/api/v1/units", "/api/v1/transfers", "/api/v1/registrar/cases", "/api/v1/registrar/queue",
         "/api/v1/registrar/mortgages", "/api/v1/registrar/mortgages/queue", "/api/v1/registrar/flagged-seizures")


def test_bad_paging_arguments_are_a_422_in_the_one_error_shape(client, people):
    for path in LISTS:
        for query in BAD_PAGING:
            response = client.get(f"{path}?{query}", headers=people["registrar"])

            assert response.status_code == 422, (path, query, response.json)
            assert response.json["code"] == "invalid_input" and set(response.json["errors"]) <= {"page", "per_page"}
            assert set(response.json) == {"code", "message", "errors"}


def test_registrar_lists_cases_by_state_and_unit_and_refuses_days_out_of_order(client, people, three_flats):
    filed = client.post("/api/v1/transfers", json=transfer_body(flat(1)), headers=people["lina"])
    assert filed.status_code == 201, filed.json
    case_id = filed.json["case_id"]

    def listed(query: str) -> list[str]:
        response = client.get(f"/api/v1/registrar/cases?{query}", headers=people["registrar"])
        assert response.status_code == 200, response.json
        return [c["case_id"] for c in response.json["cases"]]

    assert listed("") == [case_id]
    assert listed(f"unit_number={flat(1)}&kind=transfer&state=awaiting_settlement") == [case_id]
    assert listed(f"unit_number={flat(2)}") == [] and listed("kind=judicial") == []
    assert listed("submitted_from=2026-03-16&submitted_to=2026-03-16") == [case_id]
    assert listed("submitted_to=2026-03-15") == []
    refused = client.get("/api/v1/registrar/cases?submitted_from=2026-03-17&submitted_to=2026-03-16",
                         headers=people["registrar"])
    assert refused.status_code == 422 and "submitted_to" in refused.json["errors"]
    assert client.get("/api/v1/registrar/cases?kind=barter", headers=people["registrar"]).status_code == 422
    xiamen = client.get("/api/v1/registrar/cases", headers=people["xm-registrar"]).json
    assert (xiamen["cases"], xiamen["total"]) == ([], 0)
    assert client.get("/api/v1/transfers", headers=people["registrar"]).json["total"] == 1


def test_the_registrar_page_searches_by_owner_and_pages_through_the_results(client, people, three_flats):
    login(client, "registrar")

    by_owner = text(client.get(f"/units?owner_name={ZHANG_WEI.name}&per_page=1"))
    assert flat(1) in by_owner and flat(2) not in by_owner
    assert 'data-test="pager-next"' in by_owner and 'data-total="2"' in by_owner
    page_two = text(client.get(f"/units?owner_name={ZHANG_WEI.name}&per_page=1&page=2"))
    assert flat(2) in page_two and 'data-test="pager-previous"' in page_two
    by_id = text(client.get(f"/units?id_number={CHEN_GANG.id_number}"))
    assert flat(3) in by_id and flat(1) not in by_id
    by_certificate = text(client.get(f"/units?certificate_number={three_flats}"))
    assert flat(3) in by_certificate and flat(2) not in by_certificate
    bad = client.get(f"/units?owner_name={ZHANG_WEI.name}&page=0")
    assert bad.status_code == 422 and 'data-test="error-message"' in text(bad)


def test_the_registrar_case_page_filters_and_refuses_a_bad_day(client, people, three_flats):
    filed = client.post("/api/v1/transfers", json=transfer_body(flat(1), buyers=[
        {"name": LI_NA.name, "id_number": LI_NA.id_number, "share": "1"}]), headers=people["lina"])
    assert filed.status_code == 201, filed.json
    login(client, "registrar")

    listed = client.get(f"/registrar/cases?unit_number={flat(1)}")
    assert listed.status_code == 200 and filed.json["case_id"] in text(listed)
    assert filed.json["case_id"] not in text(client.get("/registrar/cases?state=approved"))
    bad = client.get("/registrar/cases?submitted_from=yesterday")
    assert bad.status_code == 422 and 'data-test="error-submitted_from"' in text(bad)
