"""The register's flags: what needs doing about a placement. Worked out in two ways that must agree (tests
/placements/test_register_flags.py holds them to it): for a page of rows in Python (`placement_flags` and
`standing_flags`, from what `placements.register.build_rows` reads), and for the filter by flag in SQL
(`flagged`), so that narrowing thousands of placements to those with a flag reads none of them into
Python and costs the same few queries however many there are.

What a flag means (`Flag`), for placements that are current (planned or active); an ended or cancelled
placement has none:
- no baseline: none of its objectives has a baseline (value and date); it cannot start without one.
- part-time with no plan: the pupil's week is short of full time (`placements.week`) and this placement
  has no part-time plan. Past its time limit: its part-time plan's time limit has passed (as
  `placements.checks.part_time_warnings` warns).
- short of full time: the pupil's week is short and no placement running that week has a part-time plan
  still within its time limit (DOMAIN.md 4; `placements.checks.PupilWeek.short_without_plan`).
- unregistered provider: the provider's profile says it is not registered (or has only applied).
- provider not approved, or suspended: on the approved list of the LA of the placement's school.
- evidence expired: a type of evidence that LA requires is expired (`providers.models.EvidenceState`).
- parent asked for a review: the school must hold a review the parent of a pupil directed off-site asked
  for (`reviews.requests`).
- is this placement still right?: its last two reviews held each judged an objective not on track
  (`reviews.holding.still_right_flags`).

A planned placement's week is the week it starts (the placements running on its start day); an active
one's is today's.

The first four are the placement's own and are asked of the database row by row (`_placement_condition`),
as are the two the reviews give it (`placements.register_reviews`, which the rows read in their own query).
The last four are the provider's standing with an LA: the same for every placement of that provider in
that LA's area, so the filter works them out in Python for each (provider, LA) pair among the placements
(a few hundred at most, however many placements) and narrows to the pairs that have the flag.

Beside the flags, the register can be narrowed to the part-time timetables ending soon (`ENDING_SOON`),
the placements a home page counts (`placements.waiting`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest
from django.db.models.lookups import IsNull, LessThan

from apcommission.tenancy.models import Organisation
from placements import register_reviews
from placements.checks import CURRENT, PupilWeek
from placements.entitlement import DEFAULT_RULES, RULE_FIELDS, Rules
from placements.models import Objective, PlacementRules
from placements.models import Placement as PlacementModel
from placements.waiting import ENDING_WITHIN_DAYS
from placements.week import week_of
from providers.models import ApprovalStatus, ApprovedListEntry, EvidenceState, RegistrationStatus
from providers.selectors import EvidenceSummary, evidence_summaries

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from apcommission.tenancy.models import Membership

ANY_FLAG = "any"
# Not a flag: the part-time timetables whose time limit falls within the next 2 weeks, as a home page
# counts them ("2 part-time timetables end within 2 weeks") and links to.
ENDING_SOON = "part_time_ending"
ENDING_SOON_LABEL = f"Part-time, ending within {ENDING_WITHIN_DAYS // 7} weeks"


class Flag(models.TextChoices):
    """What needs doing about a placement, in the order the register shows them. The label is its tag."""

    NO_BASELINE = "no_baseline", "No baseline"
    PART_TIME_NO_PLAN = "part_time_no_plan", "Part-time, no plan"
    PART_TIME_OVERDUE = "part_time_overdue", "Part-time past its time limit"
    SHORT = "short", "Short of full time"
    REVIEW_ASKED = "review_asked", "Parent asked for a review"
    STILL_RIGHT = "still_right", "Is this placement still right?"
    UNREGISTERED = "unregistered", "Unregistered provider"
    NOT_APPROVED = "not_approved", "Provider not approved"
    SUSPENDED = "suspended", "Provider suspended"
    EVIDENCE_EXPIRED = "evidence_expired", "Evidence expired"

    @property
    def tag_class(self) -> str:
        return FLAG_TAGS[self]


# Red for what the school must put right; orange for what it must weigh: the provider's standing, and
# whether a placement that is not working is still right.
FLAG_TAGS = {
    Flag.NO_BASELINE: "govuk-tag--red",
    Flag.PART_TIME_NO_PLAN: "govuk-tag--red",
    Flag.PART_TIME_OVERDUE: "govuk-tag--red",
    Flag.SHORT: "govuk-tag--red",
    Flag.REVIEW_ASKED: "govuk-tag--red",
    Flag.STILL_RIGHT: "govuk-tag--orange",
    Flag.UNREGISTERED: "govuk-tag--orange",
    Flag.NOT_APPROVED: "govuk-tag--orange",
    Flag.SUSPENDED: "govuk-tag--red",
    Flag.EVIDENCE_EXPIRED: "govuk-tag--red",
}

FLAG_HINTS = {
    Flag.NO_BASELINE: "None of its objectives has a baseline: it cannot start without one.",
    Flag.PART_TIME_NO_PLAN: "The pupil's week is short of full time and this placement has no "
    "part-time plan.",
    Flag.PART_TIME_OVERDUE: "The part-time plan's time limit has passed: return the pupil to full time, "
    "or review and extend the plan.",
    Flag.SHORT: "The pupil's week (school and every placement) is short of full time, with no "
    "time-limited part-time plan.",
    Flag.REVIEW_ASKED: "The parent of a pupil directed off-site asked for a review, and none was held in the "
    "10 weeks before: the school must hold one.",
    Flag.STILL_RIGHT: "Its last two reviews each found an objective not on track: does the placement need "
    "changing?",
    Flag.UNREGISTERED: "The provider is not registered as a school or with DfE.",
    Flag.NOT_APPROVED: "The provider is not approved on the LA's list.",
    Flag.SUSPENDED: "The provider is suspended on the LA's list.",
    Flag.EVIDENCE_EXPIRED: "Some of the provider's compliance evidence has expired.",
}

PLACEMENT_FLAGS = (Flag.NO_BASELINE, Flag.PART_TIME_NO_PLAN, Flag.PART_TIME_OVERDUE, Flag.SHORT)
STANDING_FLAGS = (Flag.UNREGISTERED, Flag.NOT_APPROVED, Flag.SUSPENDED, Flag.EVIDENCE_EXPIRED)
REVIEW_FLAGS = (Flag.REVIEW_ASKED, Flag.STILL_RIGHT)


# --- The pupil's week, for many pupils at once ------------------------------------------------------


@dataclass(frozen=True)
class Timetabled:
    """One current placement of a pupil as the week counts it."""

    placement_id: int
    starts_on: datetime.date
    planned_end_on: datetime.date
    hours: Decimal
    school_hours: Decimal
    plan_ends_by: datetime.date | None
    has_baseline: bool  # an objective with a baseline value and date


def _baselines(membership: Membership):
    """The objectives with a baseline (value and date) of the placement in hand (`OuterRef("pk")`)."""
    return Objective.objects.visible_to(membership).filter(
        placement=OuterRef("pk"), baseline_value__isnull=False, baseline_on__isnull=False
    )


def timetables_of(pupil_ids: Iterable[int], *, membership: Membership) -> dict[int, list[Timetabled]]:
    """Every current placement (planned or active) of each pupil, as `membership` sees them, with its
    part-time plan's time limit and whether an objective has a baseline: what the pupils' weeks are added
    up from, on any day, and what the flags of each of those placements read. One query.

    `placements.checks.weeks_for` adds the weeks up in the database for one day; the register judges a
    planned placement on the day it starts, so a page's rows ask about many days, and this reads the
    placements once and adds them up for each (`week_on`)."""
    found: dict[int, list[Timetabled]] = defaultdict(list)
    rows = (
        PlacementModel.objects.visible_to(membership)
        .filter(pupil_id__in=list(set(pupil_ids)), status__in=CURRENT)
        .annotate(has_baseline=Exists(_baselines(membership)))
        .values_list(
            "pupil_id",
            "pk",
            "starts_on",
            "planned_end_on",
            "hours_per_week",
            "school_hours_per_week",
            "part_time_plan__ends_by",
            "has_baseline",
        )
        .order_by()
    )
    for pupil_id, *placement in rows:
        found[pupil_id].append(Timetabled(*placement))
    return found


def week_on(timetabled: list[Timetabled], on: datetime.date, *, year_group: int, rules: Rules) -> PupilWeek:
    """The pupil's week on `on` from their current placements (`timetables_of`), as
    `placements.checks.weeks_for` answers it for one day: the placements running that day, the most
    school hours any of them records, and the latest time limit of their part-time plans."""
    running = [t for t in timetabled if t.starts_on <= on <= t.planned_end_on]
    hours = sum((t.hours for t in running), Decimal(0))
    school = max((t.school_hours for t in running), default=Decimal(0))
    time_limit = max((t.plan_ends_by for t in running if t.plan_ends_by is not None), default=None)
    week = week_of(hours, school, year_group=year_group, rules=rules)
    return PupilWeek(week.hours, week.full_time, time_limit, on)


# --- Flags of one row -------------------------------------------------------------------------------


def placement_flags(placement: Timetabled, week: PupilWeek, today: datetime.date) -> list[Flag]:
    """The flags of the placement and of the pupil's week."""
    flags = [] if placement.has_baseline else [Flag.NO_BASELINE]
    plan_ends_by = placement.plan_ends_by
    if week.is_short and plan_ends_by is None:
        flags.append(Flag.PART_TIME_NO_PLAN)
    if plan_ends_by is not None and plan_ends_by < today:
        flags.append(Flag.PART_TIME_OVERDUE)
    if week.short_without_plan:
        flags.append(Flag.SHORT)
    return flags


def review_flags(*, still_right: bool, parent_asked_on: datetime.date | None) -> list[Flag]:
    """The flags the reviews stage gives the placement (`placements.register_reviews`): a review the parent
    asked for that the school must hold, and "Is this placement still right?"."""
    flags = [Flag.REVIEW_ASKED] if parent_asked_on is not None else []
    return [*flags, Flag.STILL_RIGHT] if still_right else flags


def standing_flags(
    *, registration_status: str | None, list_status: str | None, expired_evidence: bool
) -> list[Flag]:
    """The flags of the provider's standing with the placement's LA: its registration, its status on
    that LA's approved list (None: not on it), and its evidence as that LA sees it."""
    flags = []
    if registration_status in RegistrationStatus.unregistered_values():
        flags.append(Flag.UNREGISTERED)
    if list_status == ApprovalStatus.SUSPENDED:
        flags.append(Flag.SUSPENDED)
    elif list_status not in ApprovalStatus.approved_values():
        flags.append(Flag.NOT_APPROVED)
    if expired_evidence:
        flags.append(Flag.EVIDENCE_EXPIRED)
    return flags


def list_statuses(
    provider_ids: Iterable[int], local_authority_ids: Iterable[int], *, membership: Membership
) -> dict[tuple[int, int], str]:
    """Each provider's status on the approved list of each LA, (provider, LA) -> status: one query."""
    entries = ApprovedListEntry.objects.visible_to(membership).filter(
        provider_id__in=set(provider_ids), local_authority_id__in=set(local_authority_ids)
    )
    return {
        (provider_id, la_id): status
        for provider_id, la_id, status in entries.values_list("provider_id", "local_authority_id", "status")
    }


def evidence_expired(summary: EvidenceSummary | None, local_authority_id: int) -> bool:
    """Expired in the picture of the placement's LA: a trust is shown each LA's (`by_authority`)."""
    if summary is None:
        return False
    for picture in summary.by_authority:
        if picture.local_authority_id == local_authority_id:
            return bool(picture.summary.count(EvidenceState.EXPIRED))
    return bool(summary.count(EvidenceState.EXPIRED))


# --- The filter by flag, in SQL ---------------------------------------------------------------------


def wanted_flags(flag: str) -> tuple[Flag, ...]:
    """The flags a filter value asks for: one, or every one for "any flag"."""
    return tuple(Flag) if flag == ANY_FLAG else (Flag(flag),)


def flagged(placements: QuerySet, flag: str, *, membership: Membership, today: datetime.date) -> QuerySet:
    """The placements of `placements` that are current and have `flag` (a `Flag`, or `ANY_FLAG`), or
    that `ENDING_SOON` asks for. The placements are never read: the placement's own flags are asked of
    each row in the database, and the provider's standing of each (provider, LA) pair among them, in
    up to six queries (seven for a trust) whatever their number."""
    current = placements.filter(status__in=CURRENT)
    if flag == ENDING_SOON:
        soon = today + datetime.timedelta(days=ENDING_WITHIN_DAYS)
        return current.filter(part_time_plan__ends_by__range=(today, soon))
    wanted = wanted_flags(flag)
    week = None
    if Flag.PART_TIME_NO_PLAN in wanted or Flag.SHORT in wanted:
        week = _Week(membership=membership, today=today)
    condition = Q(pk__in=[])
    for each in wanted:
        if each in PLACEMENT_FLAGS:
            condition |= _placement_condition(each, today=today, membership=membership, week=week)
    if Flag.REVIEW_ASKED in wanted:
        condition |= register_reviews.parent_request_open(membership)
    if Flag.STILL_RIGHT in wanted:
        condition |= register_reviews.still_right(membership)
    standing = [each for each in wanted if each in STANDING_FLAGS]
    if standing:
        condition |= _standing_condition(current, standing, membership=membership, today=today)
    return current.filter(condition)


def full_time_week(*, membership: Membership, today: datetime.date):
    """The hours of a full-time week for the pupil of the placement in hand, as SQL: for the pupil's year
    group on the day the register judges the placement (a planned placement's start, or today), as the
    placement's LA sets it (`placements.entitlement.full_time_hours`). For counting full-time placements
    in the database (`hours_per_week >= full_time_week(...)`), as a row's `full_time` says; one query,
    for the LAs' numbers."""
    return _Week(membership=membership, today=today).full_time


def _placement_condition(
    flag: Flag, *, today: datetime.date, membership: Membership, week: _Week | None
) -> Q:
    """The rows with one of the placement's own flags, as `placement_flags` works it out."""
    if flag == Flag.NO_BASELINE:
        return ~Q(Exists(_baselines(membership)))
    if flag == Flag.PART_TIME_OVERDUE:
        return Q(part_time_plan__ends_by__lt=today)
    if flag == Flag.PART_TIME_NO_PLAN:
        return week.is_short & Q(part_time_plan__isnull=True)
    return week.is_short & Q(week.without_time_limited_plan)


class _Week:
    """The pupil's week as SQL for the row in hand, as `week_on` adds it up: the day it is judged on (a
    planned placement's start, or today), every current placement of the pupil running that day, and the
    full-time week of the pupil's year group that day as the placement's LA sets it. The LAs' numbers are
    read once (one query) and written into the SQL."""

    def __init__(self, *, membership: Membership, today: datetime.date):
        self.membership = membership
        self.today = today
        # The day the row is judged on, read in the row itself (`day`) and in a subquery of it (`row_day`).
        self.day = Greatest(Value(today), F("starts_on"), output_field=models.DateField())
        self.row_day = Greatest(Value(today), OuterRef("starts_on"), output_field=models.DateField())
        numbers = PlacementRules.objects.visible_to(membership).values("local_authority_id", *RULE_FIELDS)
        self.rules = {
            row["local_authority_id"]: Rules(**{name: row[name] for name in RULE_FIELDS}) for row in numbers
        }

    def running(self) -> QuerySet:
        return PlacementModel.objects.visible_to(self.membership).filter(
            pupil_id=OuterRef("pupil_id"),
            status__in=CURRENT,
            starts_on__lte=self.row_day,
            planned_end_on__gte=self.row_day,
        )

    @property
    def hours(self):
        """Every running placement's hours and the most school hours any records; 0 with none running."""
        total = (
            self.running()
            .order_by()
            .values("pupil_id")
            .annotate(week=Sum("hours_per_week") + Max("school_hours_per_week"))
            .values("week")
        )
        return Coalesce(Subquery(total), Value(Decimal(0)), output_field=DecimalField())

    @property
    def full_time(self):
        """`placements.entitlement.full_time_hours` of the pupil's year group on the row's day."""
        year_group = Coalesce(
            F("pupil__year_group_override"),
            _academic_year_start(self.day) - _academic_year_start(F("pupil__date_of_birth")) - 5,
        )

        def of_year_group(rules: Rules):
            return Case(
                When(LessThan(year_group, 3), then=Value(rules.hours_reception_to_ks1)),
                When(LessThan(year_group, 7), then=Value(rules.hours_ks2)),
                When(LessThan(year_group, 11), then=Value(rules.hours_ks3_and_year_10)),
                default=Value(rules.hours_year_11),
                output_field=DecimalField(),
            )

        # An LA with no numbers of its own uses the defaults (`placements.checks.rules_by_authority`).
        return Case(
            *(When(local_authority_id=pk, then=of_year_group(rules)) for pk, rules in self.rules.items()),
            default=of_year_group(DEFAULT_RULES),
            output_field=DecimalField(),
        )

    @property
    def is_short(self) -> Q:
        """The week is short of full time. A placement running on its own day is part of its pupil's week,
        so the week can be short only where its own hours and the school's fall short of the longest
        full-time week any LA sets: that is asked first, of the row alone, so the pupil's week is added
        up only for the placements that might be short."""
        longest = max(
            getattr(rules, name)
            for rules in (DEFAULT_RULES, *self.rules.values())
            for name in ("hours_reception_to_ks1", "hours_ks2", "hours_ks3_and_year_10", "hours_year_11")
        )
        might_be_short = Q(LessThan(F("hours_per_week") + F("school_hours_per_week"), longest)) | Q(
            LessThan(F("planned_end_on"), self.day)
        )
        return might_be_short & Q(LessThan(self.hours, self.full_time))

    @property
    def without_time_limited_plan(self):
        """No running placement has a part-time plan whose time limit has not passed. Asked as a value
        (row by row, through the pupil's placements) rather than NOT EXISTS, which the planner may turn
        into an anti-join over the whole area's placements: after a bulk load, before the statistics
        caught up, that took seconds where this takes milliseconds."""
        plan = self.running().filter(part_time_plan__ends_by__gte=self.row_day).order_by().values("pk")[:1]
        return IsNull(Subquery(plan), True)


def _academic_year_start(date):
    """`pupils.identifiers.academic_year_start` in SQL: the year the academic year holding `date` began."""
    return ExtractYear(date) - Case(When(LessThan(ExtractMonth(date), 9), then=Value(1)), default=Value(0))


def _standing_condition(
    current: QuerySet, flags: list[Flag], *, membership: Membership, today: datetime.date
) -> Q:
    """The rows whose provider has one of `flags` in its standing with the row's LA, worked out by
    `standing_flags` for each (provider, LA) pair among `current` (one query), with what those flags
    need of the providers' records, the approved lists and the evidence."""
    pairs = set(current.values_list("provider_id", "local_authority_id").distinct().order_by())
    if not pairs:
        return Q(pk__in=[])
    provider_ids = {provider_id for provider_id, _la_id in pairs}
    registration = {}
    if Flag.UNREGISTERED in flags:
        registration = dict(
            Organisation.objects.visible_to(membership)
            .filter(pk__in=provider_ids)
            .values_list("pk", "profile__registration_status")
        )
    statuses = {}
    if Flag.NOT_APPROVED in flags or Flag.SUSPENDED in flags:
        statuses = list_statuses(provider_ids, {la_id for _p, la_id in pairs}, membership=membership)
    summaries = {}
    if Flag.EVIDENCE_EXPIRED in flags:
        summaries = evidence_summaries(provider_ids, today, membership=membership)
    by_authority: dict[int, list[int]] = defaultdict(list)
    for provider_id, la_id in sorted(pairs):
        standing = standing_flags(
            registration_status=registration.get(provider_id),
            list_status=statuses.get((provider_id, la_id)),
            expired_evidence=evidence_expired(summaries.get(provider_id), la_id),
        )
        if any(flag in standing for flag in flags):
            by_authority[la_id].append(provider_id)
    condition = Q(pk__in=[])
    for la_id, providers in by_authority.items():
        condition |= Q(local_authority_id=la_id, provider_id__in=providers)
    return condition
