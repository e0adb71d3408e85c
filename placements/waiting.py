"""What needs doing about placements, said on a school's and an LA's home page: "1 placement has no
baseline", "2 part-time timetables end within 2 weeks", "1 part-time timetable is past its time limit".

Home pages make no query (apcommission/tenancy/standing.py), so the counts are kept in the cache per
organisation and day (a timetable ending within 2 weeks depends on the day), under a version token of the
LA of the area: a school's counts and its LA's are renewed together. Every save or delete of a placement,
an objective or a part-time plan bumps the token of the placement's LA (`apps.PlacementsConfig.ready`
connects the signals, so the placement services, the demo and the admin all renew them without knowing
of this module; `bulk_create` sends no signal, so whoever bulk-creates calls `changed`). A token is random
and never reused, and is bumped at once and again when the change commits, as `referrals.waiting` does.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q

from apcommission import versions
from apcommission.tenancy.roles import OrganisationKind as Kind
from placements.models import Objective, Placement, PlacementStatus

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

CURRENT = PlacementStatus.current_values()
ENDING_WITHIN_DAYS = 14
KEPT_SECONDS = 60 * 60


@dataclass(frozen=True)
class Waiting:
    no_baseline: int = 0
    part_time_ending: int = 0  # part-time plans whose time limit falls within ENDING_WITHIN_DAYS
    part_time_overdue: int = 0  # ... and those whose time limit has passed

    @property
    def anything(self) -> bool:
        return bool(self.no_baseline or self.part_time_ending or self.part_time_overdue)


def _version_key(local_authority_id: int) -> str:
    return f"placements:waiting:version:{local_authority_id}"


def changed(local_authority_ids: Iterable[int]) -> None:
    """The LAs in whose area placements changed: their schools' and their own next home page count
    afresh."""
    versions.bump(_version_key(pk) for pk in local_authority_ids if pk is not None)


def placement_saved(sender, instance, **kwargs) -> None:
    """For the signals: the LA of the placement saved or deleted, or of the objective's or plan's."""
    placement = instance if isinstance(instance, Placement) else instance.placement
    changed([placement.local_authority_id])


def _local_authority_of(membership: Membership) -> int | None:
    organisation = membership.organisation
    if organisation.kind == Kind.LOCAL_AUTHORITY:
        return organisation.pk
    if organisation.kind == Kind.SCHOOL:
        return organisation.local_authority_id
    return None


def _count(membership: Membership, today: datetime.date) -> Waiting:
    baselines = Objective.objects.visible_to(membership).filter(
        placement=OuterRef("pk"), baseline_value__isnull=False, baseline_on__isnull=False
    )
    soon = today + datetime.timedelta(days=ENDING_WITHIN_DAYS)
    counts = (
        Placement.objects.visible_to(membership)
        .filter(status__in=CURRENT)
        .aggregate(
            no_baseline=Count("pk", filter=~Q(Exists(baselines))),
            part_time_ending=Count("pk", filter=Q(part_time_plan__ends_by__range=(today, soon))),
            part_time_overdue=Count("pk", filter=Q(part_time_plan__ends_by__lt=today)),
        )
    )
    return Waiting(**counts)


def waiting(*, membership: Membership, today: datetime.date) -> Waiting:
    """What needs doing about the placements the membership's school or LA sees. Read from the cache;
    counted (one query) when the cache has no current count. Nothing for other kinds of organisation."""
    local_authority_id = _local_authority_of(membership)
    if local_authority_id is None:
        return Waiting()
    (version,) = versions.current(_version_key(local_authority_id))
    key = f"placements:waiting:{membership.organisation_id}:{version}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = _count(membership, today)
        cache.set(key, found, KEPT_SECONDS)
    return found
