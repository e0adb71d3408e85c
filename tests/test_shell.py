"""The page shell around every page: the header, page titles, error pages, the page for a form that sent
too much, and the cookies the service sets."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

from apcommission.pages.errors import bad_request
from apcommission.tenancy.roles import Role
from tests import factories
from tests.bound_client import BoundClient

# Every page title ends with the service name.
SUFFIX = " \N{EN DASH} apcommission"


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def signed_in(user) -> Client:
    client = BoundClient(raise_request_exception=False)
    client.force_login(user)
    return client


# --- The header -------------------------------------------------------------------------------------


def test_the_header_holds_the_organisation_role_switcher_and_sign_out(world):
    user = world.user("ap_lead")
    factories.MembershipFactory(user=user, organisation=world.sibling_school, role=Role.AP_LEAD)

    page = signed_in(user).get(reverse("home")).content.decode()

    header, rest = page.split("</header>", 1)
    navigation = header.split('class="govuk-service-navigation"', 1)[1]
    assert '<strong data-testid="acting-organisation">Demoshire Academy</strong>' in navigation
    assert '<span data-testid="acting-role">AP lead</span>' in navigation
    assert (
        '<label class="govuk-label app-account__label" for="switch-membership">Switch organisation'
        in navigation
    )
    assert f'action="{reverse("switch_organisation")}"' in navigation
    assert f'action="{reverse("account_logout")}"' in navigation
    # Nothing of it is left under the phase banner.
    assert "acting-organisation" not in rest
    assert "switch-membership" not in rest


def test_one_organisation_shows_no_switcher_but_still_the_role_and_sign_out(world):
    page = signed_in(world.user("la_viewer")).get(reverse("home")).content.decode()

    header = page.split("</header>", 1)[0]
    assert "Demoshire Council" in header
    assert "LA viewer" in header
    assert "Sign out" in header
    assert "Switch organisation" not in page


def test_signed_out_pages_have_no_service_navigation(db):
    page = Client().get(reverse("account_login")).content.decode()

    assert "govuk-service-navigation" not in page
    assert "Sign out" not in page


# --- Titles and error pages -------------------------------------------------------------------------


def test_a_page_whose_form_has_errors_starts_its_title_with_error(world):
    response = signed_in(world.user("school_leader")).post(reverse("invite_member"), {})

    assert response.status_code == 200
    assert title(response).startswith("Error: ")


def test_a_page_without_errors_has_a_plain_title(world):
    assert not title(signed_in(world.user("school_leader")).get(reverse("invite_member"))).startswith("Error")


def test_the_404_and_403_pages_start_their_titles_with_error(world):
    client = signed_in(world.user("school_staff"))

    not_found = client.get("/no-such-page/")
    forbidden = client.get(reverse("members"))

    assert (not_found.status_code, title(not_found)) == (404, f"Error: Page not found{SUFFIX}")
    assert (forbidden.status_code, title(forbidden)) == (403, f"Error: You cannot do that{SUFFIX}")


def test_the_500_page_starts_its_title_with_error_and_needs_no_request_context(rf):
    # Django draws it without the request's context: no navigation, no script without a nonce.
    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert title(response) == f"Error: Sorry, there is a problem with the service{SUFFIX}"
    assert "<script" not in response.content.decode()


def test_a_bad_request_gets_the_400_page(db, rf):
    request = rf.post("/")
    request.user = factories.UserFactory.build()

    response = bad_request(request, SuspiciousOperation("odd"))

    assert response.status_code == 400
    assert title(response) == f"Error: Sorry, there is a problem with your request{SUFFIX}"


def test_a_form_posted_without_its_security_token_gets_a_page_in_words(db):
    response = Client(enforce_csrf_checks=True).post(reverse("account_login"), {"login": "a@b.example"})

    assert response.status_code == 403
    assert title(response) == f"Error: Sorry, that form could not be sent{SUFFIX}"
    assert "Reload the page" in response.content.decode()


# --- A form that sends more than Django accepts -----------------------------------------------------

TOO_LONG = "A very long note. " * 200_000  # 3.6 MB; DATA_UPLOAD_MAX_MEMORY_SIZE is 2.5 MB


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_too_much_text_answers_413_with_a_page_saying_what_to_do(db, encoding):
    client = Client(raise_request_exception=False)
    if encoding == "multipart":
        response = client.post(reverse("account_login"), {"login": "someone@example.org", "note": TOO_LONG})
    else:
        body = f"login=someone%40example.org&note={TOO_LONG.replace(' ', '+')}"
        response = client.post(
            reverse("account_login"), body, content_type="application/x-www-form-urlencoded"
        )

    page = response.content.decode()
    assert response.status_code == 413
    assert title(response) == f"Error: The text you sent was too long{SUFFIX}"
    assert "up to 2.5\xa0MB of text" in page
    assert "Your browser keeps what you typed" in page
    assert "Nothing has been saved" in page


def test_too_many_fields_answers_413_with_a_page_saying_so(db):
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    response = Client(raise_request_exception=False).post(reverse("account_login"), fields)

    assert response.status_code == 413
    assert title(response) == f"Error: The form sent too much{SUFFIX}"
    assert f"up to {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} answers" in response.content.decode()


# --- Cookies ----------------------------------------------------------------------------------------


def test_the_only_cookies_set_are_the_session_and_csrf_cookies(world):
    """Signing in, acting, a message carried to the next page and signing out set nothing else (a message
    used to travel in a cookie of its own)."""
    user = world.user("ap_lead")
    other = factories.MembershipFactory(user=user, organisation=world.sibling_school, role=Role.AP_LEAD)
    client = Client()
    client.get(reverse("account_login"))
    client.force_login(user)

    client.post(reverse("switch_organisation"), {"membership": other.pk}, follow=True)
    client.post(reverse("account_logout"), follow=True)

    assert set(client.cookies) <= {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    assert settings.CSRF_COOKIE_NAME in client.cookies
