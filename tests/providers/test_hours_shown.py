"""Hours are written as people write them: 15, or 12.5, never "15.0", on the page, in the edit form and
in what changed since an LA verified the profile (where an older record of "15.0" is the same 15)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from apcommission.tenancy.scoping import unscoped
from providers.models import ProviderProfile
from tests.forms.browser_post import posted_form
from tests.providers.factories import ProfileVerificationFactory
from tests.providers.pages import signed_in


def set_hours(world, hours: str) -> None:
    with unscoped("test"):
        ProviderProfile.objects.filter(provider=world.provider).update(hours_per_week=Decimal(hours))


@pytest.mark.parametrize(("stored", "shown"), [("15.0", "15"), ("12.5", "12.5"), ("20.0", "20")])
def test_the_page_shows_hours_as_people_write_them(world, stored, shown):
    set_hours(world, stored)

    page = signed_in(world, "ap_lead").get(reverse("provider_detail", args=[world.provider.pk]))

    assert page.context["page"].shown["hours_per_week"] == shown
    row = f'Hours offered per week</dt><dd class="govuk-summary-list__value">{shown}'
    assert row + "</dd>" in page.content.decode() or row + " (full time" in page.content.decode()


def test_the_edit_form_shows_15_and_saving_it_unchanged_changes_nothing(world):
    set_hours(world, "15.0")
    client = signed_in(world, "provider_manager")
    url = reverse("provider_edit", args=[world.provider.pk])
    with unscoped("test"):
        before = ProviderProfile.objects.values().get(provider=world.provider)

    data = posted_form(client.get(url).content.decode())
    response = client.post(url, data)

    assert data["hours_per_week"] == ["15"]
    assert response.status_code == 302
    with unscoped("test"):
        assert ProviderProfile.objects.values().get(provider=world.provider) == before


def test_hours_verified_as_15_point_0_are_not_a_change(world):
    set_hours(world, "15.0")
    ProfileVerificationFactory(
        provider=world.provider, local_authority=world.la, snapshot={"hours_per_week": "15.0"}
    )

    page = signed_in(world, "la_officer").get(reverse("provider_detail", args=[world.provider.pk]))

    changed = {change.label for change in page.context["verification"].changes}
    assert "Hours offered per week" not in changed
