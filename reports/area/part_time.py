"""Section 2 of the area report: part-time timetables by school.

For each school, of its placements now (planned or active): those with a part-time plan, those whose
plan is past its time limit, those the LA was not told of by its deadline, and those whose pupil's week
is short of full time with no part-time plan. The last two of these are the register's own flags
(`placements.register_flags.flagged`: `PART_TIME_OVERDUE`, `PART_TIME_NO_PLAN`), asked of the database;
the LA's deadline is `placements.checks.notice_deadline` (the start plus the LA's days). Five queries
(the counts, each flag, the LA's numbers twice) however many placements.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from placements.entitlement import rules_for
from placements.models import PlacementStatus
from placements.register_flags import Flag, flagged
from reports.area.scope import AreaScope

CURRENT = Q(status__in=PlacementStatus.current_values())


@dataclass
class SchoolPartTime:
    name: str
    plans: int = 0  # placements now with a part-time plan
    past_time_limit: int = 0
    la_not_told: int = 0
    no_plan: int = 0  # the pupil's week is short of full time and the placement has no plan

    @property
    def any(self) -> bool:
        return bool(self.plans or self.past_time_limit or self.la_not_told or self.no_plan)


@dataclass
class PartTimeSection:
    notice_days: int
    schools: list[SchoolPartTime] = field(default_factory=list)

    def _sum(self, name: str) -> int:
        return sum(getattr(school, name) for school in self.schools)

    @property
    def plans(self) -> int:
        return self._sum("plans")

    @property
    def past_time_limit(self) -> int:
        return self._sum("past_time_limit")

    @property
    def la_not_told(self) -> int:
        return self._sum("la_not_told")

    @property
    def no_plan(self) -> int:
        return self._sum("no_plan")


def _by_school(placements) -> dict[int, int]:
    return dict(
        placements.order_by().values("school_id").annotate(n=Count("pk")).values_list("school_id", "n")
    )


def gather(scope: AreaScope) -> PartTimeSection:
    placements = scope.placements()
    notice_days = rules_for(scope.local_authority.pk, membership=scope.membership).part_time_notice_days
    told_by = scope.today - datetime.timedelta(days=notice_days)  # started before it: past its deadline
    with_plan = CURRENT & Q(part_time_plan__isnull=False)
    counted = (
        placements.order_by()
        .values("school_id", "school__name")
        .annotate(
            plans=Count("pk", filter=with_plan),
            la_not_told=Count(
                "pk", filter=with_plan & Q(part_time_plan__la_notified_on__isnull=True, starts_on__lt=told_by)
            ),
        )
    )
    schools: dict[int, SchoolPartTime] = {}
    for row in counted:
        schools[row["school_id"]] = SchoolPartTime(
            row["school__name"], plans=row["plans"], la_not_told=row["la_not_told"]
        )
    flags = defaultdict(dict)
    for flag in (Flag.PART_TIME_OVERDUE, Flag.PART_TIME_NO_PLAN):
        flags[flag] = _by_school(flagged(placements, flag, membership=scope.membership, today=scope.today))
    for school_id, school in schools.items():
        school.past_time_limit = flags[Flag.PART_TIME_OVERDUE].get(school_id, 0)
        school.no_plan = flags[Flag.PART_TIME_NO_PLAN].get(school_id, 0)
    return PartTimeSection(
        notice_days=notice_days,
        schools=sorted((school for school in schools.values() if school.any), key=lambda s: s.name),
    )
