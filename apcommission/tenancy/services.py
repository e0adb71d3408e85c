"""Changes to memberships. History is kept by database triggers (pghistory); nothing is deleted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.tenancy import rules
from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import unscoped
from apcommission.tenancy.standing import memberships_changed

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from apcommission.tenancy.models import Organisation


def change_role(*, member: Membership, role: str, by: Membership) -> Membership:
    """Give `member` a new role in `by`'s organisation. Refuses roles that do not fit the organisation."""
    if not rules.can_change_member(by, member):
        raise PermissionDenied("You cannot change this member's role")
    if role not in rules.assignable_roles(by):
        raise ValidationError({"role": "Choose a role for this kind of organisation"})
    with transaction.atomic():
        member.role = role
        member.save(update_fields=["role"])
        memberships_changed(member.user_id)
    return member


def remove_member(*, member: Membership, by: Membership) -> Membership:
    """End `member`'s membership. The row stays, with who removed it and when."""
    if not rules.can_change_member(by, member):
        raise PermissionDenied("You cannot remove this member")
    with transaction.atomic():
        member.removed_at = timezone.now()
        member.removed_by = by.user
        member.save(update_fields=["removed_at", "removed_by"])
        memberships_changed(member.user_id)
    return member


def add_membership(*, user: AbstractBaseUser, organisation: Organisation, role: str) -> Membership:
    """Make `user` a member of `organisation` (used when an invitation is accepted and by the demo)."""
    if role not in organisation.roles:
        raise ValidationError({"role": "That role does not exist in this kind of organisation"})
    membership, _ = Membership.objects.get_or_create(
        user=user, organisation=organisation, removed_at=None, defaults={"role": role}
    )
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    memberships_changed(user.pk)
    return membership


def use_membership(*, membership: Membership) -> Membership:
    """Record that the person now acts for this membership's organisation, so that their next sign-in
    lands there (see selectors.landing_membership). Not a change of access: it is kept out of history."""
    membership.last_used_at = timezone.now()
    # A person's own membership, which may belong to another organisation than the one acted for now.
    with unscoped("a person records which of their own memberships they act for"):
        Membership.objects.filter(pk=membership.pk, user_id=membership.user_id).update(
            last_used_at=membership.last_used_at
        )
    memberships_changed(membership.user_id)
    return membership
