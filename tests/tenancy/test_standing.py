"""What a signed-in person holds (an authenticator app, their memberships) is kept between requests, and
every change to it shows on their very next request: the services, the support admin and allauth's
authenticator pages each make the kept copy stale."""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apcommission.tenancy import services
from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from apcommission.tenancy.standing import standing_of
from tests.accounts.test_admin import admin_url, form_data, run_action


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def acting(client) -> tuple[int, str]:
    """Who the home page says the person acts as: (status, the acting organisation and role)."""
    response = client.get(reverse("home"))
    membership = response.context["membership"]
    return response.status_code, f"{membership.organisation} {membership.role}" if membership else ""


def test_a_second_request_reads_no_membership_or_authenticator(world):
    client = browser(world.user("ap_lead"))
    client.get(reverse("home"))

    with unscoped("test"):
        kept = standing_of(world.user("ap_lead"))

    assert kept.has_authenticator
    assert [m.pk for m in kept.memberships] == [world.members["ap_lead"].pk]


def test_a_removed_member_acts_for_nobody_on_the_next_request(world):
    member = world.members["ap_lead"]
    client = browser(member.user)
    assert acting(client) == (200, "Demoshire Academy ap_lead")

    services.remove_member(member=member, by=world.members["school_leader"])

    assert acting(client) == (403, "")


def test_a_changed_role_shows_on_the_next_request(world):
    member = world.members["ap_lead"]
    client = browser(member.user)
    assert acting(client) == (200, "Demoshire Academy ap_lead")

    services.change_role(member=member, role=Role.SCHOOL_STAFF, by=world.members["school_leader"])

    assert acting(client) == (200, "Demoshire Academy school_staff")
    assert client.get(reverse("provider_create")).status_code == 403


def test_a_new_membership_shows_on_the_next_request(world):
    member = world.members["la_officer"]
    client = browser(member.user)
    assert len(client.get(reverse("home")).context["memberships"]) == 1

    with unscoped("test: as accepting an invitation does"):
        services.add_membership(user=member.user, organisation=world.trust, role=Role.TRUST_LEADER)

    assert len(client.get(reverse("home")).context["memberships"]) == 2


def test_a_membership_the_support_admin_removes_ends_on_the_next_request(world):
    member = world.members["ap_lead"]
    client = browser(member.user)
    assert acting(client) == (200, "Demoshire Academy ap_lead")

    run_action(browser(world.operator), Membership, "remove_memberships", member)

    assert acting(client) == (403, "")


def test_an_organisation_the_support_admin_renames_is_named_so_on_the_next_request(world):
    client = browser(world.user("ap_lead"))
    assert acting(client)[1] == "Demoshire Academy ap_lead"
    operator = browser(world.operator)
    url = admin_url(Organisation, "change", world.school.pk)

    operator.post(url, {**form_data(operator, url), "name": "Demoshire Free School"})

    assert acting(client)[1] == "Demoshire Free School ap_lead"


def test_an_authenticator_taken_away_sends_the_person_to_set_one_up_on_the_next_request(world):
    user = world.user("ap_lead")
    client = browser(user)
    assert client.get(reverse("home")).status_code == 200

    Authenticator.objects.filter(user=user).delete()

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_an_authenticator_set_up_lets_the_person_in_on_the_next_request(world):
    user = world.user("no_mfa")
    client = browser(user)
    assert client.get(reverse("home")).status_code == 302

    TOTP.activate(user, generate_totp_secret())  # as allauth's set-up page does

    assert client.get(reverse("home")).status_code == 200


def test_a_flushed_cache_signs_nobody_out_and_reads_everything_afresh(world):
    member = world.members["ap_lead"]
    client = browser(member.user)
    assert acting(client) == (200, "Demoshire Academy ap_lead")
    with unscoped("test"):
        Membership.objects.filter(pk=member.pk).update(role=Role.DSL)  # behind the services' back

    cache.clear()

    assert acting(client) == (200, "Demoshire Academy dsl")


def test_a_second_request_to_a_home_page_reads_nothing_from_the_database(world):
    client = browser(world.user("la_officer"))
    client.get(reverse("home"))

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200

    assert [query["sql"] for query in queries] == []


def test_a_deactivated_account_is_signed_out_on_its_next_request(world):
    user = world.user("ap_lead")
    client = browser(user)
    assert client.get(reverse("home")).status_code == 200

    user.is_active = False
    user.save()

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_changed_password_ends_the_persons_other_sessions_on_their_next_request(world):
    user = world.user("ap_lead")
    elsewhere = browser(user)
    assert elsewhere.get(reverse("home")).status_code == 200

    user.set_password("a-new-password-2026")
    user.save()

    response = elsewhere.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_deleted_account_is_signed_out(world):
    client = browser(world.operator)  # people with memberships are never deleted (PROTECT)
    assert client.get(reverse("home")).status_code == 200

    world.operator.delete()

    assert client.get(reverse("home"))["Location"].startswith(reverse("account_login"))
