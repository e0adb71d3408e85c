"""A referral from start to decision in the browser: the AP lead starts one for a pupil and sends it, the
provider asked reads the shared copy and offers a place after a taster, the AP lead accepts the offer and
writes the detailed referral, and the chosen provider reads only what is shared. Each page is checked
with axe-core (WCAG 2.2 AA)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe, own_page, sign_in
from tests.browser.test_journeys import expect_error_summary
from tests.dates import fill_date
from tests.pupils.factories import PupilFactory

pytestmark = pytest.mark.browser

START = timezone.localdate() + datetime.timedelta(days=21)


def test_a_referral_from_start_to_an_accepted_offer(page, browser, live_server, world):
    PupilFactory(school=world.school, legal_forename="Amira", legal_surname="Khan")
    sign_in(page, live_server, world.user("ap_lead"))
    main = page.get_by_role("main")

    page.get_by_role("link", name="Start a referral").first.click()
    axe(page, "start a referral page")
    page.get_by_role("button", name="Save as a draft").click()
    expect_error_summary(
        page,
        {
            "Choose the pupil the referral is for": "Pupil",
            "Choose the reason for the referral": "At risk of permanent exclusion",
        },
    )
    axe(page, "start a referral page with errors")
    page.get_by_label("Pupil", exact=True).select_option(label="Amira Khan")
    page.get_by_label("At risk of permanent exclusion").check()
    page.get_by_role("textbox", name="Needs summary").fill("Finds large classes hard.")
    success = page.get_by_role("textbox", name="What success would look like")
    success.fill("Attending every morning by Easter.")
    fill_date(page, "Preferred start (optional)", START)
    page.get_by_label("Hours a week wanted (optional)").fill("15")
    page.get_by_label("The parent or carer consents to the referral").check()
    page.get_by_label("What the pupil wants from it (optional)").fill("To do hands-on work.")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referral for Amira Khan")
    axe(page, "draft referral page")

    main.get_by_role("link", name="Send to providers").click()
    page.get_by_label(world.provider.name).check()
    axe(page, "send page")
    page.get_by_role("button", name="Send the referral").click()
    expect(main).to_contain_text("Sent to providers")

    with own_page(browser) as provider:
        sign_in(provider, live_server, world.user("provider_manager"))
        expect(provider.get_by_role("main")).to_contain_text("1 referral waits for your reply")
        provider.get_by_role("main").get_by_role("link", name="1 referral waits for your reply").click()
        axe(provider, "provider's referral list")
        provider.get_by_role("link", name="Amira K.").click()
        shared = provider.get_by_role("main")
        expect(shared).to_contain_text("Finds large classes hard.")
        expect(shared).not_to_contain_text("Khan")
        expect(shared).not_to_contain_text("hands-on work")  # the pupil's voice was not shared
        axe(provider, "provider's shared copy")
        shared.get_by_role("link", name="Arrange a visit or taster").click()
        provider.get_by_label("Taster session").check()
        fill_date(provider, "Date", timezone.localdate())
        provider.get_by_role("button", name="Arrange the visit").click()
        shared.get_by_role("link", name="Record how it went").click()
        provider.get_by_label("Yes").check()
        provider.get_by_label("Any risk found (optional)").fill("None: no relationships in the group.")
        axe(provider, "visit outcome page")
        provider.get_by_role("button", name="Save the outcome").click()
        shared.get_by_role("link", name="Answer the referral").click()
        provider.get_by_label("Can offer a place").check()
        fill_date(provider, "Start date you can offer (if you can offer)", START)
        provider.get_by_label("Hours a week you can offer (if you can offer)").fill("15")
        axe(provider, "answer page")
        provider.get_by_role("button", name="Send your answer").click()
        expect(shared).to_contain_text("Can offer a place")

    page.goto(f"{live_server.url}/")
    expect(main).to_contain_text("1 referral has offers to decide")
    main.get_by_role("link", name="1 referral has offers to decide").click()
    main.get_by_role("link", name="Amira Khan").click()
    expect(main).to_contain_text("None: no relationships in the group.")
    main.get_by_role("link", name=f"Accept {world.provider.name}'s offer").click()
    axe(page, "accept page")
    page.get_by_role("button", name="Accept this offer").click()
    expect(main).to_contain_text("Accepted")
    main.get_by_role("link", name="Write the detailed referral").click()
    page.get_by_label("Health (optional)").fill("Asthma: carries an inhaler.")
    page.get_by_label("Share health with the provider").check()
    page.get_by_label("Safeguarding information (optional)").fill("Open to early help.")
    axe(page, "detailed referral page")
    page.get_by_role("button", name="Save the detailed referral").click()
    expect(main).to_contain_text("Asthma: carries an inhaler.")
    axe(page, "accepted referral page")

    with own_page(browser) as provider:
        sign_in(provider, live_server, world.user("provider_manager"))
        provider.goto(page.url)
        expect(provider.get_by_role("main")).to_contain_text("Asthma: carries an inhaler.")
        expect(provider.get_by_role("main")).not_to_contain_text("Open to early help.")
