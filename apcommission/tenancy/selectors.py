"""Reads for organisations and memberships. Tenant queries here rely on the active scope."""

from apcommission.tenancy.models import Membership, Organisation
from apcommission.tenancy.roles import OrganisationKind
from apcommission.tenancy.scoping import unscoped


def memberships_of(user) -> list[Membership]:
    """Every active membership a person holds: the one read that must happen before a scope exists."""
    with unscoped("resolving the acting membership for a request"):
        return list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("organisation", "organisation__local_authority", "organisation__trust")
            .order_by("organisation__name", "pk")
        )


def area_schools():
    """Schools the acting membership can see other than its own: an LA's area, a trust's schools."""
    return Organisation.objects.filter(kind=OrganisationKind.SCHOOL).select_related(
        "local_authority", "trust"
    )


def members_of_organisation(membership):
    return Membership.objects.active().filter(organisation=membership.organisation).select_related("user")
