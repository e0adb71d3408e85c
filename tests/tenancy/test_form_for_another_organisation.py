"""A form drawn for one organisation is never applied as another: the two-tab story, and its refusal page.

Forms are read from the pages and posted where the page says (a plain client: nothing added), as the tab
a person left open would post them.
"""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from apcommission.accounts.models import Invitation
from apcommission.tenancy.binding import PARAMETER, bound_url
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from tests import factories
from tests.forms.browser_post import form_action, posted_form

INVITEE = {"email": "new.colleague@example.org", "role": Role.SCHOOL_STAFF}


@pytest.fixture
def leader_of_two(world):
    """The leader of Demoshire Academy who also leads Hillside Primary, signed in and acting for the
    academy (first by name)."""
    at_academy = factories.member(world.school, Role.SCHOOL_LEADER)
    at_hillside = factories.MembershipFactory(
        organisation=world.sibling_school, role=Role.SCHOOL_LEADER, user=at_academy.user
    )
    client = Client()
    client.force_login(at_academy.user)
    return client, at_academy, at_hillside


def open_invite_form(client) -> tuple[str, dict]:
    """The invitation form as drawn now: where it posts and what it sends, filled in."""
    url = reverse("invite_member")
    html = client.get(url).content.decode()
    return form_action(html, url), {**posted_form(html), **INVITEE}


def invitations() -> list:
    with unscoped("test"):
        return list(Invitation.objects.values_list("organisation__name", "email"))


def switch(client, membership, **extra):
    return client.post(reverse("switch_organisation"), {"membership": membership.pk, **extra})


def test_a_form_left_open_after_switching_in_another_tab_is_refused_and_saves_nothing(leader_of_two, caplog):
    client, at_academy, at_hillside = leader_of_two
    action, data = open_invite_form(client)  # the first tab, acting for the academy
    switch(client, at_hillside)  # the second tab

    with caplog.at_level(logging.WARNING, logger="apcommission.security"):
        response = client.post(action, data, headers={"referer": "http://testserver/members/invite/"})

    assert response.status_code == 409
    page = " ".join(response.content.decode().split())
    assert "You changed organisation in another tab" in page
    assert (
        "This form was for <strong>Demoshire Academy</strong>; you are now acting for "
        "<strong>Hillside Primary</strong>. Nothing was saved."
    ) in page
    assert "Switch back to Demoshire Academy and return to the form" in page
    assert invitations() == []
    logged = [r.getMessage() for r in caplog.records if r.name == "apcommission.security"]
    assert logged == [
        f"Form refused: made for membership {at_academy.pk}, "
        f"posted while acting as membership {at_hillside.pk}"
    ]


def test_switching_back_from_the_refusal_returns_to_the_form_which_then_saves(leader_of_two):
    client, _, at_hillside = leader_of_two
    action, data = open_invite_form(client)
    switch(client, at_hillside)
    refusal = client.post(action, data, headers={"referer": "http://testserver/members/invite/"})
    back = posted_form(refusal.content.decode())  # the page's switch-back form, its last

    response = client.post(reverse("switch_organisation"), back)

    assert response.status_code == 302
    assert response["Location"] == "http://testserver/members/invite/"
    action, data = open_invite_form(client)
    assert client.post(action, data).status_code == 302
    assert invitations() == [("Demoshire Academy", INVITEE["email"])]


def test_a_form_drawn_for_the_acting_organisation_still_saves(leader_of_two):
    client, at_academy, _ = leader_of_two
    action, data = open_invite_form(client)

    assert f"{PARAMETER}={at_academy.pk}" in action
    assert client.post(action, data).status_code == 302
    assert invitations() == [("Demoshire Academy", INVITEE["email"])]


def test_a_form_that_names_no_organisation_is_refused(leader_of_two):
    client, _, _ = leader_of_two

    response = client.post(reverse("invite_member"), INVITEE)

    assert response.status_code == 409
    page = " ".join(response.content.decode().split())
    assert "The form did not say which organisation it was for" in page
    assert "Switch back" not in page
    assert invitations() == []


def test_a_form_bound_to_someone_elses_membership_does_not_name_their_organisation(world, leader_of_two):
    client, _, _ = leader_of_two
    elsewhere = world.members["other_provider_manager"]

    response = client.post(bound_url(reverse("invite_member"), elsewhere), INVITEE)

    assert response.status_code == 409
    page = response.content.decode()
    assert "an organisation you no longer act for" in page
    assert "Otherton College" not in page
    assert invitations() == []


def test_switching_returns_only_to_a_page_of_this_service(leader_of_two):
    client, _, at_hillside = leader_of_two

    response = switch(client, at_hillside, next="https://elsewhere.example/members/invite/")

    assert response["Location"] == reverse("home")
