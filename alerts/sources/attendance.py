"""Attendance a provider has not sent for the last school day (to the provider's managers and the
school's AP leads), and unexplained absences a provider marked (to the school's AP leads): DOMAIN.md 4
and 6. Both read what the school's attendance page reads (`attendance.selectors`), over every provider."""

from __future__ import annotations

import datetime

from django.urls import reverse

from alerts.kinds import AlertKind
from alerts.sources import Due, long_date, path_pattern
from attendance.days import monday_of, previous_school_day
from attendance.models import Mark, MarkKind
from attendance.selectors import placements_not_marked
from placements.models import Placement


def attendance_not_sent(today: datetime.date) -> list[Due]:
    """Each provider with a placement timetabled on the last school day and a session of it not marked,
    and each school with such a placement, once each, due that day. One query: the (provider, school)
    pairs of the placements not marked. A new school day lists the new day: yesterday's alert closes."""
    day = previous_school_day(today)
    pairs = (
        placements_not_marked(day, placements=Placement.objects.all(), marks=Mark.objects.all())
        .order_by()
        .values_list("provider_id", "provider__name", "school_id")
        .distinct()
    )
    grid = f"{reverse('attendance:grid')}?week={monday_of(day).isoformat()}"
    school_page = reverse("attendance:school")
    when = long_date(day)
    found: dict[tuple[int, str], Due] = {}
    for provider_id, provider, school_id in pairs:
        subject = f"attendance:{provider_id}"
        found[(provider_id, subject)] = Due(
            provider_id,
            subject,
            day,
            grid,
            f"Some sessions timetabled on {when} are not marked yet. Mark them on the weekly grid.",
        )
        found[(school_id, subject)] = Due(
            school_id,
            subject,
            day,
            school_page,
            f"{provider} has not marked every session timetabled for your pupils on {when}.",
        )
    return list(found.values())


def unexplained_absence(today: datetime.date) -> list[Due]:
    """Each placement a provider marked absent with no reason (unauthorised) today or on the last school
    day, once for the day whichever sessions: the days the school's attendance page lists them. It
    closes when the provider gives a reason (changes the mark), or once the day leaves that page."""
    days = [today, previous_school_day(today)]
    rows = (
        Mark.objects.filter(on__in=days, mark=MarkKind.UNAUTHORISED)
        .order_by()
        .values_list("placement_id", "on", "school_id", "provider__name")
        .distinct()
    )
    placement = path_pattern("placements:detail")
    return [
        Due(
            school_id,
            f"absence:{placement_id}",
            on,
            placement(placement_id),
            f"{provider} marked a pupil absent with no reason given (unauthorised) on {long_date(on)}.",
        )
        for placement_id, on, school_id, provider in rows
    ]


SOURCES = {
    AlertKind.ATTENDANCE_NOT_SENT: attendance_not_sent,
    AlertKind.UNEXPLAINED_ABSENCE: unexplained_absence,
}
