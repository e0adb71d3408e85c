"""When a pupil's destination is checked again (DOMAIN.md 3.7), as plain functions, and the one writer
that makes a placement's check-ins.

- The sustained-destination check follows DfE's definition: the pupil was in education or training for
  all of the first October to March after moving on (or in employment for 5 of those 6 months). A pupil
  who moved on before 1 October of a year is checked over October that year to March the next; one who
  moved on from 1 October, over the October to March after that. It is due on 1 April, once the period
  has ended.
- The later check-ins are due 1, 3 and 5 years after the pupil moved on (`DESTINATION_CHECKIN_YEARS`,
  configurable). A year after 29 February is 28 February, so a check-in never slips into March.
- `plan` makes them when the outcome is recorded and moves the ones still due when the date the pupil
  moved on changes, in a fixed number of queries for any number of placements. A recorded check-in is
  never touched: it says what was found.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from apcommission.forms.dates import years_on
from outcomes.models import CheckIn, CheckInKind

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership
    from outcomes.models import Outcome

OCTOBER = 10


@dataclass(frozen=True)
class Planned:
    kind: str
    years: int
    due_on: datetime.date


def sustained_period(left_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first October to March after `left_on` (first and last day)."""
    year = left_on.year if left_on.month < OCTOBER else left_on.year + 1
    return datetime.date(year, OCTOBER, 1), datetime.date(year + 1, 3, 31)


def sustained_due(left_on: datetime.date) -> datetime.date:
    """The day after the sustained period ends: 1 April."""
    return sustained_period(left_on)[1] + datetime.timedelta(days=1)


def period_checked(due_on: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The October to March a sustained check due on `due_on` (a 1 April) looks back over."""
    return datetime.date(due_on.year - 1, OCTOBER, 1), due_on - datetime.timedelta(days=1)


def checkin_years() -> tuple[int, ...]:
    return tuple(years for years in settings.DESTINATION_CHECKIN_YEARS if years >= 1)


def planned(left_on: datetime.date) -> list[Planned]:
    """Every check-in a pupil who moved on on `left_on` gets, in date order."""
    made = [Planned(CheckInKind.SUSTAINED, 0, sustained_due(left_on))]
    made += [Planned(CheckInKind.YEARS, years, years_on(left_on, years)) for years in checkin_years()]
    return sorted(made, key=lambda each: (each.due_on, each.years))


def plan(outcomes: Iterable[Outcome], *, by: Membership) -> None:
    """Make each outcome's placement's check-ins, or move the ones still due to the dates its `left_on`
    gives. Two queries to read and lock, then at most one insert and one update, however many outcomes.
    Check-ins already recorded, and any the setting no longer lists, are left as they are."""
    wanted = {
        (outcome.placement_id, each.kind, each.years): each.due_on
        for outcome in outcomes
        for each in planned(outcome.left_on)
    }
    if not wanted:
        return
    placement_ids = {placement_id for placement_id, _kind, _years in wanted}
    existing = {
        (row.placement_id, row.kind, row.years): row
        for row in CheckIn.objects.visible_to(by)
        .select_for_update(of=("self",))
        .filter(placement_id__in=placement_ids)
    }
    now = timezone.now()
    new = [
        CheckIn(placement_id=placement_id, kind=kind, years=years, due_on=due_on)
        for (placement_id, kind, years), due_on in wanted.items()
        if (placement_id, kind, years) not in existing
    ]
    moved = []
    for key, due_on in wanted.items():
        row = existing.get(key)
        if row is not None and row.recorded_at is None and row.due_on != due_on:
            row.due_on, row.updated_at = due_on, now
            moved.append(row)
    if new:
        CheckIn.objects.bulk_create(new)
    if moved:
        CheckIn.objects.bulk_update(moved, ["due_on", "updated_at"])
