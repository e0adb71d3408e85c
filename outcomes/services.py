"""Recording what became of a placement: its outcome and destination, and each later check-in. Who may is
`outcomes.rules`, asked first; every row is read and locked through the acting membership's view. Saving
what is already recorded writes nothing: no row, no history event, no check-in moved."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apcommission.changes import assign_changes
from apcommission.forms.dates import long_date, years_on
from outcomes import rules, schedule
from outcomes.models import (
    CHECK_IN_FIELDS,
    DETAIL_LENGTH,
    NOTE_LENGTH,
    OUTCOME_FIELDS,
    CheckIn,
    CheckInKind,
    Destination,
    ObjectivesMet,
    Outcome,
)
from placements.models import Placement
from reviews.models import Review, ReviewKind, ReviewState

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

# How long after the placement ended a pupil may still move on (a Year 11 pupil stays on roll to the end
# of the summer term, say); a date later than this is a mistake.
MOVED_ON_WITHIN_YEARS = 1


@dataclass(frozen=True)
class Saved:
    """What a save did: the row as it now is, and whether anything was written."""

    row: Outcome | CheckIn
    changed: bool


def _destination_errors(values: dict) -> dict:
    errors = {}
    if values.get("destination") not in Destination.values:
        errors["destination"] = "Select the destination"
    detail = values.get("destination_detail") or ""
    if len(detail) > DETAIL_LENGTH:
        errors["destination_detail"] = f"Where the pupil went must be {DETAIL_LENGTH} characters or fewer"
    return errors


def _outcome_errors(values: dict, placement: Placement) -> dict:
    """Every mistake at once, each on the field it is about."""
    errors = {}
    if values.get("objectives_met") not in ObjectivesMet.values:
        errors["objectives_met"] = "Select how far the placement met its objectives"
    errors |= _destination_errors(values)
    left_on = values.get("left_on")
    latest = years_on(placement.ended_on, MOVED_ON_WITHIN_YEARS)
    if left_on is None:
        errors["left_on"] = "Enter the date the pupil moved on"
    elif left_on < placement.starts_on:
        errors["left_on"] = (
            f"The date the pupil moved on must be the same as or after the start of the placement "
            f"({long_date(placement.starts_on)})"
        )
    elif left_on > latest:
        errors["left_on"] = f"The date the pupil moved on must be the same as or before {long_date(latest)}"
    return errors


def _clean(values: dict, fields: tuple[str, ...]) -> dict:
    unknown = set(values) - set(fields)
    if unknown:
        raise TypeError(f"Not fields of this record: {', '.join(sorted(unknown))}")
    return {name: value.strip() if isinstance(value, str) else value for name, value in values.items()}


def _held_final_review_id(placement: Placement, *, by: Membership) -> int | None:
    return (
        Review.objects.visible_to(by)
        .filter(placement_id=placement.pk, kind=ReviewKind.FINAL, state=ReviewState.HELD)
        .values_list("pk", flat=True)
        .first()
    )


@transaction.atomic
def record_outcome(placement: Placement, *, by: Membership, values: dict) -> Saved:
    """Record (or correct) the outcome of an ended placement and make its check-ins. The first record
    links the final review when it was held; a change of the date the pupil moved on moves the check-ins
    still due. The same values again write nothing."""
    locked = Placement.objects.visible_to(by).select_for_update(of=("self",)).get(pk=placement.pk)
    if not rules.can_record_outcome(by, locked):
        raise PermissionDenied("Only the school's AP lead records the outcome of its ended placement")
    values = _clean(values, OUTCOME_FIELDS)
    errors = _outcome_errors(values, locked)
    if errors:
        raise ValidationError(errors)
    outcome = Outcome.objects.visible_to(by).filter(placement_id=locked.pk).first()
    if outcome is None:
        outcome = Outcome(
            placement=locked,
            final_review_id=_held_final_review_id(locked, by=by),
            recorded_by_id=by.user_id,
            **values,
        )
        outcome.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                outcome.save()
        except IntegrityError:  # recorded at the same moment elsewhere: the placement lock makes this rare
            raise ValidationError("The outcome was recorded a moment ago: look at it again") from None
        schedule.plan([outcome], by=by)
        return Saved(outcome, True)
    moved_on = outcome.left_on
    changed = assign_changes(outcome, values)
    if not changed:
        return Saved(outcome, False)
    if outcome.final_review_id is None:
        outcome.final_review_id = _held_final_review_id(locked, by=by)
        changed.append("final_review")
    outcome.full_clean(validate_constraints=False)
    outcome.save(update_fields=[*changed, "updated_at"])
    if outcome.left_on != moved_on:
        schedule.plan([outcome], by=by)
    return Saved(outcome, True)


def _check_in_errors(values: dict, check_in: CheckIn, today: datetime.date) -> dict:
    errors = {}
    if check_in.due_on > today:
        errors["__all__"] = f"This check-in can be recorded from {long_date(check_in.due_on)}"
    errors |= _destination_errors(values)
    if check_in.kind == CheckInKind.SUSTAINED and values.get("sustained") is None:
        errors["sustained"] = "Select whether the destination was sustained"
    if len(values.get("note") or "") > NOTE_LENGTH:
        errors["note"] = f"The note must be {NOTE_LENGTH:,} characters or fewer"
    return errors


@transaction.atomic
def record_check_in(check_in: CheckIn, *, by: Membership, values: dict) -> Saved:
    """Record where the pupil was found, from the day the check-in is due (or correct what was recorded).
    Whether the destination was sustained is asked of the sustained check only. The same values again
    write nothing."""
    locked = (
        CheckIn.objects.visible_to(by)
        .select_for_update(of=("self",))
        .select_related("placement")
        .get(pk=check_in.pk)
    )
    if not rules.can_record_check_in(by, locked):
        raise PermissionDenied("Only the school's AP lead records its check-ins")
    values = _clean(values, CHECK_IN_FIELDS)
    if locked.kind != CheckInKind.SUSTAINED:
        values["sustained"] = None
    errors = _check_in_errors(values, locked, timezone.localdate())
    if errors:
        raise ValidationError(errors)
    changed = assign_changes(locked, values)
    if locked.recorded_at is not None and not changed:
        return Saved(locked, False)
    if locked.recorded_at is None:
        locked.recorded_at, locked.recorded_by_id = timezone.now(), by.user_id
        changed += ["recorded_at", "recorded_by"]
    locked.full_clean(validate_constraints=False)
    locked.save(update_fields=[*changed, "updated_at"])
    return Saved(locked, True)
