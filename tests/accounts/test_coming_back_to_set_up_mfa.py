"""Someone who joined, chose a password and left before setting up their authenticator app signs in
with that password and goes straight to setting it up: they are not asked for the password again."""

from django.urls import reverse

from tests.accounts.inviting import NEW_PASSWORD, invite, link_path
from tests.accounts.signing_in import enter_code, fresh_totp_code, is_signed_in, sign_in_with_password

TOTP_SETUP = reverse("mfa_activate_totp")


def test_a_newcomer_who_left_before_setting_up_the_app_types_their_password_once(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    invite(world.members["school_leader"], capture=django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0])
    client.post(path, {"full_name": "Nadia New", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    client.logout()  # they closed the browser on the set-up page

    response = sign_in_with_password(client, "new.person@example.org", NEW_PASSWORD)

    assert is_signed_in(client)
    assert client.get(response["Location"])["Location"] == TOTP_SETUP
    setup = client.get(TOTP_SETUP)
    assert setup.status_code == 200
    assert "mfa/totp/activate_form.html" in {t.name for t in setup.templates}


def test_someone_signed_in_without_typing_a_password_is_still_asked_for_it(world, client):
    """Only a password typed at sign-in counts: a session that got here another way confirms first."""
    client.force_login(world.no_mfa_user)

    response = client.get(TOTP_SETUP)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


def test_people_with_an_app_are_still_asked_again_before_changing_security_settings(world, client):
    user = world.user("school_leader")
    sign_in_with_password(client, user.email)
    code, _ = fresh_totp_code(user.totp_secret)
    enter_code(client, code)

    response = client.get(reverse("mfa_generate_recovery_codes"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
