"""Shared test setup: real PostgreSQL and Redis (failing loudly when absent) and a named test world."""

import os
import socket
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from django.core.cache import cache

from apcommission.tenancy.roles import Role
from tests import factories
from tests.bound_client import BoundClient
from tests.providers.factories import ProviderProfileFactory


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2
        ):
            return True
    except OSError:
        return False


def pytest_configure(config):
    """The suite runs against real services. Missing ones are an error, never a skip."""
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    problems = []
    if not database_url.startswith("postgres"):
        problems.append("DATABASE_URL must point at PostgreSQL (run the suite with `make test`)")
    elif not _reachable(database_url, 5432):
        problems.append(f"PostgreSQL is not answering at {urlparse(database_url).hostname}")
    if not redis_url.startswith("redis"):
        problems.append("REDIS_URL must point at Redis (run the suite with `make test`)")
    elif not _reachable(redis_url, 6379):
        problems.append(f"Redis is not answering at {urlparse(redis_url).hostname}")
    if problems:
        raise pytest.UsageError("; ".join(problems))


@pytest.fixture(autouse=True)
def _private_media_in_tmp(settings, tmp_path):
    """Uploaded documents go to the test's own folder, removed with it, never among the demo's."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and TOTP replay marks live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """pytest-django's `client`, posting bound to the acting membership as the pages' forms do."""
    return BoundClient()


@dataclass
class World:
    """A small universe in which every role and every boundary exists (healthchecks' alice/bob/charlie).

    Demoshire: an LA with two schools (one in a trust) and a provider. Otherton: another LA with its own
    school and provider. Both providers have a profile; lists, evidence and visits are made by the tests
    (or a matrix row's `setup`) that need them. `members` maps a role name used by the access matrix to
    its membership.
    """

    la: object
    other_la: object
    trust: object
    school: object
    sibling_school: object
    other_school: object
    provider: object
    other_provider: object
    members: dict = field(default_factory=dict)
    operator: object = None
    no_mfa_user: object = None

    def user(self, name):
        if name == "operator":
            return self.operator
        if name == "no_mfa":
            return self.no_mfa_user
        return self.members[name].user


@pytest.fixture
def world(db):
    la = factories.LocalAuthorityFactory(name="Demoshire Council")
    other_la = factories.LocalAuthorityFactory(name="Otherton Council")
    trust = factories.TrustFactory(name="Demoshire Learning Trust")
    school = factories.SchoolFactory(name="Demoshire Academy", local_authority=la, trust=trust)
    sibling_school = factories.SchoolFactory(name="Hillside Primary", local_authority=la)
    other_school = factories.SchoolFactory(name="Otherton School", local_authority=other_la)
    provider = factories.ProviderFactory(name="Demoshire PRU", local_authority=la)
    other_provider = factories.ProviderFactory(name="Otherton College", local_authority=other_la)
    for each in (provider, other_provider):
        ProviderProfileFactory(provider=each, added_by=each.local_authority)
    world = World(la, other_la, trust, school, sibling_school, other_school, provider, other_provider)
    for name, organisation, role in [
        ("la_officer", la, Role.LA_OFFICER),
        ("la_viewer", la, Role.LA_VIEWER),
        ("other_la_officer", other_la, Role.LA_OFFICER),
        ("ap_lead", school, Role.AP_LEAD),
        ("dsl", school, Role.DSL),
        ("school_leader", school, Role.SCHOOL_LEADER),
        ("school_staff", school, Role.SCHOOL_STAFF),
        ("other_school_leader", sibling_school, Role.SCHOOL_LEADER),
        ("trust_leader", trust, Role.TRUST_LEADER),
        ("provider_manager", provider, Role.PROVIDER_MANAGER),
        ("provider_staff", provider, Role.PROVIDER_STAFF),
        ("other_provider_manager", other_provider, Role.PROVIDER_MANAGER),
    ]:
        world.members[name] = factories.member(organisation, role)
    world.operator = factories.OperatorFactory()
    world.no_mfa_user = factories.MembershipFactory(
        organisation=school, role=Role.AP_LEAD, user=factories.UserFactory(with_totp=False)
    ).user
    return world
