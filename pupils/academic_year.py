"""England's academic year, which starts on 1 September, and the National Curriculum year group a date
of birth puts a pupil in."""

import datetime


def academic_year(day: datetime.date) -> int:
    """The academic year `day` falls in, named by the calendar year it starts in (2026 is 2026/27)."""
    return day.year if day.month >= 9 else day.year - 1


def year_group(date_of_birth: datetime.date, on: datetime.date) -> int:
    """The year group (Reception is 0) of a pupil born on `date_of_birth`, in the academic year `on` falls
    in. Children born in one academic year (September to August) start Reception together in the
    September after they turn four: born 1 September 2014 to 31 August 2015, Year 7 in 2026/27."""
    return academic_year(on) - academic_year(date_of_birth) - 5
