"""An invitation that expired can be sent again, and an administrator withdraws a waiting or expired one
from the members page, after confirming. Nothing is deleted: each closed invitation stays on record."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from apcommission.accounts.models import Invitation
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from tests.accounts.inviting import invite, link_path
from tests.history import history


def invitations_to(email):
    with unscoped("test"):
        return list(Invitation.objects.filter(email=email).order_by("created_at"))


@pytest.fixture
def expired(world, mailoutbox, django_capture_on_commit_callbacks, time_machine):
    """An invitation the school sent a fortnight and a day ago, never answered. Its link, too."""
    time_machine.move_to(timezone.now() - timedelta(days=settings.INVITATION_VALID_DAYS, hours=1))
    invitation = invite(world.members["school_leader"], capture=django_capture_on_commit_callbacks)
    time_machine.move_to(timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS, hours=1))
    return invitation, link_path(mailoutbox[-1])


def test_inviting_again_after_the_invitation_expired_sends_a_new_one_and_keeps_the_old(
    world, client, mailoutbox, expired, django_capture_on_commit_callbacks
):
    old, _old_link = expired
    leader = world.user("school_leader")
    client.force_login(leader)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("invite_member"), {"email": "new.person@example.org", "role": Role.SCHOOL_STAFF}
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("members")
    kept, new = invitations_to("new.person@example.org")
    assert kept.pk == old.pk
    assert (kept.accepted_at, kept.revoked_by) == (None, leader)
    assert kept.expires_at < kept.revoked_at
    assert new.is_usable
    assert client.get(link_path(mailoutbox[-1])).status_code == 200


def test_inviting_again_while_the_first_is_waiting_replaces_it(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    by = world.members["school_leader"]
    invite(by, capture=django_capture_on_commit_callbacks)
    invite(by, role=Role.DSL, capture=django_capture_on_commit_callbacks)

    first, second = invitations_to("new.person@example.org")
    assert (first.revoked_by, first.is_usable) == (by.user, False)
    assert (second.role, second.is_usable) == (Role.DSL, True)


def test_the_members_page_lists_waiting_and_expired_invitations_with_a_way_to_withdraw_each(
    world, client, mailoutbox, expired, django_capture_on_commit_callbacks
):
    old, _ = expired
    by = world.members["school_leader"]
    invite(by, email="waiting@example.org", capture=django_capture_on_commit_callbacks)
    [waiting] = invitations_to("waiting@example.org")
    client.force_login(world.user("school_leader"))

    page = client.get(reverse("members")).content.decode()

    assert "Expired</strong> on" in page
    assert "Waiting</strong> until" in page
    assert reverse("withdraw_invitation", args=[old.pk]) in page
    assert reverse("withdraw_invitation", args=[waiting.pk]) in page


def test_withdrawing_asks_for_confirmation_first(world, client, expired):
    old, _ = expired
    client.force_login(world.user("school_leader"))

    page = client.get(reverse("withdraw_invitation", args=[old.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Withdraw the invitation to new.person@example.org?" in text
    assert "Withdraw invitation" in text
    [unchanged] = invitations_to("new.person@example.org")
    assert unchanged.revoked_at is None


@pytest.mark.parametrize("state", ["waiting", "expired"])
def test_withdrawing_records_who_and_when_keeps_the_row_and_stops_the_link(
    world, client, mailoutbox, django_capture_on_commit_callbacks, time_machine, state
):
    leader = world.user("school_leader")
    invitation = invite(world.members["school_leader"], capture=django_capture_on_commit_callbacks)
    link = link_path(mailoutbox[0])
    if state == "expired":
        time_machine.move_to(invitation.expires_at + timedelta(minutes=1))
    client.force_login(leader)

    response = client.post(reverse("withdraw_invitation", args=[invitation.pk]), {"submit": "Withdraw"})

    assert response.status_code == 302
    assert response["Location"] == reverse("members")
    [kept] = invitations_to("new.person@example.org")
    assert kept.revoked_by == leader
    assert kept.revoked_at is not None
    assert kept.accepted_at is None
    assert client.get(link).status_code == 404
    last = history("accounts.InvitationEvent", pgh_obj_id=invitation.pk)[-1]
    assert (last.pgh_label, last.revoked_by_id) == ("update", leader.pk)
    members_page = client.get(reverse("members")).content.decode()
    assert reverse("withdraw_invitation", args=[invitation.pk]) not in members_page


def test_an_invitation_already_withdrawn_or_accepted_cannot_be_withdrawn_again(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    invitation = invite(world.members["school_leader"], capture=django_capture_on_commit_callbacks)
    client.force_login(world.user("school_leader"))
    url = reverse("withdraw_invitation", args=[invitation.pk])
    client.post(url)
    [first] = invitations_to("new.person@example.org")

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    [again] = invitations_to("new.person@example.org")
    assert again.revoked_at == first.revoked_at
