"""The emails allauth sends for us (resetting a password, confirming an address) speak in the service's
words: no "Hello from 127.0.0.1:8100!", no invitation to sign up to a service that has no sign-up."""

from pathlib import Path

import allauth
import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import PASSWORD

ALLAUTH_EMAILS = Path(allauth.__file__).parent / "templates" / "account" / "email"
LIBRARY_WORDS = ["Hello from", "Thank you for using", "example.com", "sign up for an account"]


def test_the_password_reset_email_is_written_for_this_service(world, client, mailoutbox):
    user = world.user("school_leader")

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 302
    [message] = mailoutbox
    assert message.to == [user.email]
    assert message.subject == "apcommission: reset your password"
    body = message.body
    assert body.startswith("Someone asked to reset the password of the apcommission account")
    assert "/accounts/password/reset/key/" in body
    assert "you can ignore this email: your password has not changed" in body
    assert "authenticator app" in body
    for words in [*LIBRARY_WORDS, "testserver!"]:
        assert words not in body


def test_the_reset_link_in_the_email_works(world, client, mailoutbox):
    user = world.user("school_leader")
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/key/" in line)

    page = client.get(link.strip(), follow=True)

    assert page.status_code == 200
    assert b'name="password1"' in page.content
    assert PASSWORD not in mailoutbox[0].body


def test_asking_to_reset_an_unknown_address_says_there_is_no_account_and_no_sign_up(db, client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})

    [message] = mailoutbox
    assert message.subject == "apcommission: there is no account for this email address"
    assert "ask an administrator in your organisation to invite you" in message.body
    assert reverse("account_signup") not in message.body
    for words in LIBRARY_WORDS:
        assert words not in message.body


@pytest.mark.parametrize("name", sorted(p.name for p in ALLAUTH_EMAILS.glob("*_message.txt")))
def test_no_email_allauth_could_send_greets_from_the_server(rf, name):
    """Every allauth email is framed by our base_message.txt, whichever one a setting may switch on."""
    context = {
        "current_site": type("Site", (), {"name": "127.0.0.1:8100", "domain": "127.0.0.1:8100"})(),
        "user": None,
        "email": "someone@example.org",
        "request": rf.get("/"),
    }

    body = render_to_string(f"account/email/{name}", context)

    assert "Hello from" not in body
    assert "Thank you for using" not in body
    assert "Replies are not read" in body
