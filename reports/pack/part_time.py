"""Section 4 of the evidence pack: part-time timetables (DOMAIN.md 4 and 7). "Any part-time provision should
come with a monitored, time-limited plan that moves towards a full-time conclusion": for each placement of
the period with a part-time plan, its time limit, the steps back to a full-time week and where the pupil
is against them now; and the placements that leave a pupil short of full time with no plan at all.

What counts is read as the register reads it: the pupil's week is every current placement's hours plus
the school's own (`placements.register_flags.timetables_of` and `week_on`, against the full-time week the
LA sets for the year group), and "part-time, no plan" and "past its time limit" are the register's flags
(`placements.register_flags.placement_flags`). A step's hours are the pupil's whole week, at school and at
the provision, as the plan's form asks for them, so they compare with the week as it is.

Seven queries however many placements: the placements, their plans, the plans' steps, the pupils'
current placements, the LAs' numbers, the providers' names and the attendance marks counted by placement.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from apcommission.forms.dates import long_date
from apcommission.numbers import hours_text
from apcommission.tenancy.models import Organisation
from attendance.counting import COUNTS
from attendance.models import Mark
from attendance.selectors import percentage
from placements.checks import PupilWeek, notice_deadline, rules_by_authority
from placements.models import PartTimePlan, PartTimeStep, Placement, PlacementStatus
from placements.register_flags import Flag, placement_flags, timetables_of, week_on
from placements.waiting import ENDING_WITHIN_DAYS
from pupils.identifiers import year_group
from reports.pack.scope import PackScope

CURRENT = PlacementStatus.current_values()

PLACEMENT_COLUMNS = (
    "pk",
    "status",
    "pupil_id",
    "pupil__legal_forename",
    "pupil__legal_surname",
    "pupil__preferred_forename",
    "pupil__preferred_surname",
    "pupil__upn",
    "pupil__date_of_birth",
    "pupil__year_group_override",
    "local_authority_id",
    "provider_id",
    "starts_on",
    "planned_end_on",
    "ended_on",
    "hours_per_week",
    "school_hours_per_week",
)


@dataclass(frozen=True)
class Step:
    """One step of the plan: from this date, this many hours a week in all."""

    from_on: datetime.date
    hours: Decimal
    state: str  # "done", "not reached", "to come"; "" once the placement has ended

    @property
    def hours_words(self) -> str:
        return hours_text(self.hours)


@dataclass
class PlanRow:
    """A placement of the period with a part-time plan."""

    placement_id: int
    name: str
    provider_name: str
    status: PlacementStatus
    starts_on: datetime.date
    ended_on: datetime.date | None
    reason: str
    ends_by: datetime.date
    parent_agreed_on: datetime.date | None
    la_notified_on: datetime.date | None
    la_told_by: datetime.date  # the LA's deadline for being told (`placements.checks.notice_deadline`)
    today: datetime.date
    week: PupilWeek | None  # the pupil's week now (or when it starts); None once ended
    steps: list[Step] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    attendance: Decimal | None = None  # per cent of sessions attended during the placement so far

    @property
    def current(self) -> bool:
        return self.status in CURRENT

    @property
    def past_time_limit(self) -> bool:
        return Flag.PART_TIME_OVERDUE in self.flags

    @property
    def time_limit_words(self) -> str:
        if not self.current:
            return f"{long_date(self.ends_by)}; the placement ended on {long_date(self.ended_on)}"
        days = (self.ends_by - self.today).days
        if days < 0:
            return f"{long_date(self.ends_by)}: passed {_days(-days)} ago"
        if days == 0:
            return f"{long_date(self.ends_by)}: today"
        return f"{long_date(self.ends_by)}: {_days(days)} left"

    ending_soon_days = ENDING_WITHIN_DAYS

    @property
    def ending_soon(self) -> bool:
        return self.current and 0 <= (self.ends_by - self.today).days <= ENDING_WITHIN_DAYS

    @property
    def la_missed(self) -> bool:
        return self.la_notified_on is None and self.la_told_by < self.today

    @property
    def step_in_force(self) -> Step | None:
        """The latest step whose date has come."""
        started = [step for step in self.steps if step.from_on <= self.today]
        return started[-1] if started else None

    @property
    def progress(self) -> str:
        """Where the pupil is against the plan: "ended", "not started", "full time", "no steps",
        "before the first step", "on plan" or "behind"."""
        if not self.current:
            return "ended"
        if self.starts_on > self.today:
            return "not started"
        if not self.week.is_short:
            return "full time"
        if not self.steps:
            return "no steps"
        step = self.step_in_force
        if step is None:
            return "before the first step"
        return "on plan" if self.week.hours >= step.hours else "behind"

    @property
    def progress_words(self) -> str:
        progress = self.progress
        if progress == "ended":
            return f"The placement ended on {long_date(self.ended_on)}."
        if progress == "not started":
            return f"The placement starts on {long_date(self.starts_on)}."
        if progress == "full time":
            return "Back to a full-time week."
        if progress == "no steps":
            return "No steps back to a full-time week are recorded."
        step = self.step_in_force
        if progress == "before the first step":
            first = self.steps[0]
            return f"The first step, {first.hours_words} hours a week, is from {long_date(first.from_on)}."
        if progress == "on plan":
            return (
                f"On plan: the step from {long_date(step.from_on)} asks for {step.hours_words} hours a week."
            )
        short = hours_text(step.hours - self.week.hours)
        return (
            f"Behind the plan: the step from {long_date(step.from_on)} asks for {step.hours_words} hours a "
            f"week, {short} more than now."
        )

    @property
    def progress_tag(self) -> tuple[str, str] | None:
        """(tag class, words) for where the pupil is against the plan, when there is something to say."""
        return {
            "full time": ("tag-green", "Back to full time"),
            "on plan": ("tag-green", "On plan"),
            "behind": ("tag-red", "Behind the plan"),
            "no steps": ("tag-red", "No steps"),
        }.get(self.progress)

    @property
    def chart(self) -> PlanChart | None:
        if not self.steps or self.week is None:
            return None
        return PlanChart.of(self)


@dataclass
class ShortRow:
    """A current placement that leaves the pupil short of full time, with no part-time plan."""

    placement_id: int
    name: str
    provider_name: str
    starts_on: datetime.date
    week: PupilWeek
    attendance: Decimal | None = None


@dataclass
class PartTimeSection:
    plans: list[PlanRow] = field(default_factory=list)
    short_without_plan: list[ShortRow] = field(default_factory=list)

    @property
    def current_plans(self) -> int:
        return sum(1 for plan in self.plans if plan.current)

    @property
    def past_time_limit(self) -> int:
        return sum(1 for plan in self.plans if plan.past_time_limit)

    @property
    def behind(self) -> int:
        return sum(1 for plan in self.plans if plan.progress == "behind")


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def _year_group(values: dict, on: datetime.date) -> int:
    override = values["pupil__year_group_override"]
    return override if override is not None else year_group(values["pupil__date_of_birth"], on)


def _step_state(
    step_from: datetime.date, hours: Decimal, *, week: PupilWeek | None, today: datetime.date
) -> str:
    if week is None:
        return ""
    if step_from > today:
        return "to come"
    return "done" if week.hours >= hours else "not reached"


def gather(scope: PackScope) -> PartTimeSection:
    membership, today = scope.membership, scope.today
    placements = list(scope.placements().values(*PLACEMENT_COLUMNS))
    ids = [values["pk"] for values in placements]
    plans = {
        values["placement_id"]: values
        for values in PartTimePlan.objects.visible_to(membership)
        .filter(placement_id__in=ids)
        .values("placement_id", "reason", "ends_by", "parent_agreed_on", "la_notified_on")
    }
    steps = defaultdict(list)
    for placement_id, from_on, hours in (
        PartTimeStep.objects.visible_to(membership)
        .filter(plan__placement_id__in=ids)
        .order_by("plan__placement_id", "from_on", "pk")
        .values_list("plan__placement_id", "from_on", "hours_per_week")
    ):
        steps[placement_id].append((from_on, hours))
    current = [values for values in placements if values["status"] in CURRENT]
    timetables = timetables_of({values["pupil_id"] for values in current}, membership=membership)
    own = {t.placement_id: t for placement_timetables in timetables.values() for t in placement_timetables}
    rules = rules_by_authority({values["local_authority_id"] for values in placements}, membership=membership)
    names = dict(
        Organisation.objects.visible_to(membership)
        .filter(pk__in={values["provider_id"] for values in placements})
        .values_list("pk", "name")
    )
    counts = {
        row["placement_id"]: percentage(row["attended"], row["possible"])
        for row in Mark.objects.visible_to(membership)
        .filter(placement_id__in=ids)
        .values("placement_id")
        .annotate(possible=COUNTS["possible"], attended=COUNTS["attended"])
        .order_by()
    }

    section = PartTimeSection()
    for values in placements:
        pk = values["pk"]
        plan = plans.get(pk)
        week, flags = None, []
        if values["status"] in CURRENT and pk in own:
            on = max(today, values["starts_on"])
            here = rules[values["local_authority_id"]]
            week = week_on(timetables[values["pupil_id"]], on, year_group=_year_group(values, on), rules=here)
            flags = placement_flags(own[pk], week, today)
        name = scope.name_pupil(
            forename=values["pupil__preferred_forename"] or values["pupil__legal_forename"],
            surname=values["pupil__preferred_surname"] or values["pupil__legal_surname"],
            upn=values["pupil__upn"],
        )
        provider_name = names.get(values["provider_id"], "")
        if plan is not None:
            section.plans.append(
                PlanRow(
                    placement_id=pk,
                    name=name,
                    provider_name=provider_name,
                    status=PlacementStatus(values["status"]),
                    starts_on=values["starts_on"],
                    ended_on=values["ended_on"],
                    reason=plan["reason"],
                    ends_by=plan["ends_by"],
                    parent_agreed_on=plan["parent_agreed_on"],
                    la_notified_on=plan["la_notified_on"],
                    la_told_by=notice_deadline(
                        Placement(starts_on=values["starts_on"]), rules[values["local_authority_id"]]
                    ),
                    today=today,
                    week=week,
                    steps=[
                        Step(from_on, hours, _step_state(from_on, hours, week=week, today=today))
                        for from_on, hours in steps[pk]
                    ],
                    flags=flags,
                    attendance=counts.get(pk),
                )
            )
        elif Flag.PART_TIME_NO_PLAN in flags:
            section.short_without_plan.append(
                ShortRow(pk, name, provider_name, values["starts_on"], week, counts.get(pk))
            )
    # The earliest time limit first, so those past it lead; the ended ones after the current.
    section.plans.sort(key=lambda plan: (not plan.current, plan.ends_by, plan.name, plan.placement_id))
    return section


# --- The chart of a plan ----------------------------------------------------------------------------

CHART_WIDTH = 380
CHART_HEIGHT = 130
LEFT, RIGHT, TOP, BOTTOM = 26, 8, 10, 22


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    words: str
    anchor: str = "start"  # SVG's text-anchor


@dataclass(frozen=True)
class PlanChart:
    """The plan back to full time drawn as a staircase of hours a week over time, with the full-time week
    as a dashed line, the time limit as a red line and the pupil's week now as a dot: inline SVG
    coordinates, worked out here so that the template only places them."""

    staircase: str  # the points of the planned hours, "x,y x,y ..."
    full_time_y: float
    limit_x: float
    now_x: float | None
    now_y: float | None
    labels: list[Label]  # the hours axis and the dates under the time axis
    description: str
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = LEFT
    right: int = CHART_WIDTH - RIGHT
    top: int = TOP
    axis_y: int = CHART_HEIGHT - BOTTOM

    @classmethod
    def of(cls, plan: PlanRow) -> PlanChart:
        week = plan.week
        start = plan.starts_on
        end = max(plan.ends_by, plan.steps[-1].from_on, plan.today) + datetime.timedelta(days=7)
        top_hours = max(week.full_time, week.hours, *(step.hours for step in plan.steps)) * Decimal("1.1")
        span = max((end - start).days, 1)
        plot_width = CHART_WIDTH - LEFT - RIGHT
        plot_height = CHART_HEIGHT - TOP - BOTTOM

        def x(day: datetime.date) -> float:
            return round(LEFT + plot_width * (day - start).days / span, 1)

        def y(hours: Decimal) -> float:
            return round(TOP + plot_height * float(1 - hours / top_hours), 1)

        # The line starts at the first step: before it the pupil's week is what the placement began with.
        points = []
        for number, step in enumerate(plan.steps):
            following = plan.steps[number + 1].from_on if number + 1 < len(plan.steps) else end
            points += [(x(step.from_on), y(step.hours)), (x(following), y(step.hours))]
        now_x = now_y = None
        if start <= plan.today <= end:
            now_x, now_y = x(plan.today), y(week.hours)
        full = hours_text(week.full_time)
        limit_x = x(plan.ends_by)
        under = CHART_HEIGHT - 6
        labels = [
            Label(LEFT - 4, y(Decimal(0)) + 3, "0", "end"),
            Label(LEFT - 4, y(week.full_time) + 3, full, "end"),
            Label(LEFT + 4, y(week.full_time) - 3, "Full-time week"),
            Label(LEFT, under, f"Start {long_date(start)}"),
        ]
        limit = f"Time limit {long_date(plan.ends_by)}"
        if limit_x - LEFT > 150:  # under the axis, clear of the start's date
            labels.append(Label(limit_x, under, limit, "end"))
        else:  # beside the line, at the top
            labels.append(Label(limit_x + 3, TOP + 8, limit))
        described = "; ".join(
            f"{step.hours_words} hours from {long_date(step.from_on)}" for step in plan.steps
        )
        return cls(
            staircase=" ".join(f"{px},{py}" for px, py in points),
            full_time_y=y(week.full_time),
            limit_x=limit_x,
            now_x=now_x,
            now_y=now_y,
            labels=labels,
            description=(
                f"The plan: {described}. The full-time week is {full} hours; the pupil's week is "
                f"{hours_text(week.hours)} hours now. The time limit is {long_date(plan.ends_by)}."
            ),
        )
