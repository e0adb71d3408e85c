"""Who sees which alerts: each person their own, and nobody else's, not even their organisation's
administrators: an alert is a to-do for one person. Keys: `membership_id`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from apcommission.tenancy.visibility import keys

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def alerts(membership: Membership, path: str = "") -> Q:
    return keys(path, membership_id=membership.pk)


def preferences(membership: Membership, path: str = "") -> Q:
    return keys(path, membership_id=membership.pk)
