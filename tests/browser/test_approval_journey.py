"""An LA officer puts another LA's provider on its approved list with conditions, each page checked with
axe-core (WCAG 2.2 AA)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apcommission.tenancy.scoping import unscoped
from providers.models import ApprovalStatus, ApprovedListEntry, StatusChange
from tests.browser.conftest import axe, sign_in
from tests.browser.test_journeys import expect_error_summary, navigate
from tests.dates import date_shown, fill_date
from tests.providers.factories import ApprovalCategoryFactory

pytestmark = pytest.mark.browser

CONDITIONS = "Fire risk assessment for the workshop by the end of term.\nTermly safeguarding audit."
REASON = "Panel of 12 March: checks complete, two actions outstanding."


def test_an_la_officer_approves_a_provider_with_conditions(page, live_server, world):
    officer = world.user("la_officer")
    provider = world.other_provider  # on Otherton's register, with a profile; not on Demoshire's list
    # Our own category: the standard ones come from a data migration that a flushed database lacks.
    ApprovalCategoryFactory(name="Lot 2: KS4 re-engagement", local_authority=world.la)
    next_review = timezone.localdate() + datetime.timedelta(days=180)

    sign_in(page, live_server, officer, check_accessibility=True)
    axe(page, "home page")

    # The directory, searched by name.
    navigate(page, "Providers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Providers")
    axe(page, "provider directory")
    page.get_by_label("Name, URN or UKPRN").fill(provider.name)
    page.get_by_role("button", name="Apply filters").click()
    results = page.get_by_role("table")
    expect(results).to_contain_text(provider.name)
    expect(results).not_to_contain_text(world.provider.name)
    expect(page.get_by_role("status")).to_have_text("1 provider found")
    axe(page, "provider directory searched by name")

    # The provider's page: not on Demoshire's list yet.
    results.get_by_role("link", name=provider.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(provider.name)
    expect(page.get_by_role("main")).to_contain_text("Not on your LA's approved list")
    axe(page, "provider page before approval")

    page.get_by_role("link", name="Put on your approved list").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Add {provider.name} to your approved list")
    axe(page, "add to approved list page")

    # Approved with conditions, but no conditions: refused with the GOV.UK error summary.
    page.get_by_role("radio", name="Approved with conditions", exact=True).check()
    page.get_by_label("Reason", exact=True).fill(REASON)
    page.get_by_label("Lot 2: KS4 re-engagement", exact=True).check()
    page.get_by_label("Price agreed (£, optional)").fill("95.00")
    page.get_by_label("The price is").select_option(label="per day")
    fill_date(page, "Next review", next_review)
    page.get_by_role("button", name="Add to approved list").click()

    expect_error_summary(page, {"Enter the conditions of approval": "Conditions"})
    axe(page, "add to approved list page with errors")
    # What was typed is kept for the second attempt.
    expect(page.get_by_role("radio", name="Approved with conditions", exact=True)).to_be_checked()
    expect(page.get_by_label("Reason", exact=True)).to_have_value(REASON)
    expect(page.get_by_label("Lot 2: KS4 re-engagement", exact=True)).to_be_checked()
    day, month, year = date_shown(page, "Next review")
    assert (day, month, year) == (str(next_review.day), str(next_review.month), str(next_review.year))

    page.get_by_label("Conditions", exact=True).fill(CONDITIONS)
    page.get_by_role("button", name="Add to approved list").click()

    # Back on the provider's page: the status, the conditions (the LA's to see) and the history.
    expect(page.get_by_role("heading", level=1)).to_have_text(provider.name)
    expect(page.get_by_text(f"{provider.name} is now on your approved list.")).to_be_visible()
    main = page.get_by_role("main")
    expect(main.locator(".govuk-tag", has_text="Approved with conditions")).to_be_visible()
    expect(main).not_to_contain_text("Not on your LA's approved list")
    conditions_term = main.get_by_role("term").filter(has_text=re.compile(r"^\s*Conditions\s*$"))
    conditions = conditions_term.locator("xpath=following-sibling::dd[1]")
    expect(conditions).to_contain_text("Fire risk assessment for the workshop by the end of term.")
    expect(conditions).to_contain_text("Termly safeguarding audit.")
    history = page.get_by_role("table", name="Status history")
    change = history.get_by_role("row").filter(has_text="Added as approved with conditions")
    expect(change).to_have_count(1)
    expect(change).to_contain_text(str(officer))
    expect(change).to_contain_text(REASON)
    axe(page, "provider page after approval")

    # The approved list shows it with its status and terms.
    navigate(page, "Approved list")
    expect(page.get_by_role("heading", level=1)).to_have_text("Demoshire Council's approved list")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=provider.name, exact=True))
    expect(row).to_have_count(1)
    expect(row.locator(".govuk-tag", has_text="Approved with conditions")).to_be_visible()
    expect(row).to_contain_text("Lot 2: KS4 re-engagement")
    expect(row).to_contain_text("£95.00 per day")
    expect(row).to_contain_text(f"{next_review:%-d %B %Y}")
    axe(page, "approved list")

    with unscoped("test"):
        entry = ApprovedListEntry.objects.get(local_authority=world.la, provider=provider)
        assert entry.status == ApprovalStatus.APPROVED_WITH_CONDITIONS
        assert entry.conditions.replace("\r\n", "\n") == CONDITIONS  # browsers send CRLF from a textarea
        assert entry.price == Decimal("95.00")
        assert entry.price_unit == "day"
        assert entry.approved_on == timezone.localdate()
        assert entry.next_review_on == next_review
        assert [c.name for c in entry.categories.all()] == ["Lot 2: KS4 re-engagement"]
        changes = list(StatusChange.objects.filter(entry=entry).values_list("from_status", "to_status"))
        assert changes == [("", ApprovalStatus.APPROVED_WITH_CONDITIONS)]
        assert set(StatusChange.objects.filter(entry=entry).values_list("changed_by", "reason")) == {
            (officer.pk, REASON)
        }
        assert not ApprovedListEntry.objects.filter(local_authority=world.other_la).exists()
