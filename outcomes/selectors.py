"""Reading outcomes and check-ins: through the acting membership's view for the pages, and across every
organisation for the sweep that reminds schools of check-ins due (`checkins_due`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet

from outcomes import rules
from outcomes.models import CheckIn, Destination, Outcome

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership
    from placements.models import Placement

PER_PAGE = 25


def checkins_due(on: datetime.date) -> QuerySet[CheckIn]:
    """Every check-in still to be recorded that is due on or before `on`, across every organisation,
    oldest first, with its placement: what a daily sweep reminds the schools' AP leads of. It reads for
    nobody in particular, so evaluate it inside `unscoped(reason)`; the pages never use it (they read
    through `visible_to`)."""
    return (
        CheckIn.objects.filter(recorded_at__isnull=True, due_on__lte=on)
        .select_related("placement")
        .order_by("due_on", "pk")
    )


def outcome_for(placement: Placement, *, membership: Membership) -> Outcome | None:
    """The placement's outcome, or None. For a provider the destination's detail is never read from the
    database (`rules.reads_destination_detail`). One query."""
    found = Outcome.objects.visible_to(membership).filter(placement_id=placement.pk)
    if not rules.reads_destination_detail(membership):
        found = found.defer("destination_detail")
    return found.select_related("final_review").first()


def placement_check_ins(placement: Placement, *, membership: Membership) -> list[CheckIn]:
    """The placement's check-ins in date order (none for a provider, which does not see them)."""
    if not rules.reads_destination_detail(membership):
        return []
    return list(CheckIn.objects.visible_to(membership).filter(placement_id=placement.pk))


def check_in_for(pk: int, *, membership: Membership) -> CheckIn:
    """The check-in `membership` sees (`CheckIn.DoesNotExist` otherwise), with its placement and pupil."""
    return (
        CheckIn.objects.visible_to(membership)
        .select_related("placement", "placement__pupil", "placement__provider", "placement__outcome")
        .get(pk=pk)
    )


def check_ins_page(page_number: str | int | None, *, membership: Membership) -> Page:
    """One page of the check-ins `membership` sees: those still due first (oldest, so the overdue lead),
    then those recorded (newest first). Two queries (the count and the page, with each check-in's
    placement, pupil, school, provider and outcome)."""
    found = (
        CheckIn.objects.visible_to(membership)
        .select_related(
            "placement", "placement__pupil", "placement__school", "placement__provider", "placement__outcome"
        )
        # A check-in still due has no recorded_at, so the due ones come first, oldest due first.
        .order_by(F("recorded_at").desc(nulls_first=True), "due_on", "pk")
    )
    return Paginator(found, PER_PAGE).get_page(page_number)


# --- The LA's picture of its area ------------------------------------------------------------------------


@dataclass
class ProviderDestinations:
    """How many of a provider's placements moved on to each destination."""

    provider_id: int
    name: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[int]:
        return [self.counts.get(value, 0) for value in Destination.values]


@dataclass
class AreaDestinations:
    rows: list[ProviderDestinations]

    @property
    def totals(self) -> list[int]:
        return [sum(column) for column in zip(*(row.cells() for row in self.rows), strict=True)]

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def area_destinations(*, membership: Membership) -> AreaDestinations:
    """The outcomes of the placements `membership` sees (an LA: its area's), counted by provider and
    destination in one grouped query, providers by name."""
    grouped = (
        Outcome.objects.visible_to(membership)
        .values("placement__provider_id", "placement__provider__name", "destination")
        .annotate(count=Count("pk"))
        .order_by("placement__provider__name", "placement__provider_id")
    )
    rows: dict[int, ProviderDestinations] = {}
    for each in grouped:
        provider_id = each["placement__provider_id"]
        row = rows.setdefault(
            provider_id, ProviderDestinations(provider_id, each["placement__provider__name"])
        )
        row.counts[each["destination"]] = each["count"]
    return AreaDestinations(list(rows.values()))
