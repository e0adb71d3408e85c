"""Who sees an organisation's API keys: the organisation itself (its administrators manage them; the rules
say who may), and nobody else. A function of `(membership, path)` (see `apcommission.tenancy.visibility`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from apcommission.tenancy.visibility import own_organisation

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def api_keys(membership: Membership, path: str = "") -> Q:
    """Keys. Key: `organisation_id`."""
    return own_organisation(membership, path)
