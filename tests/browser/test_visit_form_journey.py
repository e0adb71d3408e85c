"""An LA officer records a visit with more than one action: each "Add another action" brings the page back
with the new row's first box focused and in view, never at the top; what was typed stays. An action due before
the visit is refused in the words the add-action page uses. Each page checked with axe-core."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import axe, sign_in

pytestmark = pytest.mark.browser

TODAY = timezone.localdate()


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        """selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
        }""",
        selector,
    )


def test_adding_actions_lands_on_each_new_row(page, live_server, world):
    sign_in(page, live_server, world.user("la_officer"))
    page.goto(f"{live_server.url}/providers/{world.provider.pk}/visits/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Record a QA visit")
    page.locator("#id_action_1_description").fill("Update the fire risk assessment.")

    page.get_by_role("button", name="Add another action").click()

    expect(page.locator("#id_action_2_description")).to_be_focused()
    assert in_view(page, "#action-2 legend")
    assert in_view(page, "#id_action_2_description")
    expect(page.locator("#id_action_1_description")).to_have_value("Update the fire risk assessment.")
    axe(page, "visit form after adding an action")

    page.locator("#id_action_2_description").fill("Share each pupil's maths baseline.")
    page.get_by_role("button", name="Add another action").click()

    expect(page.locator("#id_action_3_description")).to_be_focused()
    assert in_view(page, "#action-3 legend")
    assert in_view(page, "#id_action_3_description")

    # Saving shows its errors from the top, in the add-action page's words.
    early = TODAY - datetime.timedelta(days=400)
    page.locator("#id_action_1_owner").fill("Manager")
    page.locator("#id_action_1_due_on_0").fill(str(early.day))
    page.locator("#id_action_1_due_on_1").fill(str(early.month))
    page.locator("#id_action_1_due_on_2").fill(str(early.year))
    page.get_by_role("button", name="Save visit").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Enter the date of the visit")
    expect(summary).to_contain_text("Enter who will do it for action 2")
    expect(summary).to_contain_text("Enter the due date of action 2")
    axe(page, "visit form with errors")
