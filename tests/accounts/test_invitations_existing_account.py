"""An invitation to an email address that already has an account is accepted by that account, signed in:
holding the link is not enough. Signed in as someone else, the page says so and offers to sign out."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apcommission.accounts import services
from apcommission.accounts.models import Invitation, User
from apcommission.tenancy.middleware import SESSION_KEY
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from tests.accounts.inviting import NEW_PASSWORD, invite, link_path, memberships_of
from tests.accounts.signing_in import enter_code, fresh_totp_code, is_signed_in

NEW_PERSON = {"full_name": "Nadia New", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}


@pytest.fixture
def invited(world, mailoutbox, django_capture_on_commit_callbacks):
    """The provider's member of staff, invited by the school as its AP lead: (person, link path)."""
    person = world.user("provider_staff")
    invite(
        world.members["school_leader"],
        email=person.email,
        role=Role.AP_LEAD,
        capture=django_capture_on_commit_callbacks,
    )
    return person, link_path(mailoutbox[-1])


def organisations_of(person):
    return {(m.organisation.name, m.role) for m in memberships_of(person)}


def test_holding_the_link_without_signing_in_joins_nobody(world, client, invited):
    person, path = invited

    page = client.get(path)
    posted = client.post(path, {"password1": "attacker-chosen-pass", "password2": "attacker-chosen-pass"})

    assert page.status_code == 200
    text = page.content.decode()
    assert "Sign in to accept" in text
    assert 'name="password1"' not in text
    assert posted.status_code == 302
    assert posted["Location"] == f"{reverse('account_login')}?next={path.replace('/', '%2F')}"
    assert organisations_of(person) == {("Demoshire PRU", Role.PROVIDER_STAFF)}
    with unscoped("test"):
        assert Invitation.objects.get().accepted_at is None
    person.refresh_from_db()
    assert person.check_password("correct-horse-battery")


def test_signing_in_from_the_invitation_comes_back_to_it_and_accepting_acts_for_the_new_organisation(
    world, client, invited
):
    person, path = invited
    sign_in_url = f"{reverse('account_login')}?next={path}"

    client.post(sign_in_url, {"login": person.email, "password": "correct-horse-battery"})
    code, _ = fresh_totp_code(person.totp_secret)
    back = enter_code(client, code)
    assert back["Location"] == path
    page = client.get(path)
    assert "Accept invitation" in page.content.decode()
    accepted = client.post(path, {"submit": "Accept invitation"}, follow=True)

    assert accepted.redirect_chain == [(reverse("home"), 302)]
    text = accepted.content.decode()
    assert "You have joined Demoshire Academy as AP lead" in text
    assert "Sign in to carry on" not in text
    assert is_signed_in(client)
    assert organisations_of(person) == {
        ("Demoshire PRU", Role.PROVIDER_STAFF),
        ("Demoshire Academy", Role.AP_LEAD),
    }
    [joined] = [m for m in memberships_of(person) if m.organisation == world.school]
    assert client.session[SESSION_KEY] == joined.pk
    assert joined.last_used_at is not None
    assert client.get(reverse("members")).status_code == 403  # an AP lead does not manage members


def test_someone_signed_in_as_another_account_is_told_and_offered_sign_out(world, client, invited):
    person, path = invited
    someone_else = world.user("la_officer")
    client.force_login(someone_else)

    page = client.get(path)
    posted = client.post(path, {"submit": "Accept invitation"})

    text = page.content.decode()
    assert page.status_code == 200
    assert "This invitation is for someone else" in text
    assert f"You are signed in as <strong>{someone_else.email}</strong>" in text
    assert person.email in text
    assert f'action="{reverse("account_logout")}"' in text
    assert f'name="next" value="{path}"' in text
    assert posted.status_code == 403
    assert organisations_of(person) == {("Demoshire PRU", Role.PROVIDER_STAFF)}
    assert organisations_of(someone_else) == {("Demoshire Council", Role.LA_OFFICER)}


def test_signing_out_from_that_page_comes_back_to_the_invitation(world, client, invited):
    _person, path = invited
    client.force_login(world.user("la_officer"))

    response = client.post(reverse("account_logout"), {"next": path})

    assert response["Location"] == path
    assert not is_signed_in(client)
    assert "Sign in to accept" in client.get(path).content.decode()


def test_an_invitation_for_a_new_address_is_not_accepted_by_someone_signed_in(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    """Accepting would quietly sign them out and in as a new person: they are told to sign out first."""
    invite(world.members["school_leader"], capture=django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0])
    signed_in_as = world.user("la_officer")
    client.force_login(signed_in_as)

    response = client.post(path, NEW_PERSON)

    assert response.status_code == 403
    assert "This invitation is for someone else" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()
    assert client.session["_auth_user_id"] == str(signed_in_as.pk)


def test_the_service_refuses_anyone_but_the_invited_account(world, invited):
    person, _path = invited
    with unscoped("test"):
        invitation = Invitation.objects.get()

    for signed_in_as in (None, world.user("la_officer")):
        with pytest.raises(PermissionDenied):
            services.accept_invitation(invitation=invitation, signed_in_as=signed_in_as)

    assert organisations_of(person) == {("Demoshire PRU", Role.PROVIDER_STAFF)}


def test_the_email_to_an_existing_account_says_to_sign_in_not_to_set_a_password(world, mailoutbox, invited):
    body = mailoutbox[-1].body

    assert "You already have an apcommission account with this email address" in body
    assert "sign in to it as usual" in body
    assert "You will set a password" not in body


def test_the_email_to_a_new_address_says_they_will_set_a_password(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    invite(world.members["school_leader"], capture=django_capture_on_commit_callbacks)

    body = mailoutbox[0].body
    assert "You will set a password and an authenticator app" in body
    assert "You already have" not in body
