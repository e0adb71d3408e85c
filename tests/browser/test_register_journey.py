"""The register of pupils in AP in a browser: the AP lead finds it from the navigation, sees who is out and
what needs doing, filters by a flag and searches, and downloads it; the LA's officer reads the area's with
each school named and narrows it to one school; the provider reads its own pupils. Every page visited is
checked with axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from providers.models import RegistrationStatus
from tests.browser.conftest import axe, own_page, sign_in
from tests.browser.test_table_words import BROKEN_WORDS
from tests.placements.register_pages import placed
from tests.providers.factories import SiteFactory
from tests.pupils.factories import PupilFactory

pytestmark = pytest.mark.browser


def test_the_register_from_the_ap_leads_navigation_to_the_providers_pupils(page, browser, live_server, world):
    world.provider.profile.registration_status = RegistrationStatus.UNREGISTERED
    world.provider.profile.save()
    amira = PupilFactory(school=world.school, legal_forename="Amira", legal_surname="Khan")
    placed(
        world, pupil=amira, baseline=False, hours="15", school_hours="5", provider_copy={"name": "Amira K."}
    )
    placed(world, pupil=PupilFactory(school=world.school, legal_forename="Tom", legal_surname="Reed"))
    placed(world, school=world.sibling_school)
    main = page.get_by_role("main")

    sign_in(page, live_server, world.user("ap_lead"))
    page.get_by_role("navigation").get_by_role("link", name="Pupils in AP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pupils in alternative provision")
    expect(main.get_by_role("table")).to_contain_text("Khan, Amira")
    expect(main.get_by_role("table")).to_contain_text("Reed, Tom")
    expect(main.get_by_role("table").get_by_text("No baseline")).to_be_visible()
    axe(page, "register")

    page.get_by_label("Needs attention").select_option("no_baseline")
    page.get_by_role("button", name="Apply").click()
    expect(main.get_by_role("table")).to_contain_text("Khan, Amira")
    expect(main.get_by_role("table")).not_to_contain_text("Reed, Tom")
    expect(main.get_by_role("table").get_by_text("Short of full time: 4 hours")).to_be_visible()
    axe(page, "register filtered by a flag")

    page.get_by_role("link", name="Clear search and filters").click()
    page.get_by_label("Pupil name or UPN").fill("reed")
    page.get_by_role("button", name="Apply").click()
    expect(main.get_by_role("table")).not_to_contain_text("Khan, Amira")
    with page.expect_download() as download:
        main.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename.startswith("register-of-pupils-in-ap-Demoshire-Academy")

    page.goto(f"{live_server.url}/register/?provider=999999")
    expect(page.get_by_role("alert")).to_contain_text("Choose a provider from the list")
    axe(page, "register with a filter that cannot be used")

    main.get_by_role("link", name="Khan, Amira").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amira")

    with own_page(browser) as officer:
        sign_in(officer, live_server, world.user("la_officer"))
        officer.get_by_role("navigation").get_by_role("link", name="Pupils in AP").click()
        table = officer.get_by_role("main").get_by_role("table")
        expect(table).to_contain_text("Hillside Primary")
        expect(table).to_contain_text("Demoshire Academy")
        axe(officer, "the LA's register")
        officer.get_by_label("School", exact=True).select_option(label="Hillside Primary")
        officer.get_by_role("button", name="Apply").click()
        expect(table).to_contain_text("Hillside Primary")
        expect(table).not_to_contain_text("Demoshire Academy")
        axe(officer, "the LA's register filtered by school")

    with own_page(browser) as provider:
        sign_in(provider, live_server, world.user("provider_manager"))
        provider.get_by_role("navigation").get_by_role("link", name="Your pupils").click()
        expect(provider.get_by_role("heading", name="Amira K.")).to_be_visible()
        # Her full name is not shared (another pupil's shared name may be any surname, Khan included).
        expect(provider.get_by_role("main")).not_to_contain_text("Amira Khan")
        axe(provider, "a provider's pupils")


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_las_register_keeps_its_words_whole(page, live_server, world, width):
    """The widest register (an LA's, with a school column and every flag) on a desktop screen."""
    world.provider.profile.registration_status = RegistrationStatus.UNREGISTERED
    world.provider.profile.save()
    placed(world, baseline=False, hours="10", plan_ends_by=datetime.date(2026, 1, 5))
    placed(
        world, school=world.sibling_school, site=SiteFactory(provider=world.provider, name="Riverside Barn")
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, world.user("la_officer"))
    page.goto(f"{live_server.url}/register/")
    axe(page, "the LA's register")
    assert page.evaluate(BROKEN_WORDS) == []
