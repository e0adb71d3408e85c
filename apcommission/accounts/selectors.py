"""Reads for the members area: an organisation's members and its open invitations, as `membership`
sees them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apcommission.accounts.models import Invitation
from apcommission.tenancy.selectors import members_of_organisation  # noqa: F401  (the members page reads both)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from apcommission.tenancy.models import Membership


def open_invitations(*, membership: Membership) -> QuerySet[Invitation]:
    """The organisation's invitations neither accepted nor withdrawn, waiting or expired, newest first."""
    return (
        Invitation.objects.visible_to(membership).open().select_related("invited_by").order_by("-created_at")
    )
