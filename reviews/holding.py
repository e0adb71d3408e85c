"""Holding a review (DOMAIN.md 3.6 and 3.7): the school's AP lead records who attended, how each objective
is going, the pupil's and the parent's views, the provider's report and a decision.

- Only the next review still due is held (the earliest); the reviews after it keep their dates: the
  rhythm runs from the start of the placement, not from the day a review was held, so holding one early
  or late moves no other. A review is held on a day from the start of the placement to today, and not
  before the last review held.
- The attendance it records runs from the day after the last review held (or the start) to the day it was
  held, counted from the provider's marks when it is held, and is kept as counted: a mark corrected later
  does not rewrite what the review saw. The baseline is the pupil's latest recorded year at school.
- Each objective of the placement is judged achieved, on track or not on track, beside the latest value
  recorded against it; the review keeps that value as it was.
- A placement whose last two reviews held each judged an objective not on track asks "Is this placement
  still right?" (`still_right_flags`).
- The decision is recorded; amending the plan and ending the placement are done on their own pages, which
  the confirmation links to.

Every read and lock is through the acting membership's view; who may is `reviews.rules`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from apcommission.forms.dates import long_date
from attendance.counting import COUNTS
from attendance.models import Mark
from attendance.selectors import percentage
from placements.models import Objective, Placement
from placements.selectors import Baseline, attendance_baseline
from progress.models import ProgressEntry
from reviews import rules
from reviews.models import (
    Attendee,
    Decision,
    Rating,
    Review,
    ReviewObjective,
    ReviewState,
    ReviewViews,
)

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

STILL_RIGHT = "Is this placement still right?"


# --- What the review measures -------------------------------------------------------------------------


@dataclass
class AttendanceSince:
    """Attendance from `since` to `until`, against the baseline (None for a provider, which is not shown
    the pupil's history at school)."""

    since: datetime.date
    until: datetime.date
    possible: int
    attended: int
    baseline: Decimal | None
    baseline_label: str = ""

    @property
    def percentage(self) -> Decimal | None:
        return percentage(self.attended, self.possible)

    @property
    def words(self) -> str:
        if not self.possible:
            return "No sessions were marked"
        said = f"{self.percentage}% ({self.attended} of {self.possible} sessions)"
        if self.baseline is None:
            return said
        change = self.percentage - self.baseline
        if not change:
            return f"{said}, the same as the baseline of {self.baseline}%"
        points = f"{abs(change):.1f}".removesuffix(".0")
        way = "above" if change > 0 else "below"
        return f"{said}, {points} point{'s' if points != '1' else ''} {way} the baseline of {self.baseline}%"


def last_held_on(placement: Placement, *, membership: Membership) -> datetime.date | None:
    return (
        Review.objects.visible_to(membership)
        .filter(placement_id=placement.pk, state=ReviewState.HELD)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )


def attendance_since(
    placement: Placement, until: datetime.date, *, membership: Membership, last: datetime.date | None
) -> AttendanceSince:
    """The placement's marks from the day after the last review held (or its start) to `until`, counted in
    the database, and the pupil's baseline for a commissioner. Two queries."""
    since = last + datetime.timedelta(days=1) if last else placement.starts_on
    counts = (
        Mark.objects.visible_to(membership)
        .filter(placement_id=placement.pk, on__gte=since, on__lte=until)
        .aggregate(possible=COUNTS["possible"], attended=COUNTS["attended"])
    )
    baseline: Baseline | None = None
    if rules.reads_views(membership):
        baseline = attendance_baseline(placement.pupil_id, membership=membership, today=until)
    return AttendanceSince(
        since=since,
        until=until,
        possible=counts["possible"],
        attended=counts["attended"],
        baseline=baseline.value if baseline else None,
        baseline_label=f"{baseline.year_words} at school" if baseline else "",
    )


@dataclass
class ObjectiveNow:
    objective: Objective
    latest: ProgressEntry | None


def objectives_now(
    placement: Placement, *, membership: Membership, on: datetime.date | None = None
) -> list[ObjectiveNow]:
    """Each objective of the placement with the latest value recorded against it (by `on`, when given: a
    review held that day saw the values up to it, not one recorded since). Two queries."""
    objectives = list(Objective.objects.visible_to(membership).filter(placement_id=placement.pk))
    entries = ProgressEntry.objects.visible_to(membership).filter(placement_id=placement.pk)
    if on is not None:
        entries = entries.filter(on__lte=on)
    latest = {
        entry.objective_id: entry
        for entry in entries.order_by("objective_id", "-on", "-pk").distinct("objective_id")
    }
    return [ObjectiveNow(objective, latest.get(objective.pk)) for objective in objectives]


def next_due(placement: Placement, *, membership: Membership) -> Review | None:
    return (
        Review.objects.visible_to(membership)
        .filter(placement_id=placement.pk, state=ReviewState.DUE)
        .order_by("due_on", "number")
        .first()
    )


# --- Holding it -----------------------------------------------------------------------------------------


@dataclass
class Held:
    """What the AP lead records (the form's values)."""

    held_on: datetime.date | None
    attended: list[str]
    attended_others: str
    ratings: dict[int, str]  # objective id: rating
    pupil_views: str
    parent_views: str
    provider_report: str
    decision: str
    decision_note: str


def _errors(held: Held, placement: Placement, last: datetime.date | None, objectives) -> dict:
    """Every mistake at once, each on the field it is about."""
    errors = {}
    today = timezone.localdate()
    if held.held_on is None:
        errors["held_on"] = "Enter the date the review was held"
    elif held.held_on > today:
        errors["held_on"] = "The date the review was held must be today or in the past"
    elif held.held_on < placement.starts_on:
        errors["held_on"] = (
            "The review must be held on or after the start of the placement "
            f"({long_date(placement.starts_on)})"
        )
    elif last is not None and held.held_on < last:
        errors["held_on"] = f"The review must be held on or after the last review ({long_date(last)})"
    unknown = set(held.attended) - set(Attendee.values)
    if not held.attended or unknown:
        errors["attended"] = "Select who attended the review"
    elif Attendee.OTHERS in held.attended and not held.attended_others.strip():
        errors["attended_others"] = "Enter who else attended"
    for objective in objectives:
        if held.ratings.get(objective.pk) not in Rating.values:
            errors[f"objective_{objective.pk}"] = (
                f"Select how the {objective.get_area_display().lower()} objective is going"
            )
    if held.decision not in Decision.values:
        errors["decision"] = "Select the decision"
    elif held.decision == Decision.ESCALATE and not held.decision_note.strip():
        errors["decision_note"] = "Enter why the placement is escalated, and to whom"
    return errors


@transaction.atomic
def hold_review(review: Review, *, by: Membership, held: Held) -> Review:
    """Record the review as held, with what it heard, measured and decided. Only the next review still due
    of a placement the AP lead may hold reviews of; every mistake is said at once."""
    locked = (
        Review.objects.visible_to(by)
        .select_for_update(of=("self",))
        .select_related("placement")
        .get(pk=review.pk)
    )
    placement = locked.placement
    if not rules.can_hold_review(by, placement):
        raise PermissionDenied("Only the school's AP lead holds the reviews of its placement")
    if locked.state != ReviewState.DUE:
        raise ValidationError(f"This review is {locked.get_state_display().lower()}: it cannot be held again")
    first = next_due(placement, membership=by)
    if first is not None and first.pk != locked.pk:
        raise ValidationError(
            f"Hold the review due on {long_date(first.due_on)} first: reviews are held in order"
        )
    last = last_held_on(placement, membership=by)
    objectives = list(Objective.objects.visible_to(by).filter(placement_id=placement.pk))
    errors = _errors(held, placement, last, objectives)
    if errors:
        raise ValidationError(errors)
    attendance = attendance_since(placement, held.held_on, membership=by, last=last)
    seen = objectives_now(placement, membership=by, on=held.held_on)
    latest = {now.objective.pk: now.latest for now in seen}
    judgements = []
    for objective in objectives:
        entry = latest.get(objective.pk)
        judgements.append(
            ReviewObjective(
                review=locked,
                objective=objective,
                rating=held.ratings[objective.pk],
                latest_value=entry.value if entry else None,
                latest_on=entry.on if entry else None,
            )
        )
    ReviewObjective.objects.bulk_create(judgements)
    ReviewViews.objects.create(
        review=locked,
        pupil_views=held.pupil_views.strip(),
        parent_views=held.parent_views.strip(),
        baseline_percent=attendance.baseline,
        baseline_label=attendance.baseline_label,
        decision_note=held.decision_note.strip(),
    )
    locked.state, locked.held_on, locked.held_by_id = ReviewState.HELD, held.held_on, by.user_id
    locked.attended = [value for value in Attendee.values if value in held.attended]
    locked.attended_others = held.attended_others.strip() if Attendee.OTHERS in held.attended else ""
    locked.attendance_from = attendance.since
    locked.sessions_possible, locked.sessions_attended = attendance.possible, attendance.attended
    locked.provider_report = held.provider_report.strip()
    locked.decision = held.decision
    locked.not_on_track = any(j.rating == Rating.NOT_ON_TRACK for j in judgements)
    locked.save()
    return locked


# --- "Is this placement still right?" ----------------------------------------------------------------


def still_right_flags(placement_ids: Iterable[int], *, membership: Membership) -> set[int]:
    """The placements whose last two reviews held each judged an objective not on track. One query, reading
    each placement's last two held reviews by a window in the database."""
    ids = list(placement_ids)
    if not ids:
        return set()
    ranked = (
        Review.objects.visible_to(membership)
        .filter(placement_id__in=ids, state=ReviewState.HELD)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("placement_id")], order_by=[F("held_on").desc(), F("pk").desc()]
            )
        )
        .filter(rank__lte=2)
        .values_list("placement_id", "not_on_track")
    )
    counts: dict[int, int] = {}
    for placement_id, not_on_track in ranked:
        counts[placement_id] = counts.get(placement_id, 0) + (1 if not_on_track else 0)
    return {placement_id for placement_id, count in counts.items() if count == 2}


# --- Reading a held review ------------------------------------------------------------------------------


def held_review(pk: int, *, membership: Membership) -> Review:
    """A held review the membership sees, with its placement; never joined to the pupil's record, which a
    provider does not read (it reads the name the school shared, `pupil_name`)."""
    return (
        Review.objects.visible_to(membership).select_related("placement").get(pk=pk, state=ReviewState.HELD)
    )


def pupil_name(placement: Placement, *, membership: Membership) -> str:
    if rules.reads_views(membership):
        return placement.pupil.name
    return str((placement.provider_copy or {}).get("name") or f"Placement {placement.pk}")


def review_views(review: Review, *, membership: Membership) -> ReviewViews | None:
    return ReviewViews.objects.visible_to(membership).filter(review_id=review.pk).first()


def judgements(review: Review, *, membership: Membership) -> list[ReviewObjective]:
    return list(
        ReviewObjective.objects.visible_to(membership).filter(review_id=review.pk).select_related("objective")
    )


def attended_words(review: Review) -> list[str]:
    labels = dict(Attendee.choices)
    return [labels[value] for value in review.attended if value in labels]


def stored_attendance(review: Review, views: ReviewViews | None) -> AttendanceSince:
    """The attendance as the review counted it when it was held; the baseline only with its views."""
    return AttendanceSince(
        since=review.attendance_from,
        until=review.held_on,
        possible=review.sessions_possible or 0,
        attended=review.sessions_attended or 0,
        baseline=views.baseline_percent if views else None,
        baseline_label=views.baseline_label if views else "",
    )
