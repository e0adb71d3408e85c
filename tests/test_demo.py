"""The demo world: loaded idempotently, its sign-ins listed, codes printed, and never in production."""

import io
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from apcommission.accounts.models import User
from apcommission.demo import world
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from tests.test_settings import production_env, run


def command_output(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def counts() -> dict[str, int]:
    with unscoped("test"):
        return {
            "organisations": Organisation.objects.count(),
            "users": User.objects.count(),
            "memberships": Membership.objects.count(),
            "active memberships": Membership.objects.active().count(),
            "authenticators": Authenticator.objects.count(),
            **{  # the tables and their history
                model.__name__: model.objects.count()
                for app in ("tenancy", "accounts", "providers", "pupils", "pghistory")
                for model in apps.get_app_config(app).get_models()
            },
        }


@pytest.fixture
def seeded(db):
    command_output("seed_demo")


def test_seeding_twice_changes_nothing(seeded):
    first = counts()

    command_output("seed_demo")

    assert counts() == first
    assert first["users"] == len(world.ACCOUNTS)


def test_the_demo_world_has_demoshire_its_academy_a_second_la_a_trust_and_providers(seeded):
    with unscoped("test"):
        demoshire = Organisation.objects.get(la_code="999")
        academy = Organisation.objects.get(urn="999001")
        las = Organisation.objects.filter(kind=Kind.LOCAL_AUTHORITY)
        trusts = Organisation.objects.filter(kind=Kind.TRUST)
        providers = Organisation.objects.filter(kind=Kind.PROVIDER)
        assert (academy.kind, academy.local_authority) == (Kind.SCHOOL, demoshire)
        assert academy.trust in trusts

    assert "Demoshire" in demoshire.name
    assert las.count() >= 2
    assert trusts.count() >= 1
    assert providers.count() >= 3


def test_every_demo_account_can_sign_in_with_a_password_and_a_code(seeded):
    for email in world.ACCOUNTS:
        user = User.objects.get(email=email)
        assert user.check_password(world.DEMO_PASSWORD)
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_demo_accounts_lists_one_line_per_sign_in_with_every_role(db):
    lines = command_output("demo_accounts").splitlines()

    header, rows = lines[0], [line.split("\t") for line in lines[1:]]
    assert header.split("\t")[0] == "email"
    assert all(len(row) == 4 for row in rows), rows
    roles = {row[1] for row in rows}
    assert roles == {role.value for role in Role} | {"operator"}
    assert {row[0] for row in rows} == set(world.ACCOUNTS)
    kinds = {row[2] for row in rows}
    assert {kind.value for kind in Kind} <= kinds


def test_demo_totp_prints_a_code_the_accounts_authenticator_accepts(seeded):
    email = "head@academy.demoshire.example"
    period = settings.MFA_TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(3)

    code = command_output("demo_totp", email).strip()

    assert re.fullmatch(r"\d{6}", code)
    authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
    assert TOTP(authenticator).validate_code(code)


def test_demo_totp_refuses_an_unknown_email(seeded):
    with pytest.raises(CommandError, match="No demo account"):
        command_output("demo_totp", "nobody@example.org")


def test_demo_api_key_prints_a_key_the_api_takes(seeded, client):
    key = command_output("demo_api_key", "manager@pru.demoshire.example").strip()

    response = client.get("/api/v1/placements/", headers={"Authorization": f"Api-Key {key}"})
    assert response.status_code == 200
    assert response.json()["count"] > 0


def test_demo_api_key_refuses_someone_who_administers_no_school_or_provider(seeded):
    with pytest.raises(CommandError, match="administers no demo school or provider"):
        command_output("demo_api_key", "staff@pru.demoshire.example")


@pytest.mark.parametrize(
    "args",
    [
        ["seed_demo"],
        ["demo_accounts"],
        ["demo_totp", "head@academy.demoshire.example"],
        ["demo_api_key", "manager@pru.demoshire.example"],
    ],
)
def test_demo_commands_refuse_under_production_settings(args):
    result = run(["manage.py", *args], production_env())

    assert result.returncode != 0
    assert "never available under production settings" in result.stderr
    assert result.stdout == ""


def test_generated_providers_are_added_once_with_everything_a_page_shows(seeded):
    command_output("seed_demo", "--providers", "3")
    first = counts()

    command_output("seed_demo", "--providers", "3")

    assert counts() == first
    with unscoped("test"):
        generated = Organisation.objects.filter(name__startswith="Demoshire Provider ")
        assert generated.count() == 3
        for provider in generated:
            assert provider.profile.capacity
            assert provider.evidence.count() == 6
            assert provider.approved_list_entries.count() == 1
            assert provider.qa_visits.count() == 1


def test_the_demo_has_an_unregistered_a_suspended_and_a_school_added_provider(seeded):
    with unscoped("test"):
        greenfield = Organisation.objects.get(name="Greenfield Farm Project")
        catalyst = Organisation.objects.get(ukprn="10099902")
        boxing = Organisation.objects.get(name="Second Chance Boxing Academy")
        academy = Organisation.objects.get(urn="999001")
        assert greenfield.profile.is_unregistered
        assert greenfield.profile.offers_full_time_hours
        assert catalyst.approved_list_entries.get().status == "suspended"
        assert boxing.profile.added_by == academy
        assert not boxing.approved_list_entries.exists()
