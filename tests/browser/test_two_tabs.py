"""Two tabs in Chromium: a form opened for one organisation, then the person switches organisation in
another tab and sends the first. The refusal page is checked with axe-core (WCAG 2.2 AA)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from apcommission.accounts.models import Invitation
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from tests import factories
from tests.browser.conftest import axe, own_page, sign_in

pytestmark = pytest.mark.browser

EMAIL = "new.colleague@example.org"


def invitations() -> list:
    with unscoped("test"):
        return list(Invitation.objects.values_list("organisation__name", "email"))


def fill_in_the_invitation(tab) -> None:
    tab.get_by_label("Email address").fill(EMAIL)
    tab.get_by_label("School staff").check()


def test_a_form_left_open_in_one_tab_is_not_sent_as_the_organisation_switched_to_in_another(
    browser, live_server, world
):
    at_academy = factories.member(world.school, Role.SCHOOL_LEADER)
    factories.MembershipFactory(
        organisation=world.sibling_school, role=Role.SCHOOL_LEADER, user=at_academy.user
    )
    invite = f"{live_server.url}{reverse('invite_member')}"
    # The refusal is a 409, which Chromium reports as a failed load: a page of our own, not `page`.
    with own_page(browser) as first:
        sign_in(first, live_server, at_academy.user)
        first.goto(invite)
        expect(first.get_by_test_id("acting-organisation")).to_have_text("Demoshire Academy")
        fill_in_the_invitation(first)

        second = first.context.new_page()
        second.goto(f"{live_server.url}/")
        second.get_by_label("Switch organisation").select_option(label="Hillside Primary (School leader)")
        second.get_by_role("button", name="Switch", exact=True).click()
        expect(second.get_by_test_id("acting-organisation")).to_have_text("Hillside Primary")

        with first.expect_response(re.compile(r"/organisation/members/invite/\?acting_for=\d+$")) as sent:
            first.get_by_role("button", name="Send invitation").click()

        assert sent.value.status == 409
        expect(first.get_by_role("heading", level=1)).to_have_text("You changed organisation in another tab")
        expect(first.get_by_test_id("refusal")).to_have_text(
            "This form was for Demoshire Academy; you are now acting for Hillside Primary. Nothing was saved."
        )
        expect(first).to_have_title(re.compile(r"^Error: "))
        axe(first, "page refusing a form sent for another organisation")
        assert invitations() == []

        first.get_by_role("button", name="Switch back to Demoshire Academy and return to the form").click()

        expect(first).to_have_url(invite)
        expect(first.get_by_test_id("acting-organisation")).to_have_text("Demoshire Academy")
        fill_in_the_invitation(first)
        first.get_by_role("button", name="Send invitation").click()
        expect(first.get_by_text(f"Invitation sent to {EMAIL}.")).to_be_visible()
        assert invitations() == [("Demoshire Academy", EMAIL)]
