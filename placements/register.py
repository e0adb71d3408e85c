"""The register of pupils in AP: which pupils are out, where, on what timetable, and what needs doing about
each placement ("Know exactly which pupils are out and at which provisions", the first thing a leader is
judged on). A school reads its own placements, a trust its schools', an LA every placement in its area:
`Placement.objects.visible_to(membership)` decides, and every read here names the membership.

Each row's flags are worked out in a fixed number of queries however many rows are asked about
(`build_rows`): the rows themselves, the pupils' current placements (`timetables_of`: their weeks, the
part-time plans' time limits and whether an objective has a baseline), the LAs' numbers, the schools and
providers, the providers' statuses on the approved lists and their evidence. A filter by flag works the
flags out for every placement the other filters leave (the same few queries) and narrows the list to those
placements' ids, so counting, paging, sorting and exporting stay plain SQL.

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

A planned placement's week is the week it starts (the placements running on its start day); an active
one's is today's.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Exists, OuterRef

from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.scoping import acting_as
from placements.checks import PupilWeek, rules_by_authority
from placements.entitlement import Rules, full_time_hours
from placements.models import (
    Objective,
    PlacementReason,
    PlacementStatus,
)
from placements.models import Placement as PlacementModel
from placements.week import week_of
from providers.models import ApprovalStatus, ApprovedListEntry, EvidenceState, RegistrationStatus
from providers.selectors import EvidenceSummary, evidence_summaries
from pupils.forms import year_group_name
from pupils.identifiers import year_group
from pupils.selectors import in_year_groups, matching

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from apcommission.tenancy.models import Membership

S = PlacementStatus
CURRENT = S.current_values()
PER_PAGE = 25
EXPORT_CHUNK = 500  # rows read, and their flags worked out, at a time while an export streams

# Which placements a status filter shows: the current ones unless asked otherwise. A cancelled placement
# never took place: it is in neither the current nor the ended view, but in its own.
STATUS_VIEWS = {
    "current": CURRENT,
    "planned": (S.PLANNED,),
    "active": (S.ACTIVE,),
    "ended": (S.ENDED,),
    "cancelled": (S.CANCELLED,),
    "all": (),
}
STATUS_CHOICES = [
    ("current", "Current (planned or active)"),
    ("planned", "Planned"),
    ("active", "Active"),
    ("ended", "Ended"),
    ("cancelled", "Cancelled"),
    ("all", "All"),
]
# How the register may be sorted; the pupil's name and the placement's id break ties.
SORTS = {
    "pupil": ("pupil__legal_surname", "pupil__legal_forename"),
    "start": ("starts_on",),
    "-start": ("-starts_on",),
    "end": ("planned_end_on",),
    "-hours": ("-hours_per_week",),
    "hours": ("hours_per_week",),
}
SORT_CHOICES = [
    ("pupil", "Pupil (A to Z)"),
    ("start", "Start date (earliest first)"),
    ("-start", "Start date (latest first)"),
    ("end", "Planned end (soonest first)"),
    ("-hours", "Hours a week (most first)"),
    ("hours", "Hours a week (fewest first)"),
]
ANY_FLAG = "any"
DAYS = ("mon", "tue", "wed", "thu", "fri")


class Flag(models.TextChoices):
    """What needs doing about a placement, in the order the register shows them. The label is its tag."""

    NO_BASELINE = "no_baseline", "No baseline"
    PART_TIME_NO_PLAN = "part_time_no_plan", "Part-time, no plan"
    PART_TIME_OVERDUE = "part_time_overdue", "Part-time past its time limit"
    SHORT = "short", "Short of full time"
    UNREGISTERED = "unregistered", "Unregistered provider"
    NOT_APPROVED = "not_approved", "Provider not approved"
    SUSPENDED = "suspended", "Provider suspended"
    EVIDENCE_EXPIRED = "evidence_expired", "Evidence expired"

    @property
    def tag_class(self) -> str:
        return FLAG_TAGS[self]


# Red for what the school must put right; orange for the provider's standing, which it must weigh.
FLAG_TAGS = {
    Flag.NO_BASELINE: "govuk-tag--red",
    Flag.PART_TIME_NO_PLAN: "govuk-tag--red",
    Flag.PART_TIME_OVERDUE: "govuk-tag--red",
    Flag.SHORT: "govuk-tag--red",
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
    Flag.UNREGISTERED: "The provider is not registered as a school or with DfE.",
    Flag.NOT_APPROVED: "The provider is not approved on the LA's list.",
    Flag.SUSPENDED: "The provider is suspended on the LA's list.",
    Flag.EVIDENCE_EXPIRED: "Some of the provider's compliance evidence has expired.",
}


@dataclass(frozen=True)
class RegisterFilters:
    """What the register is narrowed and sorted by; within a filter one value, across filters all."""

    status: str = "current"
    provider: int | None = None
    year_group: int | None = None
    flag: str = ""  # a Flag, ANY_FLAG, or "" for every placement
    query: str = ""
    sort: str = "pupil"


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


def timetables_of(pupil_ids: Iterable[int], *, membership: Membership) -> dict[int, list[Timetabled]]:
    """Every current placement (planned or active) of each pupil, as `membership` sees them, with its
    part-time plan's time limit and whether an objective has a baseline: what the pupils' weeks are added
    up from, on any day, and what the flags of each of those placements read. One query.

    `placements.checks.weeks_for` adds the weeks up in the database for one day; the register judges a
    planned placement on the day it starts, so a page's rows ask about many days, and this reads the
    placements once and adds them up for each (`week_on`)."""
    found: dict[int, list[Timetabled]] = defaultdict(list)
    baselines = Objective.objects.visible_to(membership).filter(
        placement=OuterRef("pk"), baseline_value__isnull=False, baseline_on__isnull=False
    )
    rows = (
        PlacementModel.objects.visible_to(membership)
        .filter(pupil_id__in=list(set(pupil_ids)), status__in=CURRENT)
        .annotate(has_baseline=Exists(baselines))
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


# --- The rows --------------------------------------------------------------------------------------


@dataclass
class RegisterRow:
    """A placement as the register (and its export) shows it."""

    placement_id: int
    status: PlacementStatus
    pupil_id: int
    forename: str
    surname: str
    upn: str
    year_group: int
    school_id: int
    school_name: str
    local_authority_id: int
    provider_id: int
    provider_name: str
    provider_urn: str | None
    provider_ukprn: str | None
    provider_setting_type: str
    provider_type: str | None
    site_name: str | None
    starts_on: datetime.date
    planned_end_on: datetime.date
    ended_on: datetime.date | None
    cancelled_on: datetime.date | None
    sessions: list[str]
    hours: Decimal
    reason: str
    full_time: bool  # the placement's own hours make a full-time week for the pupil's year group
    out_today: str  # "All day", "Morning", "Afternoon", "No", or "" when it is not running today
    flags: list[Flag] = field(default_factory=list)
    shortfall: Decimal | None = None  # hours a week short of full time, when short
    # Reviews come with the reviews stage (issue 13): `next_reviews` fills this in once they exist.
    next_review_on: datetime.date | None = None

    @property
    def pupil_name(self) -> str:
        return f"{self.forename} {self.surname}"

    @property
    def year_group_label(self) -> str:
        return year_group_name(self.year_group)

    @property
    def sessions_a_week(self) -> int:
        return len(self.sessions)

    @property
    def reason_label(self) -> str:
        return PlacementReason(self.reason).label if self.reason in PlacementReason.values else self.reason

    @property
    def dates(self) -> str:
        return f"{self.starts_on:%-d %b %Y} to {self.planned_end_on:%-d %b %Y}"

    @property
    def next_review(self) -> str:
        return f"{self.next_review_on:%-d %b %Y}" if self.next_review_on else "Not scheduled"

    @property
    def flag_tags(self) -> list[tuple[str, str]]:
        """(tag class, words) for each flag: "Short of full time: 9.0 hours" says by how much."""
        return [
            (flag.tag_class, f"{flag.label}: {self.shortfall} hours" if flag == Flag.SHORT else flag.label)
            for flag in self.flags
        ]

    @property
    def flag_labels(self) -> str:
        return "; ".join(flag.label for flag in self.flags)


ROW_COLUMNS = (
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
    "school_id",
    "local_authority_id",
    "provider_id",
    "site__name",
    "starts_on",
    "planned_end_on",
    "ended_on",
    "cancelled_on",
    "sessions",
    "hours_per_week",
    "reason",
)


def _organisations(ids: set[int], *, membership: Membership) -> dict[int, dict]:
    """The schools' names and the providers' names, identifiers and registration, by id: one query. Read
    apart from the rows: joined to them, these made the page's query several times dearer to plan than to
    run."""
    return {
        values["pk"]: values
        for values in Organisation.objects.visible_to(membership)
        .filter(pk__in=ids)
        .values(
            "pk",
            "name",
            "urn",
            "ukprn",
            "setting_type",
            "profile__registration_status",
            "profile__provider_type",
        )
    }


def _list_statuses(found: list[dict], *, membership: Membership) -> dict[tuple[int, int], str]:
    """Each provider's status on the approved list of each placement's LA, (provider, LA) -> status: one
    query."""
    entries = ApprovedListEntry.objects.visible_to(membership).filter(
        provider_id__in={values["provider_id"] for values in found},
        local_authority_id__in={values["local_authority_id"] for values in found},
    )
    return {
        (provider_id, la_id): status
        for provider_id, la_id, status in entries.values_list("provider_id", "local_authority_id", "status")
    }


def _year_group(values: dict, on: datetime.date) -> int:
    override = values["pupil__year_group_override"]
    return override if override is not None else year_group(values["pupil__date_of_birth"], on)


def _out_today(values: dict, today: datetime.date) -> str:
    running = values["status"] == S.ACTIVE and values["starts_on"] <= today <= values["planned_end_on"]
    if not running:
        return ""
    if today.weekday() >= len(DAYS):
        return "No"
    day = DAYS[today.weekday()]
    morning, afternoon = f"{day}_am" in values["sessions"], f"{day}_pm" in values["sessions"]
    return {(True, True): "All day", (True, False): "Morning", (False, True): "Afternoon"}.get(
        (morning, afternoon), "No"
    )


def _evidence_expired(summary: EvidenceSummary | None, local_authority_id: int) -> bool:
    """Expired in the picture of the placement's LA: a trust is shown each LA's (`by_authority`)."""
    if summary is None:
        return False
    for picture in summary.by_authority:
        if picture.local_authority_id == local_authority_id:
            return bool(picture.summary.count(EvidenceState.EXPIRED))
    return bool(summary.count(EvidenceState.EXPIRED))


def build_rows(found: list[dict], *, membership: Membership, today: datetime.date) -> list[RegisterRow]:
    """Rows (with their flags) for placements read as values of `ROW_COLUMNS`, in six queries however many
    (seven for a trust): the pupils' current placements, the LAs' numbers, the schools and providers,
    their approved-list statuses, the evidence types and the latest checks."""
    if not found:
        return []
    current = [values for values in found if values["status"] in CURRENT]
    timetables = timetables_of((values["pupil_id"] for values in current), membership=membership)
    own = {t.placement_id: t for placements in timetables.values() for t in placements}
    organisations = _organisations(
        {values["provider_id"] for values in found} | {values["school_id"] for values in found},
        membership=membership,
    )
    list_statuses = _list_statuses(current, membership=membership)
    rules = rules_by_authority({values["local_authority_id"] for values in found}, membership=membership)
    summaries = evidence_summaries(
        {values["provider_id"] for values in current}, today, membership=membership
    )
    reviews = next_reviews((values["pk"] for values in current), membership=membership)
    unregistered = RegistrationStatus.unregistered_values()
    rows = []
    for values in found:
        rules_here = rules[values["local_authority_id"]]
        provider = organisations.get(values["provider_id"], {})
        row = RegisterRow(
            placement_id=values["pk"],
            status=PlacementStatus(values["status"]),
            pupil_id=values["pupil_id"],
            forename=values["pupil__preferred_forename"] or values["pupil__legal_forename"],
            surname=values["pupil__preferred_surname"] or values["pupil__legal_surname"],
            upn=values["pupil__upn"],
            year_group=_year_group(values, today),
            school_id=values["school_id"],
            school_name=organisations.get(values["school_id"], {}).get("name", ""),
            local_authority_id=values["local_authority_id"],
            provider_id=values["provider_id"],
            provider_name=provider.get("name", ""),
            provider_urn=provider.get("urn"),
            provider_ukprn=provider.get("ukprn"),
            provider_setting_type=provider.get("setting_type", ""),
            provider_type=provider.get("profile__provider_type"),
            site_name=values["site__name"],
            starts_on=values["starts_on"],
            planned_end_on=values["planned_end_on"],
            ended_on=values["ended_on"],
            cancelled_on=values["cancelled_on"],
            sessions=list(values["sessions"]),
            hours=values["hours_per_week"],
            reason=values["reason"],
            full_time=values["hours_per_week"] >= full_time_hours(_year_group(values, today), rules_here),
            out_today=_out_today(values, today),
            next_review_on=reviews.get(values["pk"]),
        )
        if row.status in CURRENT:
            on = max(today, row.starts_on)
            pupil_placements = timetables.get(row.pupil_id, [])
            week = week_on(pupil_placements, on, year_group=_year_group(values, on), rules=rules_here)
            row.flags = _flags(own[row.placement_id], week, today)
            row.shortfall = week.shortfall if week.is_short else None
            if provider.get("profile__registration_status") in unregistered:
                row.flags.append(Flag.UNREGISTERED)
            list_status = list_statuses.get((row.provider_id, row.local_authority_id))
            if list_status == ApprovalStatus.SUSPENDED:
                row.flags.append(Flag.SUSPENDED)
            elif list_status not in ApprovalStatus.approved_values():
                row.flags.append(Flag.NOT_APPROVED)
            if _evidence_expired(summaries.get(row.provider_id), row.local_authority_id):
                row.flags.append(Flag.EVIDENCE_EXPIRED)
        rows.append(row)
    return rows


def _flags(placement: Timetabled, week: PupilWeek, today: datetime.date) -> list[Flag]:
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


# --- Reading the register --------------------------------------------------------------------------


def _filtered(filters: RegisterFilters, *, membership: Membership, today: datetime.date) -> QuerySet:
    """The placements `membership` sees that match every filter but the flag, sorted, as values."""
    placements = PlacementModel.objects.visible_to(membership)
    if statuses := STATUS_VIEWS.get(filters.status, CURRENT):
        placements = placements.filter(status__in=statuses)
    if filters.provider:
        placements = placements.filter(provider_id=filters.provider)
    if filters.year_group is not None:
        placements = placements.filter(in_year_groups((filters.year_group,), on=today, path="pupil__"))
    if filters.query:
        placements = placements.filter(matching(filters.query, path="pupil__"))
    return placements


def _as_rows(placements: QuerySet, sort: str) -> QuerySet:
    """`placements` as values for `build_rows`, sorted."""
    order = (*SORTS.get(sort, SORTS["pupil"]), "pupil__legal_surname", "pupil__legal_forename", "pk")
    return placements.values(*ROW_COLUMNS).order_by(*order)


def _matching_placements(
    filters: RegisterFilters, *, membership: Membership, today: datetime.date
) -> QuerySet:
    """The placements matching every filter. A flag filter is worked out over every placement the other
    filters leave (the queries of `build_rows` and one more) and applied as their ids."""
    placements = _filtered(filters, membership=membership, today=today)
    if filters.flag:
        candidates = list(_as_rows(placements.filter(status__in=CURRENT), filters.sort))
        wanted = None if filters.flag == ANY_FLAG else Flag(filters.flag)
        ids = [
            row.placement_id
            for row in build_rows(candidates, membership=membership, today=today)
            if (row.flags if wanted is None else wanted in row.flags)
        ]
        placements = placements.filter(pk__in=ids)
    return placements


def register_placements(
    filters: RegisterFilters, *, membership: Membership, today: datetime.date
) -> QuerySet:
    """The register's placements as values for `build_rows`, filtered and sorted."""
    return _as_rows(_matching_placements(filters, membership=membership, today=today), filters.sort)


def census_placements(filters: RegisterFilters, *, membership: Membership, today: datetime.date) -> QuerySet:
    """The register's placements for its download, with the census's fields: as filtered, less the
    cancelled ones, which never took place and so are no placement the census holds."""
    return register_placements(filters, membership=membership, today=today).exclude(status=S.CANCELLED)


class _Paginator(Paginator):
    """Counts the placements without the joins their rows read: a count of thousands of placements joined
    to their pupils cost as much again as the page itself."""

    def __init__(self, object_list, per_page, *, counting: QuerySet):
        super().__init__(object_list, per_page)
        self.counting = counting

    @cached_property
    def count(self) -> int:
        return self.counting.count()


def register_page(
    filters: RegisterFilters, page_number: int | str | None, *, membership: Membership, today: datetime.date
) -> Page:
    """One page of the register as rows (`RegisterRow`): the count, the page, and `build_rows`' six
    queries, eight however many placements there are (nine for a trust; a flag filter adds `build_rows`'
    again and one more)."""
    placements = _matching_placements(filters, membership=membership, today=today)
    page = _Paginator(_as_rows(placements, filters.sort), PER_PAGE, counting=placements).get_page(page_number)
    page.object_list = build_rows(list(page.object_list), membership=membership, today=today)
    return page


def export_rows(
    placements: QuerySet, *, membership: Membership, today: datetime.date, chunk_size: int = EXPORT_CHUNK
) -> Iterator[RegisterRow]:
    """Every placement of `placements` as a row, `chunk_size` at a time, so a long register needs no more
    memory than a short one. A streamed response is read after the view (and its scope) has returned, so
    each chunk is read in a scope of its own."""
    start = 0
    while True:
        with acting_as(membership):
            chunk = list(placements[start : start + chunk_size])
            rows = build_rows(chunk, membership=membership, today=today)
        yield from rows
        if len(chunk) < chunk_size:
            return
        start += chunk_size


def providers_in_register(*, membership: Membership) -> list[tuple[int, str]]:
    """The providers of the placements `membership` sees, (id, name) by name: what the register may be
    filtered by. One query."""
    used = PlacementModel.objects.visible_to(membership).values("provider_id")
    return list(
        Organisation.objects.visible_to(membership)
        .filter(kind=Kind.PROVIDER, pk__in=used)
        .order_by("name", "pk")
        .values_list("pk", "name")
    )


def next_reviews(placement_ids: Iterable[int], *, membership: Membership) -> dict[int, datetime.date]:
    """Each placement's next review. Reviews come with the reviews stage (issue 13); until then no
    placement has one and the register says "Not scheduled"."""
    return {}
