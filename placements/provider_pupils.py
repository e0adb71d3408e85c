"""A provider's own pupils, as its pages read them: the current placements made with it, each with what the
school shared (`Placement.provider_copy`), never the pupil's record (no join to it is made), with the
timetable and dates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, ExpressionWrapper

from placements.models import Placement, PlacementStatus, Shared
from placements.register_reviews import still_right
from placements.selectors import timetable
from placements.sharing import shared_rows

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

CURRENT = PlacementStatus.current_values()
PER_PAGE = 50


@dataclass
class ProviderPupil:
    """A placement as its provider reads it: what the school shared (`provider_copy`), never the pupil's
    record, with the timetable and dates."""

    placement_id: int
    pupil_id: int  # for the access event only: no page links to the pupil's record
    status: PlacementStatus
    school_name: str
    site_name: str | None
    starts_on: datetime.date
    planned_end_on: datetime.date
    hours: Decimal
    timetable: list[tuple[str, list[bool]]]
    name: str
    shared: list[tuple[str, str]]
    # Its last two reviews held each judged an objective not on track: the provider attends the reviews
    # and reads their judgements (`placements.register_reviews.still_right`).
    still_right: bool = False


PROVIDER_COLUMNS = (
    "pk",
    "pupil_id",
    "status",
    "school__name",
    "site__name",
    "starts_on",
    "planned_end_on",
    "hours_per_week",
    "sessions",
    "provider_copy",
)


def provider_pupils_page(page_number: int | str | None, *, membership: Membership) -> Page:
    """One page of the current placements made with the acting provider, soonest start first, each asking
    "Is this placement still right?" when its reviews say so: two queries (the count and the page),
    however many. The pupil's record is never joined."""
    placements = (
        Placement.objects.visible_to(membership)
        .filter(provider_id=membership.organisation_id, status__in=CURRENT)
        .annotate(still_right=ExpressionWrapper(still_right(membership), output_field=BooleanField()))
        .values(*PROVIDER_COLUMNS, "still_right")
        .order_by("starts_on", "pk")
    )
    page = Paginator(placements, PER_PAGE).get_page(page_number)
    page.object_list = [
        ProviderPupil(
            placement_id=values["pk"],
            pupil_id=values["pupil_id"],
            status=PlacementStatus(values["status"]),
            school_name=values["school__name"],
            site_name=values["site__name"],
            starts_on=values["starts_on"],
            planned_end_on=values["planned_end_on"],
            hours=values["hours_per_week"],
            timetable=timetable(values["sessions"]),
            name=str((values["provider_copy"] or {}).get("name") or f"Placement {values['pk']}"),
            shared=shared_details(values["provider_copy"] or {}),
            still_right=bool(values["still_right"]),
        )
        for values in page.object_list
    ]
    return page


def shared_details(copy: dict) -> list[tuple[str, str]]:
    """What the school shared beyond the name (the heading of each pupil), in words."""
    return shared_rows({key: value for key, value in copy.items() if key != Shared.NAME})
