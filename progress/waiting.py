"""High-severity incidents, said on a school's and an LA's home page at once: "1 high-severity incident in
the last 2 weeks", linking to the list of incidents.

Home pages make no query (apcommission/tenancy/standing.py), so the count is kept in the cache per
organisation and day under a version token of the LA of the area, as `placements.waiting` keeps its
counts: every save of an incident bumps the token of its LA (`apps.ProgressConfig.ready` connects the
signal), so the school's next home page counts afresh and shows a new incident at once.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache

from apcommission import versions
from apcommission.tenancy.roles import OrganisationKind as Kind
from progress.models import Incident, Severity

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

RECENT_DAYS = 14
KEPT_SECONDS = 60 * 60


def _version_key(local_authority_id: int) -> str:
    return f"progress:incidents:version:{local_authority_id}"


def incident_saved(sender, instance, **kwargs) -> None:
    """For the signals: the LA of the incident saved or deleted counts its area's incidents afresh."""
    if instance.local_authority_id is not None:
        versions.bump([_version_key(instance.local_authority_id)])


def _local_authority_of(membership: Membership) -> int | None:
    organisation = membership.organisation
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return organisation.pk
    if organisation.kind == Kind.SCHOOL:
        return organisation.local_authority_id
    return None


def since(today: datetime.date) -> datetime.date:
    """The first day of the last two weeks: incidents on or after it are recent."""
    return today - datetime.timedelta(days=RECENT_DAYS - 1)


def high_severity_count(*, membership: Membership, today: datetime.date) -> int:
    """How many high-severity incidents at the placements the membership's school or LA sees happened in
    the last two weeks. Read from the cache; counted (one query) when it has no current count. 0 for other
    kinds of organisation."""
    local_authority_id = _local_authority_of(membership)
    if local_authority_id is None:
        return 0
    (version,) = versions.current(_version_key(local_authority_id))
    key = f"progress:incidents:{membership.organisation_id}:{version}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = (
            Incident.objects.visible_to(membership)
            .filter(severity=Severity.HIGH, occurred_on__gte=since(today))
            .count()
        )
        cache.set(key, found, KEPT_SECONDS)
    return found
