"""Changing and removing members keeps history; removed people lose access; nobody changes themselves."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apcommission.tenancy import services
from apcommission.tenancy.models import Membership
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import unscoped
from tests.history import history


def events_of(membership):
    return history("tenancy.MembershipEvent", pgh_obj_id=membership.pk)


def test_changing_a_role_keeps_the_old_and_the_new_role_in_history(world):
    member = world.members["ap_lead"]

    services.change_role(member=member, role=Role.DSL, by=world.members["school_leader"])

    created, changed = events_of(member)
    assert (created.pgh_label, created.role) == ("insert", Role.AP_LEAD)
    assert (changed.pgh_label, changed.role) == ("update", Role.DSL)
    member.refresh_from_db()
    assert member.role == Role.DSL


def test_removing_a_member_keeps_their_row_and_records_who_and_when(world):
    member = world.members["ap_lead"]
    leader = world.members["school_leader"]

    services.remove_member(member=member, by=leader)

    with unscoped("test"):
        kept = Membership.objects.get(pk=member.pk)
    assert kept.removed_at is not None
    assert kept.removed_by == leader.user
    assert kept.role == Role.AP_LEAD
    created, removed = events_of(member)
    assert created.removed_at is None
    assert removed.removed_at == kept.removed_at
    assert removed.removed_by_id == leader.user.pk


def test_a_change_made_through_the_page_records_who_made_it(world, client):
    leader = world.members["school_leader"]
    member = world.members["ap_lead"]
    client.force_login(leader.user)

    response = client.post(reverse("change_member_role", args=[member.pk]), {"role": Role.DSL})

    assert response.status_code == 302
    changed = events_of(member)[-1]
    assert changed.role == Role.DSL
    assert changed.pgh_context.metadata["user"] == leader.user.pk


def test_a_bulk_update_in_the_database_is_recorded_too(world):
    member = world.members["ap_lead"]

    with unscoped("test"):
        Membership.objects.filter(pk=member.pk).update(role=Role.SCHOOL_STAFF)

    assert [(e.pgh_label, e.role) for e in events_of(member)] == [
        ("insert", Role.AP_LEAD),
        ("update", Role.SCHOOL_STAFF),
    ]


def test_a_removed_member_can_no_longer_act_for_the_organisation(world, client):
    member = world.members["ap_lead"]
    client.force_login(member.user)
    assert client.get(reverse("organisation")).status_code == 200

    services.remove_member(member=member, by=world.members["school_leader"])
    response = client.get(reverse("organisation"))
    home = client.get(reverse("home"))

    assert response.status_code == 403
    assert home.status_code == 403
    assert "You are not a member of an organisation" in home.content.decode()
    assert "Demoshire Academy" not in home.content.decode()


def test_removing_a_member_through_the_page(world, client):
    member = world.members["ap_lead"]
    client.force_login(world.user("school_leader"))

    response = client.post(reverse("remove_member", args=[member.pk]), {"submit": "Remove member"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.removed_by == world.user("school_leader")


def test_an_administrator_cannot_change_or_remove_themselves(world):
    leader = world.members["school_leader"]

    with pytest.raises(PermissionDenied):
        services.change_role(member=leader, role=Role.SCHOOL_STAFF, by=leader)
    with pytest.raises(PermissionDenied):
        services.remove_member(member=leader, by=leader)

    leader.refresh_from_db()
    assert (leader.role, leader.removed_at) == (Role.SCHOOL_LEADER, None)


@pytest.mark.parametrize("url_name", ["change_member_role", "remove_member"])
def test_the_pages_do_not_let_an_administrator_change_themselves(world, client, url_name):
    leader = world.members["school_leader"]
    client.force_login(leader.user)

    assert client.get(reverse(url_name, args=[leader.pk])).status_code == 404
    assert client.post(reverse(url_name, args=[leader.pk]), {"role": Role.SCHOOL_STAFF}).status_code == 404

    leader.refresh_from_db()
    assert (leader.role, leader.removed_at) == (Role.SCHOOL_LEADER, None)


def test_an_administrator_cannot_give_a_role_from_another_kind_of_organisation(world):
    member = world.members["ap_lead"]

    with pytest.raises(ValidationError):
        services.change_role(member=member, role=Role.LA_OFFICER, by=world.members["school_leader"])

    member.refresh_from_db()
    assert member.role == Role.AP_LEAD


def test_an_administrator_cannot_change_a_member_of_another_organisation(world, client):
    outsider = world.members["provider_staff"]
    client.force_login(world.user("school_leader"))

    with pytest.raises(PermissionDenied):
        services.remove_member(member=outsider, by=world.members["school_leader"])
    assert (
        client.post(reverse("remove_member", args=[outsider.pk]), {"submit": "Remove member"}).status_code
        == 404
    )

    outsider.refresh_from_db()
    assert outsider.removed_at is None
