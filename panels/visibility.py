"""Who sees which panel records: one rule per relation, each a function of `(membership, path)` (see
`apcommission.tenancy.visibility` for the shape), from DOMAIN.md's table "Who sees what" (an LA "runs its
panels"; referrals are the school's, its trust's and its area's LA's).

- an LA's panel setting: the LA's people, and the schools of its area (whether their referrals may go to
  a panel).
- a panel meeting: the LA's people; and the schools of its area, which choose the meeting a referral of
  theirs goes to (their pages show its date and kind only: attendees and notes are the LA's, by
  `panels.rules.sees_meeting_details`).
- a panel item (a referral put to a meeting, and its decision): the LA's people, the referring school's
  people and that school's trust (its schools as they are now), as they see the referral itself.

Never a provider, and never another LA or another area's school.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.visibility import NOTHING, keys, trust_schools

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def _the_las_and_its_schools(membership: Membership, path: str) -> Q:
    """Records of an LA: its own people, and the schools of its area. Key: `local_authority_id`."""
    organisation = membership.organisation
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return keys(path, local_authority_id=organisation.pk)
    if organisation.kind == Kind.SCHOOL:
        return keys(path, local_authority_id=organisation.local_authority_id)
    return NOTHING


def panel_settings(membership: Membership, path: str = "") -> Q:
    """Whether an LA uses a panel. Key: `local_authority_id`."""
    return _the_las_and_its_schools(membership, path)


def meetings(membership: Membership, path: str = "") -> Q:
    """An LA's panel meetings. Key: `local_authority_id`."""
    return _the_las_and_its_schools(membership, path)


def items(membership: Membership, path: str = "") -> Q:
    """Referrals put to a panel and their decisions. Keys: `local_authority_id`, `school_id`."""
    organisation = membership.organisation
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return keys(path, local_authority_id=organisation.pk)
    if organisation.kind == Kind.SCHOOL:
        return keys(path, school_id=organisation.pk)
    if organisation.kind == Kind.TRUST:
        return keys(path, school_id__in=trust_schools(organisation.pk))
    return NOTHING
