"""The timetable's checks at their boundaries: hours a week the sessions ticked can hold (6 for each, a
session being half a school day), a session timetabled at two of a pupil's current placements (warned of,
never refused), and a part-time plan's step after the pupil is already back to full time."""

import datetime
from decimal import Decimal

import pytest

from apcommission.forms.dates import long_date
from apcommission.tenancy.scoping import acting_as
from placements import checks
from placements.entitlement import DEFAULT_RULES, full_time_hours
from placements.models import PlacementStatus
from tests.placements.factories import PlacementFactory, PlacementRulesFactory
from tests.pupils.factories import PupilFactory

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


# --- A part-time plan's steps after full time ----------------------------------------------------


def full_time_24(_on):
    return Decimal(24)


def test_steps_that_rise_to_full_time_are_all_needed():
    steps = {1: (TODAY + 7 * DAY, Decimal(12)), 2: (TODAY + 14 * DAY, Decimal(18)), 3: (TODAY + 21 * DAY, 24)}

    assert checks.steps_after_full_time(steps, full_time_on=full_time_24) == {}


def test_a_step_after_the_pupil_is_back_to_full_time_is_refused_by_its_number():
    later = TODAY + 21 * DAY
    # Typed out of order: step 3 is the earliest, and already full time.
    steps = {1: (TODAY + 14 * DAY, Decimal(30)), 2: (later, Decimal(40)), 3: (TODAY + 7 * DAY, Decimal(24))}

    errors = checks.steps_after_full_time(steps, full_time_on=full_time_24)

    assert errors == {
        1: f"Step 3 already gives the pupil a full-time week of 24 hours by {long_date(TODAY + 14 * DAY)}: "
        "leave step 1 blank, or give step 3 fewer hours",
        2: f"Step 1 already gives the pupil a full-time week of 24 hours by {long_date(later)}: "
        "leave step 2 blank, or give step 1 fewer hours",
    }


def test_a_step_for_a_longer_full_time_week_in_a_new_year_group_is_allowed():
    """24 hours reaches Year 10's week in July; Year 11's is 25 from September, so a step to 25 is needed."""
    july, september = datetime.date(2026, 7, 1), datetime.date(2026, 9, 7)

    def full_time_on(on):
        return full_time_hours(10 if on < datetime.date(2026, 9, 1) else 11, DEFAULT_RULES)

    steps = {1: (july, Decimal(24)), 2: (september, Decimal(25))}

    assert checks.steps_after_full_time(steps, full_time_on=full_time_on) == {}


def test_the_full_time_week_on_a_day_follows_the_pupils_year_group_and_las_numbers(world):
    PlacementRulesFactory(local_authority=world.la, hours_year_11=Decimal("26"))
    reason = {"year_group_reason": "Taught out of year group."}
    year_11 = PupilFactory(school=world.school, year_group_override=11, **reason)
    year_9 = PupilFactory(school=world.school, year_group_override=9, **reason)
    membership = world.members["ap_lead"]
    with acting_as(membership):
        weeks = [checks.full_time_week_on(pupil, membership=membership) for pupil in (year_11, year_9)]

    assert [full_time_on(TODAY) for full_time_on in weeks] == [Decimal(26), Decimal(24)]


# --- Sessions timetabled twice -------------------------------------------------------------------


def clash_world(world, **other):
    """Amira at the world's provider Monday to Wednesday, and a placement of hers at Otherton College as
    `other` makes it (Monday morning and Thursday by default), both running now."""
    pupil = PupilFactory(school=world.school, legal_forename="Amira")
    placement = PlacementFactory(pupil=pupil, provider=world.provider)
    values = {"pupil": pupil, "sessions": ["mon_am", "thu_am", "thu_pm"], "provider": world.other_provider}
    PlacementFactory(school_hours_per_week=Decimal(0), **values | other)
    return placement


def clashes(world, placement, role="ap_lead"):
    membership = world.members[role]
    with acting_as(membership):
        return checks.session_clash_warnings(placement, membership=membership)


def test_a_session_also_timetabled_at_another_provider_is_warned_of(world):
    placement = clash_world(world)

    assert clashes(world, placement) == ["Monday morning is also timetabled at Otherton College"]


def test_every_clashing_session_is_named_once_for_each_provider(world):
    placement = clash_world(world, sessions=["tue_pm", "mon_am", "wed_am", "fri_am"])
    PlacementFactory(pupil=placement.pupil, provider=world.provider, sessions=["mon_am", "fri_pm"])

    assert clashes(world, placement) == [
        "Monday morning, Tuesday afternoon and Wednesday morning are also timetabled at Otherton College",
        "Monday morning is also timetabled at Demoshire PRU",
    ]


@pytest.mark.parametrize(
    "other",
    [
        {"sessions": ["thu_am", "thu_pm", "fri_am"]},  # mornings here, other days there: no clash
        {"starts_on": TODAY + 100 * DAY, "planned_end_on": TODAY + 130 * DAY},  # after this one ends
        {"starts_on": TODAY - 90 * DAY, "planned_end_on": TODAY - 15 * DAY},  # before this one starts
        {"status": PlacementStatus.ENDED, "ended_on": TODAY - DAY, "end_reason": "Moved on."},
        {"pupil": None},  # another pupil's
    ],
)
def test_no_clash_without_the_same_session_while_both_are_current(world, other):
    if "pupil" in other:
        other = {"pupil": PupilFactory(school=world.school)}
    placement = clash_world(world, **other)

    assert clashes(world, placement) == []


def test_a_planned_placement_overlapping_in_time_clashes(world):
    placement = clash_world(
        world, status=PlacementStatus.PLANNED, starts_on=TODAY + 60 * DAY, planned_end_on=TODAY + 200 * DAY
    )

    assert clashes(world, placement) == ["Monday morning is also timetabled at Otherton College"]


def test_the_clashes_are_one_query_however_many_placements(world, django_assert_num_queries):
    placement = clash_world(world)
    for _ in range(5):
        PlacementFactory(pupil=placement.pupil, provider=world.other_provider, sessions=["mon_am"])

    with django_assert_num_queries(1):
        clashes(world, placement)


def test_a_clash_is_among_the_placements_warnings_and_an_ended_one_has_none(world):
    placement = clash_world(world)
    membership = world.members["ap_lead"]
    with acting_as(membership):
        warnings = checks.placement_warnings(placement, membership=membership)
        assert "Monday morning is also timetabled at Otherton College" in warnings
        placement.status = PlacementStatus.ENDED
        assert checks.session_clash_warnings(placement, membership=membership) == []
