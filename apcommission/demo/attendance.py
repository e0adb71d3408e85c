"""A term of attendance for the demo's placements, so the attendance pages have something to show: for
every active (and ended) placement, its timetabled sessions over the last ten weeks (or since it
started) up to this morning, mostly present, some late, a few absences with their reasons; Jordan Pike
absent, unauthorised, this morning (the schools' same-day absence); and Bridges Tuition, which
has not sent the last school day's marks (the schools' list of providers that have not).

Written in bulk, as a provider's file would be, for placements at providers the demo has no one to sign
in for as well as those it has. A placement that has marks already is left as it is, so loading again
changes nothing.
"""

import datetime
import zlib

from django.utils import timezone

from apcommission.tenancy.scoping import unscoped
from attendance.days import is_school_day, previous_school_day, school_days, slot
from attendance.models import Mark, MarkKind, Source
from placements.models import Placement, PlacementStatus

K = MarkKind
TERM = datetime.timedelta(weeks=10)
ABSENT_TODAY = ("Jordan", "Pike")
NOT_MARKED_YESTERDAY = "Bridges Tuition"
# Out of every 100 sessions: the rest present.
PATTERN = [(K.LATE, 6), (K.ILLNESS, 3), (K.MEDICAL, 1), (K.OTHER_AUTHORISED, 1), (K.UNAUTHORISED, 2)]


def _mark(placement_id: int, on: datetime.date, half: str) -> str:
    """A steady, repeatable mark for the session (the same on every load)."""
    roll = zlib.crc32(f"{placement_id}-{on.isoformat()}-{half}".encode()) % 100
    for kind, share in PATTERN:
        if roll < share:
            return kind
        roll -= share
    return K.PRESENT


def seed_attendance(*, today: datetime.date | None = None) -> int:
    """Marks for the demo placements that have none; returns how many were made."""
    today = today or timezone.localdate()
    last_day = previous_school_day(today)
    # Jordan's absence is this morning's, or the last school day's at a weekend.
    absence_day = today if is_school_day(today) else last_day
    now = timezone.now()
    made = []
    with unscoped("demo attendance: a term of marks written in bulk, as a provider's file would be"):
        placements = (
            Placement.objects.filter(status__in=(PlacementStatus.ACTIVE, PlacementStatus.ENDED))
            .exclude(pk__in=Mark.objects.values("placement_id"))
            .select_related("pupil", "provider")
        )
        for placement in placements:
            first = max(placement.starts_on, today - TERM)
            last = min(today, placement.ended_on or placement.planned_end_on)
            absent_today = (placement.pupil.legal_forename, placement.pupil.legal_surname) == ABSENT_TODAY
            for on in school_days(first, last):
                if on == last_day and placement.provider.name == NOT_MARKED_YESTERDAY:
                    continue
                for half in ("am", "pm"):
                    if slot(on, half) not in placement.sessions or (on == today and half == "pm"):
                        continue  # today's afternoon is still to come
                    mark = _mark(placement.pk, on, half)
                    if on == absence_day and half == "am" and absent_today:
                        mark = K.UNAUTHORISED
                    elif on == today:
                        mark = K.PRESENT
                    elif mark == K.UNAUTHORISED and (absent_today or on >= last_day):
                        mark = K.PRESENT  # the one unexplained absence of these two days is Jordan's
                    made.append(
                        Mark(
                            placement=placement,
                            school_id=placement.school_id,
                            local_authority_id=placement.local_authority_id,
                            provider_id=placement.provider_id,
                            pupil_id=placement.pupil_id,
                            on=on,
                            session=half,
                            mark=mark,
                            comment="No answer from home yet"
                            if mark == K.UNAUTHORISED and on == today
                            else "",
                            source=Source.FILE,
                            recorded_at=now,
                        )
                    )
        Mark.objects.bulk_create(made, batch_size=2000)
    return len(made)
