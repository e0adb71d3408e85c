"""Reads for organisations and memberships. Tenant queries here rely on the active scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind
from apcommission.tenancy.scoping import unscoped

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.db.models import QuerySet


def memberships_of(user: AbstractBaseUser) -> list[Membership]:
    """Every active membership a person holds: the one read that must happen before a scope exists."""
    with unscoped("resolving the acting membership for a request"):
        return list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("organisation", "organisation__local_authority", "organisation__trust")
            .order_by("organisation__name", "pk")
        )


def landing_membership(memberships: list[Membership]) -> Membership | None:
    """The membership a new session acts for: the one last chosen, else the first by name."""
    used = [m for m in memberships if m.last_used_at is not None]
    if used:
        return max(used, key=lambda m: m.last_used_at)
    return memberships[0] if memberships else None


def area_schools() -> QuerySet[Organisation]:
    """Schools the acting membership can see other than its own: an LA's area, a trust's schools."""
    return Organisation.objects.filter(kind=OrganisationKind.SCHOOL).select_related(
        "local_authority", "trust"
    )


def members_of_organisation(*, membership: Membership) -> QuerySet[Membership]:
    """The organisation's people: not the accounts its API keys act through (they have their own page)."""
    return (
        Membership.objects.visible_to(membership)
        .active()
        .filter(user__is_api_client=False)
        .select_related("user")
    )
