"""Who sees which placement records: one rule per relation, each a function of `(membership, path)` (see
`apcommission.tenancy.visibility` for the shape), from DOMAIN.md's table "Who sees what".

- a placement, its objectives and its part-time plan: the commissioning school (every role; its AP lead
  writes); that school's trust (its schools as they are now); the LA of the school's area, officers and
  viewers; and the provider delivering it, for as long as the placement exists, ended and cancelled ones
  included (it taught the pupil, or was to, and its attendance and progress belong to the placement). A
  provider reads the placement's `provider_copy` of the pupil, never the pupil's record, and never the same
  pupil's placements at another provider: the rule is its own id on each row.
- the plan's history (status moves and changes of plan, with the school's reasons): the commissioners'
  record, not the provider's.
- a block purchase: the buying school, its trust and its LA, and the provider it was bought from.
- an LA's placement rules (the configurable numbers): the LA, and the schools and trusts that commission
  under them. Not providers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.visibility import NOTHING, keys, trust_local_authorities, trust_schools

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def _commissioners(membership: Membership, path: str) -> Q:
    """Keys: `school_id`, `local_authority_id`."""
    organisation = membership.organisation
    if organisation.kind == Kind.SCHOOL:
        return keys(path, school_id=organisation.pk)
    if organisation.kind == Kind.TRUST:
        return keys(path, school_id__in=trust_schools(organisation.pk))
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return keys(path, local_authority_id=organisation.pk)
    return NOTHING


def placements(membership: Membership, path: str = "") -> Q:
    """Placements (and, by `path`, their objectives and part-time plans). Keys: `school_id`,
    `local_authority_id`, and for a provider `provider_id`."""
    if membership.organisation.kind == Kind.PROVIDER:
        return keys(path, provider_id=membership.organisation_id)
    return _commissioners(membership, path)


def plan_history(membership: Membership, path: str = "") -> Q:
    """Status moves and changes of plan: the commissioners' record. Keys: the placement's."""
    return _commissioners(membership, path)


def block_purchases(membership: Membership, path: str = "") -> Q:
    """Places bought in advance. Keys: `school_id`, `local_authority_id`, `provider_id`."""
    if membership.organisation.kind == Kind.PROVIDER:
        return keys(path, provider_id=membership.organisation_id)
    return _commissioners(membership, path)


def placement_rules(membership: Membership, path: str = "") -> Q:
    """An LA's configurable numbers. Key: `local_authority_id`."""
    organisation = membership.organisation
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return keys(path, local_authority_id=organisation.pk)
    if organisation.kind == Kind.SCHOOL:
        return keys(path, local_authority_id=organisation.local_authority_id)
    if organisation.kind == Kind.TRUST:
        return keys(path, local_authority_id__in=trust_local_authorities(organisation.pk))
    return NOTHING
