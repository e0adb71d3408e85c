"""Who sees the school's contact log: one rule, a function of `(membership, path)` (see
`apcommission.tenancy.visibility` for the shape).

A contact (a visit, welfare check or contact with the provider, pupil or parent) is the school's record:
read by every role at the school (its AP leads and DSLs write it), by its trust's leaders (its schools as
they are now: a school that leaves a trust takes its log with it) and by the LA of its area, officers and
viewers, who commission alongside it. Never by a provider, not even the one visited: it is what the school
noted about it. Never by another school or another LA.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.visibility import NOTHING, keys, trust_schools

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def contacts(membership: Membership, path: str = "") -> Q:
    """The contact log. Keys: `school_id`, `local_authority_id`."""
    organisation = membership.organisation
    if organisation.kind == Kind.SCHOOL:
        return keys(path, school_id=organisation.pk)
    if organisation.kind == Kind.TRUST:
        return keys(path, school_id__in=trust_schools(organisation.pk))
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return keys(path, local_authority_id=organisation.pk)
    return NOTHING
