"""Alerts, in one browser run: a raised safeguarding concern and a review due soon reach an AP lead's and
a DSL's work; the AP lead opens their alerts, follows one to the placement it is about (which marks it
read), and chooses a daily email for reviews due soon. Every page visited is checked with axe-core
(WCAG 2.2 AA)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alerts import sweep as sweeping
from apcommission.tenancy.scoping import unscoped
from tests.browser.conftest import axe, sign_in
from tests.reviews.factories import ReviewFactory
from tests.safeguarding.world import placed

pytestmark = pytest.mark.browser


def test_an_ap_lead_works_through_their_alerts(page, live_server, world):
    placement = placed(world)
    ReviewFactory(placement=placement, planned_on=timezone.localdate() + datetime.timedelta(days=3))
    with unscoped("a test runs the sweep"):
        sweeping.make(timezone.localdate(), now=timezone.now())
    main = page.get_by_role("main")
    sign_in(page, live_server, world.user("ap_lead"))

    expect(main.get_by_role("heading", name="Your work")).to_be_visible()
    expect(main).to_contain_text("A review of a placement at Demoshire PRU is due on")
    axe(page, "the home page with its work queue")

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Alerts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your alerts")
    expect(main).to_contain_text("New")
    axe(page, "the alerts page")

    main.get_by_role("link", name="Review due soon").click()
    expect(page).to_have_url(f"{live_server.url}/placements/{placement.pk}/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Alerts").click()
    opened = main.get_by_role("listitem").filter(has=page.get_by_role("link", name="Review due soon"))
    expect(opened).to_contain_text("To do")
    expect(opened).not_to_contain_text("New")

    main.get_by_role("link", name="Choose how you are emailed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose how you are emailed")
    axe(page, "the email choices")
    main.get_by_label("Review due soon").check()
    main.get_by_role("button", name="Save your email choices").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose how you are emailed")
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()
    expect(main.get_by_label("Review due soon")).to_be_checked()
    axe(page, "the email choices, saved")
