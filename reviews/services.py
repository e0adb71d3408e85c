"""Changing the review schedule: moving a review, and setting the rules (an LA's, a school's, a
placement's), each re-planning the reviews not yet held. Who may is `reviews.rules`, asked first; every
row is read and locked through the acting membership's view. The schedule's own rules are
`reviews.schedule`."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.changes import assign_changes
from apcommission.forms.dates import long_date
from placements.models import Placement, PlacementStatus
from reviews import rules, schedule
from reviews.models import Review, ReviewKind, ReviewMove, ReviewRules, ReviewState

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

RULE_FIELDS = ("first_after_weeks", "every_weeks")
# The bounds of each number: the form says the same in its messages.
LIMITS = {"first_after_weeks": (1, 26), "every_weeks": (1, 26)}


# --- Moving a review ----------------------------------------------------------------------------------


def last_move_on(review: Review, placement: Placement) -> datetime.date:
    """The latest date a review can move to: the final review, the planned end; a scheduled review, the day
    before the final review, which stands in for a review that late (a re-plan would take it back)."""
    if review.kind == ReviewKind.FINAL:
        return placement.planned_end_on
    return schedule.final_date(placement.starts_on, placement.planned_end_on) - datetime.timedelta(days=1)


def _move_errors(review: Review, placement: Placement, to_on: datetime.date | None, reason: str) -> dict:
    """What is wrong with moving `review` to another date `to_on` (the same date is no move)."""
    errors = {}
    if to_on is None:
        errors["due_on"] = "Enter the date the review is now due"
    elif to_on < timezone.localdate():
        errors["due_on"] = "The new date must be today or in the future"
    elif to_on < placement.starts_on:
        errors["due_on"] = (
            f"The review must be on or after the start of the placement ({long_date(placement.starts_on)})"
        )
    elif to_on > placement.planned_end_on:
        errors["due_on"] = (
            f"The review must be on or before the planned end ({long_date(placement.planned_end_on)}). "
            "To review later, change the plan's end date first"
        )
    elif to_on > last_move_on(review, placement):
        last_on = long_date(last_move_on(review, placement))
        errors["due_on"] = f"The review must be before the final review, on {last_on} or earlier"
    if to_on is not None and not reason.strip():
        errors["reason"] = "Enter why the review is moved"
    return errors


@transaction.atomic
def move_review(
    review: Review, *, by: Membership, to_on: datetime.date | None, reason: str
) -> ReviewMove | None:
    """Move a review still due to another date (today or later, within the placement, and a scheduled
    review before the final one), saying why: the old date, the new one, who and why are recorded. The
    same date again is no move: it is not checked, changes nothing and records nothing (a form saved
    unchanged). Returns the move, or None when nothing changed."""
    locked = (
        Review.objects.visible_to(by)
        .select_for_update(of=("self",))
        .select_related("placement")
        .get(pk=review.pk)
    )
    placement = locked.placement
    if not rules.can_move_reviews(by, placement):
        raise PermissionDenied("Only the school's AP lead moves the reviews of its active placement")
    if locked.state != ReviewState.DUE:
        raise ValidationError(f"A review that is {locked.get_state_display().lower()} cannot be moved")
    if to_on is not None and to_on == locked.due_on:
        return None
    errors = _move_errors(locked, placement, to_on, reason or "")
    if errors:
        raise ValidationError(errors)
    move = ReviewMove.objects.create(
        review=locked, from_on=locked.due_on, to_on=to_on, reason=reason.strip(), moved_by_id=by.user_id
    )
    locked.due_on, locked.moved = to_on, True
    locked.save(update_fields=["due_on", "moved", "updated_at"])
    return move


# --- Setting the rules --------------------------------------------------------------------------------


def _checked(values: dict) -> dict:
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"Not review rules: {', '.join(sorted(unknown))}")
    errors = {}
    for name, value in values.items():
        low, high = LIMITS[name]
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            errors[name] = f"Enter a number of weeks from {low} to {high}"
    if errors:
        raise ValidationError(errors)
    return values


def _save_rules(by: Membership, keys: dict, values: dict) -> tuple[ReviewRules | None, bool]:
    """The row at `keys` set to `values`: (the row, whether anything changed). A first row that says
    what the defaults above it say is still written: it fixes the rules here if those above change."""
    found = ReviewRules.objects.visible_to(by).select_for_update(of=("self",)).filter(**keys)
    row = found.first()
    if row is None:
        row = ReviewRules(**keys, **values)
        row.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:  # someone else set the first rules at the same moment
            row = found.get()
        else:
            return row, True
    changed = assign_changes(row, values)
    if changed:
        row.full_clean(validate_constraints=False)
        row.save(update_fields=[*changed, "updated_at"])
    return row, bool(changed)


def _replan(placements, *, by: Membership) -> None:
    schedule.plan(placements.filter(status=PlacementStatus.ACTIVE).order_by("pk"), by=by)


@transaction.atomic
def set_la_rules(*, by: Membership, values: dict) -> ReviewRules | None:
    """Set the officer's LA's default rules. The same numbers again change nothing: no row is written and
    nothing is re-planned; an LA that never set them and saves the defaults keeps none. A change re-plans
    the active placements of the area that follow the LA's rules (those without their school's or their
    own)."""
    if not rules.can_set_la_rules(by):
        raise PermissionDenied("Only the LA's officers set its review rules")
    values = _checked(values)
    la_id = by.organisation_id
    current = ReviewRules.objects.visible_to(by).filter(local_authority_id=la_id, school__isnull=True).first()
    if current is None and schedule.Rhythm(**values) == schedule.DEFAULT_RHYTHM:
        return None
    row, changed = _save_rules(by, {"local_authority_id": la_id, "school": None}, values)
    if changed:
        own = ReviewRules.objects.visible_to(by).filter(local_authority_id=la_id, school__isnull=False)
        following = (
            Placement.objects.visible_to(by)
            .filter(local_authority_id=la_id)
            .exclude(school_id__in=own.filter(placement__isnull=True).values("school_id"))
            .exclude(pk__in=own.filter(placement__isnull=False).values("placement_id"))
        )
        _replan(following, by=by)
    return row


@transaction.atomic
def set_school_rules(*, by: Membership, values: dict) -> ReviewRules:
    """Set the AP lead's school's own rules, over its LA's; its active placements without their own are
    re-planned."""
    if not rules.can_set_school_rules(by):
        raise PermissionDenied("Only the school's AP lead sets its review rules")
    school = by.organisation
    row, changed = _save_rules(
        by,
        {"local_authority_id": school.local_authority_id, "school_id": school.pk, "placement": None},
        _checked(values),
    )
    if changed:
        own = ReviewRules.objects.visible_to(by).filter(school_id=school.pk, placement__isnull=False)
        _replan(
            Placement.objects.visible_to(by)
            .filter(school_id=school.pk)
            .exclude(pk__in=own.values("placement_id")),
            by=by,
        )
    return row


@transaction.atomic
def set_placement_rules(placement: Placement, *, by: Membership, values: dict) -> ReviewRules:
    """Set one placement's own rules, over its school's and its LA's; re-plans it if it is active."""
    if not (rules.can_set_school_rules(by) and rules.can_move_reviews(by, placement)):
        raise PermissionDenied("Only the school's AP lead sets the review rules of its active placement")
    row, changed = _save_rules(
        by,
        {
            "local_authority_id": placement.school.local_authority_id,
            "school_id": placement.school_id,
            "placement_id": placement.pk,
        },
        _checked(values),
    )
    if changed:
        _replan(Placement.objects.visible_to(by).filter(pk=placement.pk), by=by)
    return row


# --- What the placements app tells us -----------------------------------------------------------------


def placement_started(sender, *, placement: Placement, by: Membership, **_) -> None:
    schedule.plan([placement], by=by)


def placement_dates_changed(sender, *, placement: Placement, by: Membership, **_) -> None:
    schedule.plan([placement], by=by)


def placement_ended(sender, *, placement: Placement, by: Membership, **_) -> None:
    schedule.close(placement, by=by)
