"""Section 1 of the area report: the area's placements by school and by provider, in the period and now.

"Now" is a placement still current (planned or active), as the register and the evidence pack count it;
full time is the placement's own hours making a full-time week for the pupil's year group as the LA sets
it (the register's `full_time`, asked of the database through `register_flags.full_time_week`). Counted
in the database, grouped by school and by provider: four queries (the LAs' numbers, the two groupings
and the area's totals) however many placements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q
from django.db.models.lookups import GreaterThanOrEqual

from apcommission.numbers import plain_number
from placements.models import PlacementStatus
from placements.register_flags import full_time_week
from reports.area.scope import AreaScope

CURRENT = Q(status__in=PlacementStatus.current_values())


@dataclass(frozen=True)
class Counts:
    """One school's or provider's placements (or the area's, for the totals)."""

    name: str
    placements: int  # in the period
    pupils: int  # in the period, each counted once
    now: int
    pupils_now: int
    full_time: int  # now
    part_time: int  # now
    average: Decimal | None  # hours a week at the provider, of the placements now

    @property
    def average_hours(self) -> str:
        return plain_number(self.average) if self.average is not None else "None"


@dataclass
class PlacementsSection:
    total: Counts
    by_school: list[Counts] = field(default_factory=list)
    by_provider: list[Counts] = field(default_factory=list)

    @property
    def schools(self) -> int:
        return len(self.by_school)

    @property
    def providers(self) -> int:
        return len(self.by_provider)

    @property
    def tables(self) -> list[tuple[str, list[Counts], str]]:
        """(what the rows are, the rows, the first column's heading) for the template."""
        return [("school", self.by_school, "School"), ("provider", self.by_provider, "Provider")]


def _aggregates(scope: AreaScope) -> dict:
    full_time = Q(
        GreaterThanOrEqual(
            F("hours_per_week"), full_time_week(membership=scope.membership, today=scope.today)
        )
    )
    return {
        "placements": Count("pk"),
        "pupils": Count("pupil_id", distinct=True),
        "now": Count("pk", filter=CURRENT),
        "pupils_now": Count("pupil_id", distinct=True, filter=CURRENT),
        "full_time": Count("pk", filter=CURRENT & full_time),
        "average": Avg("hours_per_week", filter=CURRENT),
    }


def _counts(name: str, values: dict) -> Counts:
    average = values["average"]
    if average is not None:
        average = Decimal(average).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Counts(
        name=name,
        placements=values["placements"],
        pupils=values["pupils"],
        now=values["now"],
        pupils_now=values["pupils_now"],
        full_time=values["full_time"],
        part_time=values["now"] - values["full_time"],
        average=average,
    )


def _grouped(scope: AreaScope, key: str, aggregates: dict) -> list[Counts]:
    rows = (
        scope.placements()
        .order_by()
        .values(f"{key}_id", f"{key}__name")
        .annotate(**aggregates)
        .order_by(f"{key}__name", f"{key}_id")
    )
    return [_counts(row[f"{key}__name"], row) for row in rows]


def gather(scope: AreaScope) -> PlacementsSection:
    aggregates = _aggregates(scope)
    total = scope.placements().order_by().aggregate(**aggregates)
    return PlacementsSection(
        total=_counts(scope.local_authority.name, total),
        by_school=_grouped(scope, "school", aggregates),
        by_provider=_grouped(scope, "provider", aggregates),
    )
