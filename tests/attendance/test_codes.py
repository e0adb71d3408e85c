"""The provider's words, the file's short codes, the school's register codes (DOMAIN.md 4), and counting
a timetable's sessions between two dates."""

import datetime
from types import SimpleNamespace

import pytest

from attendance.codes import mark_from_words, school_code
from attendance.days import previous_school_day, timetabled_count

PLACEMENT = SimpleNamespace(attendance_code="K")


@pytest.mark.parametrize(
    ("mark", "full_time", "part_time"),
    [
        ("present", "K", "K"),
        ("late", "K", "K"),
        ("illness", "I", "I"),
        ("medical", "M", "M"),
        ("religious", "R", "R"),
        ("other_authorised", "C", "C"),
        ("unauthorised", "O", "O"),
        ("not_timetabled", "-", "C2"),
    ],
)
def test_each_mark_becomes_the_schools_code(mark, full_time, part_time):
    assert school_code(mark, PLACEMENT, part_time=False) == full_time
    assert school_code(mark, PLACEMENT, part_time=True) == part_time


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("P", "present"),
        ("p", "present"),
        (" Present ", "present"),
        ("LATE", "late"),
        ("Absent, authorised: illness", "illness"),
        ("absent authorised medical appointment", "medical"),
        ("R", "religious"),
        ("Absent, authorised: other reason", "other_authorised"),
        ("U", "unauthorised"),
        ("Absent, unauthorised", "unauthorised"),
        ("not timetabled", "not_timetabled"),
        ("x", "not_timetabled"),
        ("other_authorised", "other_authorised"),
        ("Pesent", None),
        ("", None),
        ("O", None),  # the school's code for unauthorised, not a provider's word
    ],
)
def test_a_files_mark_is_read_from_the_words_or_the_short_code(text, mark):
    assert mark_from_words(text) == mark


def test_a_timetable_is_counted_per_weekday_without_walking_the_days():
    mon_wed = ["mon_am", "mon_pm", "wed_am"]
    monday = datetime.date(2026, 3, 2)
    assert timetabled_count(mon_wed, monday, monday) == 2
    assert timetabled_count(mon_wed, monday, monday + datetime.timedelta(days=6)) == 3
    assert (
        timetabled_count(mon_wed, monday + datetime.timedelta(days=1), monday + datetime.timedelta(days=8))
        == 3
    )
    assert timetabled_count(mon_wed, monday, monday + datetime.timedelta(weeks=10, days=-1)) == 30
    assert timetabled_count(mon_wed, monday, monday - datetime.timedelta(days=1)) == 0
    # the same as counting day by day, over every start and length of a fortnight
    for start in range(7):
        for length in range(15):
            first = monday + datetime.timedelta(days=start)
            last = first + datetime.timedelta(days=length)
            by_day = sum(
                f"{('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')[d.weekday()]}_{h}" in mon_wed
                for d in (first + datetime.timedelta(days=n) for n in range(length + 1))
                for h in ("am", "pm")
            )
            assert timetabled_count(mon_wed, first, last) == by_day


def test_the_school_day_before_a_monday_is_the_friday():
    assert previous_school_day(datetime.date(2026, 3, 9)) == datetime.date(2026, 3, 6)
    assert previous_school_day(datetime.date(2026, 3, 8)) == datetime.date(2026, 3, 6)
    assert previous_school_day(datetime.date(2026, 3, 10)) == datetime.date(2026, 3, 9)
