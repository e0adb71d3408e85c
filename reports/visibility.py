"""Who sees a stored report: one rule, a function of `(membership, path)` (see
`apcommission.tenancy.visibility` for the shape).

A report is the printing organisation's own: it is seen by that organisation only (its members; who of
them may open it is `reports.rules`). A school's pack printed by a trust is seen by the trust only while
the school is still one of its schools: the pack names the school's pupils, and a school that leaves a
trust takes its records with it (the trust's visibility of placements follows the same rule).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.visibility import keys, trust_schools

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def reports(membership: Membership, path: str = "") -> Q:
    """Keys: `organisation_id`, and `school_id` (empty for a report about no one school)."""
    own = keys(path, organisation_id=membership.organisation_id)
    if membership.organisation.kind == Kind.TRUST:
        return own & (
            keys(path, school_id__isnull=True)
            | keys(path, school_id__in=trust_schools(membership.organisation_id))
        )
    return own
