"""The AP lead's journey from an accepted referral to a running part-time placement, in one browser run:
the plan made from the referral (what it says filled in), an attendance objective whose baseline comes
from the pupil's imported history and a second objective, the part-time plan back to a full-time week,
the start, and the placement on the pupil's page. Every page visited is checked with axe-core (WCAG 2.2
AA); the provider then reads its own copy, without the pupil's UPN or the school's reasons."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.tenancy.scoping import unscoped
from placements.models import Objective, PartTimeStep, Placement, PlacementStatus, PlanChange
from tests.browser.conftest import axe, own_page, sign_in
from tests.dates import fill_date
from tests.pupils.factories import AttendanceYearFactory
from tests.referrals import pages as referral_pages

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()


def test_an_accepted_referral_becomes_a_part_time_placement_with_a_plan_to_full_time(
    page, browser, live_server, world
):
    referral = referral_pages.accepted(world)
    AttendanceYearFactory(
        pupil=referral.pupil, academic_year=2025, possible_sessions=120, attended_sessions=78
    )
    main = page.get_by_role("main")
    sign_in(page, live_server, world.user("ap_lead"))

    # The accepted referral offers its plan, with what it says filled in.
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    axe(page, "the accepted referral with its plan to make")
    main.get_by_role("button", name="Make the placement plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make the placement plan")
    expect(main).to_contain_text(f"{world.provider.name} offered a place")
    expect(page.get_by_label("Hours a week at the provision")).to_have_value("15")
    expect(page.get_by_label("At risk of exclusion")).to_be_checked()
    axe(page, "the plan from the referral")
    # It starts today, part time: 12 hours a week with nothing at school is short of a Year 10 pupil's 24.
    fill_date(page, "Start date", TODAY)
    fill_date(page, "Planned end date", TODAY + datetime.timedelta(weeks=12))
    for session in ("Monday morning", "Tuesday morning", "Wednesday morning", "Thursday morning"):
        page.get_by_label(session).check()
    page.get_by_label("Hours a week at the provision").fill("12")
    page.get_by_label("Back to the school full time").check()
    page.get_by_label("Transport (optional)").fill("Taxi from home at 8:30, booked by the school.")
    page.get_by_role("button", name="Save the plan").click()
    expect(main).to_contain_text("Placement plan saved")
    expect(main).to_contain_text("Part-time timetable")
    expect(main).to_contain_text("12 of the 24 hours of a full-time week: 12 short")
    axe(page, "the new placement")
    placement_url = page.url

    # An attendance objective, its baseline from the pupil's imported attendance (78 of 120 sessions).
    main.get_by_role("button", name="Add an attendance objective").click()
    expect(main).to_contain_text("the pupil's attendance in 2025/26: 65% of possible sessions")
    expect(page.get_by_label("Baseline (optional until the placement starts)")).to_have_value("65")
    page.get_by_label("The objective").fill("Attend every morning session.")
    page.get_by_label("Target (optional)").fill("90")
    fill_date(page, "Target date (optional)", TODAY + datetime.timedelta(weeks=12))
    axe(page, "an attendance objective from the pupil's history")
    page.get_by_role("button", name="Save the objective").click()
    expect(main).to_contain_text("Objective added")

    main.get_by_role("button", name="Add another objective").click()
    page.get_by_label("Maths").check()
    page.get_by_label("The objective").fill("Entry level 3 maths.")
    page.get_by_label("How it is measured").fill("Teacher assessment against the entry level 3 criteria")
    page.get_by_label("Unit (optional)").fill("grade")
    page.get_by_label("Baseline (optional until the placement starts)").fill("1")
    fill_date(page, "Date of the baseline", TODAY)
    axe(page, "another objective")
    page.get_by_role("button", name="Save the objective").click()
    expect(main).to_contain_text("Entry level 3 maths.")

    # The start page says what is still missing: the part-time plan.
    main.get_by_role("button", name="Start the placement").click()
    expect(main).to_contain_text("a part-time plan, as the timetable is less than a full-time week")
    axe(page, "the start page with something missing")
    page.goto(placement_url)
    main.get_by_role("button", name="Make a part-time plan").click()
    expect(main).to_contain_text("With this placement the pupil has 12 hours of education a week")
    page.get_by_label("Why a part-time timetable").fill("Building up after a long absence with anxiety.")
    fill_date(page, "Time limit", TODAY + datetime.timedelta(weeks=8))
    fill_date(page, "Parent or carer agreed on (needed to start)", TODAY)
    fill_date(page, "LA told on (needed to start)", TODAY)
    fill_date(page, "Date of step 1", TODAY + datetime.timedelta(weeks=3))
    page.get_by_label("Hours a week at step 1").fill("18")
    fill_date(page, "Date of step 2", TODAY + datetime.timedelta(weeks=6))
    page.get_by_label("Hours a week at step 2").fill("24")
    axe(page, "the part-time plan")
    page.get_by_role("button", name="Save the part-time plan").click()
    expect(main).to_contain_text("Part-time plan saved")
    expect(main.get_by_role("table", name="The plan back to a full-time week")).to_contain_text("24")

    main.get_by_role("button", name="Start the placement").click()
    axe(page, "the start page")
    page.get_by_role("button", name="Start the placement").click()
    expect(main).to_contain_text("Placement started")
    expect(main.get_by_text("Active", exact=True)).to_be_visible()
    axe(page, "the active placement with its history")

    # The pupil's page lists it.
    page.get_by_role("link", name="Back to the pupil").click()
    placements = main.get_by_role("table", name=f"Placements of {referral.pupil.name}, newest first")
    expect(placements).to_contain_text(world.provider.name)
    expect(placements).to_contain_text("Active")
    axe(page, "the pupil's page with the placement")

    # The provider reads its copy: what the school shared by default, never the UPN or the school's reasons.
    with own_page(browser) as provider:
        sign_in(provider, live_server, world.user("provider_staff"))
        provider.goto(placement_url)
        shared = provider.get_by_role("main")
        expect(shared).to_contain_text("Attend every morning session.")
        expect(shared).to_contain_text("Taxi from home at 8:30")
        expect(shared).not_to_contain_text("Building up after a long absence")
        expect(shared).not_to_contain_text(referral.pupil.upn)
        axe(provider, "the provider's copy of the placement")

    with unscoped("a test reads what the journey wrote"):
        placement = Placement.objects.get()
        assert placement.status == PlacementStatus.ACTIVE
        assert (placement.referral_id, placement.starts_on) == (referral.pk, TODAY)
        assert Objective.objects.filter(placement=placement, baseline_value__isnull=False).count() == 2
        assert PartTimeStep.objects.filter(plan__placement=placement).count() == 2
        assert PlanChange.objects.count() == 0  # everything was planned before it started
