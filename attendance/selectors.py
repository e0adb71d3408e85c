"""Reading attendance for the pages, always through the acting membership's view and in a fixed number
of queries however many marks there are: the provider's week, what it has not marked, the school's
same-day absences and the providers that have not sent a day's marks, one placement's attendance against
its baseline, and summaries per provider and per school.

A provider reads its placements' `provider_copy` of the pupil and never the pupil's record (no join to
it is made); the commissioners read the pupil's name."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, ExpressionWrapper, IntegerField, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce

from apcommission.tenancy.models import Organisation
from attendance.counting import (
    COUNTS,
    ILLNESS_SESSIONS_TO_REPORT,
    UNAUTHORISED_SESSIONS_TO_REPORT,
    on_timetable,
)
from attendance.days import DAY_KEYS, HALVES, academic_year_start, slot, timetabled_count
from attendance.models import Half, Mark, MarkKind, Tally
from attendance.services import session_refusal
from placements.models import PartTimePlan, Placement
from placements.models import PlacementStatus as Status
from placements.selectors import Baseline, attendance_baseline

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from apcommission.tenancy.models import Membership

PER_PAGE = 50
MARKABLE = (Status.ACTIVE, Status.ENDED)
PLACEMENT_COLUMNS = (
    "pk", "pupil_id", "status", "starts_on", "planned_end_on", "ended_on", "sessions", "provider_copy",
    "attendance_code", "school__name",
)  # fmt: skip


def percentage(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _end(values: dict) -> datetime.date:
    return values["ended_on"] if values["status"] == Status.ENDED else values["planned_end_on"]


def _running_from(first: datetime.date, last: datetime.date) -> Q:
    """Placements a provider may mark some day of from `first` to `last`: active or ended, started by
    `last`, and not ended (or due to end) before `first`."""
    return Q(status__in=MARKABLE, starts_on__lte=last) & (
        Q(status=Status.ACTIVE, planned_end_on__gte=first) | Q(status=Status.ENDED, ended_on__gte=first)
    )


# --- The provider's week ----------------------------------------------------------------------------


@dataclass
class Cell:
    name: str  # the form field: "m-<placement>-<YYYY-MM-DD>-<am|pm>"
    on: datetime.date
    half: str
    state: str  # "open" (a select), "not_timetabled", "outside" (not placed then), "future"
    mark: str = ""  # the mark recorded, if any
    chosen: str = ""  # what the select shows: the mark, or what was just posted
    errors: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.on:%A} {Half(self.half).label.lower()}"

    @property
    def mark_words(self) -> str:
        return MarkKind(self.mark).label if self.mark else ""

    @property
    def unmarked(self) -> bool:
        return self.state == "open" and not self.mark


@dataclass
class GridRow:
    placement_id: int
    pupil_id: int  # for the access event only
    name: str
    school_name: str
    cells: list[Cell]

    @property
    def unmarked(self) -> int:
        return sum(cell.unmarked for cell in self.cells)

    @property
    def days(self) -> list[list[Cell]]:
        """The cells a day at a time: [morning, afternoon] for Monday to Friday."""
        return [self.cells[n : n + 2] for n in range(0, len(self.cells), 2)]


@dataclass
class Week:
    monday: datetime.date
    days: list[datetime.date]
    page: Page  # of GridRow
    unmarked_total: int = 0
    since: datetime.date | None = None

    @property
    def unmarked_this_week(self) -> int:
        return sum(row.unmarked for row in self.page.object_list)

    @property
    def open_cells(self) -> list[Cell]:
        return [cell for row in self.page.object_list for cell in row.cells if cell.state == "open"]


def cell_name(placement_id: int, on: datetime.date, half: str) -> str:
    return f"m-{placement_id}-{on.isoformat()}-{half}"


def _week_placements(monday: datetime.date, *, membership: Membership):
    friday = monday + datetime.timedelta(days=4)
    return (
        Placement.objects.visible_to(membership)
        .filter(_running_from(monday, friday), provider_id=membership.organisation_id)
        .values(*PLACEMENT_COLUMNS)
        .order_by("provider_copy__name", "pk")
    )


def _week_rows(
    placements: list[dict], monday: datetime.date, *, membership: Membership, today
) -> list[GridRow]:
    """Each placement's row for the week: one query for the week's marks."""
    days = [monday + datetime.timedelta(days=n) for n in range(5)]
    marks = {
        (placement_id, on, half): mark
        for placement_id, on, half, mark in Mark.objects.visible_to(membership)
        .filter(placement_id__in=[values["pk"] for values in placements], on__gte=days[0], on__lte=days[-1])
        .values_list("placement_id", "on", "session", "mark")
    }
    return [_grid_row(values, days, marks, today) for values in placements]


def provider_week(
    monday: datetime.date, page_number: int | str | None, *, membership: Membership, today: datetime.date
) -> Week:
    """The acting provider's placements it may mark some day of the week starting `monday`, named as the
    schools shared them, a page at a time, each with a cell per session and the mark recorded. Three
    queries (the count, the page and the week's marks), however many."""
    page = Paginator(_week_placements(monday, membership=membership), PER_PAGE).get_page(page_number)
    page.object_list = _week_rows(list(page.object_list), monday, membership=membership, today=today)
    days = [monday + datetime.timedelta(days=n) for n in range(5)]
    return Week(monday=monday, days=days, page=page)


class _Shape:
    """What `session_refusal` reads of a placement, from a values() row."""

    def __init__(self, values: dict):
        self.status = values["status"]
        self.starts_on = values["starts_on"]
        self.planned_end_on = values["planned_end_on"]
        self.ended_on = values["ended_on"]


def _grid_row(values: dict, days: list[datetime.date], marks: dict, today: datetime.date) -> GridRow:
    shape = _Shape(values)
    cells = []
    for on in days:
        for half in HALVES:
            mark = marks.get((values["pk"], on, half), "")
            if on > today:
                state = "future"
            elif session_refusal(shape, on, today=today):
                state = "outside"
            elif slot(on, half) not in values["sessions"]:
                state = "not_timetabled"
            else:
                state = "open"
            cells.append(Cell(cell_name(values["pk"], on, half), on, half, state, mark, chosen=mark))
    return GridRow(
        placement_id=values["pk"],
        pupil_id=values["pupil_id"],
        name=provider_name(values),
        school_name=values["school__name"],
        cells=cells,
    )


def provider_name(values: dict) -> str:
    """The pupil as the school shared them with the provider, or the placement's number."""
    return str((values["provider_copy"] or {}).get("name") or f"Placement {values['pk']}")


def unmarked_since(since: datetime.date, *, membership: Membership, today: datetime.date) -> int:
    """How many sessions the acting provider's placements timetable from `since` to `today` (within each
    placement's dates) have no mark. Two queries: the placements, and their marks on timetabled
    sessions counted in the database."""
    placements = list(
        Placement.objects.visible_to(membership)
        .filter(_running_from(since, today), provider_id=membership.organisation_id)
        .values("pk", "status", "starts_on", "planned_end_on", "ended_on", "sessions")
    )
    marked = dict(
        Mark.objects.visible_to(membership)
        .filter(placement_id__in=[p["pk"] for p in placements], on__gte=since, on__lte=today)
        .filter(on_timetable())
        .values("placement_id")
        .annotate(n=Count("pk"))
        .values_list("placement_id", "n")
    )
    total = 0
    for values in placements:
        first, last = max(since, values["starts_on"]), min(today, _end(values))
        total += max(timetabled_count(values["sessions"], first, last) - marked.get(values["pk"], 0), 0)
    return total


def template_rows(monday: datetime.date, *, membership: Membership, today: datetime.date) -> list[dict]:
    """A row for each session of the week starting `monday` that the acting provider's placements
    timetable and may be marked for (within their dates, not in the future), with any mark recorded:
    the file template, in date order. Two queries."""
    placements = list(_week_placements(monday, membership=membership))
    rows = [
        {
            "placement": row.placement_id,
            "pupil_id": row.pupil_id,
            "pupil": row.name,
            "on": cell.on,
            "session": cell.half.upper(),
            "mark": cell.mark_words or None,
        }
        for row in _week_rows(placements, monday, membership=membership, today=today)
        for cell in row.cells
        if cell.state == "open" or (cell.mark and cell.state == "not_timetabled")
    ]
    return sorted(rows, key=lambda r: (r["on"], r["session"], r["pupil"], r["placement"]))


# --- The school's day -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Absence:
    placement_id: int
    pupil_id: int
    pupil_name: str
    school_name: str
    provider_name: str
    on: datetime.date
    session: str
    comment: str
    recorded_at: datetime.datetime

    @property
    def session_words(self) -> str:
        return Half(self.session).label.lower()


def same_day_absences(days: list[datetime.date], *, membership: Membership) -> list[Absence]:
    """Unauthorised absences the providers marked on `days` (today and the school day before) for the
    placements `membership` sees, newest first. One query (at most 500 rows: a page says if cut)."""
    marks = (
        Mark.objects.visible_to(membership)
        .filter(on__in=days, mark=MarkKind.UNAUTHORISED)
        .select_related("pupil", "provider", "school")
        .only(
            "placement_id",
            "pupil_id",
            "on",
            "session",
            "comment",
            "recorded_at",
            "pupil__legal_forename",
            "pupil__legal_surname",
            "pupil__preferred_forename",
            "pupil__preferred_surname",
            "provider__name",
            "school__name",
        )
        .order_by("-on", "-session", "pupil__legal_surname", "pk")[:500]
    )
    return [
        Absence(
            mark.placement_id,
            mark.pupil_id,
            mark.pupil.name,
            mark.school.name,
            mark.provider.name,
            mark.on,
            mark.session,
            mark.comment,
            mark.recorded_at,
        )
        for mark in marks
    ]


@dataclass
class MissingMarks:
    provider_name: str
    placements: int = 0
    sessions: int = 0


def placements_not_marked(day: datetime.date, *, placements: QuerySet, marks: QuerySet) -> QuerySet:
    """The placements of `placements` that a provider may mark on `day` and whose timetable has a session
    that day with no mark among `marks`, each with how many such sessions (`short`). The one rule of "not
    marked", counted in the database: the school's page asks it of the placements a membership sees
    (`providers_not_marked`), the alerts of every provider's (`alerts.sources.attendance`)."""
    am, pm = (f"{DAY_KEYS[day.weekday()]}_{half}" for half in HALVES)
    marked = (
        marks.filter(placement_id=OuterRef("pk"), on=day)
        .order_by()
        .values("placement_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    timetabled = Case(When(sessions__contains=[am], then=1), default=0) + Case(
        When(sessions__contains=[pm], then=1), default=0
    )
    return (
        placements.filter(_running_from(day, day), sessions__overlap=[am, pm])
        .annotate(short=ExpressionWrapper(timetabled - Coalesce(Subquery(marked), 0), IntegerField()))
        .filter(short__gt=0)
    )


def providers_not_marked(day: datetime.date, *, membership: Membership) -> list[MissingMarks]:
    """The providers with a placement `membership` sees that timetables a session on `day` with no mark,
    with how many placements and sessions. One query, counted in the database: an LA sees thousands of
    placements running on a day, which must not come back to Python one by one."""
    short = placements_not_marked(
        day,
        placements=Placement.objects.visible_to(membership),
        marks=Mark.objects.visible_to(membership),
    )
    rows = (
        short.order_by()
        .values("provider_id", "provider__name")
        .annotate(placements=Count("pk"), sessions=Sum("short"))
        .order_by("provider__name", "provider_id")
    )
    return [MissingMarks(row["provider__name"], row["placements"], row["sessions"]) for row in rows]


# --- One placement ----------------------------------------------------------------------------------


@dataclass
class PlacementAttendance:
    possible: int
    attended: int
    late: int
    unauthorised: int
    illness: int
    authorised: int
    unmarked: int
    baseline: Baseline | None
    part_time: bool
    recent: list[Mark] = field(default_factory=list)

    @property
    def percentage(self) -> Decimal | None:
        return percentage(self.attended, self.possible)

    @property
    def change(self) -> Decimal | None:
        if self.percentage is None or self.baseline is None:
            return None
        return self.percentage - self.baseline.value

    @property
    def change_words(self) -> str:
        """ "up 12.5 points", "down 3 points" or "no change" from the baseline; "" without one."""
        change = self.change
        if change is None:
            return ""
        if not change:
            return "no change"
        points = f"{abs(change):.1f}".removesuffix(".0")
        return f"{'up' if change > 0 else 'down'} {points} point{'s' if points != '1' else ''}"

    @property
    def unauthorised_reached(self) -> bool:
        return self.unauthorised >= UNAUTHORISED_SESSIONS_TO_REPORT

    @property
    def illness_reached(self) -> bool:
        return self.illness >= ILLNESS_SESSIONS_TO_REPORT


RECENT = 10


def placement_attendance(
    placement: Placement, *, membership: Membership, today: datetime.date
) -> PlacementAttendance:
    """The placement's attendance so far against the pupil's baseline (for a commissioner), with the
    counts the school reports to the LA and the latest marks. Four queries (three for a provider, which
    is not shown the pupil's history), however many marks."""
    marks = Mark.objects.visible_to(membership).filter(placement_id=placement.pk)
    counts = marks.aggregate(**COUNTS, on_timetable=Count("pk", filter=on_timetable()))
    last = min(today, placement.ended_on or placement.planned_end_on)
    due = timetabled_count(placement.sessions, placement.starts_on, last)
    baseline = None
    if membership.organisation.kind != "provider":
        baseline = attendance_baseline(placement.pupil_id, membership=membership, today=today)
    return PlacementAttendance(
        possible=counts["possible"],
        attended=counts["attended"],
        late=counts["late"],
        unauthorised=counts["unauthorised"],
        illness=counts["illness"],
        authorised=counts["authorised"],
        unmarked=max(due - counts["on_timetable"], 0),
        baseline=baseline,
        part_time=PartTimePlan.objects.visible_to(membership).filter(placement_id=placement.pk).exists(),
        recent=list(marks.order_by("-on", "-session")[:RECENT]),
    )


@dataclass(frozen=True)
class Counted:
    """A placement's sessions possible and attended over some days."""

    possible: int
    attended: int

    @property
    def percentage(self) -> Decimal | None:
        return percentage(self.attended, self.possible)


def placements_attendance(
    placement_ids: Iterable[int], *, membership: Membership, first: datetime.date, last: datetime.date
) -> dict[int, Counted]:
    """Each placement's attendance from `first` to `last`, counted from its marks in the database as
    `placement_attendance` counts one placement's: one query however many placements. A placement with no
    mark on those days is left out.

    Read from the marks, not the tallies: the days asked for need not be whole academic years."""
    counted = (
        Mark.objects.visible_to(membership)
        .filter(placement_id__in=set(placement_ids), on__gte=first, on__lte=last)
        .order_by()
        .values("placement_id")
        .annotate(possible=COUNTS["possible"], attended=COUNTS["attended"])
        .values_list("placement_id", "possible", "attended")
    )
    return {placement_id: Counted(possible, attended) for placement_id, possible, attended in counted}


# --- Per provider and per school --------------------------------------------------------------------


# What a summary adds up of the placements' tallies.
SUMMED = ("possible", "attended", "unauthorised", "illness")


@dataclass
class SummaryRow:
    name: str
    placements: int = 0
    possible: int = 0
    attended: int = 0
    unauthorised: int = 0
    illness: int = 0
    unauthorised_reached: int = 0  # placements at 10 days of unauthorised absence
    illness_reached: int = 0  # placements at 15 days of illness

    @property
    def percentage(self) -> Decimal | None:
        return percentage(self.attended, self.possible)


@dataclass
class Summary:
    since: datetime.date
    by_provider: list[SummaryRow]
    by_school: list[SummaryRow]
    total: SummaryRow


def summary(since: datetime.date, *, membership: Membership, today: datetime.date) -> Summary:
    """Attendance this academic year (since `since`, the 1 September it began) on the placements
    `membership` sees, per provider and per school, with how many placements reached the counts schools
    report to the LA. Three queries however many marks: the year's tallies summed by provider, then by
    school (in the database: an LA's year is some 10,000 placements), and the organisations' names. No
    pupil is named.

    Read from the tallies, not the marks (an LA's year is millions of them): no mark is ever for a day
    after today (`services.session_refusal`), so this year's tally holds its marks up to `today`."""
    if since != academic_year_start(today):
        raise ValueError(f"attendance is tallied by academic year: {since} is not 1 September of {today}'s")
    # A placement has one tally a year, so each tally here is one placement.
    year = Tally.objects.visible_to(membership).filter(year=since.year).order_by()
    # SummaryRow's counts in its order, named apart from the tally's columns they add up.
    totals = {
        "n_placements": Count("pk"),
        **{f"n_{name}": Sum(name) for name in SUMMED},
        "n_unauthorised_reached": Count("pk", filter=Q(unauthorised__gte=UNAUTHORISED_SESSIONS_TO_REPORT)),
        "n_illness_reached": Count("pk", filter=Q(illness__gte=ILLNESS_SESSIONS_TO_REPORT)),
    }
    by_provider = list(year.values("provider_id").annotate(**totals).values_list("provider_id", *totals))
    by_school = list(year.values("school_id").annotate(**totals).values_list("school_id", *totals))
    names = dict(
        Organisation.objects.visible_to(membership)
        .filter(pk__in={row[0] for row in by_provider} | {row[0] for row in by_school})
        .values_list("pk", "name")
    )
    # Every placement is under one provider: the providers' rows, column by column, are the total.
    columns = zip(*(counts for _key, *counts in by_provider), strict=True)
    total = SummaryRow("All", *(sum(column) for column in columns))
    order = lambda entry: entry.name  # noqa: E731
    return Summary(
        since,
        sorted((SummaryRow(names.get(key, ""), *counts) for key, *counts in by_provider), key=order),
        sorted((SummaryRow(names.get(key, ""), *counts) for key, *counts in by_school), key=order),
        total,
    )
