"""A provider's general contact details (phone, email, website): checked on every save, shown on its
page, and in the profile form with GOV.UK messages."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apcommission.tenancy.scoping import acting_as, unscoped
from providers.models import ProviderProfile
from providers.models.contact import PHONE_MESSAGE, WEBSITE_MESSAGE, validate_https_url, validate_uk_phone
from providers.services import profile as services
from tests.bound_client import BoundClient
from tests.forms.browser_post import posted_form


@pytest.mark.parametrize(
    "number",
    [
        "01632 960 001",
        "07700 900 982",
        "+44 808 157 0192",
        "+44 (0)20 7946 0958",
        "020-7946-0958",
        "0161 4960000",
    ],
)
def test_uk_phone_numbers_as_people_write_them_are_accepted(number):
    validate_uk_phone(number)


@pytest.mark.parametrize(
    "number",
    [
        "12345",
        "call us",
        "07700 900",
        "+1 202 555 0143",
        "0044 20 7946 0958",
        "01632 960 001 ext 4",
        "+44",
    ],
)
def test_anything_else_is_refused_with_the_govuk_message(number):
    with pytest.raises(ValidationError) as refused:
        validate_uk_phone(number)
    assert refused.value.messages == [PHONE_MESSAGE]


@pytest.mark.parametrize(
    "address", ["http://example.org", "ftp://example.org", "javascript:alert(1)", "https://"]
)
def test_a_website_must_be_https(address):
    with pytest.raises(ValidationError) as refused:
        validate_https_url(address)
    assert refused.value.messages == [WEBSITE_MESSAGE]


def test_the_service_refuses_bad_contact_details_and_saves_nothing(world):
    membership = world.members["provider_manager"]
    identity = {"name": world.provider.name, "urn": None, "ukprn": world.provider.ukprn, "setting_type": ""}
    with acting_as(membership), pytest.raises(ValidationError) as refused:
        services.update_profile(
            provider=world.provider,
            by=membership,
            identity=identity,
            profile={"phone": "not a number", "email": "nobody", "website": "http://example.org"},
        )

    assert set(refused.value.message_dict) == {"phone", "email", "website"}
    with unscoped("test"):
        saved = ProviderProfile.objects.get(provider=world.provider)
    assert (saved.phone, saved.email, saved.website) == ("", "", "")


def test_the_provider_page_shows_the_contact_details_with_links(world):
    with unscoped("test"):
        ProviderProfile.objects.filter(provider=world.provider).update(
            phone="01632 960 001", email="office@pru.example.org", website="https://pru.example.org/"
        )
    client = BoundClient()
    client.force_login(world.user("ap_lead"))

    text = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert "01632 960 001" in text
    assert 'href="mailto:office@pru.example.org"' in text
    assert 'href="https://pru.example.org/" rel="noreferrer noopener"' in text


def test_a_website_that_is_not_https_is_never_a_link(world):
    with unscoped("test"):  # a row written past the model's checks, as a bulk update could
        ProviderProfile.objects.filter(provider=world.provider).update(website="javascript:alert(1)")
    client = BoundClient()
    client.force_login(world.user("ap_lead"))

    text = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert 'href="javascript:' not in text


# --- The profile form ------------------------------------------------------------------------------------


def edit_profile(world, **changes):
    client = BoundClient()
    client.force_login(world.user("provider_manager"))
    url = reverse("provider_edit", args=[world.provider.pk])
    data = posted_form(client.get(url).content.decode())
    return client.post(url, {**data, **{name: [value] for name, value in changes.items()}})


def test_the_profile_form_saves_contact_details(world):
    response = edit_profile(
        world, phone="+44 808 157 0192", email="places@pru.example.org", website="https://pru.example.org"
    )

    assert response.status_code == 302
    with unscoped("test"):
        saved = ProviderProfile.objects.get(provider=world.provider)
    assert (saved.phone, saved.email, saved.website) == (
        "+44 808 157 0192",
        "places@pru.example.org",
        "https://pru.example.org",
    )


def test_the_profile_form_refuses_bad_contact_details_with_govuk_messages(world):
    response = edit_profile(
        world, phone="ring reception", email="places at pru", website="http://pru.example"
    )
    text = response.content.decode()

    assert response.status_code == 200
    assert "There is a problem" in text
    assert PHONE_MESSAGE in text
    assert "Enter an email address in the correct format, like name@example.org" in text
    assert WEBSITE_MESSAGE in text
    with unscoped("test"):
        saved = ProviderProfile.objects.get(provider=world.provider)
    assert (saved.phone, saved.email, saved.website) == ("", "", "")


def test_a_change_of_contact_details_shows_in_what_changed_since_verified(world):
    officer = BoundClient()
    officer.force_login(world.user("la_officer"))
    officer.post(reverse("provider_verify", args=[world.provider.pk]))

    edit_profile(world, phone="01632 960 001")
    text = officer.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert "What has changed" in text
    assert "01632 960 001" in text
