"""The review schedule's rules (DOMAIN.md 3.6, 3.7 and 4), as plain functions.

- When a placement starts, its schedule is made: the first review `first_after_weeks` after the start,
  then one every `every_weeks`, each before the planned end, and the final review on the planned end.
- A review falls due on a school day: a date on a Saturday or Sunday is due the Friday before (it is a
  date to hold it by). Bank holidays are not known to the service.
- The rules are the placement's own, else its school's, else its LA's, else 4 and 6 weeks.
- A change of the start, the planned end or the rules re-plans the reviews not yet held. A review someone
  moved keeps its date while it still falls from the start to before the final review; the final review
  keeps a moved date while the planned end stays where it was, and follows a new planned end. Reviews the
  new plan no longer has are cancelled, saying why; held reviews are never touched.
- When the placement ends, the reviews still due are cancelled and the final review is due on the day
  it ended: it must still be held.
- Off-site direction (DOMAIN.md 4): a parent may ask for a review, and if none was held in the last 10
  weeks the school must hold one (`parent_request`).

Every read is through the acting membership's view; the functions that write are called inside the
transaction of the change that caused them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from placements.models import Placement, PlacementReason, PlacementStatus
from reviews import holding
from reviews.models import (
    DEFAULT_EVERY_WEEKS,
    DEFAULT_FIRST_AFTER_WEEKS,
    Review,
    ReviewKind,
    ReviewRules,
    ReviewState,
)

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

# A parent's request for a review of an off-site direction must be met unless one was held this recently.
OFF_SITE_REVIEW_WEEKS = 10
NO_LONGER_PLANNED = "No longer in the plan: its dates or the review rules changed"
PLACEMENT_ENDED = "The placement ended before it was held"


@dataclass(frozen=True)
class Rhythm:
    first_after_weeks: int = DEFAULT_FIRST_AFTER_WEEKS
    every_weeks: int = DEFAULT_EVERY_WEEKS

    @property
    def words(self) -> str:
        return (
            f"the first review {self.first_after_weeks} weeks after the start, "
            f"then every {self.every_weeks} weeks"
        )


DEFAULT_RHYTHM = Rhythm()


def school_day(day: datetime.date) -> datetime.date:
    """`day`, or the Friday before it when it falls at a weekend."""
    return day - datetime.timedelta(days=max(0, day.weekday() - 4))


def final_date(starts_on: datetime.date, planned_end_on: datetime.date) -> datetime.date:
    """The final review: the planned end, on a school day, never before the start."""
    return max(school_day(planned_end_on), starts_on)


def scheduled_dates(
    starts_on: datetime.date, planned_end_on: datetime.date, rhythm: Rhythm
) -> list[datetime.date]:
    """The scheduled reviews' dates, in order: each falls before the final review (on the planned end),
    which stands in for one that would fall on the same day or later."""
    final_on = final_date(starts_on, planned_end_on)
    dates = []
    day = starts_on + datetime.timedelta(weeks=rhythm.first_after_weeks)
    while school_day(day) < final_on:
        dates.append(school_day(day))
        day += datetime.timedelta(weeks=rhythm.every_weeks)
    return dates


# --- Which rules apply --------------------------------------------------------------------------------


def _rhythm(row: dict) -> Rhythm:
    return Rhythm(row["first_after_weeks"], row["every_weeks"])


def rhythms_for(placements: Iterable[Placement], *, membership: Membership) -> dict[int, Rhythm]:
    """Each placement's rules: its own, else its school's, else its LA's, else the defaults. One query."""
    placements = list(placements)
    if not placements:
        return {}
    wanted = Q(placement_id__in=[p.pk for p in placements])
    wanted |= Q(school_id__in={p.school_id for p in placements}, placement__isnull=True)
    wanted |= Q(local_authority_id__in={p.local_authority_id for p in placements}, school__isnull=True)
    rows = (
        ReviewRules.objects.visible_to(membership)
        .filter(wanted)
        .values("placement_id", "school_id", "local_authority_id", "first_after_weeks", "every_weeks")
    )
    own, schools, las = {}, {}, {}
    for row in rows:
        if row["placement_id"] is not None:
            own[row["placement_id"]] = _rhythm(row)
        elif row["school_id"] is not None:
            schools[row["school_id"]] = _rhythm(row)
        else:
            las[row["local_authority_id"]] = _rhythm(row)
    return {
        p.pk: own.get(p.pk) or schools.get(p.school_id) or las.get(p.local_authority_id) or DEFAULT_RHYTHM
        for p in placements
    }


def rhythm_for(placement: Placement, *, membership: Membership) -> Rhythm:
    return rhythms_for([placement], membership=membership)[placement.pk]


# --- Making and re-planning the schedule --------------------------------------------------------------


def _wanted(placement: Placement, rhythm: Rhythm) -> dict[tuple[str, int], datetime.date]:
    wanted = {
        (ReviewKind.SCHEDULED, number): day
        for number, day in enumerate(
            scheduled_dates(placement.starts_on, placement.planned_end_on, rhythm), 1
        )
    }
    wanted[(ReviewKind.FINAL, 0)] = final_date(placement.starts_on, placement.planned_end_on)
    return wanted


def _replanned(
    review: Review, planned_on: datetime.date, starts_on: datetime.date, final_on: datetime.date
) -> None:
    """Set a review still due to its new planned date, keeping a date someone chose while it still fits:
    for a scheduled review, from the start to before the final review (a later start can pass it)."""
    if review.moved:
        if review.kind == ReviewKind.FINAL:
            keeps = review.planned_on == planned_on
        else:
            keeps = starts_on <= review.due_on < final_on
        if not keeps:
            review.moved = False
    review.planned_on = planned_on
    if not review.moved:
        review.due_on = planned_on
    review.state, review.cancelled_reason = ReviewState.DUE, ""


def plan(placements: Iterable[Placement], *, by: Membership) -> None:
    """Make or re-plan the schedules of active placements, in a fixed number of queries however many:
    the rules, the reviews (locked), then one insert and one update. Held reviews are left as they are."""
    placements = [p for p in placements if p.status == PlacementStatus.ACTIVE]
    if not placements:
        return
    rhythms = rhythms_for(placements, membership=by)
    existing: dict[int, dict[tuple[str, int], Review]] = {p.pk: {} for p in placements}
    reviews = (
        Review.objects.visible_to(by)
        .filter(placement_id__in=list(existing))
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    for review in reviews:
        existing[review.placement_id][(review.kind, review.number)] = review
    new, changed = [], []
    for placement in placements:
        wanted = _wanted(placement, rhythms[placement.pk])
        final_on = wanted[(ReviewKind.FINAL, 0)]
        have = existing[placement.pk]
        for key, review in have.items():
            if review.state == ReviewState.HELD:
                continue
            before = (review.planned_on, review.due_on, review.moved, review.state)
            if key in wanted:
                _replanned(review, wanted[key], placement.starts_on, final_on)
            elif review.state == ReviewState.DUE:
                review.state, review.cancelled_reason = ReviewState.CANCELLED, NO_LONGER_PLANNED
            if before != (review.planned_on, review.due_on, review.moved, review.state):
                changed.append(review)
        for (kind, number), day in wanted.items():
            if (kind, number) not in have:
                new.append(Review(placement=placement, kind=kind, number=number, planned_on=day, due_on=day))
    if new:
        Review.objects.bulk_create(new)
    if changed:
        now = timezone.now()
        for review in changed:
            review.updated_at = now
        Review.objects.bulk_update(
            changed, ["planned_on", "due_on", "moved", "state", "cancelled_reason", "updated_at"]
        )


def close(placement: Placement, *, by: Membership) -> None:
    """A placement ended: the scheduled reviews still due are cancelled, and the final review is due on
    the day it ended (unless it was held already)."""
    reviews = Review.objects.visible_to(by).filter(placement_id=placement.pk, state=ReviewState.DUE)
    reviews.filter(kind=ReviewKind.SCHEDULED).update(
        state=ReviewState.CANCELLED, cancelled_reason=PLACEMENT_ENDED, updated_at=timezone.now()
    )
    ended_on = placement.ended_on
    final = reviews.filter(kind=ReviewKind.FINAL).select_for_update(of=("self",)).first()
    if final is None:
        held = Review.objects.visible_to(by).filter(placement_id=placement.pk, kind=ReviewKind.FINAL).exists()
        if not held:
            Review.objects.create(
                placement=placement, kind=ReviewKind.FINAL, number=0, planned_on=ended_on, due_on=ended_on
            )
        return
    final.planned_on = final.due_on = ended_on
    final.moved = False
    final.save(update_fields=["planned_on", "due_on", "moved", "updated_at"])


# --- What the schedule says ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParentRequest:
    """What the service says when a parent asks for a review of an off-site direction."""

    must_hold: bool
    last_held_on: datetime.date | None
    words: str


def parent_request(placement: Placement, *, membership: Membership, today: datetime.date) -> ParentRequest:
    """A parent of a pupil directed off-site asks for a review: the school must hold one unless a review
    was held in the last 10 weeks (counting back from `today`, the day they asked). Only an active
    off-site direction gives the parent this right."""
    last = holding.last_held_on(placement, membership=membership)
    if placement.reason != PlacementReason.OFF_SITE_DIRECTION or placement.status != PlacementStatus.ACTIVE:
        return ParentRequest(
            False,
            last,
            "Only a parent of a pupil directed off-site while the direction lasts can require a review",
        )
    since = today - datetime.timedelta(weeks=OFF_SITE_REVIEW_WEEKS)
    if last is not None and last >= since:
        return ParentRequest(
            False,
            last,
            f"A review was held on {last:%-d %B %Y}, in the last {OFF_SITE_REVIEW_WEEKS} weeks: the school "
            "need not hold another now",
        )
    held = f"The last review was held on {last:%-d %B %Y}" if last else "No review has been held"
    return ParentRequest(
        True,
        last,
        f"{held}: the school must hold a review, as none was held in the last {OFF_SITE_REVIEW_WEEKS} weeks",
    )
