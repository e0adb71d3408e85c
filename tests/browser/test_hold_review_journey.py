"""Holding a review, in one browser run: the AP lead opens the next review from the placement's page,
saves the empty form and reads every mistake at once, then records who attended, the objective "not on
track", the views, the provider's report and a decision to amend the plan; the held review says so and
links on to the objectives. The provider reads the decision and its report, not the views. Every page
visited is checked with axe-core (WCAG 2.2 AA)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe, own_page, sign_in
from tests.placements.plan_world import active
from tests.reviews.world import reviews_of

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()
PUPIL_SAYS = "The mornings are too early for me."


def test_the_ap_lead_holds_a_review_and_records_not_on_track(page, browser, live_server, world):
    placement = active(world, planned_end_on=TODAY + datetime.timedelta(weeks=20))
    main = page.get_by_role("main")

    sign_in(page, live_server, world.user("ap_lead"))
    page.goto(f"{live_server.url}/placements/{placement.pk}/")
    reviews = main.get_by_role("table", name="The review schedule")
    reviews.get_by_role("link", name="Hold review 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hold review 1")
    expect(main).to_contain_text("Attendance since the start")
    axe(page, "the form to hold a review")

    page.get_by_role("button", name="Save the review").click()
    alert = page.get_by_role("alert")
    for message in ("Select who attended the review", "Select how the attendance objective is going"):
        expect(alert).to_contain_text(message)
    expect(alert).to_contain_text("Select the decision")
    axe(page, "the form to hold a review with its errors")

    attended = page.get_by_role("group", name="Who attended")
    for who in ("The school", "The provider", "Parent or carer", "The pupil"):
        attended.get_by_label(who, exact=True).check()
    page.get_by_role("group", name="Attendance: Attend every morning session.").get_by_label(
        "Not on track"
    ).check()
    page.get_by_label("The pupil's views").fill(PUPIL_SAYS)
    page.get_by_label("The parent's or carer's views").fill("Happier, still late.")
    page.get_by_label("The provider's report").fill("Late most mornings; good in workshops.")
    page.get_by_role("group", name="Decision").get_by_label("Amend the plan").check()
    page.get_by_label("About the decision").fill("Start at 10am for six weeks.")
    page.get_by_role("button", name="Save the review").click()

    expect(main).to_contain_text(f"The review held on {TODAY:%-d %B %Y} is saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review 1 held on {TODAY:%-d %B %Y}")
    expect(main).to_contain_text("Not on track")
    expect(main).to_contain_text(PUPIL_SAYS)
    expect(main.get_by_role("link", name="Edit the objectives")).to_be_visible()
    axe(page, "the held review")
    assert reviews_of(placement)[0].state == "held"

    with own_page(browser) as provider:
        sign_in(provider, live_server, world.user("provider_staff"))
        provider.goto(f"{live_server.url}/reviews/{reviews_of(placement)[0].pk}/")
        provider_main = provider.get_by_role("main")
        expect(provider_main).to_contain_text("Amend the plan")
        expect(provider_main).to_contain_text("Late most mornings; good in workshops.")
        expect(provider_main).not_to_contain_text(PUPIL_SAYS)
        axe(provider, "the provider's view of a held review")
