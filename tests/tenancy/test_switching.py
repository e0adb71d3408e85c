"""A person with several memberships acts for one organisation at a time and can switch."""

import re

import pytest
from django.urls import reverse

from apcommission.tenancy import services
from apcommission.tenancy.roles import Role
from tests import factories
from tests.bound_client import BoundClient
from tests.history import history


def acting_organisation(response) -> str:
    found = re.search(r'data-testid="acting-organisation">([^<]+)<', response.content.decode())
    assert found, "the header does not show the acting organisation"
    return found.group(1).strip()


@pytest.fixture
def two_hats(world):
    """An LA viewer in Demoshire Council who is also the leader of Demoshire Academy."""
    at_school = factories.member(world.school, Role.SCHOOL_LEADER)
    at_la = factories.MembershipFactory(organisation=world.la, role=Role.LA_VIEWER, user=at_school.user)
    return at_school, at_la


def test_the_header_shows_the_organisation_acted_for_and_switching_changes_it(client, two_hats):
    at_school, at_la = two_hats
    client.force_login(at_school.user)
    assert acting_organisation(client.get(reverse("home"))) == "Demoshire Academy"

    response = client.post(reverse("switch_organisation"), {"membership": at_la.pk}, follow=True)

    assert acting_organisation(response) == "Demoshire Council"
    assert acting_organisation(client.get(reverse("organisation"))) == "Demoshire Council"


def test_the_home_page_follows_the_role_acted_as(client, two_hats):
    at_school, at_la = two_hats
    client.force_login(at_school.user)

    as_leader = client.get(reverse("home")).content.decode()
    client.post(reverse("switch_organisation"), {"membership": at_la.pk})
    as_viewer = client.get(reverse("home")).content.decode()

    assert "Manage your school's members" in as_leader
    assert "Provider register" not in as_leader
    assert "Provider register" in as_viewer
    assert "Manage your school's members" not in as_viewer
    assert reverse("members") not in as_viewer  # an LA viewer manages nobody


def test_switching_changes_what_the_person_may_do(client, two_hats):
    at_school, at_la = two_hats
    client.force_login(at_school.user)
    assert client.get(reverse("members")).status_code == 200

    client.post(reverse("switch_organisation"), {"membership": at_la.pk})

    assert client.get(reverse("members")).status_code == 403
    assert client.get(reverse("provider_list")).status_code == 200


def test_nobody_can_switch_to_someone_elses_membership(world, client, two_hats):
    at_school, _ = two_hats
    client.force_login(at_school.user)

    response = client.post(reverse("switch_organisation"), {"membership": world.members["la_officer"].pk})

    assert response.status_code == 404
    assert acting_organisation(client.get(reverse("home"))) == "Demoshire Academy"


def test_switching_is_not_done_by_a_link(client, two_hats):
    at_school, at_la = two_hats
    client.force_login(at_school.user)

    response = client.get(reverse("switch_organisation"), {"membership": at_la.pk})

    assert response.status_code == 405
    assert acting_organisation(client.get(reverse("home"))) == "Demoshire Academy"


def sign_in_again(client, user):
    """A later sign-in: a new session, as after signing out or in another browser."""
    client.logout()
    client.force_login(user)


def test_signing_in_again_lands_in_the_organisation_last_used(client, two_hats):
    """Demoshire Academy comes first by name; the person last worked for Demoshire Council."""
    at_school, at_la = two_hats
    client.force_login(at_school.user)
    client.post(reverse("switch_organisation"), {"membership": at_la.pk})

    sign_in_again(client, at_school.user)

    assert acting_organisation(client.get(reverse("home"))) == "Demoshire Council"
    assert client.get(reverse("provider_list")).status_code == 200


def test_someone_who_never_switched_lands_in_the_first_organisation_by_name(client, two_hats):
    at_school, _ = two_hats
    client.force_login(at_school.user)

    assert acting_organisation(client.get(reverse("home"))) == "Demoshire Academy"


def test_a_session_already_open_stays_where_it_is_when_another_switches(client, two_hats):
    """Switching in one browser never moves a session open in another mid-task."""
    at_school, at_la = two_hats
    client.force_login(at_school.user)
    assert acting_organisation(client.get(reverse("home"))) == "Demoshire Academy"
    elsewhere = BoundClient()
    elsewhere.force_login(at_school.user)
    elsewhere.post(reverse("switch_organisation"), {"membership": at_la.pk})

    assert acting_organisation(client.get(reverse("home"))) == "Demoshire Academy"
    assert acting_organisation(elsewhere.get(reverse("home"))) == "Demoshire Council"


def test_a_last_used_membership_since_removed_is_not_landed_in(world, client, two_hats):
    at_school, at_la = two_hats
    client.force_login(at_school.user)
    client.post(reverse("switch_organisation"), {"membership": at_la.pk})
    services.remove_member(member=at_la, by=world.members["la_officer"])

    sign_in_again(client, at_school.user)

    assert acting_organisation(client.get(reverse("home"))) == "Demoshire Academy"


def test_switching_is_not_written_to_the_membership_history(client, two_hats):
    """Which organisation someone last worked for is a convenience, not a change to who may see what."""
    at_school, at_la = two_hats
    before = len(history("tenancy.MembershipEvent"))
    client.force_login(at_school.user)

    client.post(reverse("switch_organisation"), {"membership": at_la.pk})

    at_la.refresh_from_db()
    assert at_la.last_used_at is not None
    assert len(history("tenancy.MembershipEvent")) == before
