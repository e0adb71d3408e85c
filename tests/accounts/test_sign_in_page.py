"""The sign-in page shows each error twice, as GOV.UK asks: in the error summary at the top, linked to
the field, and beside the field itself."""

import re

from django.urls import reverse

from tests.accounts.signing_in import sign_in_with_password


def inline_error(page: str, field: str) -> str | None:
    """The error message shown beside a field, or None."""
    found = re.search(rf'<p class="govuk-error-message" id="id_{field}-error">(.*?)</p>', page, re.S)
    if not found:
        return None
    return re.sub(r"<[^>]+>", "", found.group(1)).replace("Error:", "").strip()


def summary_links(page: str) -> list[tuple[str, str]]:
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S)
    assert summary, "there is no error summary"
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary.group(0))


def test_a_wrong_password_is_shown_beside_the_email_address_and_in_the_summary(world, client):
    response = sign_in_with_password(client, world.user("school_leader").email, "not-the-password")

    page = response.content.decode()
    message = "The email address or password is incorrect"
    assert inline_error(page, "login") == message
    assert summary_links(page) == [("id_login", message)]
    email_input = re.search(r'<input [^>]*id="id_login"[^>]*>', page).group(0)
    assert "govuk-input--error" in email_input
    assert 'aria-describedby="id_login-error"' in email_input
    assert "govuk-form-group govuk-form-group--error" in page


def test_an_unknown_email_address_gets_the_same_words_as_a_wrong_password(db, client):
    page = sign_in_with_password(client, "nobody@example.org", "not-the-password").content.decode()

    assert inline_error(page, "login") == "The email address or password is incorrect"


def test_empty_fields_each_get_their_own_message(db, client):
    page = client.post(reverse("account_login"), {"login": "", "password": ""}).content.decode()

    assert inline_error(page, "login") == "Enter your email address"
    assert inline_error(page, "password") == "Enter your password"
    assert summary_links(page) == [
        ("id_login", "Enter your email address"),
        ("id_password", "Enter your password"),
    ]


def test_a_lockout_is_shown_beside_the_email_address_too(world, client):
    email = world.user("school_leader").email
    for _ in range(5):
        sign_in_with_password(client, email, "not-the-password")

    page = sign_in_with_password(client, email).content.decode()

    assert inline_error(page, "login").startswith("Too many failed login attempts")
    assert [target for target, _ in summary_links(page)] == ["id_login"]
