"""Invitations: the only way into the service."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from apcommission.accounts.models import Invitation, User, hash_token
from apcommission.tenancy import rules
from apcommission.tenancy.models import Membership
from apcommission.tenancy.scoping import unscoped
from apcommission.tenancy.services import add_membership


def invite_member(*, email: str, role: str, by: Membership, base_url: str) -> Invitation:
    """Invite `email` to `by`'s organisation with `role` and email them a single-use link.

    Only the hash of the link's token is stored, so a database leak gives no way in.
    """
    if not rules.can_manage_members(by):
        raise PermissionDenied("You cannot invite people to this organisation")
    if role not in rules.assignable_roles(by):
        raise ValidationError({"role": "Choose a role for this kind of organisation"})
    email = email.strip().lower()
    if Membership.objects.active().filter(organisation=by.organisation, user__email=email).exists():
        raise ValidationError({"email": "This person is already a member of your organisation"})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # A fresh invitation replaces any open one for the same person.
        Invitation.objects.pending().filter(organisation=by.organisation, email=email).update(
            revoked_at=timezone.now()
        )
        invitation = Invitation.objects.create(
            organisation=by.organisation,
            email=email,
            role=role,
            token_hash=hash_token(token),
            invited_by=by.user,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        link = base_url + reverse("accept_invitation", args=[token])
        body = render_to_string(
            "accounts/email/invitation.txt",
            {"invitation": invitation, "link": link, "days": settings.INVITATION_VALID_DAYS},
        )
        transaction.on_commit(
            lambda: send_mail(
                f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}you have been invited to join {by.organisation}",
                body,
                None,
                [email],
            )
        )
    return invitation


def find_invitation(token: str) -> Invitation | None:
    """The usable invitation for a link's token, or None. Anyone holding the link may ask."""
    with unscoped("an invitation link is opened before its holder belongs anywhere"):
        invitation = (
            Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
        )
    return invitation if invitation and invitation.is_usable else None


def accept_invitation(*, invitation: Invitation, password: str | None, full_name: str = "") -> User:
    """Join the invited organisation. Creates the account (with its password) if the email is new.

    The email address counts as verified: the person proved they receive mail there by opening the link.
    """
    with unscoped("accepting an invitation"), transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError("This invitation has already been used or has expired")
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            if not password:
                raise ValidationError({"password1": "Choose a password"})
            user = User.objects.create_user(invitation.email, password, full_name=full_name)
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        add_membership(user=user, organisation=invitation.organisation, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


def revoke_invitation(*, invitation: Invitation, by: Membership) -> Invitation:
    if not rules.can_manage_members(by) or invitation.organisation_id != by.organisation_id:
        raise PermissionDenied("You cannot withdraw this invitation")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation
