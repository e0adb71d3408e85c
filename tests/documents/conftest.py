"""Responses built here are closed outside any request. Closing one sends `request_finished`, whose
handler tidies database connections: in a test without the database that touch is refused, and whether
a connection is open then depends on which tests ran before. These tests do not need it."""

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections


@pytest.fixture(autouse=True)
def _no_connection_tidying_on_close():
    request_finished.disconnect(close_old_connections)
    yield
    request_finished.connect(close_old_connections)
