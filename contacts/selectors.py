"""Reading the school's contact log, always through the acting membership's view: the log's page (filtered
by provider, kind and dates), the providers to filter by, one contact, and how long since each provider
was last visited (`last_visits`, one query for any number of providers)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Max, QuerySet
from django.utils import timezone

from apcommission.forms.dates import long_date
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind as Kind
from contacts.models import Contact, ContactKind
from placements.models import Placement

if TYPE_CHECKING:
    from collections.abc import Iterable

    from apcommission.tenancy.models import Membership

PER_PAGE = 25


@dataclass(frozen=True)
class ContactFilters:
    provider: int | None = None
    kind: str = ""
    from_on: datetime.date | None = None
    to_on: datetime.date | None = None
    with_errors: bool = False  # show the contacts marked entered in error too


def contact_for(pk: int, *, membership: Membership) -> Contact:
    """The contact `membership` sees (`Contact.DoesNotExist` otherwise), with its provider and pupil."""
    return Contact.objects.visible_to(membership).select_related("provider", "pupil", "school").get(pk=pk)


def contacts_page(filters: ContactFilters, page_number: str | int | None, *, membership: Membership) -> Page:
    """One page of the contacts `membership` sees, newest first: two queries (the count and the page,
    with each contact's school, provider, pupil and who made it)."""
    found = Contact.objects.visible_to(membership)
    if not filters.with_errors:
        found = found.filter(entered_in_error_at__isnull=True)
    if filters.provider:
        found = found.filter(provider_id=filters.provider)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    if filters.from_on:
        found = found.filter(on__gte=filters.from_on)
    if filters.to_on:
        found = found.filter(on__lte=filters.to_on)
    found = found.select_related("school", "provider", "pupil", "by").order_by("-on", "-pk")
    return Paginator(found, PER_PAGE).get_page(page_number)


def providers_in_log(*, membership: Membership) -> list[tuple[int, str]]:
    """The providers of the contacts `membership` sees, (id, name) by name: what the log may be filtered
    by. One query."""
    used = Contact.objects.visible_to(membership).values("provider_id")
    return list(
        Organisation.objects.visible_to(membership)
        .filter(kind=Kind.PROVIDER, pk__in=used)
        .order_by("name", "pk")
        .values_list("pk", "name")
    )


def providers_to_choose(*, membership: Membership) -> QuerySet:
    """Every provider `membership` sees, by name: a school may visit one it has no pupil with yet."""
    return Organisation.objects.visible_to(membership).filter(kind=Kind.PROVIDER).order_by("name", "pk")


def placements_to_choose(*, membership: Membership) -> QuerySet:
    """The school's own placements (any status), newest first, with their pupil and provider."""
    return (
        Placement.objects.visible_to(membership)
        .filter(school_id=membership.organisation_id)
        .select_related("pupil", "provider")
        .order_by("-starts_on", "-pk")
    )


# --- How long since the last visit ------------------------------------------------------------------


@dataclass(frozen=True)
class LastVisit:
    """The latest visit to a provider, as a school or those who oversee it read it. Read across several
    schools (a trust's), `schools` names those that visited that day."""

    on: datetime.date | None
    today: datetime.date
    schools: tuple[str, ...] = ()

    @property
    def by(self) -> str:
        """ "Riverside High School", "Riverside High School and Demoshire Academy"; "" for none."""
        if len(self.schools) < 2:
            return "".join(self.schools)
        return f"{', '.join(self.schools[:-1])} and {self.schools[-1]}"

    @property
    def days(self) -> int | None:
        return None if self.on is None else (self.today - self.on).days

    @property
    def ago(self) -> str:
        """ "today", "yesterday", "23 days ago"; "" when never visited."""
        days = self.days
        if days is None:
            return ""
        return "today" if days == 0 else "yesterday" if days == 1 else f"{days} days ago"

    @property
    def long_date(self) -> str:
        return long_date(self.on) if self.on is not None else ""

    def __str__(self) -> str:
        """ "Last visited 23 days ago (12 October 2026)", or "Not visited"."""
        if self.on is None:
            return "Not visited"
        return f"Last visited {self.ago} ({self.long_date})"


@dataclass(frozen=True)
class LastVisits:
    """Each school's latest visit to each provider (not counting visits entered in error), as
    `membership` sees them: `of(provider_id, school_id)`; without a school, the latest by any school
    seen, naming the schools that visited that day (for a trust or an LA reading a provider as a whole)."""

    latest: dict[tuple[int, int], datetime.date] = field(default_factory=dict)
    today: datetime.date = field(default_factory=datetime.date.today)
    school_names: dict[int, str] = field(default_factory=dict)

    def of(self, provider_id: int, school_id: int | None = None) -> LastVisit:
        if school_id is not None:
            return LastVisit(self.latest.get((school_id, provider_id)), self.today)
        dates = {school: on for (school, provider), on in self.latest.items() if provider == provider_id}
        on = max(dates.values(), default=None)
        names = sorted(self.school_names.get(school, "") for school, day in dates.items() if day == on)
        return LastVisit(on, self.today, tuple(name for name in names if name))


def last_visits(
    provider_ids: Iterable[int], *, membership: Membership, today: datetime.date | None = None
) -> LastVisits:
    """When each of the providers was last visited, per school, by the schools whose logs `membership`
    reads (its own; a trust's schools; an LA's area's), with those schools' names: one query, however
    many providers."""
    rows = list(
        Contact.objects.visible_to(membership)
        .filter(
            provider_id__in=list(set(provider_ids)),
            kind=ContactKind.VISIT,
            entered_in_error_at__isnull=True,
        )
        .values("school_id", "school__name", "provider_id")
        .annotate(latest=Max("on"))
        .order_by()
    )
    return LastVisits(
        {(row["school_id"], row["provider_id"]): row["latest"] for row in rows},
        today or timezone.localdate(),
        {row["school_id"]: row["school__name"] for row in rows},
    )
