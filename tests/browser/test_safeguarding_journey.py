"""A safeguarding concern, in one browser run: the provider's staff raise it from the placement's page (a
form left incomplete first shows its errors), the school's DSL is told at once on their home page and in
the navigation, reads it and records what was done, and the banner goes. The AP lead sees on the
placement's page that a concern exists, and nothing it says. Every page visited is checked with axe-core
(WCAG 2.2 AA)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.tenancy.scoping import unscoped
from safeguarding.models import Concern, ConcernAction, ConcernState
from tests.browser.conftest import axe, own_page, sign_in
from tests.dates import fill_date
from tests.safeguarding.world import placed

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()
SEEN = "Amira said her older cousin hits her when her mother is at work."


def test_a_provider_raises_a_concern_and_the_dsl_handles_it(page, browser, live_server, world):
    placement = placed(world)
    placement_url = f"{live_server.url}/placements/{placement.pk}/"
    main = page.get_by_role("main")

    # The provider's staff raise it from the placement's page.
    sign_in(page, live_server, world.user("provider_staff"))
    page.goto(placement_url)
    axe(page, "the provider's placement page")
    main.get_by_role("button", name="Raise a safeguarding concern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a safeguarding concern")
    expect(main).to_contain_text("call 999 now")
    axe(page, "the concern form")
    page.get_by_role("button", name="Send the concern to the school").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter what was seen or heard")
    axe(page, "the concern form with its errors")
    page.get_by_label("What was seen or heard").fill(SEEN)
    fill_date(page, "When it was seen or heard", TODAY)
    page.get_by_label("Time (optional)").fill("about 11am")
    page.get_by_label("Who was involved").fill("Amira, and her key worker.")
    page.get_by_label("No", exact=True).check()
    page.get_by_label("What you have done already").fill("Our DSL listened and wrote down what she said.")
    page.get_by_role("button", name="Send the concern to the school").click()
    expect(main).to_contain_text("Concern sent to Demoshire Academy's designated safeguarding lead")
    expect(main).to_contain_text(SEEN)
    expect(main.get_by_text("New", exact=True)).to_be_visible()
    axe(page, "the concern as the provider reads it")

    # The DSL is told at once: the banner first on the home page, the count in the navigation.
    with own_page(browser) as dsl:
        sign_in(dsl, live_server, world.user("dsl"))
        banner = dsl.get_by_role("region", name="New safeguarding concern")
        expect(banner).to_be_visible()
        expect(dsl.get_by_role("navigation", name="Menu")).to_contain_text("Safeguarding 1 new")
        axe(dsl, "the DSL's home page with a new concern")
        banner.get_by_role("link", name="Read it and record what was done").click()
        expect(dsl.get_by_role("heading", level=1)).to_have_text("Safeguarding concerns")
        axe(dsl, "the DSL's list of concerns")
        dsl.get_by_role("link", name="concern about Amira Khan").click()
        dsl_main = dsl.get_by_role("main")
        expect(dsl_main).to_contain_text(SEEN)
        expect(dsl_main).to_contain_text("Nothing has been recorded yet.")
        axe(dsl, "the concern as the DSL reads it")

        dsl.get_by_label("What was done").fill("Rang the mother and referred to social care.")
        fill_date(dsl, "When it was done", TODAY)
        dsl.get_by_label("Children's social care").check()
        dsl.get_by_label("No", exact=True).check()
        dsl.get_by_role("button", name="Save what was done").click()
        expect(dsl_main).to_contain_text("What was done is recorded.")
        expect(dsl_main.get_by_text("Being handled", exact=True)).to_be_visible()
        expect(dsl_main).to_contain_text("Rang the mother and referred to social care.")
        axe(dsl, "the concern with what was done")

        dsl.get_by_role("link", name="apcommission").click()
        expect(dsl.get_by_role("main")).to_contain_text("No safeguarding concern is waiting to be handled")
        axe(dsl, "the DSL's home page with nothing waiting")

    # The AP lead sees on the placement's page that a concern exists, and nothing it says.
    with own_page(browser) as lead:
        sign_in(lead, live_server, world.user("ap_lead"))
        lead.goto(placement_url)
        lead_main = lead.get_by_role("main")
        expect(lead_main).to_contain_text("Raised by Demoshire PRU")
        expect(lead_main).to_contain_text("Being handled")
        expect(lead_main).not_to_contain_text(SEEN)
        axe(lead, "the placement's page with a concern, for the AP lead")

    with unscoped("a test reads what the journey wrote"):
        concern = Concern.objects.get()
        assert concern.state == ConcernState.BEING_HANDLED
        assert ConcernAction.objects.get().referred_to == ["social_care"]
