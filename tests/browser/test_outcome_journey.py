"""Recording what became of a placement, in one browser run: the AP lead opens the ended placement, saves
the empty outcome form and reads every mistake at once, records the outcome and destination, and finds
the check-ins scheduled on the placement's page; then records the sustained-destination check-in, now
due, from Destinations. Every page visited is checked with axe-core (WCAG 2.2 AA)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe, sign_in
from tests.outcomes.world import check_ins_of, ended, outcome_of

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()


def test_the_ap_lead_records_an_outcome_and_a_check_in(page, live_server, world):
    # Ended long enough ago that its sustained-destination check is due, however the year falls.
    placement = ended(world, TODAY - datetime.timedelta(days=700))
    main = page.get_by_role("main")

    sign_in(page, live_server, world.user("ap_lead"))
    page.goto(f"{live_server.url}/placements/{placement.pk}/")
    main.get_by_role("button", name="Record the outcome and destination").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the outcome and destination")
    axe(page, "the outcome form")

    page.get_by_role("button", name="Save the outcome and destination").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Select how far the placement met its objectives")
    expect(alert).to_contain_text("Select the destination")
    axe(page, "the outcome form with its errors")

    met = page.get_by_role("group", name="Did the placement meet its objectives?")
    met.get_by_label("Partly met").check()
    page.get_by_role("group", name="Where did the pupil go?").get_by_label("Further education").check()
    page.get_by_label("Where (optional)").fill("Demoshire College")
    page.get_by_role("button", name="Save the outcome and destination").click()

    expect(main).to_contain_text("Outcome and destination saved. The check-ins are scheduled.")
    expect(main).to_contain_text("Further education: Demoshire College")
    check_ins = main.get_by_role("table", name="Check-ins of the pupil's destination")
    expect(check_ins).to_contain_text("Sustained destination")
    axe(page, "the ended placement with its outcome")
    assert outcome_of(placement).objectives_met == "partly_met"

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Destinations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Destinations")
    axe(page, "the school's destinations")
    main.get_by_role("link", name="Record the check-in for Amira Khan: sustained destination").click()
    page.get_by_role("group", name="Where is the pupil now?").get_by_label("Further education").check()
    page.get_by_role("group", name="Was the destination sustained?").get_by_label("Yes").check()
    page.get_by_label("Note (optional)").fill("Phoned the college: still enrolled.")
    axe(page, "the check-in form")
    page.get_by_role("button", name="Save the check-in").click()

    expect(main).to_contain_text("Check-in saved.")
    expect(main).to_contain_text("Sustained")
    axe(page, "the destinations after a check-in")
    sustained = next(check_in for check_in in check_ins_of(placement) if check_in.kind == "sustained")
    assert sustained.recorded_at is not None
    assert sustained.sustained is True
