"""What an LA's pages read about the placements of its area, always through the acting membership's view,
in a fixed number of queries however many rows there are. The registration threshold is the one read
across every commissioner (`placements.checks.threshold_counts`), and it answers counts only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q

from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind
from placements.checks import CURRENT, NO_PUPILS, Threshold, threshold_counts
from placements.models import PartTimePlan, Placement
from providers.models import ApprovedListEntry, RegistrationStatus
from providers.selectors import providers_used_by_area_schools

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


def part_time_page(*, membership: Membership, page_number: int | str | None = None) -> Page:
    """The part-time timetables of the current placements (planned or active) the LA sees, the earliest
    time limit first (so those past it lead), each with its pupil, school and provider. Two queries."""
    plans = (
        PartTimePlan.objects.visible_to(membership)
        .filter(placement__status__in=CURRENT)
        .select_related("placement", "placement__pupil", "placement__school", "placement__provider")
        .order_by("ends_by", "placement__school__name", "pk")
    )
    return _page(plans, page_number)


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
