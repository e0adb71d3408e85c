"""School days and sessions: Monday to Friday, a morning and an afternoon each, and which of them a
placement's timetable (`Placement.sessions`, "mon_am".."fri_pm") has the pupil at the provision.

There is no term calendar in the service yet: every weekday counts as a school day, so holidays show as
sessions not marked until the provider marks them "not timetabled"."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

DAY_KEYS = ("mon", "tue", "wed", "thu", "fri")
HALVES = ("am", "pm")
ONE_DAY = datetime.timedelta(days=1)


def slot(on: datetime.date, half: str) -> str:
    """The timetable's name for the session: "mon_am" for a Monday morning. Weekends have none ("")."""
    weekday = on.weekday()
    return f"{DAY_KEYS[weekday]}_{half}" if weekday < 5 else ""


def is_school_day(on: datetime.date) -> bool:
    return on.weekday() < 5


def monday_of(on: datetime.date) -> datetime.date:
    return on - datetime.timedelta(days=on.weekday())


def previous_school_day(today: datetime.date) -> datetime.date:
    """The school day before `today`: Friday, on a Monday (or at a weekend)."""
    day = today - ONE_DAY
    while not is_school_day(day):
        day -= ONE_DAY
    return day


def school_days(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    day = first
    while day <= last:
        if is_school_day(day):
            yield day
        day += ONE_DAY


def timetabled_count(sessions: list[str], first: datetime.date, last: datetime.date) -> int:
    """How many sessions of the timetable `sessions` fall from `first` to `last`, both included: worked
    out per weekday, not day by day, so a year costs the same as a week."""
    if last < first:
        return 0
    days = (last - first).days + 1
    whole_weeks, rest = divmod(days, 7)
    total = 0
    for index, key in enumerate(DAY_KEYS):
        per_day = sum(f"{key}_{half}" in sessions for half in HALVES)
        if not per_day:
            continue
        extra = (index - first.weekday()) % 7 < rest  # one more of this weekday in the part week
        total += per_day * (whole_weeks + extra)
    return total


def academic_year_start(today: datetime.date) -> datetime.date:
    """1 September of the academic year `today` is in."""
    return datetime.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
