"""Reads for the members area: an organisation's members and its open invitations, as `membership`
sees them."""

from apcommission.accounts.models import Invitation
from apcommission.tenancy.selectors import members_of_organisation  # noqa: F401  (the members page reads both)


def open_invitations(membership):
    """The organisation's invitations neither accepted nor withdrawn, waiting or expired, newest first."""
    return (
        Invitation.objects.visible_to(membership).open().select_related("invited_by").order_by("-created_at")
    )
