"""What placements cost: each placement's cost to date and committed to its planned end, totals per provider
and per school as a membership sees them, and block-purchased places used against those bought.

A placement's cost is its price (`cost`) times the units of its timetable (`cost_unit`):
- per day: the school days it runs, a school day being a weekday with a session in its timetable;
- per week: the weeks (Monday to Sunday) in which it has a school day, a week begun counting whole;
- per session: the sessions in its timetable on those days.
A timetable with no sessions recorded counts every weekday as a school day and cannot be priced per
session. Holidays and closures are not taken off: every figure is what the timetable would cost if the
pupil attended every week from start to end, which overstates a placement across a school holiday.

"To date" runs from the start to today (or the end, if it is earlier); "committed" from the start to the
planned end, or to the day it ended. A placement that fills a block-purchased place is paid for by the
block: its own price is not added, and the block's cost is shown with the places it bought. A cancelled
placement never took place: it costs nothing and is left out of the totals.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q
from django.utils import timezone

from placements.models import BlockPurchase, CostUnit, Placement, PlacementStatus

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

WEEKDAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}
SCHOOL_WEEK = dict.fromkeys(range(5), 0)  # every weekday, sessions unknown
PENNY = Decimal("0.01")
FIELDS = (
    "cost",
    "cost_unit",
    "sessions",
    "starts_on",
    "planned_end_on",
    "ended_on",
    "status",
    "block_purchase_id",
)


def timetable(sessions: list[str]) -> dict[int, int]:
    """Weekday (Monday is 0) -> sessions that day, for each day with a session."""
    days: dict[int, int] = {}
    for session in sessions or []:
        day = WEEKDAY[session[:3]]
        days[day] = days.get(day, 0) + 1
    return days


def _count_weekday(weekday: int, start: datetime.date, end: datetime.date) -> int:
    first = start + datetime.timedelta(days=(weekday - start.weekday()) % 7)
    return 0 if first > end else (end - first).days // 7 + 1


def school_days(days: dict[int, int], start: datetime.date, end: datetime.date) -> int:
    """The dates from `start` to `end` (both included) that fall on one of the timetable's days."""
    if end < start:
        return 0
    return sum(_count_weekday(weekday, start, end) for weekday in days)


def sessions_between(days: dict[int, int], start: datetime.date, end: datetime.date) -> int:
    if end < start:
        return 0
    return sum(_count_weekday(weekday, start, end) * number for weekday, number in days.items())


def weeks_between(days: dict[int, int], start: datetime.date, end: datetime.date) -> int:
    """The weeks (Monday to Sunday) from `start` to `end` with at least one of the timetable's days in
    them: the weeks between count whole; the first and last count if a timetabled day falls in them."""
    if end < start or not days:
        return 0
    first_monday = start - datetime.timedelta(days=start.weekday())
    last_monday = end - datetime.timedelta(days=end.weekday())
    weeks = (last_monday - first_monday).days // 7 + 1
    if first_monday == last_monday:
        return int(any(start.weekday() <= day <= end.weekday() for day in days))
    weeks -= not any(day >= start.weekday() for day in days)
    weeks -= not any(day <= end.weekday() for day in days)
    return weeks


def units_between(unit: str, sessions: list[str], start: datetime.date, end: datetime.date) -> int | None:
    """How many of `unit` the timetable has from `start` to `end`; None when it cannot be known."""
    days = timetable(sessions)
    if unit == CostUnit.SESSION:
        return sessions_between(days, start, end) if days else None
    days = days or SCHOOL_WEEK
    if unit == CostUnit.DAY:
        return school_days(days, start, end)
    if unit == CostUnit.WEEK:
        return weeks_between(days, start, end)
    return None


@dataclass(frozen=True)
class Cost:
    to_date: Decimal
    committed: Decimal

    @property
    def still_to_come(self) -> Decimal:
        return self.committed - self.to_date


def _field(placement, name: str):
    return placement[name] if isinstance(placement, Mapping) else getattr(placement, name)


def last_day(placement: Placement | Mapping) -> datetime.date:
    """The day it ended, or is planned to end."""
    if _field(placement, "status") == PlacementStatus.ENDED and _field(placement, "ended_on"):
        return _field(placement, "ended_on")
    return _field(placement, "planned_end_on")


def cost_of(placement: Placement | Mapping, on: datetime.date | None = None) -> Cost | None:
    """The placement's cost to `on` (today) and committed to its end, or None when it has no price, is
    paid for by a block purchase, or is priced per session with no timetable. A cancelled placement, which
    never took place, costs nothing."""
    if _field(placement, "status") == PlacementStatus.CANCELLED:
        return Cost(Decimal("0.00"), Decimal("0.00"))
    price, unit = _field(placement, "cost"), _field(placement, "cost_unit")
    if price is None or not unit or _field(placement, "block_purchase_id"):
        return None
    on = on or timezone.localdate()
    sessions, start, end = _field(placement, "sessions"), _field(placement, "starts_on"), last_day(placement)
    committed = units_between(unit, sessions, start, end)
    if committed is None:
        return None
    to_date = units_between(unit, sessions, start, min(on, end))
    return Cost(
        (price * to_date).quantize(PENNY, ROUND_HALF_UP), (price * committed).quantize(PENNY, ROUND_HALF_UP)
    )


# --- Totals as a membership sees them ------------------------------------------------------------


@dataclass
class CostLine:
    """The placements of one provider or school: how many, how many have a cost, and their costs."""

    pk: int | None
    name: str
    placements: int = 0
    costed: int = 0
    in_blocks: int = 0
    to_date: Decimal = Decimal(0)
    committed: Decimal = Decimal(0)

    def add(self, cost: Cost | None, *, in_block: bool) -> None:
        self.placements += 1
        if in_block:
            self.in_blocks += 1
        if cost is not None:
            self.costed += 1
            self.to_date += cost.to_date
            self.committed += cost.committed

    @property
    def uncosted(self) -> int:
        """Placements with no cost of their own that no block pays for."""
        return self.placements - self.costed - self.in_blocks


@dataclass
class BlockUse:
    block: BlockPurchase
    used: int  # placements planned or active in it

    @property
    def free(self) -> int:
        return max(self.block.places - self.used, 0)

    @property
    def over(self) -> int:
        """Placements beyond the places bought."""
        return max(self.used - self.block.places, 0)


@dataclass(frozen=True)
class Unpriced:
    """A placement with no price that no block pays for: what a "with no price" count is made of."""

    pk: int
    pupil_id: int
    pupil_name: str
    provider_name: str
    school_name: str
    starts_on: datetime.date


@dataclass
class CostSummary:
    by_provider: list[CostLine]
    by_school: list[CostLine]
    blocks: list[BlockUse]
    total: CostLine = field(default_factory=lambda: CostLine(None, "All placements"))
    unpriced: list[Unpriced] = field(default_factory=list)

    @property
    def block_cost(self) -> Decimal:
        return sum((use.block.cost or Decimal(0) for use in self.blocks), Decimal(0))


def _sorted(lines: dict[int, CostLine]) -> list[CostLine]:
    return sorted(lines.values(), key=lambda line: (-line.committed, line.name, line.pk))


UNPRICED_FIELDS = (
    "pk",
    "pupil_id",
    "pupil__legal_forename",
    "pupil__legal_surname",
    "pupil__preferred_forename",
    "pupil__preferred_surname",
)


def _unpriced(row: Mapping) -> Unpriced:
    forename = row["pupil__preferred_forename"] or row["pupil__legal_forename"]
    surname = row["pupil__preferred_surname"] or row["pupil__legal_surname"]
    return Unpriced(
        pk=row["pk"],
        pupil_id=row["pupil_id"],
        pupil_name=f"{forename} {surname}",
        provider_name=row["provider__name"],
        school_name=row["school__name"],
        starts_on=row["starts_on"],
    )


def cost_summary(*, membership: Membership, on: datetime.date | None = None) -> CostSummary:
    """Every placement `membership` sees (current and ended: a cancelled one never took place), costed and
    added up per provider and per school, and its block purchases running on `on` or later with the places
    used: two queries."""
    on = on or timezone.localdate()
    rows = (
        Placement.objects.visible_to(membership)
        .exclude(status=PlacementStatus.CANCELLED)
        .values("provider_id", "provider__name", "school_id", "school__name", *FIELDS, *UNPRICED_FIELDS)
        .order_by()
    )
    by_provider: dict[int, CostLine] = {}
    by_school: dict[int, CostLine] = {}
    summary = CostSummary([], [], [])
    for row in rows:
        cost = cost_of(row, on)
        in_block = row["block_purchase_id"] is not None
        provider = by_provider.setdefault(
            row["provider_id"], CostLine(row["provider_id"], row["provider__name"])
        )
        school = by_school.setdefault(row["school_id"], CostLine(row["school_id"], row["school__name"]))
        for line in (provider, school, summary.total):
            line.add(cost, in_block=in_block)
        if cost is None and not in_block:
            summary.unpriced.append(_unpriced(row))
    blocks = (
        BlockPurchase.objects.visible_to(membership)
        .filter(ends_on__gte=on)
        .select_related("provider", "school")
        .annotate(
            used=Count(
                "placements",
                filter=Q(placements__status__in=PlacementStatus.current_values()),
            )
        )
        .order_by("provider__name", "starts_on", "pk")
    )
    summary.unpriced.sort(key=lambda placement: (placement.pupil_name, placement.starts_on, placement.pk))
    summary.by_provider = _sorted(by_provider)
    summary.by_school = _sorted(by_school)
    summary.blocks = [BlockUse(block, block.used) for block in blocks]
    return summary
