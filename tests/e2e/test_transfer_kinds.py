"""Kinds of transfer over HTTP: the catalogue a client builds its form from, a case filed as its kind, and the
page that asks the kind first and shows that kind's sections only."""

from tests.builders import GARAGE, LI_NA, ZHANG_WEI
from tests.e2e.api import transfer_body, unit_body
from tests.e2e.test_pages import csrf, login


def kinds_by_name(client) -> dict[str, dict]:
    answer = client.get("/api/v1/transfer-kinds")
    assert answer.status_code == 200
    return {kind["kind"]: kind for kind in answer.json["kinds"]}


def test_the_catalogue_says_each_kinds_sections_documents_taxes_and_time_limit_without_logging_in(client):
    kinds = kinds_by_name(client)
    assert set(kinds) == {"resale_residential", "resale_non_residential", "new_build_sale", "gift", "inheritance",
                          "enterprise_to_person", "person_to_enterprise"}
    home, shop = kinds["resale_residential"], kinds["resale_non_residential"]
    assert "family" in [s["section"] for s in home["sections"]]
    assert "family" not in [s["section"] for s in shop["sections"]]
    assert shop["uses"] == ["garage_parking_storeroom", "non_residential"]
    assert kinds["inheritance"]["documents"] == ["id_document", "death_certificate", "inheritance_proof",
                                                 "kinship_proof"]
    assert home["time_limit"]["working_days"] == 3 and "福州" in home["time_limit"]["source"]
    assert (kinds["gift"]["online"], home["online"]) == (False, True)


def test_a_case_answers_the_kind_it_was_filed_as(client, people):
    client.post("/api/v1/units", json=unit_body(), headers=people["registrar"])
    client.post("/api/v1/units", json=unit_body(GARAGE, use="garage_parking_storeroom", area="15.00"),
                headers=people["registrar"])
    flat = client.post("/api/v1/transfers", json=transfer_body(), headers=people["lina"])
    garage = client.post("/api/v1/transfers", json=transfer_body(GARAGE, kind="resale_non_residential",
                                                                 contract_number="G-2026-1"),
                         headers=people["lina"])
    assert (flat.status_code, garage.status_code) == (201, 201), garage.json
    assert (flat.json["kind"], garage.json["kind"]) == ("resale_residential", "resale_non_residential")
    queue = client.get("/api/v1/registrar/cases", headers=people["registrar"]).json["cases"]
    assert sorted(c["kind"] for c in queue) == ["resale_non_residential", "resale_residential"]


def test_a_flat_filed_as_a_shop_sale_is_refused_naming_the_kind_and_nothing_is_stored(client, people, head):
    client.post("/api/v1/units", json=unit_body(), headers=people["registrar"])
    before = head()
    refused = client.post("/api/v1/transfers", json=transfer_body(kind="resale_non_residential"),
                          headers=people["lina"])
    assert refused.status_code == 422
    assert refused.json["code"] == "invalid_value" and "kind" in refused.json["errors"]
    assert head() == before


def test_a_gift_is_refused_by_name_until_the_window_takes_it_and_nothing_is_stored(client, people, head):
    client.post("/api/v1/units", json=unit_body(), headers=people["registrar"])
    before = head()
    refused = client.post("/api/v1/transfers", json=transfer_body(kind="gift"), headers=people["lina"])
    assert (refused.status_code, refused.json["code"]) == (422, "kind_not_offered_online")
    unknown = client.post("/api/v1/transfers", json=transfer_body(kind="barter"), headers=people["lina"])
    assert unknown.status_code == 422 and "kind" in unknown.json["errors"]
    assert head() == before


def test_the_new_case_page_asks_the_kind_first_then_shows_only_its_sections(client, people):
    login(client, "lina")
    chooser = client.get("/applicant/transfers/new").get_data(as_text=True)
    assert 'data-test="choose-resale_non_residential"' in chooser
    assert 'data-test="kind-inheritance"' in chooser and "暂请到登记窗口办理" in chooser
    shop = client.get("/applicant/transfers/new?kind=resale_non_residential").get_data(as_text=True)
    assert 'name="kind" value="resale_non_residential"' in shop
    assert 'data-test="family-section"' not in shop and "tax_claims-deed_tax_relief" not in shop
    home = client.get("/applicant/transfers/new?kind=resale_residential").get_data(as_text=True)
    assert 'data-test="family-section"' in home and "tax_claims-deed_tax_relief" in home


def test_the_page_files_a_garage_sale_as_its_kind(client, people):
    client.post("/api/v1/units", json=unit_body(GARAGE, use="garage_parking_storeroom", area="15.00"),
                headers=people["registrar"])
    login(client, "lina")
    token = csrf(client, "/applicant/transfers/new?kind=resale_non_residential")
    filed = client.post("/applicant/transfers/new", data={
        "csrf_token": token, "kind": "resale_non_residential", "unit_number": GARAGE, "price": "180000.00",
        "contract_number": "G-2026-7", "contract_date": "2026-03-10", "certificates": "1",
        "sellers-0-name": ZHANG_WEI.name, "sellers-0-id_number": ZHANG_WEI.id_number,
        "buyers-0-name": LI_NA.name, "buyers-0-id_number": LI_NA.id_number, "buyers-0-share": "1"})
    assert filed.status_code == 303, filed.get_data(as_text=True)[:2000]
    mine = client.get("/api/v1/transfers", headers=people["lina"]).json["cases"]
    assert [(c["unit_number"], c["kind"]) for c in mine] == [(GARAGE, "resale_non_residential")]


def test_the_kinds_are_named_in_english_on_the_english_page(client, people):
    login(client, "lina")
    chooser = client.get("/applicant/transfers/new?lang=en").get_data(as_text=True)
    assert "Resale of a shop, office, garage or parking space" in chooser
    assert "at the registry's counter for now" in chooser.replace("&#39;", "'")
