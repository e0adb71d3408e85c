"""Who sees the records kept during a placement (progress against its objectives, its incidents): one rule,
a function of `(membership, path)` (see `apcommission.tenancy.visibility` for the shape), from DOMAIN.md's
row "attendance, progress, incidents" of "Who sees what".

The pupil's school (every role), that school's trust (its schools as they are now), the LA of the
school's area (officers and viewers), and the provider delivering the placement, for as long as the
placement exists (an ended one included: it recorded them). Never another provider, not even one
teaching the same pupil elsewhere. The keys are copied from the placement onto each row, so the rule is
a comparison, not a join.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.visibility import NOTHING, keys, trust_schools

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def during_placement(membership: Membership, path: str = "") -> Q:
    """Progress entries and incidents. Keys: `school_id`, `local_authority_id`, `provider_id`."""
    organisation = membership.organisation
    if organisation.kind == Kind.PROVIDER:
        return keys(path, provider_id=organisation.pk)
    if organisation.kind == Kind.SCHOOL:
        return keys(path, school_id=organisation.pk)
    if organisation.kind == Kind.TRUST:
        return keys(path, school_id__in=trust_schools(organisation.pk))
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return keys(path, local_authority_id=organisation.pk)
    return NOTHING
