"""The e2e client checks every JSON answer against the OpenAPI document: a real answer passes, and one that
breaks its documented schema fails loudly, naming the operation and what broke."""

from __future__ import annotations

import json
import uuid

import pytest
from werkzeug.test import TestResponse

from tests.e2e.documented_answers import DocumentedAnswersClient, check_answer, openapi_of


def answered_instead(real: TestResponse, body: dict) -> TestResponse:
    """The same request, answered with ``body`` instead."""
    return TestResponse([json.dumps(body).encode()], real.status, real.headers, real.request)


def test_the_e2e_client_checks_answers_against_the_document(client):
    assert isinstance(client, DocumentedAnswersClient)


def test_a_real_answer_matches_its_documented_schema(app, client):
    health = client.get("/api/v1/health")
    assert health.status_code == 200
    check_answer(openapi_of(app), health)


def test_an_answer_with_a_field_of_the_wrong_type_fails(app, client):
    health = client.get("/api/v1/health")
    broken = answered_instead(health, {**health.json, "head": "forty-two"})
    with pytest.raises(AssertionError, match=r"GET /api/v1/health answered 200, which breaks its documented schema"):
        check_answer(openapi_of(app), broken)


def test_an_answer_with_an_undocumented_field_fails(app, client):
    health = client.get("/api/v1/health")
    with pytest.raises(AssertionError, match="head_position"):
        check_answer(openapi_of(app), answered_instead(health, {**health.json, "head_position": 1}))


def test_an_error_in_another_shape_than_code_message_errors_fails(app, client, people):
    missing = client.get(f"/api/v1/transfers/{uuid.uuid4()}", headers=people["lina"])
    assert missing.status_code == 404 and isinstance(missing.json["code"], str)
    # the shape flask-smorest writes by default: a numeric code and a status, no errors
    default_shape = {"code": 404, "status": "Not Found", "message": missing.json["message"]}
    with pytest.raises(AssertionError, match="answered 404"):
        check_answer(openapi_of(app), answered_instead(missing, default_shape))
