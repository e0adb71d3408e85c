"""How the access tests ask: a signed-in browser for a role, what a response amounts to, and how many rows
the tables a request may change hold."""

from contextlib import contextmanager
from urllib.parse import urlsplit

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse

from apcommission.accounts.models import Invitation, User
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.scoping import unscoped
from tests.access.matrix import PASSWORD, Expect
from tests.bound_client import BoundClient


def row_counts() -> dict:
    """How many rows the tables a matrix row may change hold, read past the scope."""
    with unscoped("test"):
        return {
            model.__name__: model.objects.count()
            for model in (
                Organisation,
                Membership,
                Invitation,
                User,
                Authenticator,
                Session,
                *apps.get_app_config("providers").get_models(),
                *apps.get_app_config("panels").get_models(),
                *apps.get_app_config("pupils").get_models(),
                *apps.get_app_config("placements").get_models(),
                *apps.get_app_config("safeguarding").get_models(),
                *apps.get_app_config("contacts").get_models(),
                *apps.get_app_config("api").get_models(),
            )
        }


def client_for(sessions, role: str, *, fresh: bool, bound: bool = True) -> Client:
    """A browser signed in as `role`. Unless `bound` is false, its posts are bound to the membership it acts
    for (tests/bound_client.py): the matrix is about who may do what, test_bound_posts.py about binding."""
    client = (BoundClient if bound else Client)(raise_request_exception=False)
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
        if fresh:
            response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
            assert response.status_code == 302, f"{role} could not re-enter their password"
    return client


def answer(response) -> Expect:
    """What a response amounts to: its status and, for a redirect, the view name it points at."""
    if response.status_code not in (301, 302, 303, 307, 308):
        return Expect(response.status_code)
    location = response["Location"]
    try:
        return Expect(response.status_code, resolve(urlsplit(location).path).view_name)
    except Exception:  # a redirect off the site, or to nowhere: show where
        return Expect(response.status_code, location)


def request(client: Client, method: str, url: str, data: dict | None):
    if method == "POST":
        return client.post(url, data or {})
    return client.generic(method, url)


def row_url(world, row) -> str:
    """The row's URL in the world, once the rows it needs are made (rolled back with the test)."""
    if row.setup:
        row.setup(world)
    return reverse(row.name, kwargs=row.kwargs(world))


@contextmanager
def rolled_back():
    """A savepoint undone at its end, with the cache emptied first: one role's requests leave nothing
    (rows, rate limits) for the next."""
    with transaction.atomic():
        cache.clear()
        yield
        transaction.set_rollback(True)
