"""API keys: made by an organisation's administrators, shown once, kept only as a hash, with a role and an
expiry; revoked for good. The API takes a key and nothing else: not a session, not Basic authentication."""

import base64
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from apcommission.accounts.models import User
from apcommission.tenancy.models import Membership
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import acting_as, unscoped
from api import keys
from api.models import ApiKey
from tests.api.keys import KeyClient, make_key
from tests.factories import PASSWORD

PLACEMENTS = "/api/v1/placements/"
TODAY = timezone.localdate()


@pytest.fixture
def provider_key(world):
    return make_key(world.provider, admin=world.members["provider_manager"])


def test_a_key_is_shown_once_and_kept_only_as_a_hash(world, provider_key):
    api_key, key = provider_key
    assert key.startswith(f"apc_{api_key.prefix}_")
    assert len(key) > 40
    with unscoped("test"):
        stored = ApiKey.objects.values().get(pk=api_key.pk)
    assert key not in str(stored)
    assert stored["hashed_key"] != key


def test_a_key_acts_through_its_own_account_that_cannot_sign_in(world, provider_key, client):
    api_key, _key = provider_key
    with unscoped("test"):
        account = User.objects.get(memberships__api_key=api_key)
        membership = Membership.objects.get(api_key=api_key)
    assert account.is_api_client
    assert not account.has_usable_password()
    assert membership.organisation_id == world.provider.pk
    assert membership.role == Role.PROVIDER_STAFF
    response = client.post(reverse("account_login"), {"login": account.email, "password": ""})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200


def test_the_members_page_does_not_list_key_accounts(world, provider_key, client):
    client.force_login(world.members["provider_manager"].user)
    members = client.get(reverse("members")).context["members"]
    assert all(not member.user.is_api_client for member in members)
    page = client.get(reverse("members")).content.decode()
    assert "@keys.invalid" not in page
    assert "API key “" not in page
    assert world.members["provider_staff"].user.email in page


def test_a_key_works_until_it_expires(world):
    _api_key, key = make_key(world.provider, expires_on=TODAY + datetime.timedelta(days=1))
    assert KeyClient(key).get(PLACEMENTS).status_code == 200
    assert keys.key_for(key, today=TODAY + datetime.timedelta(days=1)) is not None
    assert keys.key_for(key, today=TODAY + datetime.timedelta(days=2)) is None


def test_an_expired_key_is_refused(world):
    api_key, key = make_key(world.provider)
    with unscoped("test"):
        ApiKey.objects.filter(pk=api_key.pk).update(expires_on=TODAY - datetime.timedelta(days=1))
    response = KeyClient(key).get(PLACEMENTS)
    assert response.status_code == 401
    assert "expired or been revoked" in response.json()["detail"]


def test_a_revoked_key_stops_at_once_and_its_membership_is_removed(world, provider_key):
    api_key, key = provider_key
    manager = world.members["provider_manager"]
    assert KeyClient(key).get(PLACEMENTS).status_code == 200
    with acting_as(manager):
        keys.revoke_key(api_key, by=manager)
    assert KeyClient(key).get(PLACEMENTS).status_code == 401
    with unscoped("test"):
        assert Membership.objects.get(api_key=api_key).removed_at is not None
        assert ApiKey.objects.get(pk=api_key.pk).revoked_by_id == manager.user_id


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Api-Key ",
        "Api-Key apc_nothing_here",
        "Api-Key not-a-key",
        "Bearer apc_x_y",
    ],
)
def test_anything_but_a_valid_key_is_401_saying_which_scheme(world, provider_key, client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get(PLACEMENTS, headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"


def test_a_key_with_a_changed_secret_is_refused(world, provider_key):
    _api_key, key = provider_key
    tampered = key[:-2] + ("AA" if not key.endswith("AA") else "BB")
    assert KeyClient(tampered).get(PLACEMENTS).status_code == 401


def test_a_signed_in_session_does_not_reach_the_api(world, client):
    client.force_login(world.members["provider_manager"].user)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(PLACEMENTS).status_code == 401


def test_basic_authentication_is_not_offered(world, client):
    user = world.members["provider_manager"].user
    credentials = base64.b64encode(f"{user.email}:{PASSWORD}".encode()).decode()
    response = client.get(PLACEMENTS, headers={"Authorization": f"Basic {credentials}"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"


def test_only_an_administrator_of_a_school_or_provider_makes_keys(world):
    for role in ("provider_staff", "ap_lead", "la_officer", "trust_leader"):
        membership = world.members[role]
        with acting_as(membership), pytest.raises(PermissionDenied):
            keys.create_key(by=membership, name="x", role=Role.PROVIDER_STAFF, expires_on=TODAY)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": " "}, "name"),
        ({"role": Role.PROVIDER_MANAGER}, "role"),
        ({"role": Role.DSL}, "role"),
        ({"expires_on": TODAY}, "expires_on"),
        ({"expires_on": keys.latest_expiry(TODAY) + datetime.timedelta(days=1)}, "expires_on"),
    ],
)
def test_a_key_is_refused_with_a_reason(world, values, field):
    manager = world.members["provider_manager"]
    asked = {"name": "Sync", "role": Role.PROVIDER_STAFF, "expires_on": TODAY + datetime.timedelta(days=9)}
    with acting_as(manager), pytest.raises(ValidationError) as refused:
        keys.create_key(by=manager, **{**asked, **values})
    assert field in refused.value.message_dict
    with unscoped("test"):
        assert not ApiKey.objects.exists()


def test_a_key_may_last_two_calendar_years_to_the_day(world):
    manager = world.members["provider_manager"]
    on = datetime.date(2026, 12, 1)
    with acting_as(manager):
        api_key, _key = keys.create_key(
            by=manager, name="Sync", role=Role.PROVIDER_STAFF, expires_on=datetime.date(2028, 12, 1), today=on
        )
    assert api_key.expires_on == datetime.date(2028, 12, 1)


def test_another_organisations_key_cannot_be_revoked(world):
    api_key, _key = make_key(world.other_provider)
    manager = world.members["provider_manager"]
    with acting_as(manager), pytest.raises(PermissionDenied):
        keys.revoke_key(api_key, by=manager)


def test_the_key_pages_make_show_once_and_revoke(world, client):
    client.force_login(world.members["school_leader"].user)
    expires = TODAY + datetime.timedelta(days=100)
    made = client.post(
        reverse("api_keys:new"),
        {
            "name": "Attendance sync",
            "role": Role.SCHOOL_STAFF,
            "expires_on_0": expires.day,
            "expires_on_1": expires.month,
            "expires_on_2": expires.year,
        },
    )
    assert made.status_code == 200
    key = made.context["key"]
    assert key in made.content.decode()
    assert made["Cache-Control"] == "no-store"
    listed = client.get(reverse("api_keys:list")).content.decode()
    assert "Attendance sync" in listed
    assert key not in listed
    assert KeyClient(key).get(PLACEMENTS).status_code == 200
    api_key = made.context["api_key"]
    assert client.post(reverse("api_keys:revoke", args=[api_key.pk]), {}).status_code == 302
    assert KeyClient(key).get(PLACEMENTS).status_code == 401


def test_the_key_form_says_what_is_wrong(world, client):
    client.force_login(world.members["provider_manager"].user)
    response = client.post(reverse("api_keys:new"), {"name": "", "expires_on_0": "1", "expires_on_1": "1"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "name" in errors
    assert "expires_on" in errors
    with unscoped("test"):
        assert not ApiKey.objects.exists()
