"""A provider marks a week in the grid with the keyboard alone (Tab to each select, a letter to choose,
Enter to save); the school then sees the same-day absence at once and the placement's attendance
against the pupil's baseline. Every page visited is checked with axe-core (WCAG 2.2 AA)."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.tenancy.scoping import unscoped
from attendance.models import Mark
from tests.browser.conftest import axe, own_page, sign_in
from tests.placements.factories import PlacementFactory
from tests.pupils.factories import AttendanceYearFactory, PupilFactory

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()
ALL_WEEK = [f"{day}_{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]


def test_a_provider_marks_a_week_by_keyboard_and_the_school_sees_the_absence(
    page, browser, live_server, world
):
    pupil = PupilFactory(
        school=world.school,
        legal_forename="Jordan",
        legal_surname="Pike",
        known_to_local_authority_since=timezone.now(),
    )
    AttendanceYearFactory(pupil=pupil, academic_year=2025, possible_sessions=300, attended_sessions=180)
    placement = PlacementFactory(
        pupil=pupil, provider=world.provider, starts_on=TODAY - datetime.timedelta(days=28), sessions=ALL_WEEK
    )

    sign_in(page, live_server, world.user("provider_manager"), check_accessibility=True)
    page.goto(f"{live_server.url}/attendance/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Attendance: week beginning")
    axe(page, "the weekly grid")
    selects = page.locator("select.app-mark")
    count = selects.count()
    assert count >= 1

    # Keyboard alone: Tab to the first select, then a letter to choose and Tab to the next; the last
    # session of the week so far is an unexplained absence.
    for _ in range(60):
        if page.evaluate("() => document.activeElement && document.activeElement.tagName") == "SELECT":
            break
        page.keyboard.press("Tab")
    for n in range(count):
        page.keyboard.press("u" if n == count - 1 else "p")
        page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Save attendance")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_contain_text(f"Attendance saved: {count} new mark")
    expect(page.get_by_test_id("unmarked")).to_contain_text(
        "Every timetabled session this week so far is marked"
    )
    axe(page, "the grid once saved")
    with unscoped("test"):
        marks = list(
            Mark.objects.filter(placement=placement).order_by("on", "session").values_list("mark", flat=True)
        )
    assert marks == ["present"] * (count - 1) + ["unauthorised"]

    with own_page(browser) as school:
        sign_in(school, live_server, world.user("ap_lead"))
        school.goto(f"{live_server.url}/attendance/school/")
        absences = school.get_by_test_id("absences")
        expect(absences).to_contain_text("Jordan Pike")
        expect(absences).to_contain_text(world.provider.name)
        axe(school, "the school's attendance page")
        absences.get_by_role("link", name="Jordan Pike").click()
        panel = school.get_by_test_id("placement-attendance")
        attended = round(100 * (count - 1) / count, 1)
        expect(panel).to_contain_text(re.compile(rf"{attended:g}%: {count - 1} of {count} possible session"))
        expect(panel).to_contain_text("60% in 2025/26")
        axe(school, "the placement with its attendance")
