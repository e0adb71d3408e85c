"""Recording what happens during a placement: progress against its objectives (one value, or many at once
for the API and uploads) and incidents. The pages call these, and the API will: every rule is here.

Every function checks who acts (`progress.rules`: the provider delivering the placement), reads and locks
through the acting membership's view (so another provider's objective or placement is not found, never
refused by name), validates the whole input with plain-English messages keyed by field, and writes in one
transaction. The same values again change nothing and write no history; a changed value is an edit that
the history keeps, never a delete.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apcommission.changes import assign_changes
from apcommission.forms.dates import long_date
from apcommission.tenancy.roles import OrganisationKind as Kind
from placements.models import Objective, Placement
from placements.models import PlacementStatus as Status
from progress import rules
from progress.models import Incident, IncidentKind, ProgressEntry, Severity

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

MOST_VALUE = Decimal("999999.99")
TEXT_LIMIT = 5000
MOST_ROWS = 5000
ROW_FIELDS = ("objective", "value", "on", "comment")
NOT_A_NUMBER = "Enter the value as a number, like 75 or 2.5"


class Outcome(StrEnum):
    RECORDED = "recorded"
    CORRECTED = "corrected"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Recorded:
    """What recording a value did: a new entry, a correction of the day's entry, or nothing."""

    entry: ProgressEntry
    outcome: Outcome


@dataclass(frozen=True)
class RowError:
    row: int  # counted from 1, the first row sent
    field: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


class RowsRefused(ValidationError):
    """Rows that cannot be recorded, each with its number and the reason (`rows`); nothing was written.
    As a ValidationError its messages are keyed `rows`: "Row 3: The date must be today or in the past"."""

    def __init__(self, errors: list[RowError]):
        self.rows = errors
        super().__init__({"rows": [str(error) for error in errors]})


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _is_provider(membership: Membership) -> bool:
    return membership is not None and membership.organisation.kind == Kind.PROVIDER


# --- Checking what is recorded ----------------------------------------------------------------------


def _number(raw: object) -> tuple[Decimal | None, str | None]:
    """The value as a number of at most 2 decimal places, or why it is not one. "15.00" is 15."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, "Enter the value"
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        return None, NOT_A_NUMBER
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        return None, NOT_A_NUMBER
    if not value.is_finite():
        return None, NOT_A_NUMBER
    if value < 0:
        return None, "The value must be 0 or more"
    if value > MOST_VALUE:
        return None, f"The value must be {MOST_VALUE:,} or less"
    kept = value.quantize(Decimal("0.01"))
    if kept != value:
        return None, "Enter the value with no more than 2 decimal places"
    return kept, None


def _date(raw: object) -> tuple[datetime.date | None, str | None]:
    if raw is None or raw == "":
        return None, "Enter the date"
    if isinstance(raw, datetime.datetime):
        return None, "Enter the date as a day, like 2026-05-04"
    if isinstance(raw, datetime.date):
        return raw, None
    if isinstance(raw, str):
        try:
            return datetime.date.fromisoformat(raw.strip()), None
        except ValueError:
            pass
    return None, "Enter the date as a real date, like 2026-05-04"


def _within_placement(placement: Placement, on: datetime.date, today: datetime.date) -> str | None:
    """Why `on` is not a day of the placement so far, or None: from its start to its end, or to today."""
    if on > today:
        return "The date must be today or in the past"
    if on < placement.starts_on:
        return (
            f"The date must be the same as or after the placement started ({long_date(placement.starts_on)})"
        )
    if placement.status == Status.ENDED and placement.ended_on and on > placement.ended_on:
        return f"The date must be the same as or before the placement ended ({long_date(placement.ended_on)})"
    return None


def _not_recording(placement: Placement) -> str | None:
    """Why nothing is recorded for the placement now, or None while it runs or once it has ended."""
    if placement.status == Status.PLANNED:
        return "The placement has not started yet: record progress and incidents once it has"
    if placement.status == Status.CANCELLED:
        return "The placement was cancelled before it started: there is nothing to record"
    return None


def _text(raw: object, name: str, *, required: str | None = None) -> tuple[str, str | None]:
    text = (raw or "").strip() if isinstance(raw, str | None) else None
    if text is None:
        return "", f"Enter {name} as text"
    if required and not text:
        return "", required
    if len(text) > TEXT_LIMIT:
        return text, f"{name[:1].upper()}{name[1:]} must be {TEXT_LIMIT:,} characters or fewer"
    return text, None


@dataclass(frozen=True)
class _Progress:
    value: Decimal
    on: datetime.date
    comment: str


def _progress_errors(
    objective: Objective, placement: Placement, *, value: object, on: object, comment: object
) -> tuple[_Progress | None, dict[str, str]]:
    """The entry as it would be stored, or what is wrong with it, by field."""
    errors: dict[str, str] = {}
    number, problem = _number(value)
    if problem:
        errors["value"] = problem
    elif objective.unit.strip() == "%" and number > 100:
        errors["value"] = "A percentage must be between 0 and 100"
    day, problem = _date(on)
    if problem is None:
        problem = _within_placement(placement, day, timezone.localdate())
    if problem:
        errors["on"] = problem
    words, problem = _text(comment, "the comment")
    if problem:
        errors["comment"] = problem
    if errors:
        return None, errors
    return _Progress(number, day, words), {}


# --- Progress -----------------------------------------------------------------------------------------


def _write(
    objective: Objective,
    placement: Placement,
    progress: _Progress,
    *,
    by: Membership,
    existing: ProgressEntry | None,
) -> Recorded:
    """A new entry, or the day's entry corrected (its history kept), or nothing when it says the same."""
    if existing is None:
        entry = ProgressEntry(
            objective=objective,
            value=progress.value,
            on=progress.on,
            comment=progress.comment,
            recorded_by=by.user,
        )
        entry.copy_keys(placement)
        entry.save()
        return Recorded(entry, Outcome.RECORDED)
    changed = assign_changes(existing, {"value": progress.value, "comment": progress.comment})
    if not changed:
        return Recorded(existing, Outcome.UNCHANGED)
    existing.corrected_at, existing.corrected_by = timezone.now(), by.user
    existing.save(update_fields=[*changed, "corrected_at", "corrected_by"])
    return Recorded(existing, Outcome.CORRECTED)


def _recording_placement(objective: Objective, *, by: Membership) -> Placement:
    placement = Placement.objects.visible_to(by).get(pk=objective.placement_id)
    if not rules.can_record(by, placement):
        if rules.delivers(by, placement) and (reason := _not_recording(placement)):
            raise ValidationError(reason)
        raise PermissionDenied("Only the provider delivering the placement records its progress")
    return placement


@transaction.atomic
def record_progress(
    objective: Objective, *, by: Membership, value: object, on: object, comment: object = ""
) -> Recorded:
    """Record where the pupil was on `on` against `objective`: a number in the objective's unit ("15.00"
    is 15; at most 2 decimal places; 0 to 100 for a percentage), on a day of the placement (from its start
    to its end, or to today; never in the future), with an optional comment. Only the provider delivering
    an active (or ended) placement records. One value an objective a day: a value already recorded for
    that day is corrected (the history keeps the old one), and the same value and comment again change
    nothing."""
    if not _is_provider(by):
        raise PermissionDenied("Only the provider delivering the placement records its progress")
    locked = Objective.objects.visible_to(by).select_for_update().get(pk=objective.pk)
    placement = _recording_placement(locked, by=by)
    progress, errors = _progress_errors(locked, placement, value=value, on=on, comment=comment)
    _refuse(errors)
    existing = (
        ProgressEntry.objects.visible_to(by)
        .select_for_update()
        .filter(objective_id=locked.pk, on=progress.on)
        .first()
    )
    return _write(locked, placement, progress, by=by, existing=existing)


@transaction.atomic
def correct_progress(
    entry: ProgressEntry, *, by: Membership, value: object, on: object, comment: object = ""
) -> Recorded:
    """Correct a recorded value, its date or its comment, by the provider that recorded it, under the same
    rules as recording it; a date that already has a value of the same objective is refused (correct that
    one). The history keeps what it said before. The same values again change nothing."""
    locked = ProgressEntry.objects.visible_to(by).select_for_update().get(pk=entry.pk)
    if not rules.can_correct(by, locked):
        raise PermissionDenied("Only the provider that recorded the value corrects it")
    objective = Objective.objects.visible_to(by).get(pk=locked.objective_id)
    placement = Placement.objects.visible_to(by).get(pk=locked.placement_id)
    progress, errors = _progress_errors(objective, placement, value=value, on=on, comment=comment)
    _refuse(errors)
    changed = assign_changes(
        locked, {"value": progress.value, "on": progress.on, "comment": progress.comment}
    )
    if not changed:
        return Recorded(locked, Outcome.UNCHANGED)
    if "on" in changed:
        taken = ProgressEntry.objects.visible_to(by).filter(objective_id=objective.pk, on=progress.on)
        if taken.exclude(pk=locked.pk).exists():
            raise ValidationError(
                {"on": f"A value is already recorded for {long_date(progress.on)}: correct that one instead"}
            )
    locked.corrected_at, locked.corrected_by = timezone.now(), by.user
    locked.save(update_fields=[*changed, "corrected_at", "corrected_by"])
    return Recorded(locked, Outcome.CORRECTED)


def _objective_id(raw: object) -> int | None:
    if isinstance(raw, Objective):
        return raw.pk
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        return int(raw.strip())
    return None


@transaction.atomic
def record_progress_many(rows: Iterable[Mapping[str, object]], *, by: Membership) -> list[Recorded]:
    """Record many values at once (the API, an upload), all or nothing. Each row is a mapping of
    `objective` (an id, or the objective), `value`, `on` (a date, or ISO text) and optionally `comment`,
    checked as `record_progress` checks one. Every row is checked before anything is written: any that
    cannot be recorded raise `RowsRefused`, naming each by its number (the first row is 1) with the reason,
    and nothing is written. An objective that is not one of the acting provider's placements' is "not
    found", whoever's it is. Two rows for the same objective and day are refused. Sending the same rows
    again changes nothing. Returns what each row did, in order."""
    if not _is_provider(by):
        raise PermissionDenied("Only the provider delivering the placement records its progress")
    rows = list(rows)
    if not rows:
        raise RowsRefused([RowError(1, "rows", "Send at least one row")])
    if len(rows) > MOST_ROWS:
        raise RowsRefused([RowError(MOST_ROWS + 1, "rows", f"Send at most {MOST_ROWS:,} rows at once")])
    wanted = {pk for row in rows if isinstance(row, Mapping) and (pk := _objective_id(row.get("objective")))}
    objectives = Objective.objects.visible_to(by).select_for_update().in_bulk(sorted(wanted))
    placement_ids = {objective.placement_id for objective in objectives.values()}
    placements = Placement.objects.visible_to(by).in_bulk(placement_ids)
    errors: list[RowError] = []
    accepted: list[tuple[Objective, Placement, _Progress]] = []
    first_row: dict[tuple[int, datetime.date], int] = {}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            errors.append(RowError(number, "rows", "Send each row with an objective, a value and a date"))
            continue
        unknown = sorted(str(name) for name in row if name not in ROW_FIELDS)
        if unknown:
            errors.append(
                RowError(
                    number, unknown[0], f"Unknown field {unknown[0]}: send objective, value, on and comment"
                )
            )
            continue
        pk = _objective_id(row.get("objective"))
        objective = objectives.get(pk) if pk is not None else None
        if objective is None:
            shown = row.get("objective")
            errors.append(
                RowError(number, "objective", f"No objective {shown} of a placement with you was found")
            )
            continue
        placement = placements[objective.placement_id]
        if not rules.can_record(by, placement):
            errors.append(RowError(number, "objective", _not_recording(placement) or "Not yours to record"))
            continue
        progress, problems = _progress_errors(
            objective, placement, value=row.get("value"), on=row.get("on"), comment=row.get("comment", "")
        )
        if problems:
            errors += [RowError(number, field, message) for field, message in problems.items()]
            continue
        key = (objective.pk, progress.on)
        if key in first_row:
            errors.append(
                RowError(
                    number,
                    "on",
                    f"Row {first_row[key]} already gives a value for this objective on "
                    f"{long_date(progress.on)}: send one value an objective a day",
                )
            )
            continue
        first_row[key] = number
        accepted.append((objective, placement, progress))
    if errors:
        raise RowsRefused(errors)
    days = [progress.on for _o, _p, progress in accepted]
    existing = {
        (entry.objective_id, entry.on): entry
        for entry in ProgressEntry.objects.visible_to(by)
        .select_for_update()
        .filter(objective_id__in=objectives.keys(), on__range=(min(days), max(days)))
    }
    return [
        _write(objective, placement, progress, by=by, existing=existing.get((objective.pk, progress.on)))
        for objective, placement, progress in accepted
    ]


# --- Incidents ----------------------------------------------------------------------------------------

INCIDENT_FIELDS = (
    "occurred_on",
    "occurred_at",
    "kind",
    "severity",
    "what_happened",
    "action_taken",
    "parent_told_on",
)


def _unknown(values: Mapping[str, object]) -> None:
    unknown = set(values) - set(INCIDENT_FIELDS)
    if unknown:
        raise TypeError(f"Not fields of an incident: {', '.join(sorted(unknown))}")


def _incident_errors(incident: Incident, placement: Placement) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if not isinstance(incident.occurred_on, datetime.date) or isinstance(
        incident.occurred_on, datetime.datetime
    ):
        errors["occurred_on"] = "Enter the date of the incident"
    elif problem := _within_placement(placement, incident.occurred_on, today):
        errors["occurred_on"] = problem.replace("The date", "The date of the incident", 1)
    if incident.occurred_at is not None and not isinstance(incident.occurred_at, datetime.time):
        errors["occurred_at"] = "Enter the time like 14:30, or leave it blank"
    if incident.kind not in IncidentKind.values:
        errors["kind"] = "Choose what kind of incident it was"
    if incident.severity not in Severity.values:
        errors["severity"] = "Choose how serious it was"
    for name, words, required in (
        ("what_happened", "what happened", "Enter what happened"),
        ("action_taken", "what was done", "Enter what was done about it"),
    ):
        text, problem = _text(getattr(incident, name), words, required=required)
        setattr(incident, name, text)
        if problem:
            errors[name] = problem
    told = incident.parent_told_on
    if told is not None:
        if not isinstance(told, datetime.date) or isinstance(told, datetime.datetime):
            errors["parent_told_on"] = "Enter the date the parent or carer was told"
        elif told > today:
            errors["parent_told_on"] = "The date the parent or carer was told must be today or in the past"
        elif "occurred_on" not in errors and told < incident.occurred_on:
            errors["parent_told_on"] = (
                "The date the parent or carer was told must be the same as or after the date of the incident"
            )
    return errors


@transaction.atomic
def record_incident(placement: Placement, *, by: Membership, **values: object) -> Incident:
    """Record an incident at an active (or ended) placement: when (a day of the placement, not in the
    future; the time if known), what kind, how serious, what happened, what was done, and when the parent
    or carer was told (on or after the day, not in the future), by the provider delivering it. A
    high-severity incident is shown to the school at once (`progress.waiting`)."""
    _unknown(values)
    if not _is_provider(by):
        raise PermissionDenied("Only the provider delivering the placement records its incidents")
    locked = Placement.objects.visible_to(by).select_for_update().get(pk=placement.pk)
    if not rules.can_record(by, locked):
        if rules.delivers(by, locked) and (reason := _not_recording(locked)):
            raise ValidationError(reason)
        raise PermissionDenied("Only the provider delivering the placement records its incidents")
    incident = Incident(recorded_by=by.user, **values)
    incident.copy_keys(locked)
    _refuse(_incident_errors(incident, locked))
    incident.save()
    return incident


@transaction.atomic
def update_incident(incident: Incident, *, by: Membership, **changes: object) -> Incident:
    """Change a recorded incident (say when the parent was told, or put right what was recorded), by the
    provider that recorded it, under the same rules. The history keeps what it said before; the same values
    again change nothing."""
    _unknown(changes)
    locked = Incident.objects.visible_to(by).select_for_update().get(pk=incident.pk)
    if not rules.can_correct(by, locked):
        raise PermissionDenied("Only the provider that recorded the incident changes it")
    placement = Placement.objects.visible_to(by).get(pk=locked.placement_id)
    if isinstance(changes.get("what_happened"), str):
        changes["what_happened"] = changes["what_happened"].strip()
    if isinstance(changes.get("action_taken"), str):
        changes["action_taken"] = changes["action_taken"].strip()
    changed = assign_changes(locked, changes)
    if not changed:
        return locked
    _refuse(_incident_errors(locked, placement))
    locked.updated_at, locked.updated_by = timezone.now(), by.user
    locked.save(update_fields=[*changed, "updated_at", "updated_by"])
    return locked
