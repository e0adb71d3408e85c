"""Saving an edit form in a real browser without changing anything changes nothing: the browser's date
picker once submitted a date it could not read as blank, erasing the Ofsted judgement date and reopening
closed sites, and CRLF line breaks made identical text look changed."""

import datetime

import pytest
from playwright.sync_api import expect

from apcommission.tenancy.scoping import unscoped
from providers.models import ApprovedListEntry, ProviderProfile, Site
from tests.browser.conftest import axe, sign_in
from tests.forms.test_unchanged_saves import history_events, rich_profile, rows
from tests.providers.factories import ApprovedListEntryFactory, SiteFactory

pytestmark = pytest.mark.browser


def snapshot():
    return [rows(ProviderProfile), rows(Site), rows(ApprovedListEntry)], history_events()


def save_unchanged(page, live_server, path: str, button: str, where: str) -> None:
    page.goto(f"{live_server.url}{path}")
    axe(page, where)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator(".govuk-notification-banner, h1").first).to_be_visible()


def test_a_provider_saves_its_profile_and_a_closed_site_unchanged(page, live_server, world):
    rich_profile(world.provider)
    site = SiteFactory(provider=world.provider, closed_on=datetime.date(2026, 5, 5))
    before = snapshot()

    sign_in(page, live_server, world.user("provider_manager"))
    save_unchanged(page, live_server, f"/providers/{world.provider.pk}/edit/", "Save profile", "profile form")
    save_unchanged(page, live_server, f"/providers/sites/{site.pk}/edit/", "Save site", "site form")

    assert snapshot() == before
    with unscoped("test"):
        profile = ProviderProfile.objects.get(provider=world.provider)
        assert profile.ofsted_judgement_on == datetime.date(2026, 6, 5)
        assert Site.objects.get(pk=site.pk).closed_on == datetime.date(2026, 5, 5)


def test_an_la_officer_saves_an_entrys_terms_unchanged(page, live_server, world):
    entry = ApprovedListEntryFactory(
        local_authority=world.la,
        provider=world.provider,
        conditions="No more than 4 pupils.\nTermly audit.",
        next_review_on=datetime.date.today() - datetime.timedelta(days=3),  # overdue: kept as it is
    )
    before = snapshot()

    sign_in(page, live_server, world.user("la_officer"))
    save_unchanged(page, live_server, f"/approved-list/{entry.pk}/edit/", "Save terms", "terms form")

    assert snapshot() == before
