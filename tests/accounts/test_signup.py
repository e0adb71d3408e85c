"""There is no public sign-up: people join by invitation only."""

from django.urls import reverse

from apcommission.accounts.models import User


def test_the_sign_up_page_offers_no_form_that_creates_an_account(client):
    response = client.get(reverse("account_signup"))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="password1"' not in page
    assert f'action="{reverse("account_signup")}"' not in page


def test_posting_to_sign_up_creates_nobody(db, client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "walk.in@example.org",
            "password1": "river-lantern-orchard-42",
            "password2": "river-lantern-orchard-42",
        },
    )

    assert response.status_code == 200
    assert not User.objects.exists()
