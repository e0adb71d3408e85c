"""Invitations: the only way into the service."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
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

    A new invitation replaces any earlier one to the same person that is still open, waiting or expired:
    the earlier row is kept, marked withdrawn by `by`. Only the hash of the link's token is stored, so a
    database leak gives no way in. The email is worded for a new person or for someone who already has an
    account, who signs in to accept.
    """
    if not rules.can_manage_members(by):
        raise PermissionDenied("You cannot invite people to this organisation")
    if role not in rules.assignable_roles(by):
        raise ValidationError({"role": "Choose a role for this kind of organisation"})
    email = email.strip().lower()
    if Membership.objects.visible_to(by).active().filter(user__email=email).exists():
        raise ValidationError({"email": "This person is already a member of your organisation"})
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    try:
        with transaction.atomic():
            Invitation.objects.visible_to(by).open().filter(email=email).update(
                revoked_at=now, revoked_by=by.user
            )
            invitation = Invitation.objects.create(
                organisation=by.organisation,
                email=email,
                role=role,
                token_hash=hash_token(token),
                invited_by=by.user,
                expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
            )
    except IntegrityError:
        # Two administrators invited the same person at the same moment: the other invitation stands.
        raise ValidationError(
            {"email": "Someone in your organisation has just invited this person. Check the members page."}
        ) from None
    _send_invitation(invitation, link=base_url + reverse("accept_invitation", args=[token]))
    return invitation


def _send_invitation(invitation: Invitation, *, link: str) -> None:
    body = render_to_string(
        "accounts/email/invitation.txt",
        {
            "invitation": invitation,
            "link": link,
            "days": settings.INVITATION_VALID_DAYS,
            "existing_account": account_for(invitation) is not None,
        },
    )
    subject = (
        f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}you have been invited to join {invitation.organisation}"
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.email]))


def find_invitation(token: str) -> Invitation | None:
    """The usable invitation for a link's token, or None. Anyone holding the link may ask."""
    with unscoped("an invitation link is opened before its holder belongs anywhere"):
        invitation = (
            Invitation.objects.select_related("organisation").filter(token_hash=hash_token(token)).first()
        )
    return invitation if invitation and invitation.is_usable else None


def account_for(invitation: Invitation) -> User | None:
    """The account that already uses the invited email address, if there is one."""
    return User.objects.filter(email__iexact=invitation.email).first()


def accept_invitation(
    *, invitation: Invitation, signed_in_as: User | None, password: str | None = None, full_name: str = ""
) -> Membership:
    """Join the invited organisation, returning the new membership.

    An email address that already has an account is joined only by that account, signed in: holding the
    link is not enough. A new address gets its account here, with its password, and only by someone who
    is signed out, so nobody signed in as one person ends up acting as another. The email address counts
    as verified: the person proved they receive mail there by opening the link.
    """
    with unscoped("accepting an invitation"), transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError("This invitation has already been used or has expired")
        user = account_for(invitation)
        if user is None:
            if signed_in_as is not None:
                raise PermissionDenied("Sign out before you accept an invitation for another email address")
            if not password:
                raise ValidationError({"password1": "Choose a password"})
            user = User.objects.create_user(invitation.email, password, full_name=full_name)
        elif signed_in_as is None or signed_in_as.pk != user.pk:
            raise PermissionDenied("Sign in as the invited account to accept this invitation")
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        membership = add_membership(user=user, organisation=invitation.organisation, role=invitation.role)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def withdraw_invitation(*, invitation: Invitation, by: Membership) -> Invitation:
    """Withdraw an open invitation (waiting or expired) of `by`'s organisation, recording who and when.

    The row is kept; its link stops working at once.
    """
    if not rules.can_manage_members(by) or invitation.organisation_id != by.organisation_id:
        raise PermissionDenied("You cannot withdraw this invitation")
    with transaction.atomic():
        locked = Invitation.objects.open().select_for_update().filter(pk=invitation.pk).first()
        if locked is None:
            raise ValidationError("This invitation has already been accepted or withdrawn")
        locked.revoked_at = timezone.now()
        locked.revoked_by = by.user
        locked.save(update_fields=["revoked_at", "revoked_by"])
    return locked
