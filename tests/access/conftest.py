"""The signed-in world the access tests (the matrix and the bound posts and forms) share."""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests import conftest
from tests.access.asking import row_counts
from tests.access.matrix import ROLES


@pytest.fixture(scope="module")
def signed_in_world(django_db_setup, django_db_blocker):
    """The `world` of tests/conftest.py, built once for the whole matrix, and a signed-in session for each
    of its people (`client.force_login`). Built inside a transaction that is rolled back when the module
    ends; each row runs in the test's own transaction and each role's request in a savepoint of its own,
    both rolled back, so no change made for one row or role reaches another.

    The world comes from the conftest fixture's own function, so there is one definition of it. Building
    it and signing fourteen people in once, instead of for each of ~100 rows, halves the matrix's time."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = conftest.world.__wrapped__(db=None)
        sessions = {}
        for role in ROLES[1:]:
            client = Client()
            client.force_login(world.user(role))
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield world, sessions, row_counts()
        transaction.set_rollback(True)
