"""A pupil's education week: the hours of every current placement and the hours taught at the school
alongside, against the full-time week for the pupil's year group (DOMAIN.md 4). The one definition of
"short of full time" and of a part-time timetable, called by the services, the pages and the register,
and of a week over full time, which the pages say plainly too.

Full time here is the pupil's entitlement as the LA sets it (`placements.entitlement.full_time_hours`:
21 to 25 hours by year group), never the 18 hours of the registration test (`THRESHOLD_HOURS`), which
is about a setting, not a pupil's week."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Max, Sum

from apcommission.numbers import hours_text
from placements.entitlement import full_time_hours, rules_for
from placements.models import Placement, PlacementStatus

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership
    from pupils.models import Pupil


@dataclass(frozen=True)
class Week:
    hours: Decimal  # placements plus the school's own hours
    full_time: Decimal  # the benchmark for the pupil's year group, as the LA sets it

    @property
    def is_short(self) -> bool:
        return self.hours < self.full_time

    @property
    def shortfall(self) -> Decimal:
        return max(self.full_time - self.hours, Decimal(0))

    @property
    def is_over(self) -> bool:
        """More hours than a full-time week for the pupil's year group."""
        return self.hours > self.full_time

    @property
    def over_words(self) -> str:
        """ "27 hours a week: more than a full-time week of 25 hours"; "" for a week that is not over."""
        if not self.is_over:
            return ""
        return f"{_hours(self.hours)} a week: more than a full-time week of {_hours(self.full_time)}"


def _hours(value: Decimal) -> str:
    written = hours_text(value)
    return f"{written} hour{'' if written == '1' else 's'}"


def week_of(hours: Decimal, school_hours: Decimal, *, year_group: int, rules) -> Week:
    """The week from hours already added up: placements' hours plus the school's own."""
    return Week(hours=hours + school_hours, full_time=full_time_hours(year_group, rules))


def pupil_week(
    pupil: Pupil,
    *,
    membership: Membership,
    on: datetime.date,
    extra: Placement | None = None,
) -> Week:
    """The pupil's week on `on`: every current placement (planned or active, running on that day) as
    `membership` sees them, with `extra` (a placement being planned or changed, saved or not) counted in
    place of its saved self. The school's own hours are the most any of them records: each placement
    states the pupil's school timetable alongside it, and they describe the same school."""
    current = (
        Placement.objects.visible_to(membership)
        .filter(pupil_id=pupil.pk, status__in=PlacementStatus.current_values())
        .filter(starts_on__lte=on, planned_end_on__gte=on)
    )
    if extra is not None and extra.pk is not None:
        current = current.exclude(pk=extra.pk)
    totals = current.aggregate(hours=Sum("hours_per_week"), school=Max("school_hours_per_week"))
    hours = totals["hours"] or Decimal(0)
    school = totals["school"] or Decimal(0)
    if extra is not None:
        hours += extra.hours_per_week
        school = max(school, extra.school_hours_per_week)
    rules = rules_for(pupil.local_authority_id, membership=membership)
    return week_of(hours, school, year_group=pupil.year_group_on(on), rules=rules)
