"""Every write endpoint of the API, found from the app's own URL map, answers a body of the wrong shape (not an
object, nested too deep, a field of the wrong kind) with a 4xx in the one error shape, and stores nothing.

The endpoints are not listed by hand, so a new endpoint is covered the day it is added."""

from __future__ import annotations

import json
from uuid import UUID

import pytest
from marshmallow import fields

from registry.kernel.actors import Role
from tests.builders import GULOU_FLAT
from tests.e2e import test_court_auth
from tests.e2e.test_court_auth import signed

courts = test_court_auth.courts

WRITES = {"POST", "PUT", "PATCH"}
SOME_ID = str(UUID(int=20261202))
PATH_VALUES = {"unit_number": GULOU_FLAT, "reference": "YY-2026-1", "payer": "seller"}
DEEP = 900
NOT_OBJECTS = {"a JSON string": '"transfer my flat"', "a list": '[{"unit_number": "x"}]', "a number": "42",
               "null": "null", "true": "true"}
TOO_DEEP = {"an object nested 900 deep": '{"a":' * DEEP + "1" + "}" * DEEP,
            "a field nested 900 deep": '{"unit_number": ' + "[" * DEEP + "]" * DEEP + "}"}
WRONG_KINDS = {"a string": "x", "a number": 7, "a list of strings": ["x"], "a list of lists": [[1]],
               "an empty object": {}, "true": True, "a deep list": [[[[[[[[[[[[[[[[["x"]]]]]]]]]]]]]]]]]}


def write_endpoints(app) -> list[tuple[str, str, type | None]]:
    """(method, concrete path, JSON body schema or None) for every API write route."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        values = {name: PATH_VALUES.get(name, SOME_ID) for name in rule.arguments}
        path = app.url_map.bind("localhost").build(rule.endpoint, values)
        doc = getattr(app.view_functions[rule.endpoint], "_apidoc", {})
        schemas = [p["schema"] for p in doc.get("arguments", {}).get("parameters", [])
                   if p.get("location", "json") == "json" and p.get("in", "json") == "json"]  # not multipart
        for method in sorted(rule.methods & (WRITES | {"DELETE"})):
            found.append((method, path, schemas[0] if schemas else None))
    return found


@pytest.fixture
def callers(platform, people, courts, clock, client):
    """One way in for every kind of caller: bearer tokens for each role, and a court's signature."""
    accounts, now = platform.accounts, clock.now()
    accounts.add_org("icbc-fz", "bank", "中国工商银行福州分行", now=now)
    accounts.add_org("fz-tax", "tax_bureau", "国家税务总局福州市税务局", province="闽", city="福州市", now=now)
    accounts.add_user("icbc", Role.BANK_STAFF, org="icbc-fz", display_name="工行信贷员", now=now)
    accounts.add_user("taxman", Role.TAX_OFFICER, org="fz-tax", display_name="陈税务", now=now)
    tokens = {**people, **{u: {"Authorization": f"Bearer {accounts.issue_token(u, now)}"} for u in ("icbc", "taxman")}}
    nonces = iter(range(10**6))

    def send(who: str, method: str, path: str, body: str):
        raw = body.encode()
        if who == "court":
            headers = signed(courts["private"]["gulou-2026"], "gulou-2026", clock=clock, body=raw, path=path,
                             method=method, nonce=f"shape-nonce-{next(nonces):012d}")
        else:
            headers = {**tokens[who], "Content-Type": "application/json"}
        return client.open(path, method=method, data=raw, headers=headers)

    return send


def admitted_caller(send, method: str, path: str) -> str | None:
    """The caller the endpoint lets past authentication and role checks, if any of ours."""
    who_first = ["court"] if path.startswith("/api/v1/court/") else []
    for who in [*who_first, "registrar", "lina", "icbc", "taxman", "admin"]:
        if send(who, method, path, "{}").status_code not in (401, 403):
            return who
    return None


def assert_error_shape(response, body_label: str, path: str) -> None:
    assert 400 <= response.status_code < 500, f"{path} answered {response.status_code} to {body_label}"
    assert set(response.json) == {"code", "message", "errors"}, (path, body_label, response.json)
    assert response.json["message"]


def field_shapes(schema: type) -> list[tuple[str, dict]]:
    """Bodies that put a value of the wrong kind in each field, and in each field of a nested object."""
    bodies = []
    for name, field in schema().fields.items():
        if field.dump_only:
            continue
        key = field.data_key or name
        for label, value in WRONG_KINDS.items():
            bodies.append((f"{key} as {label}", {key: value}))
        inner = field.inner if isinstance(field, fields.List) else field
        if isinstance(inner, fields.Nested):
            for inner_name, inner_field in inner.schema.fields.items():
                inner_key = inner_field.data_key or inner_name
                for label, value in WRONG_KINDS.items():
                    nested = {inner_key: value}
                    bodies.append((f"{key}.{inner_key} as {label}",
                                   {key: [nested] if isinstance(field, fields.List) else nested}))
    return bodies


def test_every_write_endpoint_refuses_a_body_that_is_not_an_object(app, callers, head):
    before, checked = head(), 0
    for method, path, schema in write_endpoints(app):
        who = admitted_caller(callers, method, path)
        for label, body in {**NOT_OBJECTS, **TOO_DEEP}.items():
            for caller in {who, "lina"} - {None}:
                response = callers(caller, method, path, body)
                assert response.status_code < 500, f"{method} {path} as {caller}: {label} → {response.status_code}"
                if response.status_code >= 400:
                    assert_error_shape(response, label, path)
            if schema is not None and who is not None:
                response = callers(who, method, path, body)
                expected = "body_too_deep" if label in TOO_DEEP else "body_not_an_object"
                assert (response.status_code, response.json["code"]) == (400, expected), (method, path, label)
                checked += 1
    assert checked >= 20 * len({**NOT_OBJECTS, **TOO_DEEP})  # the gate was reached, not only the role check
    assert head() == before


def test_every_field_of_every_write_schema_refuses_a_value_of_the_wrong_kind(app, callers, head):
    before, checked = head(), 0
    for method, path, schema in write_endpoints(app):
        who = admitted_caller(callers, method, path)
        if schema is None or who is None:
            continue
        for label, body in field_shapes(schema):
            response = callers(who, method, path, json.dumps(body))
            assert response.status_code < 500, f"{method} {path}: {label} → {response.status_code}"
            if response.status_code >= 400:
                assert_error_shape(response, label, path)
            checked += 1
    assert checked > 500
    assert head() == before


def test_some_caller_of_ours_is_admitted_to_every_write_endpoint(app, callers):
    shut_out = [(method, path) for method, path, _ in write_endpoints(app)
                if admitted_caller(callers, method, path) is None and path != "/api/v1/payments/callback"]
    assert shut_out == []  # else the shape tests above would only have met the role check there
