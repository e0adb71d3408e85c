"""Counting marks in the database: which marks fall on a session the placement's timetable has, and the
counts every summary reads (possible, attended, absences by kind), each one aggregate query."""

from django.db.models import BooleanField, Case, CharField, Count, F, Func, Q, Value, When
from django.db.models.functions import Concat

from attendance.days import DAY_KEYS
from attendance.models import MarkKind

K = MarkKind


class _IsAnyOf(Func):
    """`value = ANY(array)`, true when the array holds the value."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def on_timetable(path: str = "") -> Func:
    """True for a mark on a session its placement's timetable has ("mon_am" in `sessions`)."""
    day = Case(
        *[When(**{f"{path}on__iso_week_day": i}, then=Value(f"{key}_")) for i, key in enumerate(DAY_KEYS, 1)],
        default=Value("none_"),
        output_field=CharField(),
    )
    return _IsAnyOf(
        Concat(day, F(f"{path}session"), output_field=CharField()), F(f"{path}placement__sessions")
    )


# The counts each summary shows, as aggregates over marks. `possible` leaves out "not timetabled".
COUNTS = {
    "possible": Count("pk", filter=~Q(mark=K.NOT_TIMETABLED)),
    "attended": Count("pk", filter=Q(mark__in=K.attended())),
    "late": Count("pk", filter=Q(mark=K.LATE)),
    "unauthorised": Count("pk", filter=Q(mark=K.UNAUTHORISED)),
    "illness": Count("pk", filter=Q(mark=K.ILLNESS)),
    "authorised": Count("pk", filter=Q(mark__in=(K.MEDICAL, K.RELIGIOUS, K.OTHER_AUTHORISED))),
}

# The school tells the LA of 10 days of unauthorised absence and 15 days of illness (DOMAIN.md 4).
UNAUTHORISED_SESSIONS_TO_REPORT = 20
ILLNESS_SESSIONS_TO_REPORT = 30
