"""Who sees which referral records: one rule per relation, each a function of `(membership, path)` (see
`apcommission.tenancy.visibility` for the shape), from DOMAIN.md's table "Who sees what".

- a referral: the commissioning school (its drafts too); that school's trust (its schools as they are
  now); once sent, the LA of the school's area and each provider it was sent to. A provider not asked
  sees nothing, and what a provider asked reads of the pupil is the referral's shared copy, never the
  pupil's record.
- a recipient (a provider asked, and its answer): with the referral for the school, trust and LA; a
  provider only its own, once sent (not which other providers were asked, nor their answers).
- the referral's timeline of moves: the school's, its trust's and the LA's record, not the providers'.
- a visit or taster: with the provider's answer it belongs to (the recipient rule).
- the detailed referral (health, risk, safeguarding...): sensitive, so the roles shown a pupil's sensitive
  details (the school's AP lead, DSL and leader; the area's LA officers once sent), and the chosen
  provider only the sections the school marks shared, while the referral stands accepted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Q

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from apcommission.tenancy.visibility import NOTHING, keys, trust_schools
from pupils.visibility import SCHOOL_ROLES_SEEING_DETAILS

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership


def _sent(path: str) -> Q:
    """Sent to providers at some time: the moment it was sent is stored, so a draft withdrawn unsent
    stays the school's alone, whatever its status now."""
    return keys(path, sent_at__isnull=False)


def _asked(provider_id: int):
    """The ids of the referrals sent to a provider (a subquery, never through a scoped manager)."""
    recipients = apps.get_model("referrals", "Recipient")._base_manager
    return recipients.filter(provider_id=provider_id).values("referral_id")


def _commissioners(membership: Membership, path: str) -> Q:
    """A referral as its school, the school's trust and its area's LA see it. Keys: `school_id`,
    `local_authority_id`, `sent_at`."""
    organisation = membership.organisation
    if organisation.kind == Kind.SCHOOL:
        return keys(path, school_id=organisation.pk)
    if organisation.kind == Kind.TRUST:
        return keys(path, school_id__in=trust_schools(organisation.pk))
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return keys(path, local_authority_id=organisation.pk) & _sent(path)
    return NOTHING


def referrals(membership: Membership, path: str = "") -> Q:
    """Referrals. Keys: `school_id`, `local_authority_id`, `sent_at`, and for a provider `pk` among the
    referrals sent to it."""
    if membership.organisation.kind == Kind.PROVIDER:
        return keys(path, pk__in=_asked(membership.organisation_id)) & _sent(path)
    return _commissioners(membership, path)


def recipients(membership: Membership, path: str = "") -> Q:
    """The providers a referral was sent to and their answers. Keys: `provider_id`, `referral__...`."""
    if membership.organisation.kind == Kind.PROVIDER:
        return keys(path, provider_id=membership.organisation_id) & _sent(f"{path}referral__")
    return _commissioners(membership, f"{path}referral__")


def referral_timeline(membership: Membership, path: str = "") -> Q:
    """Who moved a referral, when and why: the commissioners' record. Keys: the referral's."""
    return _commissioners(membership, path)


def _chosen(provider_id: int):
    """The ids of the referrals whose school chose this provider's offer (a subquery)."""
    recipients = apps.get_model("referrals", "Recipient")._base_manager
    return recipients.filter(provider_id=provider_id, response="chosen").values("referral_id")


def referral_details(membership: Membership, path: str = "") -> Q:
    """The detailed referral's sections. Keys: the referral's, `shared`, and for a provider the referral
    it was chosen for, while it stands accepted."""
    organisation, role = membership.organisation, membership.role
    if organisation.kind == Kind.PROVIDER:
        return keys(path, shared=True, referral__status="accepted", referral_id__in=_chosen(organisation.pk))
    if organisation.kind == Kind.SCHOOL and role in SCHOOL_ROLES_SEEING_DETAILS:
        return _commissioners(membership, f"{path}referral__")
    if organisation.kind == Kind.LOCAL_AUTHORITY and role == Role.LA_OFFICER:
        return _commissioners(membership, f"{path}referral__")
    return NOTHING
