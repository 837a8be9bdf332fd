"""The OpenAPI document describes answers: every operation names the schema of its success answer and
documents each refusal (4xx) it can give in the one error shape, ``{code, message, errors}``."""

from __future__ import annotations

import pytest
from openapi_spec_validator import OpenAPIV30SpecValidator

from web import create_app

OPERATIONS = ("get", "put", "post", "delete", "patch")
NO_BODY = {"204"}
ERROR_FIELDS = {"code": "string", "message": "string", "errors": "object"}
# who may be refused for what: a bearer token can be missing (401) or of the wrong role (403); a court's
# signature can only be missing or wrong (401)
REFUSED_CALLERS = {"bearerAuth": {"401", "403"}, "courtSignature": {"401"}}


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    app = create_app({"INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")), "TESTING": True})
    document = app.test_client().get("/api/openapi.json").json
    app.extensions["platform"].close()
    return document


def resolve(spec: dict, item: dict) -> dict:
    while "$ref" in item:
        section, kind, name = item["$ref"].removeprefix("#/").split("/")
        item = spec[section][kind][name]
    return item


def operations(spec: dict):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if method in OPERATIONS:
                yield f"{method.upper()} {path}", operation


def schemas_of(spec: dict, response: dict) -> list[dict]:
    return [resolve(spec, media["schema"]) for media in resolve(spec, response).get("content", {}).values()
            if "schema" in media]


def is_the_error_shape(spec: dict, schema: dict) -> bool:
    properties = schema.get("properties", {})
    return (all(properties.get(name, {}).get("type") == kind for name, kind in ERROR_FIELDS.items())
            and set(ERROR_FIELDS) <= set(schema.get("required", ())) and "status" not in schema.get("required", ()))


def test_the_document_is_valid_openapi_3(spec):
    assert [error.message for error in OpenAPIV30SpecValidator(spec).iter_errors()] == []


def test_every_operation_documents_the_schema_of_its_success_answer(spec):
    lacking = []
    for name, operation in operations(spec):
        successes = {code: r for code, r in operation["responses"].items() if code.startswith("2")}
        if not successes:
            lacking.append(f"{name}: no 2xx response")
        lacking += [f"{name}: {code} without a schema" for code, response in successes.items()
                    if code not in NO_BODY and not schemas_of(spec, response)]
    assert not lacking, "operations without an answer schema:\n" + "\n".join(lacking)


def test_every_refusal_is_documented_in_the_one_error_shape(spec):
    lacking = []
    for name, operation in operations(spec):
        refusals = {code: r for code, r in operation["responses"].items() if code.startswith("4")}
        lacking += [f"{name}: {code} not in the error shape" for code, response in refusals.items()
                    if not (found := schemas_of(spec, response)) or not all(is_the_error_shape(spec, s) for s in found)]
        for scheme in (scheme for requirement in operation.get("security", ()) for scheme in requirement):
            if missing := REFUSED_CALLERS[scheme] - set(refusals):
                lacking.append(f"{name}: {scheme}, but {', '.join(sorted(missing))} not documented")
    assert not lacking, "refusals not documented as {code, message, errors}:\n" + "\n".join(lacking)


def test_the_error_schema_is_what_the_error_handler_writes(spec, tmp_path):
    error = spec["components"]["schemas"]["Error"]
    assert is_the_error_shape(spec, error)
    app = create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True})
    answer = app.test_client().get("/api/v1/transfers")
    app.extensions["platform"].close()
    assert answer.status_code == 401
    assert set(answer.json) == set(error["properties"]) and isinstance(answer.json["code"], str)
