"""The provider records progress and an incident during a placement, and the school sees them: in one
browser run, the provider's manager records a value against the attendance objective (after a refusal
with its error summary) and a high-severity incident; the school's AP lead then sees the incident on the
home page, in the list of incidents, on its own page and at the top of the placement's page, with the
progress beside the baseline and target. Every page visited is checked with axe-core (WCAG 2.2 AA)."""

import datetime

import pytest
from playwright.sync_api import expect

from apcommission.tenancy.scoping import unscoped
from progress.models import Incident, ProgressEntry
from tests.browser.conftest import axe, own_page, sign_in
from tests.dates import fill_date
from tests.placements.plan_world import TODAY
from tests.progress.world import running

pytestmark = pytest.mark.browser

YESTERDAY = TODAY - datetime.timedelta(days=1)


def test_the_provider_records_progress_and_an_incident_and_the_school_sees_them(
    page, browser, live_server, world
):
    placement = running(world)
    placement_url = f"{live_server.url}/placements/{placement.pk}/"
    main = page.get_by_role("main")
    sign_in(page, live_server, world.user("provider_manager"))

    page.goto(placement_url)
    expect(main).to_contain_text("No progress recorded yet")
    axe(page, "the provider's placement page before any progress")

    main.get_by_role("button", name="Record progress against the attendance objective").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record progress")
    axe(page, "the progress form")
    page.get_by_role("button", name="Save the progress").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the value")
    axe(page, "the progress form with its errors")
    page.get_by_label("Value (%)").fill("78.00")
    fill_date(page, "Date", YESTERDAY)
    page.get_by_label("Comment (optional)").fill("Every morning this week.")
    page.get_by_role("button", name="Save the progress").click()
    expect(main).to_contain_text("Progress recorded.")
    expect(main).to_contain_text("Every morning this week.")
    expect(main.get_by_role("img", name="Attendance: progress against the target")).to_be_visible()
    axe(page, "the placement page with progress and its chart")

    main.get_by_role("button", name="Record an incident").click()
    axe(page, "the incident form")
    fill_date(page, "Date of the incident", YESTERDAY)
    page.get_by_label("Time (optional)").fill("2:30pm")
    page.get_by_label("Injury or accident").check()
    page.get_by_label("High", exact=True).check()
    page.get_by_label("What happened").fill("Cut his hand on a chisel in the workshop.")
    page.get_by_label("What was done").fill("First aid, then the minor injuries unit with a member of staff.")
    fill_date(page, "Parent or carer told on (optional)", YESTERDAY)
    page.get_by_role("button", name="Save the incident").click()
    expect(main).to_contain_text("Incident recorded. The school sees it at once.")
    expect(main.get_by_role("table", name="Incidents at the placement, latest first")).to_contain_text(
        "Injury or accident"
    )
    axe(page, "the placement page with its incident")

    # The school sees it at once: on its home page, in the list, on its own page and on the placement's.
    with own_page(browser) as school:
        sign_in(school, live_server, world.user("ap_lead"))
        school_main = school.get_by_role("main")
        alert = school_main.get_by_role("link", name="1 high-severity incident in the last 2 weeks")
        expect(alert).to_be_visible()
        axe(school, "the school's home page with a high-severity incident")
        alert.click()
        incidents = school_main.get_by_role("table", name="1 incident matching your filters")
        expect(incidents).to_contain_text(placement.pupil.name)
        expect(incidents).to_contain_text(world.provider.name)
        axe(school, "the list of incidents")
        incidents.get_by_role("link", name=f"{YESTERDAY.day} {YESTERDAY:%B %Y}").click()
        expect(school_main).to_contain_text("Cut his hand on a chisel")
        expect(school_main).to_contain_text("14:30")
        axe(school, "the incident's page")
        school.goto(placement_url)
        expect(school.get_by_role("region", name="High-severity incident")).to_be_visible()
        expect(school_main).to_contain_text("78% on")
        expect(school_main).not_to_contain_text("Record progress")
        axe(school, "the school's placement page with the alert and the progress")

    with unscoped("a test reads what the journey wrote"):
        [entry] = ProgressEntry.objects.all()
        [incident] = Incident.objects.all()
    assert (entry.value, entry.on) == (78, YESTERDAY)
    assert (incident.severity, incident.occurred_at) == ("high", datetime.time(14, 30))
