"""The register of pupils in AP: which pupils are out, where, on what timetable, and what needs doing about
each placement ("Know exactly which pupils are out and at which provisions", the first thing a leader is
judged on). A school reads its own placements, a trust its schools', an LA every placement in its area:
`Placement.objects.visible_to(membership)` decides, and every read here names the membership.

Each row's flags (`placements.register_flags`, which says what each means) are worked out in a fixed
number of queries however many rows are asked about (`build_rows`): the rows themselves, the pupils'
current placements (`timetables_of`: their weeks, the part-time plans' time limits and whether an objective
has a baseline), the LAs' numbers, the schools and providers, the providers' statuses on the approved lists
and their evidence. A filter by flag is asked of the database (`register_flags.flagged`), so counting,
paging, sorting and exporting stay plain SQL and only a page's rows are ever built.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from django.apps import apps
from django.core.paginator import Page, Paginator

from apcommission.forms.dates import long_date
from apcommission.numbers import hours_text
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.scoping import acting_as
from placements.checks import rules_by_authority
from placements.entitlement import full_time_hours
from placements.models import Placement as PlacementModel
from placements.models import (
    PlacementReason,
    PlacementStatus,
)
from placements.register_flags import (
    Flag,
    evidence_expired,
    flagged,
    list_statuses,
    placement_flags,
    review_flags,
    standing_flags,
    timetables_of,
    week_on,
)
from placements.register_reviews import REVIEW_COLUMNS, with_review_flags
from providers.selectors import evidence_summaries
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
DAYS = ("mon", "tue", "wed", "thu", "fri")


@dataclass(frozen=True)
class RegisterFilters:
    """What the register is narrowed and sorted by; within a filter one value, across filters all."""

    status: str = "current"
    provider: int | None = None
    school: int | None = None  # for a trust or an LA, which see many schools' placements
    year_group: int | None = None
    flag: str = ""  # a Flag, ANY_FLAG, ENDING_SOON, or "" for every placement
    query: str = ""
    sort: str = "pupil"


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
    # The next review still due, from the reviews stage's schedule (`next_reviews`).
    next_review_on: datetime.date | None = None
    # A review the parent asked for that the school must hold: the day they asked, and the first day a
    # review held would have answered it (`placements.register_reviews`).
    parent_asked_on: datetime.date | None = None
    parent_reviews_from: datetime.date | None = None
    provider_registration: str | None = None  # the provider profile's RegistrationStatus

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
        """Nothing for an ended or cancelled placement: it has no more reviews."""
        if self.status not in CURRENT:
            return ""
        return f"{self.next_review_on:%-d %b %Y}" if self.next_review_on else "Not scheduled"

    @property
    def parent_request(self) -> str:
        """What the school must do about the parent's request, in words; "" when nothing."""
        if self.parent_asked_on is None or self.parent_reviews_from is None:
            return ""
        weeks = (self.parent_asked_on - self.parent_reviews_from).days // 7
        return (
            f"The parent asked for a review on {long_date(self.parent_asked_on)}. The school must hold one: "
            f"no review was held in the {weeks} weeks before."
        )

    @property
    def flag_tags(self) -> list[tuple[str, str]]:
        """(tag class, words) for each flag: "Short of full time: 9 hours" says by how much."""
        return [(flag.tag_class, self._flag_words(flag)) for flag in self.flags]

    def _flag_words(self, flag: Flag) -> str:
        if flag != Flag.SHORT:
            return flag.label
        return f"{flag.label}: {hours_text(self.shortfall)} hour{'' if self.shortfall == 1 else 's'}"

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


def build_rows(found: list[dict], *, membership: Membership, today: datetime.date) -> list[RegisterRow]:
    """Rows (with their flags) for placements read as values of `ROW_COLUMNS` and `REVIEW_COLUMNS` (the
    flags the reviews give them, read with the rows: `_as_rows`), in six queries however many
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
    statuses = list_statuses(
        (values["provider_id"] for values in current),
        (values["local_authority_id"] for values in current),
        membership=membership,
    )
    rules = rules_by_authority({values["local_authority_id"] for values in found}, membership=membership)
    summaries = evidence_summaries(
        {values["provider_id"] for values in current}, today, membership=membership
    )
    reviews = next_reviews((values["pk"] for values in current), membership=membership)
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
            provider_registration=provider.get("profile__registration_status"),
        )
        if row.status in CURRENT:
            on = max(today, row.starts_on)
            pupil_placements = timetables.get(row.pupil_id, [])
            week = week_on(pupil_placements, on, year_group=_year_group(values, on), rules=rules_here)
            row.shortfall = week.shortfall if week.is_short else None
            row.parent_asked_on = values.get("parent_asked_on")
            row.parent_reviews_from = values.get("parent_reviews_from")
            reviewed = review_flags(
                still_right=bool(values.get("still_right")), parent_asked_on=row.parent_asked_on
            )
            row.flags = (
                placement_flags(own[row.placement_id], week, today)
                + reviewed
                + standing_flags(
                    registration_status=provider.get("profile__registration_status"),
                    list_status=statuses.get((row.provider_id, row.local_authority_id)),
                    expired_evidence=evidence_expired(summaries.get(row.provider_id), row.local_authority_id),
                )
            )
        rows.append(row)
    return rows


# --- Reading the register --------------------------------------------------------------------------


def _filtered(filters: RegisterFilters, *, membership: Membership, today: datetime.date) -> QuerySet:
    """The placements `membership` sees that match every filter but the flag, sorted, as values."""
    placements = PlacementModel.objects.visible_to(membership)
    if statuses := STATUS_VIEWS.get(filters.status, CURRENT):
        placements = placements.filter(status__in=statuses)
    if filters.provider:
        placements = placements.filter(provider_id=filters.provider)
    if filters.school:
        placements = placements.filter(school_id=filters.school)
    if filters.year_group is not None:
        placements = placements.filter(in_year_groups((filters.year_group,), on=today, path="pupil__"))
    if filters.query:
        placements = placements.filter(matching(filters.query, path="pupil__"))
    return placements


def _as_rows(placements: QuerySet, sort: str, *, membership: Membership) -> QuerySet:
    """`placements` as values for `build_rows`, with the flags the reviews give them, sorted."""
    order = (*SORTS.get(sort, SORTS["pupil"]), "pupil__legal_surname", "pupil__legal_forename", "pk")
    flagged_by_reviews = with_review_flags(placements, membership=membership)
    return flagged_by_reviews.values(*ROW_COLUMNS, *REVIEW_COLUMNS).order_by(*order)


def rows_of(placements: QuerySet, *, membership: Membership, today: datetime.date) -> list[RegisterRow]:
    """Register rows for any placements `membership` sees (the evidence pack's pupils), by pupil, in the
    register's fixed number of queries."""
    return build_rows(
        list(_as_rows(placements, "pupil", membership=membership)), membership=membership, today=today
    )


def _matching_placements(
    filters: RegisterFilters, *, membership: Membership, today: datetime.date
) -> QuerySet:
    """The placements matching every filter. A flag filter is asked of the database (`flagged`): no
    placement is read to work it out."""
    placements = _filtered(filters, membership=membership, today=today)
    if filters.flag:
        placements = flagged(placements, filters.flag, membership=membership, today=today)
    return placements


def register_placements(
    filters: RegisterFilters, *, membership: Membership, today: datetime.date
) -> QuerySet:
    """The register's placements as values for `build_rows`, filtered and sorted."""
    placements = _matching_placements(filters, membership=membership, today=today)
    return _as_rows(placements, filters.sort, membership=membership)


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
    queries, eight however many placements there are (nine for a trust; a flag filter adds up to six,
    seven for a trust, `flagged`)."""
    placements = _matching_placements(filters, membership=membership, today=today)
    rows = _as_rows(placements, filters.sort, membership=membership)
    page = _Paginator(rows, PER_PAGE, counting=placements).get_page(page_number)
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


def schools_in_register(*, membership: Membership) -> list[tuple[int, str]]:
    """The schools of the placements `membership` sees, (id, name) by name: what a trust's or an LA's
    register may be filtered by. One query."""
    used = PlacementModel.objects.visible_to(membership).values("school_id")
    return list(
        Organisation.objects.visible_to(membership)
        .filter(kind=Kind.SCHOOL, pk__in=used)
        .order_by("name", "pk")
        .values_list("pk", "name")
    )


def next_reviews(placement_ids: Iterable[int], *, membership: Membership) -> dict[int, datetime.date]:
    """Each placement's next review still due (overdue included), from the reviews stage's schedule. One
    query. Read by the model's name, so that the register shows the next stage's dates without this app
    importing it; a placement with none says "Not scheduled"."""
    ids = list(placement_ids)
    if not ids:
        return {}
    review = apps.get_model("reviews", "Review")
    rows = (
        review.objects.visible_to(membership)
        .filter(placement_id__in=ids, state="due")
        .order_by("placement_id", "due_on", "number")
        .distinct("placement_id")
        .values_list("placement_id", "due_on")
    )
    return dict(rows)
