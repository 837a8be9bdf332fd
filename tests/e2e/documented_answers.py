"""Every JSON answer the API gives an e2e test is checked against the schema the OpenAPI document gives for
that operation and status (openapi-core's response validation): an answer that breaks its documented
schema fails the test that received it, whichever test that is.

Requests are not validated: the e2e tests send wrong bodies on purpose to prove they are refused.
"""

from __future__ import annotations

import json
from functools import lru_cache

from flask.testing import FlaskClient
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from werkzeug.test import TestResponse

API_PREFIX = "/api/v1/"


@lru_cache(maxsize=4)
def _openapi(document: str) -> OpenAPI:
    # one parsed spec for every app of the session: building it takes far longer than a request
    return OpenAPI.from_dict(json.loads(document))


def openapi_of(app) -> OpenAPI:
    if "documented_answers" not in app.extensions:
        document = app.extensions["registry_api"].spec.to_dict()
        app.extensions["documented_answers"] = _openapi(json.dumps(document, sort_keys=True, default=str))
    return app.extensions["documented_answers"]


class AnsweredRequest(WerkzeugOpenAPIRequest):
    """The request an answer was for: its method, path and query find the operation. Its body was read by the
    app and is not needed to check the answer (reading it again fails as a disconnected client)."""

    @property
    def body(self) -> bytes:
        return b""


def check_answer(openapi: OpenAPI, response: TestResponse) -> None:
    """Fails with the operation, the status, what broke the schema and the body."""
    request = response.request
    try:
        openapi.validate_response(AnsweredRequest(request), WerkzeugOpenAPIResponse(response))
    except Exception as broken:  # openapi-core
        reasons = [str(broken), *(str(e) for e in getattr(broken, "schema_errors", ()))]
        cause = broken.__cause__
        while cause is not None:
            reasons += [str(cause), *(str(e) for e in getattr(cause, "schema_errors", ()))]
            cause = cause.__cause__
        body = response.get_data(as_text=True)
        raise AssertionError(
            f"{request.method} {request.path} answered {response.status_code}, which breaks its documented "
            f"schema:\n  " + "\n  ".join(dict.fromkeys(reasons)) + f"\nbody: {body[:2000]}") from None


def is_api_json(response: TestResponse) -> bool:
    return response.request.path.startswith(API_PREFIX) and response.mimetype == "application/json"


class DocumentedAnswersClient(FlaskClient):
    """The e2e tests' client: every JSON answer from the API is checked against the OpenAPI document."""

    def open(self, *args, **kwargs) -> TestResponse:
        response = super().open(*args, **kwargs)
        if is_api_json(response):
            check_answer(openapi_of(self.application), response)
        return response
