"""Every operation of the API, with requests generated from its own OpenAPI schema (schemathesis), sent to
the app in-process with a provider's key and a school's: no request may get a server error. Run with a
fixed seed and a bounded number of examples, so the suite's time does not drift.

Requests go straight to Django's WSGI handler in the test's thread and database transaction; its
`request_started`/`request_finished` signals would close the test's connection (Django's own test client
disconnects them the same way), so the fixture below does."""

import datetime

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.api.keys import make_key
from tests.attendance.world import placed
from tests.placements.factories import ObjectiveFactory

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261201,
        "generation": {
            "max-examples": 30,
            "database": "none",  # no .hypothesis folder, no replay of an earlier run's cases
            "deterministic": True,
            "with-security-parameters": False,  # the key is ours to send, never generated
        },
        "phases": {
            "examples": {"enabled": False},
            "coverage": {"enabled": False},  # its number of cases ignores max-examples
            "stateful": {"enabled": False},
        },
        "checks": {"enabled": False, "not_a_server_error": {"enabled": True}},
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)


@pytest.fixture
def in_process():
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def keys(world, in_process, settings):
    settings.API_KEY_RATE = "100000/minute"  # the generated requests are many; throttling has its own test
    placement = placed(world)
    ObjectiveFactory(placement=placement, baseline_on=datetime.date(2026, 1, 5))
    return placement, [make_key(world.provider)[1], make_key(world.school)[1]]


def test_the_schema_is_valid_openapi_with_no_warning(tmp_path):
    """drf-spectacular warns where it has to guess (an unnamed parameter, clashing operation ids)."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert "/api/v1/attendance/" in (tmp_path / "schema.yaml").read_text()


def test_the_schema_lists_every_operation():
    operations = {(found.ok().method.upper(), found.ok().path) for found in schema.get_all_operations()}
    assert {method for method, _path in operations} == {"GET", "POST"}
    assert len(operations) == 5


@schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
def test_no_request_gets_a_server_error(case, keys):
    placement, sent = keys
    if case.path_parameters:
        case.path_parameters = dict.fromkeys(case.path_parameters, placement.pk)
    for key in sent:
        case.call_and_validate(headers={"Authorization": f"Api-Key {key}"}, checks=[not_a_server_error])
