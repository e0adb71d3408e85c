"""Who sees which organisations and memberships, and the relations every app's rules are built from.

A rule is a function of `(membership, path)`: it returns the `Q` that keeps the rows `membership` may see,
with `path` the prefix from the queried model to the row holding the keys the rule compares ("" for the
model itself, "visit__" for a part of a visit). Each model's `visible_to` is one line calling its rule.
Rules compare indexed key columns with the acting membership's own ids. Where a relation can change (a
school joins or leaves a trust) the rule reads the relation as it is now, in a subquery on the
organisation table's own columns (never through a scoped manager): a school that leaves a trust takes its
records with it, and the trust stops seeing them on its next request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from apcommission.tenancy.roles import COMMISSIONERS
from apcommission.tenancy.roles import OrganisationKind as Kind

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

NOTHING = Q(pk__in=[])


def keys(path: str, **compared: object) -> Q:
    """`Q(<path><key>=<value>, ...)`: the keys a rule compares, reached from the queried model by `path`."""
    return Q(**{f"{path}{key}": value for key, value in compared.items()})


def _organisations() -> QuerySet:
    from apcommission.tenancy.models import Organisation

    return Organisation._base_manager


def area_local_authority_id(membership: Membership) -> int | None:
    """The LA whose lists and framework apply to `membership`: its own, or its school's. None for a
    trust (whose schools may be in several LAs) and a provider."""
    organisation = membership.organisation
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return organisation.pk
    if organisation.kind == Kind.SCHOOL:
        return organisation.local_authority_id
    return None


def trust_schools(trust_id: int) -> QuerySet:
    """The ids of a trust's schools now (a subquery)."""
    return _organisations().filter(kind=Kind.SCHOOL, trust_id=trust_id).values("pk")


def trust_local_authorities(trust_id: int) -> QuerySet:
    """The ids of the LAs a trust's schools are in now (a subquery)."""
    return _organisations().filter(kind=Kind.SCHOOL, trust_id=trust_id).values("local_authority_id")


def own_organisation(membership: Membership, path: str = "") -> Q:
    """Rows of the membership's own organisation (its members, its invitations). Key: `organisation_id`."""
    return Q(**{f"{path}organisation_id": membership.organisation_id})


def organisations(membership: Membership, path: str = "") -> Q:
    """Your own organisation; an LA also sees its area's schools, a trust its schools. Every commissioner
    (LA, school, trust) sees every provider: a provider's identity and profile are business information
    that schools choose from (its pupils, lists and visits are not). Keys: `pk`, `local_authority_id`,
    `trust_id`, `kind`."""
    organisation = membership.organisation
    rule = Q(**{f"{path}pk": organisation.pk})
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        rule |= Q(**{f"{path}local_authority_id": organisation.pk})
    elif organisation.kind == Kind.TRUST:
        rule |= Q(**{f"{path}trust_id": organisation.pk})
    if organisation.kind in COMMISSIONERS:
        rule |= Q(**{f"{path}kind": Kind.PROVIDER})
    return rule
