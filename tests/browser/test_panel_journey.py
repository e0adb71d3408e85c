"""An LA's panel from end to end: an officer says the LA uses a panel and arranges a meeting, the
school's AP lead puts a sent referral to it, the decision waits for the meeting (brought forward to
today), and the officer records the panel's decision (first forgetting what it was). Each page checked
with axe-core (WCAG 2.2 AA)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from referrals.models import ReferralStatus
from tests.browser.conftest import axe, sign_in
from tests.browser.test_journeys import expect_error_summary
from tests.dates import fill_date
from tests.pupils.factories import PupilFactory
from tests.referrals.factories import RecipientFactory, ReferralFactory

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()
IN_A_FORTNIGHT = TODAY + datetime.timedelta(days=14)


def test_an_officer_runs_a_panel_that_decides_on_a_schools_referral(page, browser, live_server, world):
    pupil = PupilFactory(
        school=world.school, legal_forename="Amira", known_to_local_authority_since=timezone.now()
    )
    referral = ReferralFactory(
        pupil=pupil,
        status=ReferralStatus.SENT,
        sent_at=timezone.now(),
        shared_name="Amira K.",
        shared_year_group=9,
    )
    RecipientFactory(referral=referral, provider=world.provider)

    # The officer turns the panel on and arranges a meeting.
    sign_in(page, live_server, world.user("la_officer"))
    page.get_by_role("navigation").get_by_role("link", name="Panels").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Panels")
    expect(page.get_by_role("main")).to_contain_text("Your LA does not put AP referrals to a panel.")
    axe(page, "panels list")
    page.get_by_role("link", name="Whether your LA uses a panel").click()
    axe(page, "panel setting")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main")).to_contain_text("Your panel setting is saved.")
    page.get_by_role("button", name="Arrange a meeting").click()
    page.get_by_role("button", name="Save meeting").click()
    expect_error_summary(
        page, {"Enter the date of the meeting": "Day", "Select the kind of panel": "Fair access panel"}
    )
    axe(page, "meeting form with errors")
    fill_date(page, "Date of the meeting", IN_A_FORTNIGHT)
    page.get_by_label("Fair access panel").check()
    page.get_by_label("Who attends").fill("Nadia Osei, chair\nDr Helen Marsh, educational psychologist")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Fair access panel on {IN_A_FORTNIGHT:%-d %B %Y}"
    )
    expect(page.get_by_role("main")).to_contain_text("Dr Helen Marsh, educational psychologist")
    axe(page, "meeting page")
    meeting_url = page.url

    # The school's AP lead puts the referral to it.
    lead_context = browser.new_context(locale="en-GB")
    lead = lead_context.new_page()
    sign_in(lead, live_server, world.user("ap_lead"))
    lead.goto(f"{live_server.url}/panels/put/{referral.pk}/")
    expect(lead.get_by_role("main")).to_contain_text(f"The referral for {pupil.legal_name}")  # its own pupil
    axe(lead, "put to the panel")
    lead.get_by_label(f"Fair access panel, {IN_A_FORTNIGHT:%-d %B %Y}").check()
    lead.get_by_role("button", name="Put to the panel").click()
    expect(lead.get_by_role("main")).to_contain_text("put to the Fair access panel on")
    lead_context.close()

    # The decision waits for the meeting; brought forward to today, the officer records it.
    page.goto(meeting_url)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Waiting for a decision")
    expect(main).to_contain_text(
        f"The panel meets on {IN_A_FORTNIGHT:%-d %B %Y}: record its decision after it meets."
    )
    expect(main.get_by_role("link", name="Record the decision")).to_have_count(0)
    main.get_by_role("link", name="Change the meeting").click()
    fill_date(page, "Date of the meeting", TODAY)
    page.get_by_role("button", name="Save meeting").click()
    expect(main).to_contain_text("Meeting saved.")
    page.get_by_role("link", name="Record the decision").click()
    axe(page, "decision form")
    page.get_by_label("Agreed with changes").check()
    page.get_by_label("The panel's reasons").fill("The PRU's small groups meet her needs.")
    page.get_by_role("button", name="Record the decision").click()
    expect_error_summary(page, {"Say what changes the panel asks for": "The changes the panel asks for"})
    axe(page, "decision form with errors")
    page.get_by_label("The changes the panel asks for").fill("Mornings only for the first month.")
    page.get_by_role("button", name="Record the decision").click()
    expect(main).to_contain_text("Agreed with changes")
    expect(main).to_contain_text("Mornings only for the first month.")
    expect(main.get_by_role("link", name="Record the decision")).to_have_count(0)
    axe(page, "meeting page with a decision")
