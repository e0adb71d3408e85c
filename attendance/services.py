"""Recording attendance: every way marks arrive (the weekly grid, an uploaded file, the API) calls
`record_marks`, which validates the whole batch before it writes anything, then writes it in one
transaction touching only the marks that are new or changed.

What it guarantees:
- Who: the acting membership is a provider's (manager or staff), and every row names one of the
  provider's own placements. A placement that is not its own reads exactly as one that does not exist.
- Which sessions: a school day (Monday to Friday), not in the future, from the placement's start to its
  end (its planned end while active, the day it ended once ended); never a planned or cancelled
  placement's; a session the timetable has the pupil at the provision, unless the mark says "not
  timetabled"; each session once in a batch.
- All or nothing: any problem refuses the whole batch with every problem by row (`MarksRefused`), and
  nothing is written.
- Sending the same marks again changes nothing (not even when they were recorded); a changed mark keeps
  the old one in the mark's history (a database trigger, `attendance.models.Mark`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from attendance import rules
from attendance.days import is_school_day, slot
from attendance.models import COMMENT_LIMIT, Half, Mark, MarkKind, Source
from placements.models import Placement
from placements.models import PlacementStatus as Status

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

MAX_PROBLEMS = 100  # shown; the rest are counted
# pg_advisory_xact_lock's first key: this lock's family. The second is the provider: one provider's
# batches are written one after another, so two at once cannot both insert the same session.
_LOCK_FAMILY = 8_201
# Django works a choices class's values out afresh at every use: checked for each row of a batch, that
# was a third of the time 10,000 marks took to check.
_HALVES = frozenset(Half.values)
_MARK_KINDS = frozenset(MarkKind.values)


@dataclass(frozen=True)
class MarkRow:
    """One mark as it arrived: `row` is where it came from (the file's row number, the grid's cell)."""

    row: int
    placement: int | str | None  # the placement's reference: its number
    on: datetime.date | None
    session: str  # "am" or "pm"
    mark: str  # a MarkKind value
    comment: str = ""


@dataclass(frozen=True)
class Problem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


@dataclass(frozen=True)
class Outcome:
    created: int
    changed: int
    unchanged: int

    @property
    def written(self) -> int:
        return self.created + self.changed


class MarksRefused(ValidationError):
    """Every problem with a batch, by row (the first MAX_PROBLEMS, and how many more): nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda problem: problem.row)
        self.shown = self.problems[:MAX_PROBLEMS]
        self.more = len(self.problems) - len(self.shown)
        messages = [str(problem) for problem in self.shown]
        if self.more:
            messages.append(f"and {self.more} more problem{'s' if self.more != 1 else ''}")
        super().__init__({"marks": messages})


def day_words(on: datetime.date) -> str:
    return f"{on:%-d %B %Y}"


def _end_of(placement: Placement) -> datetime.date:
    return placement.ended_on if placement.status == Status.ENDED else placement.planned_end_on


def session_refusal(placement: Placement, on: datetime.date, *, today: datetime.date) -> str | None:
    """Why a mark for `placement` on `on` cannot be made, in words that follow "Row N: ", or None. The
    grid asks this of each cell; `record_marks` of each row."""
    if placement.status == Status.PLANNED:
        return f"the placement has not started yet: it can be marked from {day_words(placement.starts_on)}"
    if placement.status == Status.CANCELLED:
        return "the placement was cancelled before it started: it has no sessions to mark"
    if not is_school_day(on):
        return f"{day_words(on)} is a {on:%A}: marks are for school days, Monday to Friday"
    if on > today:
        return f"{day_words(on)} is in the future: mark a session on the day or after it"
    if on < placement.starts_on:
        return f"{day_words(on)} is before the placement starts on {day_words(placement.starts_on)}"
    if on > (end := _end_of(placement)):
        ends = "ended" if placement.status == Status.ENDED else "ends"
        return f"{day_words(on)} is after the placement {ends} on {day_words(end)}"
    return None


def _reference(value) -> int | None:
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def own_placements(references: Iterable, *, by: Membership) -> dict[int, Placement]:
    """The placements among `references` made with the acting provider, by number: one query, with the
    keys a mark copies and what the checks read, never the pupil's record."""
    numbers = {number for value in references if (number := _reference(value)) is not None}
    if not numbers or not rules.can_record_marks(by):
        return {}
    found = (
        Placement.objects.visible_to(by)
        .filter(provider_id=by.organisation_id, pk__in=numbers)
        .only(
            "pk", "pupil_id", "school_id", "local_authority_id", "provider_id", "status",
            "starts_on", "planned_end_on", "ended_on", "sessions", "attendance_code",
        )
    )  # fmt: skip
    return {placement.pk: placement for placement in found}


def check_marks(
    rows: list[MarkRow], *, by: Membership, today: datetime.date | None = None
) -> tuple[list[Problem], dict[int, Placement]]:
    """Every problem with `rows` (none: they may be written), and the placements they name. Reads one
    query; writes nothing."""
    today = today or timezone.localdate()
    placements = own_placements((row.placement for row in rows), by=by)
    problems: list[Problem] = []
    first_of: dict[tuple, int] = {}
    for row in rows:
        found = []
        placement = placements.get(_reference(row.placement))
        if placement is None:
            shown = str(row.placement if row.placement is not None else "").strip()[:20] or "(blank)"
            found.append(f"there is no placement {shown} with you: check the placement reference")
        if row.session not in _HALVES:
            found.append("the session must be AM or PM")
        if row.mark not in _MARK_KINDS:
            found.append(f'"{str(row.mark)[:40]}" is not a mark we know')
        if len(row.comment or "") > COMMENT_LIMIT:
            found.append(f"the comment must be {COMMENT_LIMIT} characters or fewer")
        if not isinstance(row.on, datetime.date):
            found.append("the date is missing")
        elif placement is not None:
            if refusal := session_refusal(placement, row.on, today=today):
                found.append(refusal)
            elif (
                row.session in _HALVES
                and row.mark != MarkKind.NOT_TIMETABLED
                and slot(row.on, row.session) not in placement.sessions
            ):
                found.append(
                    f"the pupil is not timetabled with you on {row.on:%A} "
                    f'{Half(row.session).label.lower()}s: mark the session "not timetabled" or check the '
                    "date and session"
                )
            key = (placement.pk, row.on, row.session)
            if key in first_of:
                found.append(f"the same session as row {first_of[key]}: a session is marked once")
            else:
                first_of[key] = row.row
        problems += [Problem(row.row, message) for message in found]
    return problems, placements


def record_marks(
    rows: list[MarkRow], *, by: Membership, source: str, today: datetime.date | None = None
) -> Outcome:
    """Validate the whole batch, then write it in one transaction: new marks created, changed ones
    updated (the old mark kept in history), identical ones left alone. Raises `MarksRefused` (a
    ValidationError) listing every problem by row, with nothing written, or PermissionDenied for a
    membership that is not a provider's."""
    if not rules.can_record_marks(by):
        raise PermissionDenied
    if source not in Source.values:
        raise ValueError(f"unknown source {source!r}")
    problems, placements = check_marks(rows, by=by, today=today)
    if problems:
        raise MarksRefused(problems)
    if not rows:
        return Outcome(0, 0, 0)
    now = timezone.now()
    user_id = getattr(by, "user_id", None)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_FAMILY, by.organisation_id])
        existing = _existing(rows, placements, by=by)
        new, changed = [], []
        for row in rows:
            placement = placements[_reference(row.placement)]
            comment = row.comment or ""
            mark = existing.get((placement.pk, row.on, row.session))
            if mark is None:
                new.append((placement, row.on, row.session, row.mark, comment))
            elif mark[1] != row.mark or mark[2] != comment:
                changed.append((mark[0], row.mark, comment))
        if new:
            cursor.execute(_INSERT, [source, user_id, now, *map(list, zip(*_columns(new), strict=True))])
        if changed:
            cursor.execute(_UPDATE, [source, user_id, now, *map(list, zip(*changed, strict=True))])
    return Outcome(created=len(new), changed=len(changed), unchanged=len(rows) - len(new) - len(changed))


# A batch is written in one statement each way, its values passed as arrays: Django's bulk_create and
# bulk_update build a parameter per field per row and a CASE per updated field, which for 10,000 marks
# cost several times the database's own work. Every row was read through `visible_to(by)` above.
_INSERT = """
    INSERT INTO attendance_mark (placement_id, school_id, local_authority_id, provider_id, pupil_id, "on",
                                 session, mark, comment, source, recorded_by_id, recorded_at)
    SELECT placement_id, school_id, local_authority_id, provider_id, pupil_id, "on", session, mark, comment,
           %s, %s, %s
    FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[], %s::bigint[], %s::date[],
                %s::text[], %s::text[], %s::text[])
         AS new (placement_id, school_id, local_authority_id, provider_id, pupil_id, "on", session, mark,
                 comment)
"""
_UPDATE = """
    UPDATE attendance_mark AS mark
    SET mark = changed.mark, comment = changed.comment, source = %s, recorded_by_id = %s, recorded_at = %s
    FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS changed (id, mark, comment)
    WHERE mark.id = changed.id
"""


def _columns(new: list[tuple]) -> list[tuple]:
    return [
        (p.pk, p.school_id, p.local_authority_id, p.provider_id, p.pupil_id, on, session, mark, comment)
        for p, on, session, mark, comment in new
    ]


def _existing(rows: list[MarkRow], placements: dict[int, Placement], *, by: Membership) -> dict[tuple, tuple]:
    """The marks already recorded for the batch's sessions, by (placement, date, session), as (id, mark,
    comment): one query over the batch's placements and dates."""
    days = [row.on for row in rows]
    wanted = {(_reference(row.placement), row.on, row.session) for row in rows}
    found = (
        Mark.objects.visible_to(by)
        .filter(placement_id__in=list(placements), on__gte=min(days), on__lte=max(days))
        .values_list("placement_id", "on", "session", "pk", "mark", "comment")
    )
    return {
        (placement_id, on, session): (pk, mark, comment)
        for placement_id, on, session, pk, mark, comment in found
        if (placement_id, on, session) in wanted
    }
