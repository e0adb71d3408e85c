"""Moving a review, in one browser run: the AP lead reads the placement's review schedule, moves the first
review (a move with no reason first shows its error), sees the new date with the old one and the reason
on the placement's page, and saves the same date again, which changes nothing. The provider reads the new
date and not the reason. Every page visited is checked with axe-core (WCAG 2.2 AA)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe, own_page, sign_in
from tests.dates import fill_date
from tests.placements.plan_world import active
from tests.reviews.world import moves_of, reviews_of

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()
REASON = "The parent works on that day."


def test_the_ap_lead_moves_a_review_with_a_reason(page, browser, live_server, world):
    placement = active(world, planned_end_on=TODAY + datetime.timedelta(weeks=20))
    first = reviews_of(placement)[0]
    new_date = first.due_on + datetime.timedelta(days=2)
    main = page.get_by_role("main")

    sign_in(page, live_server, world.user("ap_lead"))
    page.goto(f"{live_server.url}/placements/{placement.pk}/")
    reviews = main.get_by_role("table", name="The review schedule")
    expect(main).to_contain_text(f"Next review: {first.due_on:%-d %B %Y}")
    expect(reviews).to_contain_text("Final review")
    axe(page, "the placement's page with its review schedule")

    reviews.get_by_role("link", name="Move review 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move review 1")
    axe(page, "the form to move a review")
    fill_date(page, "New date", new_date)
    page.get_by_role("button", name="Save the new date").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter why the review is moved")
    axe(page, "the form to move a review with its error")
    page.get_by_label("Why is the review moving?").fill(REASON)
    page.get_by_role("button", name="Save the new date").click()
    expect(main).to_contain_text(f"The review is now due on {new_date:%-d %B %Y}")
    expect(main).to_contain_text(f"Next review: {new_date:%-d %B %Y}")
    expect(reviews).to_contain_text(f"Moved from {first.due_on:%-d %B %Y}")
    expect(reviews).to_contain_text(REASON)
    axe(page, "the placement's page after the move")

    # The same date again changes nothing.
    reviews.get_by_role("link", name="Move review 1").click()
    page.get_by_role("button", name="Save the new date").click()
    expect(main).to_contain_text(f"Nothing changed: the review is due on {new_date:%-d %B %Y}")
    assert len(moves_of(placement)) == 1

    # The provider reads the new date, never why.
    with own_page(browser) as provider:
        sign_in(provider, live_server, world.user("provider_staff"))
        provider.goto(f"{live_server.url}/placements/{placement.pk}/")
        provider_main = provider.get_by_role("main")
        expect(provider_main).to_contain_text(f"Next review: {new_date:%-d %B %Y}")
        expect(provider_main).not_to_contain_text(REASON)
        axe(provider, "the provider's placement page with its review schedule")
