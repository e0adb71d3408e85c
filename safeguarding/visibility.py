"""Who sees which safeguarding records: one rule per relation, each a function of `(membership, path)` (see
`apcommission.tenancy.visibility` for the shape), from DOMAIN.md's row "safeguarding concern details: DSLs
only (the AP lead and leader see that one exists); school staff no; trust no; LA no; the provider that
raised it".

- a concern (that one exists, and its state): the school's DSLs, AP leads and leaders; the provider that
  raised it (its manager and staff). Not the school's staff, its trust or its LA; not another provider,
  not even one the same pupil is placed with.
- a concern's details: the school's DSLs and the provider that raised it; the school's AP leads or
  leaders only for a concern a DSL shared with their role (`DetailShare`, read here as it is now).
- the DSL's record of what was done: the school's DSLs, and the roles a DSL shared the details with.
  Never the provider: a referral to the LADO may be about its own staff.
- a DSL's decision to share: the school's DSLs, and the role it was shared with.

What the provider raised stays readable to it after the placement ends: it is its own report. Nobody's
view of a concern depends on a trust, so a school leaving its trust changes nothing here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Q, QuerySet

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from apcommission.tenancy.visibility import NOTHING, keys

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

# The school roles that see a concern exists, and those of them a DSL may share its details with.
SEE_THAT_ONE_EXISTS = frozenset({Role.DSL, Role.AP_LEAD, Role.SCHOOL_LEADER})
MAY_BE_SHARED_WITH = frozenset({Role.AP_LEAD, Role.SCHOOL_LEADER})


def _at_school(membership: Membership, *roles: str) -> bool:
    return membership.organisation.kind == Kind.SCHOOL and membership.role in roles


def _shared_with(membership: Membership) -> QuerySet:
    """The ids of the concerns a DSL of the membership's school shared with its role (a subquery on the
    shares' own table, never through a scoped manager)."""
    shares = apps.get_model("safeguarding", "DetailShare")._base_manager
    return shares.filter(school_id=membership.organisation_id, role=membership.role).values("concern_id")


def concerns(membership: Membership, path: str = "") -> Q:
    """That a concern exists, and its state. Keys: `school_id`, `provider_id`."""
    if _at_school(membership, *SEE_THAT_ONE_EXISTS):
        return keys(path, school_id=membership.organisation_id)
    if membership.organisation.kind == Kind.PROVIDER:
        return keys(path, provider_id=membership.organisation_id)
    return NOTHING


def _dsls_and_shared(membership: Membership, path: str) -> Q:
    if _at_school(membership, Role.DSL):
        return keys(path, school_id=membership.organisation_id)
    if _at_school(membership, *MAY_BE_SHARED_WITH):
        return keys(path, school_id=membership.organisation_id, concern_id__in=_shared_with(membership))
    return NOTHING


def concern_details(membership: Membership, path: str = "") -> Q:
    """What the provider reported. Keys: `school_id`, `provider_id`, `concern_id`."""
    if membership.organisation.kind == Kind.PROVIDER:
        return keys(path, provider_id=membership.organisation_id)
    return _dsls_and_shared(membership, path)


def dsl_records(membership: Membership, path: str = "") -> Q:
    """The DSL's record of what was done. Keys: `school_id`, `concern_id`."""
    return _dsls_and_shared(membership, path)


def shares(membership: Membership, path: str = "") -> Q:
    """A DSL's decisions to share the details. Keys: `school_id`, `role`."""
    if _at_school(membership, Role.DSL):
        return keys(path, school_id=membership.organisation_id)
    if _at_school(membership, *MAY_BE_SHARED_WITH):
        return keys(path, school_id=membership.organisation_id, role=membership.role)
    return NOTHING
