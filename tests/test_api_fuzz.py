"""A bounded schemathesis run over the whole API: no input may produce a server error.

Schemathesis generates requests from the OpenAPI schema (valid ones and, in negative mode,
ones that break it: huge integers, wrong types, odd characters) and sends them to the Django
WSGI app in-process, logged in as a county officer. The run is deterministic (derandomised,
no example database) and small, so that it fits `make test` on SQLite and PostgreSQL.
"""

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from shouhu.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.seed = 20261201  # with derandomize, the same requests on every run and machine


@pytest.fixture
def in_test_transaction():
    """Requests through the real WSGI handler close "old" database connections when they start
    and finish, which ends the test's transaction on PostgreSQL; Django's test client holds
    these signals off in the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def session_cookie(people, kids, client, in_test_transaction):
    """The county officer's session; the county has children to list and open."""
    client.force_login(people["county"], backend="django.contrib.auth.backends.ModelBackend")
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


@schema.parametrize()
@hypothesis_settings(
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_input_makes_a_server_error(case, session_cookie):
    response = case.call(cookies=session_cookie)
    # Besides no 5xx: every status the API answers (401, 404, 422) is one the schema documents.
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance])
