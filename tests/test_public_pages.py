"""The footer's pages: public, linked from every page, and saying what is true of this installation."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from apcommission.accounts.middleware import MFA_SETUP_URL_NAMES
from apcommission.pages.urls import urlpatterns

PAGES = ["privacy_notice", "accessibility_statement", "cookies", "contact"]


def text(response) -> str:
    """The page's words, without tags, with spaces made plain."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body.replace("\xa0", " "))


@pytest.fixture
def anyone(db):
    return Client()


def test_every_public_page_is_open_to_people_still_setting_up_their_authenticator():
    assert {pattern.name for pattern in urlpatterns} == set(PAGES)
    assert set(PAGES) <= MFA_SETUP_URL_NAMES


@pytest.mark.parametrize("name", PAGES)
def test_every_public_page_is_open_without_signing_in(anyone, name):
    response = anyone.get(reverse(name))

    assert response.status_code == 200
    assert "Cache-Control" not in response or "no-store" not in response["Cache-Control"]


@pytest.mark.parametrize("name", ["account_login", "account_reset_password", *PAGES])
def test_every_page_links_to_the_public_pages_in_its_footer(anyone, name):
    page = anyone.get(reverse(name)).content.decode()

    footer = page.split('<footer class="govuk-template__footer">', 1)[1]
    for public in PAGES:
        assert f'href="{reverse(public)}"' in footer


def test_signed_in_pages_have_the_footer_too(world):
    client = Client()
    client.force_login(world.user("la_officer"))

    footer = client.get(reverse("home")).content.decode().split("<footer", 1)[1]

    assert f'href="{reverse("accessibility_statement")}"' in footer


def test_every_page_has_a_favicon_that_exists(anyone):
    page = anyone.get(reverse("account_login")).content.decode()

    icons = re.findall(
        r'<link rel="(?:icon|apple-touch-icon|mask-icon|manifest)"[^>]* href="/static/([^"]+)"', page
    )
    assert any(icon.endswith("favicon.ico") for icon in icons)
    assert any(icon.endswith("favicon.svg") for icon in icons)
    assert not [icon for icon in icons if "govuk" in icon], "the GOV.UK crown is for GOV.UK services only"
    for icon in icons:
        assert finders.find(icon), f"{icon} is not among the static files"


def test_the_privacy_notice_says_who_is_responsible_what_is_held_why_and_for_how_long(anyone, settings):
    settings.SUPPORT_EMAIL = "help@ap.example"
    settings.DBS_COPY_RETENTION_DAYS = 150

    page = text(anyone.get(reverse("privacy_notice")))

    assert "data controller" in page
    assert "data processor" in page
    for held in ("work email address", "date of birth", "unique pupil number", "special educational needs"):
        assert held in page
    assert "Article 6(1)(e)" in page
    assert "Article 9(2)(g)" in page
    # SECURITY.md's retention periods, and this installation's own setting for DBS copies.
    for kept in ("25th birthday", "31 years after", "6 years", "deleted automatically 150 days after upload"):
        assert kept in page
    assert "at least 12 months" in page
    assert "help@ap.example" in page
    assert "ico.org.uk" in page


def test_the_cookies_page_names_the_cookies_this_installation_sets(anyone, settings):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"

    page = text(anyone.get(reverse("cookies")))

    assert "__Host-sessionid" in page
    assert "__Host-csrftoken" in page
    assert "strictly necessary" in page
    assert "after 30 minutes without using the service, or 10 hours after signing in" in page
    assert f"After {settings.CSRF_COOKIE_AGE // 86400} days" in page


def test_the_accessibility_statement_follows_the_model_and_says_how_to_report_a_problem(anyone, settings):
    settings.SUPPORT_EMAIL = "help@ap.example"

    page = text(anyone.get(reverse("accessibility_statement")))

    for heading in (
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Compliance status",
        "Preparation of this accessibility statement",
    ):
        assert heading in page
    assert "Web Content Accessibility Guidelines version 2.2 AA standard" in page
    assert "email help@ap.example" in page
    assert "Equality Advisory and Support Service" in page


def test_the_contact_page_gives_the_support_address_and_asks_for_no_pupil_details(anyone, settings):
    settings.SUPPORT_EMAIL = "help@ap.example"

    response = anyone.get(reverse("contact"))

    assert 'href="mailto:help@ap.example"' in response.content.decode()
    assert "Do not include a pupil's name" in text(response)
