"""Section 6 of the area report: reviews held on time, by school.

Of the reviews of the period's placements: those held in the period, and of those the ones held on or
before the day they were due (`due_on`, which a person may have moved), as the evidence pack counts
them; and those overdue now, still due with their date passed (the alert's and the pack's rule: an
ended placement's final review included, since it must still be held). One grouped query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from reports.area.scope import AreaScope
from reviews.models import Review, ReviewState


@dataclass(frozen=True)
class SchoolReviews:
    name: str
    held: int
    on_time: int
    overdue: int

    @property
    def late(self) -> int:
        return self.held - self.on_time

    @property
    def percent_on_time(self) -> str:
        return f"{round(100 * self.on_time / self.held)}%" if self.held else "None held"


@dataclass
class ReviewsSection:
    schools: list[SchoolReviews] = field(default_factory=list)

    @property
    def held(self) -> int:
        return sum(each.held for each in self.schools)

    @property
    def on_time(self) -> int:
        return sum(each.on_time for each in self.schools)

    @property
    def overdue(self) -> int:
        return sum(each.overdue for each in self.schools)

    @property
    def total(self) -> SchoolReviews:
        return SchoolReviews("All schools", self.held, self.on_time, self.overdue)


def gather(scope: AreaScope) -> ReviewsSection:
    period = scope.period
    held = Q(state=ReviewState.HELD, held_on__gte=period.start, held_on__lte=period.end)
    rows = (
        Review.objects.visible_to(scope.membership)
        .filter(placement__in=scope.placements().values("pk"))
        .order_by()
        .values("placement__school_id", "placement__school__name")
        .annotate(
            held=Count("pk", filter=held),
            on_time=Count("pk", filter=held & Q(held_on__lte=F("due_on"))),
            overdue=Count("pk", filter=Q(state=ReviewState.DUE, due_on__lt=scope.today)),
        )
        .order_by("placement__school__name", "placement__school_id")
    )
    return ReviewsSection(
        schools=[
            SchoolReviews(row["placement__school__name"], row["held"], row["on_time"], row["overdue"])
            for row in rows
        ]
    )
