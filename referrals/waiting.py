"""What waits for an organisation, said on its home page: a provider's referrals waiting for its reply,
a school's referrals with offers to decide.

Home pages make no query (apcommission/tenancy/standing.py), so the counts are kept in the cache per
organisation, under a version token the referral services bump whenever an answer or a decision may move
a count (`changed`). A token is random and never reused, so a count lost from the cache is read afresh,
never an older one brought back. It is bumped at once and again when the change commits, as the standing
is: a request that counted between the two would otherwise keep its count under the new token.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet

from apcommission import versions
from apcommission.tenancy.roles import OrganisationKind as Kind
from referrals.models import Recipient, Referral, ReferralStatus, Response

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

OPEN = (ReferralStatus.SENT, ReferralStatus.AT_PANEL)
# A provider has still to answer these (a visit first is an answer to come back to).
TO_ANSWER = (Response.AWAITING, Response.VISIT_FIRST)
KEPT_SECONDS = 60 * 60


def _version_key(organisation_id: int) -> str:
    return f"referrals:waiting:version:{organisation_id}"


def changed(organisation_ids: Iterable[int]) -> None:
    """The organisations whose counts a change may have moved: their next home page counts afresh."""
    versions.bump(_version_key(pk) for pk in organisation_ids)


def with_offers_to_decide(referrals: QuerySet[Referral], *, membership: Membership) -> QuerySet[Referral]:
    """The referrals still open (sent, or with the panel) with at least one offer of a place waiting for
    the school's decision: what the home page counts and its link lists, one definition for both."""
    offers = Recipient.objects.visible_to(membership).filter(
        referral_id=OuterRef("pk"), response=Response.CAN_OFFER
    )
    return referrals.filter(Exists(offers), status__in=OPEN)


def _count(membership: Membership) -> int:
    organisation = membership.organisation
    if organisation.kind == Kind.PROVIDER:
        return (
            Recipient.objects.visible_to(membership)
            .filter(provider_id=organisation.pk, response__in=TO_ANSWER, referral__status__in=OPEN)
            .count()
        )
    school = Referral.objects.visible_to(membership).filter(school_id=organisation.pk)
    return with_offers_to_decide(school, membership=membership).count()


def waiting_count(*, membership: Membership) -> int:
    """How many referrals wait for the membership's organisation: a provider's to answer, a school's
    offers to decide. Read from the cache; counted (one query) when the cache has no current count."""
    (version,) = versions.current(_version_key(membership.organisation_id))
    key = f"referrals:waiting:{membership.organisation_id}:{version}"
    count = cache.get(key)
    if count is None:
        count = _count(membership)
        cache.set(key, count, KEPT_SECONDS)
    return count
