"""Whole journeys through the real pages in Chromium, each page checked with axe-core (WCAG 2.2 AA)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from apcommission.accounts import services as account_services
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import acting_as
from tests import factories
from tests.browser.conftest import axe, sign_in, totp_code

pytestmark = pytest.mark.browser


def navigate(page: Page, label: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=label, exact=True).click()


def submit_empty(page: Page, button: str) -> None:
    submit = page.get_by_role("button", name=button, exact=True)
    assert submit.evaluate("button => button.form.noValidate"), (
        "the form has no `novalidate`: the browser's own validation stops an empty submit before the "
        "server can answer with the GOV.UK error summary"
    )
    submit.click()


def expect_error_summary(page: Page, errors: dict[str, str]) -> None:
    """The GOV.UK error summary: shown first and focused, each message a link to its field.

    `errors` maps a message to the label of the field whose input (the first, for radios) it must focus.
    """
    summary = page.get_by_role("alert").filter(has=page.get_by_role("heading", name="There is a problem"))
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    for message, label in errors.items():
        link = summary.get_by_role("link", name=message, exact=True)
        field = page.get_by_label(label, exact=True).first
        field_id = field.get_attribute("id")
        assert field_id, f"the field {label!r} has no id for the error summary to link to"
        assert link.get_attribute("href") == f"#{field_id}", (
            f"the error {message!r} links to {link.get_attribute('href')!r}, not to the field #{field_id}"
        )
        link.click()
        expect(field).to_be_focused()


def test_a_person_signs_in_with_a_real_totp_code(page, live_server, world):
    sign_in(page, live_server, world.user("school_leader"), check_accessibility=True)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("acting-organisation")).to_have_text("Demoshire Academy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demoshire Academy")
    axe(page, "home page")


def test_the_skip_link_is_the_first_thing_to_tab_to(page, live_server, world):
    sign_in(page, live_server, world.user("ap_lead"))
    page.reload()  # without the sign-in's success banner, which GOV.UK Frontend gives the focus

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # visually hidden until focused
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_a_person_with_two_organisations_switches_between_them(page, live_server, transactional_db):
    user = factories.UserFactory()
    factories.MembershipFactory(user=user, organisation=factories.SchoolFactory(name="Ashgrove Primary"))
    factories.MembershipFactory(
        user=user, organisation=factories.SchoolFactory(name="Brookfield Academy"), role=Role.SCHOOL_LEADER
    )
    sign_in(page, live_server, user)
    expect(page.get_by_test_id("acting-organisation")).to_have_text("Ashgrove Primary")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ashgrove Primary")
    axe(page, "home page with the organisation switcher")

    page.get_by_label("Switch organisation").select_option(label="Brookfield Academy (School leader)")
    page.get_by_role("button", name="Switch", exact=True).click()

    expect(page.get_by_text("You are now acting for Brookfield Academy as School leader.")).to_be_visible()
    expect(page.get_by_test_id("acting-organisation")).to_have_text("Brookfield Academy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Brookfield Academy")
    expect(page.get_by_label("Switch organisation").locator("option:checked")).to_have_text(
        "Brookfield Academy (School leader)"
    )
    axe(page, "home page after switching")


def test_a_school_leader_invites_a_member(page, live_server, world):
    sign_in(page, live_server, world.user("school_leader"))
    navigate(page, "Members")
    expect(page.get_by_role("heading", level=1)).to_have_text("Members of Demoshire Academy")
    expect(page.get_by_text("There are no invitations waiting.")).to_be_visible()
    axe(page, "members page")

    page.get_by_role("button", name="Invite someone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite someone to Demoshire Academy")
    axe(page, "invite page")

    submit_empty(page, "Send invitation")
    expect_error_summary(page, {"Enter their email address": "Email address", "Choose a role": "AP lead"})
    axe(page, "invite page with errors")

    page.get_by_label("Email address").fill("new.colleague@example.org")
    page.get_by_role("radio", name="Designated safeguarding lead").check()
    page.get_by_role("button", name="Send invitation").click()

    expect(page.get_by_text("Invitation sent to new.colleague@example.org.")).to_be_visible()
    invitation = page.get_by_role("row").filter(has_text="new.colleague@example.org")
    expect(invitation).to_contain_text("Designated safeguarding lead")
    expect(invitation.get_by_role("link", name=re.compile("^Withdraw"))).to_be_visible()
    axe(page, "members page with a pending invitation")
    assert [message.to for message in mail.outbox] == [["new.colleague@example.org"]]


def test_an_invited_person_accepts_and_must_set_up_mfa(page, live_server, world):
    leader = world.members["school_leader"]
    with acting_as(leader):
        account_services.invite_member(
            email="new.colleague@example.org", role=Role.AP_LEAD, by=leader, base_url=live_server.url
        )
    [email] = mail.outbox  # sent when the invitation's transaction commits
    link = re.search(r"https?://\S+/invitations/\S+/", email.body).group(0)

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Demoshire Academy")
    axe(page, "invitation page")
    page.get_by_label("Full name").fill("Sam Newcomer")
    page.get_by_label("Create a password").fill("plover-tangent-quartz")
    page.get_by_label("Confirm your password").fill("plover-tangent-quartz")
    page.get_by_role("button", name="Accept invitation").click()

    # Straight on to the authenticator app: they typed their new password a moment ago.
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/$"))
    axe(page, "authenticator app set-up page")
    secret = page.get_by_label(re.compile("secret", re.I)).input_value()  # for manual entry
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), f"no secret key shown for manual entry: {secret!r}"
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name=re.compile(r"^\s*(activate|continue)", re.I)).click()

    expect(page).to_have_url(re.compile(r"/accounts/2fa/recovery-codes/$|/$"))
    axe(page, "page after setting up the authenticator app")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_test_id("acting-organisation")).to_have_text("Demoshire Academy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demoshire Academy")
    axe(page, "the new member's home page")


def test_an_la_officer_adds_a_provider(page, live_server, world):
    sign_in(page, live_server, world.user("la_officer"))
    navigate(page, "Providers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Providers")
    axe(page, "provider directory")

    page.get_by_role("button", name="Add a provider").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a provider")
    axe(page, "add a provider page")

    submit_empty(page, "Save provider")
    expect_error_summary(page, {"Enter the provider's name": "Provider name"})
    axe(page, "add a provider page with errors")

    page.get_by_label("Provider name").fill("Riverside Learning Centre")
    page.get_by_label("URN (if registered with Ofsted or DfE)").fill("870001")
    page.get_by_label("Pupil referral unit (PRU)", exact=True).check()
    page.get_by_label("Registered school", exact=True).check()
    page.get_by_role("button", name="Save provider").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside Learning Centre")
    expect(page.get_by_text("Riverside Learning Centre has been added to your register.")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("870001")
    axe(page, "provider page")
