"""What the pages read of the review schedule, each through the acting membership's view."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reviews import rules
from reviews.models import Review, ReviewMove, ReviewRules, ReviewState
from reviews.schedule import DEFAULT_RHYTHM, Rhythm

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership
    from placements.models import Placement

SOON = datetime.timedelta(days=7)


@dataclass
class ScheduleRow:
    review: Review
    moves: list[ReviewMove] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.review.get_kind_display() if self.review.number == 0 else f"Review {self.review.number}"


@dataclass
class Schedule:
    rows: list[ScheduleRow]
    today: datetime.date

    @property
    def next(self) -> Review | None:
        due = [row.review for row in self.rows if row.review.state == ReviewState.DUE]
        return min(due, key=lambda review: (review.due_on, review.number), default=None)

    @property
    def overdue(self) -> bool:
        return self.next is not None and self.next.due_on < self.today

    @property
    def due_soon(self) -> bool:
        return self.next is not None and self.today <= self.next.due_on <= self.today + SOON


def placement_schedule(placement: Placement, *, membership: Membership, today: datetime.date) -> Schedule:
    """The placement's reviews in date order, each with its moves (oldest first) for the commissioners.
    Two queries (one for a provider, which reads no moves)."""
    reviews = list(Review.objects.visible_to(membership).filter(placement_id=placement.pk))
    rows = {review.pk: ScheduleRow(review) for review in reviews}
    if reviews and rules.reads_moves(membership):
        for move in ReviewMove.objects.visible_to(membership).filter(review_id__in=list(rows)):
            rows[move.review_id].moves.append(move)
    return Schedule(list(rows.values()), today)


def review_for(pk: int, *, membership: Membership) -> Review:
    """The review with its placement, and the pupil's record for the commissioners only, as
    `placements.selectors.placement_for` does: a provider does not read the pupil's record."""
    found = Review.objects.visible_to(membership).select_related("placement")
    if rules.reads_views(membership):
        found = found.select_related("placement__pupil")
    return found.get(pk=pk)


def la_rhythm(membership: Membership) -> Rhythm:
    """The LA's default rules as set, or DOMAIN.md's when it set none."""
    row = (
        ReviewRules.objects.visible_to(membership)
        .filter(local_authority_id=membership.organisation_id, school__isnull=True)
        .values("first_after_weeks", "every_weeks")
        .first()
    )
    return Rhythm(**row) if row else DEFAULT_RHYTHM
