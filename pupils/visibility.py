"""Who sees which pupil records: one rule per relation, each a function of `(membership, path)`, from
DOMAIN.md's table "Who sees what" (see `apcommission.tenancy.visibility` for the shape).

- a pupil's identity and attendance history: the school that owns the record; that school's trust (its
  schools as they are now: a school that leaves a trust takes its pupils with it); the LA of the
  school's area once the pupil is known to it (a referral or placement); a provider only what a
  referral sent to it shares (the referrals app). Never another school.
- the sensitive details (SEN detail, social care, health, contacts): the owning school's AP lead, DSL and
  leader, and the area's LA officers once the pupil is known to the LA. Not school staff, trust leaders or
  LA viewers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from apcommission.tenancy.visibility import NOTHING, keys, trust_schools

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

# The school roles shown a pupil's sensitive details (DOMAIN.md "Who sees what").
SCHOOL_ROLES_SEEING_DETAILS = frozenset({Role.AP_LEAD, Role.DSL, Role.SCHOOL_LEADER})


def pupils(membership: Membership, path: str = "") -> Q:
    """Pupil identity. Keys: `school_id`, `local_authority_id`, `known_to_local_authority_since`."""
    organisation = membership.organisation
    if organisation.kind == Kind.SCHOOL:
        return keys(path, school_id=organisation.pk)
    if organisation.kind == Kind.TRUST:
        return keys(path, school_id__in=trust_schools(organisation.pk))
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return keys(path, local_authority_id=organisation.pk, known_to_local_authority_since__isnull=False)
    return NOTHING


def pupil_details(membership: Membership, path: str = "") -> Q:
    """The sensitive details and contacts: the owning school's AP lead, DSL and leader; the area's LA
    officers once the pupil is known to the LA. Same keys as `pupils`."""
    organisation = membership.organisation
    if organisation.kind == Kind.SCHOOL and membership.role in SCHOOL_ROLES_SEEING_DETAILS:
        return pupils(membership, path)
    if organisation.kind == Kind.LOCAL_AUTHORITY and membership.role == Role.LA_OFFICER:
        return pupils(membership, path)
    return NOTHING


def ctf_uploads(membership: Membership, path: str = "") -> Q:
    """A Common Transfer File uploaded for import: the uploading school's AP leads, who import pupils, and
    nobody else (it holds whole pupil records, sensitive details included). Key: `school_id`."""
    organisation = membership.organisation
    if organisation.kind == Kind.SCHOOL and membership.role == Role.AP_LEAD:
        return keys(path, school_id=organisation.pk)
    return NOTHING
