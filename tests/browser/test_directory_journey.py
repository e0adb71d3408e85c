"""A school filters the provider directory and opens a provider, each page checked with axe-core."""

import pytest
from playwright.sync_api import expect

from providers.models import RegistrationStatus
from tests import factories
from tests.browser.conftest import axe, sign_in
from tests.providers.factories import ApprovedListEntryFactory, ProviderProfileFactory, full_evidence

pytestmark = pytest.mark.browser


def test_a_school_filters_the_directory_and_opens_a_provider(page, live_server, world):
    harbour = factories.ProviderFactory(name="Harbour SEMH Centre", local_authority=world.la)
    ProviderProfileFactory(provider=harbour, added_by=world.la, key_stages=["ks3"], specialisms=["semh"])
    full_evidence(harbour, world.la)
    ApprovedListEntryFactory(local_authority=world.la, provider=harbour)
    back_room = factories.ProviderFactory(name="Back Room Tuition", local_authority=world.la)
    ProviderProfileFactory(
        provider=back_room, added_by=world.school, registration_status=RegistrationStatus.UNREGISTERED
    )
    sign_in(page, live_server, world.user("ap_lead"))

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Providers", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Providers")
    expect(page.get_by_role("main")).to_contain_text("Unregistered")
    axe(page, "provider directory")

    page.get_by_label("Key stage 3", exact=True).check()
    page.get_by_label("Social, emotional and mental health (SEMH)", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()

    results = page.get_by_role("table")
    expect(results).to_contain_text("Harbour SEMH Centre")
    expect(results).not_to_contain_text("Back Room Tuition")
    expect(page.get_by_role("link", name="Remove filter Key stage 3")).to_be_visible()
    axe(page, "filtered provider directory")

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name="Back Room Tuition").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Back Room Tuition")
    expect(page.get_by_role("main")).to_contain_text("must register as an independent school")
    expect(page.get_by_role("main")).to_contain_text("Not on your LA's approved list")
    axe(page, "provider page")
