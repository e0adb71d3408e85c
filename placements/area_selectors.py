"""What an LA's pages read about the placements of its area, always through the acting membership's view,
in a fixed number of queries however many rows there are. The registration threshold is the one read
across every commissioner (`placements.checks.threshold_counts`), and it answers counts only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q

from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind
from placements.checks import CURRENT, NO_PUPILS, Threshold, rules_by_authority, threshold_counts
from placements.models import PartTimePlan, Placement
from placements.register import timetables_of, week_on
from providers.models import ApprovedListEntry, RegistrationStatus
from providers.selectors import providers_used_by_area_schools
from pupils.identifiers import year_group

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

PER_PAGE = 25


def _page(rows, page_number: int | str | None) -> Page:
    page = Paginator(rows, PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    return page


@dataclass
class ThresholdRow:
    provider: Organisation
    counts: Threshold

    @property
    def standing(self) -> str:
        """ "at", "near" or "below": the tag the page shows."""
        return "at" if self.counts.at else "near" if self.counts.near else "below"


def threshold_page(
    *, membership: Membership, on: datetime.date, page_number: int | str | None = None
) -> Page:
    """Every unregistered provider in the LA's area (on its register) or used by its schools, with what
    it teaches counting every commissioner, at the threshold first, then near it, then the rest (most
    pupils full time first). Two queries: the providers, and the counts over every provider."""
    la_id = membership.organisation_id
    providers = (
        Organisation.objects.visible_to(membership)
        .filter(
            kind=OrganisationKind.PROVIDER,
            profile__registration_status__in=RegistrationStatus.unregistered_values(),
        )
        .filter(Q(local_authority_id=la_id) | Q(pk__in=providers_used_by_area_schools(membership=membership)))
        .select_related("profile")
    )
    counts = threshold_counts(on)
    rows = [ThresholdRow(provider, counts.get(provider.pk, NO_PUPILS)) for provider in providers]
    rows.sort(
        key=lambda row: (
            not row.counts.at,
            not row.counts.near,
            -row.counts.full_time,
            -row.counts.protected,
            row.provider.name,
            row.provider.pk,
        )
    )
    return _page(rows, page_number)


@dataclass(frozen=True)
class PartTimeRow:
    """A current placement on the LA's part-time page, with its part-time plan, or None when the pupil's
    week is short of full time and no placement of theirs has a plan back to full time."""

    placement: Placement
    plan: PartTimePlan | None
    on: datetime.date

    @property
    def days_past(self) -> int:
        """Days past the plan's time limit: 0 before it, or with no plan."""
        return max((self.on - self.plan.ends_by).days, 0) if self.plan is not None else 0


def _plan_of(placement: Placement) -> PartTimePlan | None:
    try:
        return placement.part_time_plan
    except ObjectDoesNotExist:
        return None


def _short_without_any_plan(*, membership: Membership, on: datetime.date) -> list[int]:
    """The current placements the LA sees that have no part-time plan, where the pupil's week is short of
    full time and none of their placements running then has a plan: judged on the day each starts, or
    `on` once started, as the register judges them (`placements.register`). Three queries: the placements,
    the pupils' current placements, the LAs' numbers."""
    found = list(
        Placement.objects.visible_to(membership)
        .filter(status__in=CURRENT, part_time_plan__isnull=True)
        .values_list(
            "pk",
            "pupil_id",
            "starts_on",
            "local_authority_id",
            "pupil__date_of_birth",
            "pupil__year_group_override",
        )
        .order_by()
    )
    if not found:
        return []
    timetables = timetables_of({row[1] for row in found}, membership=membership)
    rules = rules_by_authority({row[3] for row in found}, membership=membership)
    short = []
    for pk, pupil_id, starts_on, la_id, born_on, override in found:
        day = max(on, starts_on)
        group = override if override is not None else year_group(born_on, day)
        week = week_on(timetables.get(pupil_id, []), day, year_group=group, rules=rules[la_id])
        if week.is_short and week.time_limit is None:
            short.append(pk)
    return short


def part_time_page(
    *, membership: Membership, on: datetime.date, page_number: int | str | None = None
) -> Page:
    """The part-time timetables of the current placements (planned or active) the LA sees, each with its
    pupil, school and provider: first those with no plan back to full time at all (the pupil's week is
    short and none of their placements has a part-time plan), then those with a plan, the earliest time
    limit first (so those past it lead). Five queries however many rows (`_short_without_any_plan`, and
    the count and the page)."""
    no_plan = _short_without_any_plan(membership=membership, on=on)
    placements = (
        Placement.objects.visible_to(membership)
        .filter(status__in=CURRENT)
        .filter(Q(part_time_plan__isnull=False) | Q(pk__in=no_plan))
        .select_related("part_time_plan", "pupil", "school", "provider")
        .order_by(F("part_time_plan__ends_by").asc(nulls_first=True), "school__name", "pk")
    )
    page = _page(placements, page_number)
    page.object_list = [PartTimeRow(placement, _plan_of(placement), on) for placement in page.object_list]
    return page


def unlisted_page(*, membership: Membership, page_number: int | str | None = None) -> Page:
    """The providers the LA's schools have current placements with (planned or active) that are not on
    its approved list in any status, with how many placements and how many schools. Two queries."""
    listed = ApprovedListEntry.objects.visible_to(membership).filter(
        provider_id=OuterRef("provider_id"), local_authority_id=membership.organisation_id
    )
    rows = (
        Placement.objects.visible_to(membership)
        .filter(local_authority_id=membership.organisation_id, status__in=CURRENT)
        .filter(~Exists(listed))
        .values("provider_id", "provider__name", "provider__profile__registration_status")
        .annotate(placements=Count("pk"), schools=Count("school_id", distinct=True))
        .order_by("-placements", "provider__name", "provider_id")
    )
    page = _page(rows, page_number)
    unregistered = set(RegistrationStatus.unregistered_values())
    for row in page.object_list:
        row["unregistered"] = row["provider__profile__registration_status"] in unregistered
    return page
