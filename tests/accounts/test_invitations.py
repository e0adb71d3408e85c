"""Invitations are the only way in: an administrator invites an email with a role, the link works once."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from apcommission.accounts import services
from apcommission.accounts.models import Invitation, User, hash_token
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import acting_as, unscoped
from tests.accounts.inviting import BASE_URL, LINK, NEW_PASSWORD, invite, link_path, memberships_of


def test_the_test_mailbox_replaces_the_mailers_setting(mailoutbox):
    assert settings.MAILERS["default"]["BACKEND"] == "django.core.mail.backends.locmem.EmailBackend"
    assert mailoutbox is mail.outbox


def test_a_school_leader_inviting_someone_sends_them_one_email_with_a_link(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    invitation = invite(world.members["school_leader"], capture=django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["new.person@example.org"]
    assert "Demoshire Academy" in message.subject
    assert link_path(message).startswith("/invitations/")
    assert invitation.role == Role.SCHOOL_STAFF


def test_no_email_is_sent_before_the_invitation_is_saved(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    by = world.members["school_leader"]
    with acting_as(by), django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invite_member(email="new.person@example.org", role=Role.DSL, by=by, base_url=BASE_URL)

    assert mailoutbox == []
    assert len(callbacks) == 1


def test_only_a_hash_of_the_link_is_stored(world, mailoutbox, django_capture_on_commit_callbacks):
    invitation = invite(world.members["school_leader"], capture=django_capture_on_commit_callbacks)
    token = link_path(mailoutbox[0]).split("/")[2]

    assert invitation.token_hash == hash_token(token)
    assert token not in {invitation.token_hash, invitation.email}


def test_an_la_officer_invites_through_the_page(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.user("la_officer"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("invite_member"), {"email": "New.Officer@Example.org ", "role": Role.LA_VIEWER}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("members")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.officer@example.org"]
    with unscoped("test"):
        invitation = Invitation.objects.get()
    assert (invitation.organisation, invitation.role) == (world.la, Role.LA_VIEWER)


def test_opening_the_link_and_choosing_a_password_creates_the_account_and_the_membership(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    invite(world.members["school_leader"], role=Role.DSL, capture=django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0])

    page = client.get(path)
    assert page.status_code == 200
    assert "Demoshire Academy" in page.content.decode()
    response = client.post(
        path, {"full_name": "Nadia New", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    user = User.objects.get(email="new.person@example.org")
    assert user.full_name == "Nadia New"
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
    [membership] = memberships_of(user)
    assert (membership.organisation, membership.role) == (world.school, Role.DSL)
    # Signed in, but nothing to see until an authenticator app is set up.
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_the_link_works_once(world, client, mailoutbox, django_capture_on_commit_callbacks):
    invite(world.members["school_leader"], capture=django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0])
    form = {"full_name": "Nadia New", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    client.post(path, form)
    client.logout()

    again = client.get(path)
    posted_again = client.post(path, form)

    assert again.status_code == 404
    assert "This invitation link does not work" in again.content.decode()
    assert posted_again.status_code == 404
    assert len(memberships_of(User.objects.get(email="new.person@example.org"))) == 1


def test_an_expired_invitation_shows_the_link_does_not_work_page(
    world, client, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    invite(world.members["school_leader"], capture=django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0])

    sent_at = timezone.now()
    time_machine.move_to(sent_at + timedelta(days=settings.INVITATION_VALID_DAYS, minutes=-1))
    assert client.get(path).status_code == 200

    time_machine.move_to(sent_at + timedelta(days=settings.INVITATION_VALID_DAYS, minutes=1))
    response = client.get(path)

    assert response.status_code == 404
    assert "This invitation link does not work" in response.content.decode()
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_withdrawn_or_replaced_invitation_stops_working(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    by = world.members["school_leader"]
    invite(by, capture=django_capture_on_commit_callbacks)
    replaced = link_path(mailoutbox[0])
    second = invite(by, role=Role.DSL, capture=django_capture_on_commit_callbacks)
    withdrawn = link_path(mailoutbox[1])
    with acting_as(by):
        services.withdraw_invitation(invitation=second, by=by)

    assert client.get(replaced).status_code == 404
    assert client.get(withdrawn).status_code == 404


def test_a_role_from_another_kind_of_organisation_is_refused(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as error:
        invite(
            world.members["school_leader"], role=Role.LA_OFFICER, capture=django_capture_on_commit_callbacks
        )

    assert "role" in error.value.message_dict
    assert mailoutbox == []


def test_the_invite_page_refuses_a_role_from_another_kind_of_organisation(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.user("school_leader"))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invite_member"), {"email": "x@example.org", "role": Role.LA_OFFICER})

    assert response.status_code == 200
    assert "Choose one of the roles listed" in response.content.decode()
    assert mailoutbox == []
    with unscoped("test"):
        assert not Invitation.objects.exists()


@pytest.mark.parametrize("role_name", ["la_viewer", "ap_lead", "dsl", "school_staff", "provider_staff"])
def test_people_who_do_not_manage_members_cannot_invite(
    world, client, mailoutbox, django_capture_on_commit_callbacks, role_name
):
    client.force_login(world.user(role_name))
    role = world.members[role_name].organisation.roles[0]

    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(reverse("invite_member"))
        posted = client.post(reverse("invite_member"), {"email": "x@example.org", "role": role})

    assert (page.status_code, posted.status_code) == (403, 403)
    assert mailoutbox == []
    with unscoped("test"):
        assert not Invitation.objects.exists()


@pytest.mark.parametrize("role_name", ["la_viewer", "ap_lead", "dsl", "school_staff", "provider_staff"])
def test_the_invitation_service_refuses_people_who_do_not_manage_members(world, role_name):
    by = world.members[role_name]

    with acting_as(by), pytest.raises(PermissionDenied):
        services.invite_member(email="x@example.org", role=by.organisation.roles[0], by=by, base_url=BASE_URL)


def test_the_email_says_nothing_but_the_organisation_the_role_and_the_link(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    """Two invitations from different people, places and roles differ only in those three things."""
    school_leader = world.members["school_leader"]
    provider_manager = world.members["provider_manager"]
    invite(
        school_leader, email="first@example.org", role=Role.DSL, capture=django_capture_on_commit_callbacks
    )
    invite(
        provider_manager,
        email="second@example.org",
        role=Role.PROVIDER_STAFF,
        capture=django_capture_on_commit_callbacks,
    )

    def stripped(message, organisation, role):
        body = message.body.replace(LINK.search(message.body).group(0), "<link>")
        return body.replace(organisation, "<organisation>").replace(role, "<role>")

    first, second = mailoutbox
    assert "Designated safeguarding lead" in first.body
    assert stripped(first, "Demoshire Academy", "Designated safeguarding lead") == stripped(
        second, "Demoshire PRU", "Provider staff"
    )
    for message, inviter in [(first, school_leader.user), (second, provider_manager.user)]:
        assert inviter.email not in message.body
        assert inviter.full_name not in message.body
        assert message.to[0] not in message.body
