"""Invitations in Chromium: withdrawing one, and accepting one as someone who already has an account,
every page checked with axe-core (WCAG 2.2 AA)."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from apcommission.accounts import services as account_services
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import acting_as
from tests import factories
from tests.browser.conftest import axe, sign_in, totp_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def invitation_link(world, live_server, email: str) -> str:
    leader = world.members["school_leader"]
    with acting_as(leader):
        account_services.invite_member(email=email, role=Role.AP_LEAD, by=leader, base_url=live_server.url)
    return re.search(r"https?://\S+/invitations/\S+/", mail.outbox[-1].body).group(0)


def test_an_administrator_withdraws_an_expired_invitation(page: Page, live_server, world):
    factories.InvitationFactory(
        organisation=world.school,
        email="late.reply@example.org",
        invited_by=world.user("school_leader"),
        expires_at=timezone.now() - timedelta(days=2),
    )
    sign_in(page, live_server, world.user("school_leader"))
    page.goto(f"{live_server.url}/organisation/members/")
    row = page.get_by_role("row").filter(has_text="late.reply@example.org")
    expect(row).to_contain_text("Expired")

    row.get_by_role("link", name=re.compile("^Withdraw")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Withdraw the invitation to late.reply@example.org?"
    )
    axe(page, "withdraw invitation confirmation")
    page.get_by_role("button", name="Withdraw invitation").click()

    expect(page.get_by_text("The invitation to late.reply@example.org has been withdrawn.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="late.reply@example.org")).to_have_count(0)
    axe(page, "members page after withdrawing")


def test_someone_with_an_account_signs_in_from_the_invitation_and_accepts_it(page: Page, live_server, world):
    person = world.user("provider_staff")
    link = invitation_link(world, live_server, person.email)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Demoshire Academy")
    axe(page, "invitation for an existing account, signed out")
    page.get_by_role("button", name="Sign in to accept").click()

    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#id_login-error")).to_contain_text("The email address or password is incorrect")
    axe(page, "sign-in page with an error")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.locator("input[name=code]").fill(totp_code(person.totp_secret))
    page.get_by_role("button", name=re.compile(r"^\s*(sign in|continue|verify)\s*$", re.I)).click()

    expect(page).to_have_url(link)
    axe(page, "invitation for an existing account, signed in as it")
    page.get_by_role("button", name="Accept invitation").click()

    expect(page.get_by_text("You have joined Demoshire Academy as AP lead.")).to_be_visible()
    expect(page.get_by_test_id("acting-organisation")).to_have_text("Demoshire Academy")
    axe(page, "home page after accepting")


def test_signed_in_as_someone_else_the_invitation_says_so_and_offers_to_sign_out(
    page: Page, live_server, world
):
    link = invitation_link(world, live_server, world.user("provider_staff").email)
    sign_in(page, live_server, world.user("la_officer"))

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation is for someone else")
    axe(page, "invitation opened by someone else")
    page.get_by_role("button", name="Sign out and carry on").click()

    expect(page).to_have_url(link)
    expect(page.get_by_role("button", name="Sign in to accept")).to_be_visible()
