"""An LA officer reads the rules no single school can check for its area: an unregistered provider one
pupil short of the registration threshold (counting another LA's school's pupils), the part-time
timetables of its schools, a provider in use that is not on its list and what placements cost; then sets
the LA's full-time week (first mistyping it) and sees a pupil's week judged by it. Each page checked with
axe-core (WCAG 2.2 AA)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from providers.models import ProviderType, RegistrationStatus
from pupils.identifiers import academic_year_start
from tests import factories
from tests.browser.conftest import axe, sign_in
from tests.browser.test_journeys import expect_error_summary
from tests.placements.factories import PartTimePlanFactory, PlacementFactory
from tests.providers.factories import ProviderProfileFactory
from tests.pupils.factories import PupilFactory

pytestmark = pytest.mark.browser
TODAY = timezone.localdate()


def year_9() -> datetime.date:
    return datetime.date(academic_year_start(TODAY) - 14, 12, 1)


def test_an_officer_reads_the_areas_checks_and_sets_its_full_time_week(page, browser, live_server, world):
    forge = factories.ProviderFactory(name="Forge Vocational Training", local_authority=world.la)
    ProviderProfileFactory(
        provider=forge,
        registration_status=RegistrationStatus.UNREGISTERED,
        provider_type=ProviderType.TRAINING_PROVIDER,
    )
    known = timezone.now()
    for school in (world.school, world.other_school, world.other_school, world.sibling_school):
        PlacementFactory(
            pupil=PupilFactory(school=school, known_to_local_authority_since=known),
            provider=forge,
            hours_per_week=Decimal(20),
            cost=Decimal("55.00"),
            cost_unit="day",
        )
    amira = PupilFactory(
        school=world.school,
        legal_forename="Amira",
        date_of_birth=year_9(),
        known_to_local_authority_since=known,
    )
    placement = PlacementFactory(
        pupil=amira, provider=forge, hours_per_week=Decimal(12), school_hours_per_week=Decimal(12)
    )
    PartTimePlanFactory(placement=placement, ends_by=TODAY - datetime.timedelta(days=4), la_notified_on=None)

    sign_in(page, live_server, world.user("la_officer"))
    axe(page, "LA home page")
    page.get_by_role("link", name="Unregistered providers and the registration threshold").click()
    row = page.get_by_role("row").filter(has_text="Forge Vocational Training")
    expect(row).to_contain_text("One pupil short")
    expect(row.get_by_role("cell").nth(2)).to_have_text("4")
    axe(page, "registration threshold")

    page.go_back()
    page.get_by_role("link", name="Part-time timetables in your area").click()
    row = page.get_by_role("row").filter(has_text="Amira")
    expect(row).to_contain_text("Past")
    expect(row).to_contain_text("Not told")
    axe(page, "part-time timetables")

    page.go_back()
    page.get_by_role("link", name="Providers in use that are not on your list").click()
    row = page.get_by_role("row").filter(has_text="Forge Vocational Training")
    expect(row.get_by_role("cell")).to_have_text(["Forge Vocational Training Unregistered", "3", "2"])
    axe(page, "providers not on the list")

    page.go_back()
    page.get_by_role("link", name="What placements cost").click()
    expect(page.get_by_role("main")).to_contain_text("Costs by school")
    axe(page, "costs")

    page.go_back()
    page.get_by_role("link", name="Your numbers for placements").click()
    axe(page, "the LA's numbers")
    page.get_by_role("button", name="Change your numbers").click()
    page.get_by_label("Years 7 to 10 (hours)").fill("24.25")
    page.get_by_role("button", name="Save your numbers").click()
    message = "Enter the hours for Years 7 to 10 to the nearest half hour, like 23.5"
    expect_error_summary(page, {message: "Years 7 to 10 (hours)"})
    axe(page, "the LA's numbers with an error")
    page.get_by_label("Years 7 to 10 (hours)").fill("25")
    page.get_by_role("button", name="Save your numbers").click()
    expect(page.get_by_role("main")).to_contain_text("Your numbers are saved")
    expect(page.get_by_role("main")).to_contain_text("25 hours")

    # Amira's school reads her week against the LA's new number.
    lead_context = browser.new_context(locale="en-GB")
    lead = lead_context.new_page()
    sign_in(lead, live_server, world.user("ap_lead"))
    lead.goto(f"{live_server.url}/pupils/{amira.pk}/")
    week = lead.get_by_role("table", name=f"Hours a week {amira.name} is taught")
    expect(week.get_by_role("row").filter(has_text="A full-time week in Year 9")).to_contain_text("25")
    expect(week.get_by_role("row").filter(has_text="In all")).to_contain_text("24")
    expect(lead.get_by_role("main")).to_contain_text("1 hour a week short of full time")
    axe(lead, "pupil's page with the week")
    lead_context.close()
