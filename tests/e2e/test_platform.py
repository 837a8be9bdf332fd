"""Platform-wide promises: encryption at rest, owner-only keys, the OpenAPI document and docs page."""

import re
import stat

from tests.builders import ZHANG_WEI
from tests.e2e.api import unit_body


def test_events_are_encrypted_at_rest(client, people, platform):
    client.post("/api/v1/units", json=unit_body(), headers=people["registrar"])
    stored = platform.registry.recorder.select_notifications(start=1, limit=10)
    assert stored, "the registration stored events"
    for record in stored:
        assert ZHANG_WEI.id_number.encode() not in record.state
        assert ZHANG_WEI.name.encode() not in record.state
        assert b"residential" not in record.state
    first = platform.registry.mapper.to_domain_event(stored[0])
    assert first.owners[0].person == ZHANG_WEI


def test_generated_keys_are_owner_only(app, store_kind):
    folder = app.extensions["platform"].settings.instance_path
    for name in ("cipher.key", "secret.key"):
        mode = stat.S_IMODE((folder / name).stat().st_mode)
        assert mode == 0o600, f"{name} is {oct(mode)}"


def test_openapi_document_lists_every_endpoint_with_bearer_security(client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path, method in [("/api/v1/health", "get"), ("/api/v1/units", "post"),
                         ("/api/v1/units/{unit_number}", "get"), ("/api/v1/transfers", "post"),
                         ("/api/v1/transfers", "get"), ("/api/v1/transfers/{case_id}", "get"),
                         ("/api/v1/transfers/{case_id}/withdraw", "post"), ("/api/v1/registrar/queue", "get"),
                         ("/api/v1/transfers/{case_id}/approve", "post"),
                         ("/api/v1/transfers/{case_id}/reject", "post")]:
        assert method in paths[path], f"{method.upper()} {path} missing"
    assert paths["/api/v1/transfers"]["post"]["security"] == [{"bearerAuth": []}]
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    submission = spec["components"]["schemas"]["TransferSubmission"]
    assert {"unit_number", "sellers", "buyers", "price", "contract_number", "contract_date"} <= set(
        submission["required"])


def test_every_operation_documents_errors_in_the_one_error_shape(client, people):
    spec = client.get("/api/openapi.json").json
    error = spec["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"code", "message", "errors"}
    assert error["properties"]["code"]["type"] == "string"
    assert spec["components"]["responses"]["DEFAULT_ERROR"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"}
    for path, operations in spec["paths"].items():
        for method in {"get", "post", "put", "delete", "patch"} & set(operations):
            default = operations[method]["responses"]["default"]
            assert default == {"$ref": "#/components/responses/DEFAULT_ERROR"}, (method, path)
    refused = client.post("/api/v1/transfers", json={"price": "x"}, headers=people["lina"])
    assert set(refused.json) == set(error["properties"])  # what the document says is what a client gets


def test_api_docs_page_works_offline(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/api/v1/transfers/{case_id}/approve" in html
    assert not re.search(r"""(src|href)=["']https?://""", html), "the docs page must not load from a CDN"
