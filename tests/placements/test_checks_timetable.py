"""The timetable's checks at their boundaries: hours a week the sessions ticked can hold (6 for each, a
session being half a school day)."""

import datetime
from decimal import Decimal

import pytest

from placements import checks

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


# --- Hours against sessions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "sessions", "error"),
    [
        ("6", 1, None),
        ("60", 10, None),
        ("24", 4, None),
        ("0.5", 1, None),
        (
            "60",
            1,
            "60 hours is more than 6 hours for the 1 session ticked: check the hours or the sessions",
        ),
        (
            "6.5",
            1,
            "6.5 hours is more than 6 hours for the 1 session ticked: check the hours or the sessions",
        ),
        (
            "24.5",
            4,
            "24.5 hours is more than 6 hours for each of the 4 sessions ticked (24 hours in all): "
            "check the hours or the sessions",
        ),
        ("15", 0, "Choose the sessions for the 15 hours a week at the provision"),
        (None, 0, None),
    ],
)
def test_hours_are_no_more_than_6_for_each_session_ticked(hours, sessions, error):
    given = None if hours is None else Decimal(hours)
    assert checks.hours_for_sessions_error(given, sessions) == error
