"""The placement report: one pupil's placement, for the review meeting or a transfer (the reports issue:
"plan, objectives and progress, attendance chart, reviews with decisions and voices, contacts").

It is the evidence pack's sections narrowed to one placement (`PlacementScope`), so it says exactly what
the pack says of it, plus the school's contacts about the placement. Small enough to build in the
request: a fixed number of queries, and two or three pages to lay out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from contacts.models import Contact
from placements.models import Placement
from reports import document
from reports.document import Built
from reports.pack import effectiveness, part_time, pupils
from reports.pack.scope import PackScope, Period


@dataclass(frozen=True)
class PlacementScope(PackScope):
    """The pack's scope narrowed to one placement, over the placement's whole life to today."""

    placement_id: int = 0

    def placements(self) -> QuerySet[Placement]:
        return super().placements().filter(pk=self.placement_id)

    @classmethod
    def of(cls, placement: Placement, *, membership, today: datetime.date) -> PlacementScope:
        # To the day it ended, or to today (to its start, for one still to start).
        end = placement.ended_on or max(today, placement.starts_on)
        return cls(
            membership=membership,
            school=placement.school,
            period=Period(placement.starts_on, end),
            today=today,
            placement_id=placement.pk,
        )


def _contacts(scope: PlacementScope) -> list[Contact]:
    return list(
        Contact.objects.visible_to(scope.membership)
        .filter(placement_id=scope.placement_id, entered_in_error_at__isnull=True)
        .select_related("by")
        .order_by("on", "pk")
    )


def build(scope: PlacementScope, *, generated_by: str, generated_at: datetime.datetime) -> Built:
    plan = pupils.gather(scope)
    html = document.render(
        "reports/placement/placement.html",
        generated_by=generated_by,
        generated_at=generated_at,
        scope=scope,
        plan=plan.rows[0] if plan.rows else None,
        effect=next(iter(effectiveness.gather(scope).placements), None),
        part_time=part_time.gather(scope),
        contacts=_contacts(scope),
    )
    return Built(html=html, pupil_ids={row.register.pupil_id for row in plan.rows})
