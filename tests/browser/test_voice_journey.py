"""The pupil's voice before a review, in one browser run: the AP lead asks for the pupil's views from the
placement's page and copies the link made; the pupil opens it in a browser of their own, with no account,
and sends their answers (the page names nobody, and the link then works no more); the AP lead holds the
review reading the pupil's answers, decides to amend the plan and changes an objective. Every page visited
is checked with axe-core (WCAG 2.2 AA), the public ones included."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe, own_page, sign_in
from tests.placements.plan_world import active, pupil_of
from tests.reviews.world import reviews_of

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()
PUPIL_WRITES = "I like the workshop but the bus is late a lot."


def test_the_pupil_answers_by_link_and_the_ap_lead_holds_the_review_with_it(
    page, browser, live_server, world
):
    pupil = pupil_of(world, legal_forename="Canarywing", legal_surname="Featherstone")
    placement = active(world, pupil, planned_end_on=TODAY + datetime.timedelta(weeks=20))
    main = page.get_by_role("main")

    sign_in(page, live_server, world.user("ap_lead"))
    page.goto(f"{live_server.url}/placements/{placement.pk}/")
    schedule = main.get_by_role("table", name="The review schedule")
    schedule.get_by_role("link", name="Ask for views before review 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Views before review 1")
    expect(main).to_contain_text("No links have been made for this review yet.")
    axe(page, "the views before a review")

    main.get_by_role("button", name="Get a link for the pupil's views").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Link made for the pupil's views")
    expect(main).to_contain_text(
        re.compile(r"It works once, until \d+ \w+ \d{4} at (\d+(:\d\d)?[ap]m|midday|midnight)")
    )
    axe(page, "the link, shown once")
    link = page.get_by_label("The link").input_value()
    assert link.startswith(f"{live_server.url}/voice/")
    main.get_by_role("link", name="Back to the views before review 1").click()
    expect(main).to_contain_text("Waiting for an answer")

    with own_page(browser) as pupil_page:
        pupil_page.goto(link)
        pupil_main = pupil_page.get_by_role("main")
        expect(pupil_page.get_by_role("heading", level=1)).to_have_text("Tell us how your placement is going")
        for name in ("Canarywing", "Featherstone", world.school.name, world.provider.name):
            expect(pupil_page.locator("body")).not_to_contain_text(name)
        axe(pupil_page, "the pupil's questions")
        pupil_page.get_by_role("group", name="How do you feel about going to your placement?").get_by_label(
            "Good", exact=True
        ).check()
        pupil_page.get_by_role("group", name="Do you feel safe there?").get_by_label("Always").check()
        pupil_page.get_by_role("group", name="Do the staff listen to you?").get_by_label(
            "Most of the time"
        ).check()
        pupil_page.get_by_label("Is there anything else you want to tell us?").fill(PUPIL_WRITES)
        pupil_page.get_by_role("button", name="Send your answers").click()
        expect(pupil_page.get_by_role("heading", level=1)).to_have_text("Thank you")
        axe(pupil_page, "the thank-you page")
        pupil_page.goto(link)
        expect(pupil_main).to_contain_text("This link cannot be used")
        axe(pupil_page, "a link already used")

    page.reload()
    expect(main).to_contain_text(f"Answered on {TODAY:%-d %B %Y}")
    page.goto(f"{live_server.url}/placements/{placement.pk}/")
    schedule.get_by_role("link", name="Hold review 1").click()
    expect(main).to_contain_text("What the pupil and the parent said before the review")
    expect(main).to_contain_text(PUPIL_WRITES)
    expect(main).to_contain_text("Most of the time")
    axe(page, "the form to hold a review, with the pupil's answers")

    attended = page.get_by_role("group", name="Who attended")
    for who in ("The school", "The provider", "The pupil"):
        attended.get_by_label(who, exact=True).check()
    page.get_by_role("group", name="Attendance: Attend every morning session.").get_by_label(
        "On track", exact=True
    ).check()
    page.get_by_label("The pupil's views").fill("Wants an earlier bus; agreed to try the 8:10.")
    page.get_by_role("group", name="Decision").get_by_label("Amend the plan").check()
    page.get_by_label("About the decision").fill("Raise the attendance target now that mornings are better.")
    page.get_by_role("button", name="Save the review").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"Review 1 held on {TODAY:%-d %B %Y}")
    expect(main).to_contain_text(PUPIL_WRITES)
    axe(page, "the held review, with the pupil's answers")
    main.get_by_role("link", name="Edit the objectives").click()
    main.get_by_role("link", name="Change the attendance objective").click()
    axe(page, "changing an objective")
    page.get_by_label("Target (optional)").fill("95")
    page.get_by_label("Why the plan changes").fill("Agreed at review 1: mornings are better.")
    page.get_by_role("button", name="Save the objective").click()
    expect(main).to_contain_text("Objective saved.")
    axe(page, "the placement after the objective changed")
    assert reviews_of(placement)[0].state == "held"
