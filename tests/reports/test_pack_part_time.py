"""The evidence pack's part-time timetables: each plan's time limit, its steps back to full time and the
pupil's week against the step in force, the placements short of full time with no plan, read as the
register reads them, in a fixed number of queries, and printed."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apcommission.tenancy.scoping import acting_as
from attendance.models import MarkKind
from attendance.selectors import placement_attendance
from placements.models import PlacementStatus
from placements.week import pupil_week
from reports.pack import part_time
from reports.pack.scope import PackScope
from tests.attendance.factories import MarkFactory, last_school_day
from tests.placements.factories import PartTimePlanFactory, PartTimeStepFactory, PlacementFactory
from tests.pupils.factories import PupilFactory
from tests.reports.test_pack import PERIOD, TODAY, pack_text

DAY = datetime.timedelta(days=1)


def placed(
    school, provider, forename, *, school_hours=5, status=PlacementStatus.ACTIVE, starts=-30, ended=None
):
    """A placement of 15 hours a week at `provider`, with `school_hours` at the school alongside."""
    pupil = PupilFactory(school=school, legal_forename=forename, legal_surname="Testpupil")
    values = {
        "status": status,
        "starts_on": TODAY + starts * DAY,
        "school_hours_per_week": Decimal(school_hours),
    }
    if status == PlacementStatus.ENDED:
        values.update(ended_on=TODAY + ended * DAY, end_reason="Moved on")
    return PlacementFactory(pupil=pupil, provider=provider, hours_per_week=Decimal(15), **values)


def planned(placement, *, ends_by, steps):
    """A part-time plan for `placement`: its time limit `ends_by` days from today, and steps of (days from
    today, hours a week in all)."""
    plan = PartTimePlanFactory(placement=placement, ends_by=TODAY + ends_by * DAY)
    for days, hours in steps:
        PartTimeStepFactory(plan=plan, from_on=TODAY + days * DAY, hours_per_week=Decimal(hours))
    return plan


def school_days_back(count):
    day, found = last_school_day(TODAY), []
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day -= DAY
    return found


@pytest.fixture
def plans(world):
    # Every placement is 15 hours a week at the provider, with 5 at the school: a 20-hour week, short of
    # the 24 hours of the pupils' year group.
    behind = placed(world.school, world.provider, "Behindia")
    planned(behind, ends_by=10, steps=[(-7, 22), (7, 24)])
    overdue = placed(world.school, world.other_provider, "Overdew")
    planned(overdue, ends_by=-3, steps=[(-20, 18)])
    no_plan = placed(world.school, world.provider, "Noplanna")
    ended = placed(
        world.school, world.provider, "Endaline", status=PlacementStatus.ENDED, starts=-50, ended=-5
    )
    planned(ended, ends_by=-10, steps=[(-30, 20)])
    full = placed(world.school, world.provider, "Fullmore", school_hours=10)
    planned(full, ends_by=20, steps=[(-10, 25)])
    elsewhere = placed(world.other_school, world.other_provider, "Otherina")
    planned(elsewhere, ends_by=10, steps=[(-7, 22)])
    sibling = placed(world.sibling_school, world.provider, "Siblinda")
    for on, mark in zip(
        school_days_back(4),
        [MarkKind.PRESENT, MarkKind.LATE, MarkKind.PRESENT, MarkKind.UNAUTHORISED],
        strict=True,
    ):
        MarkFactory(placement=behind, on=on, mark=mark)
    MarkFactory(placement=elsewhere, on=last_school_day(TODAY), mark=MarkKind.UNAUTHORISED)
    return {
        "behind": behind,
        "overdue": overdue,
        "no_plan": no_plan,
        "ended": ended,
        "full": full,
        "elsewhere": elsewhere,
        "sibling": sibling,
    }


def gathered(world, role="school_leader"):
    membership = world.members[role]
    with acting_as(membership):
        scope = PackScope(membership=membership, school=world.school, period=PERIOD, today=TODAY)
        return part_time.gather(scope)


def test_each_plan_and_each_placement_short_with_no_plan_of_the_school_and_no_other(world, plans):
    section = gathered(world)
    by_pupil = {plan.name: plan for plan in section.plans}
    assert set(by_pupil) == {
        "Behindia Testpupil",
        "Overdew Testpupil",
        "Fullmore Testpupil",
        "Endaline Testpupil",
    }
    assert [row.name for row in section.short_without_plan] == ["Noplanna Testpupil"]
    # The earliest time limit first, so the one past it leads; the ended one last.
    assert [plan.name.split()[0] for plan in section.plans] == ["Overdew", "Behindia", "Fullmore", "Endaline"]

    behind = by_pupil["Behindia Testpupil"]
    assert behind.progress == "behind"
    assert [step.state for step in behind.steps] == ["not reached", "to come"]
    assert behind.time_limit_words.endswith(": 10 days left")
    assert behind.ending_soon
    assert not behind.past_time_limit

    overdue = by_pupil["Overdew Testpupil"]
    assert overdue.past_time_limit
    assert overdue.progress == "on plan"  # 20 hours now; the step in force asks for 18
    assert [step.state for step in overdue.steps] == ["done"]
    assert overdue.time_limit_words.endswith(": passed 3 days ago")

    assert by_pupil["Fullmore Testpupil"].progress == "full time"
    ended = by_pupil["Endaline Testpupil"]
    assert ended.progress == "ended"
    assert ended.week is None
    assert [step.state for step in ended.steps] == [""]
    assert section.current_plans == 3
    assert section.past_time_limit == 1
    assert section.behind == 1


def test_a_trust_leader_gathers_the_same_section_of_its_school(world, plans):
    school = gathered(world)
    trust = gathered(world, role="trust_leader")
    assert [plan.name for plan in trust.plans] == [plan.name for plan in school.plans]
    assert [row.name for row in trust.short_without_plan] == ["Noplanna Testpupil"]


def test_the_weeks_and_attendance_are_the_database_s(world, plans):
    section = gathered(world)
    membership = world.members["school_leader"]
    behind = next(plan for plan in section.plans if plan.placement_id == plans["behind"].pk)
    short = section.short_without_plan[0]
    with acting_as(membership):
        for placement, week in ((plans["behind"], behind.week), (plans["no_plan"], short.week)):
            expected = pupil_week(placement.pupil, membership=membership, on=TODAY)
            assert (week.hours, week.full_time) == (expected.hours, expected.full_time)
        attendance = placement_attendance(plans["behind"], membership=membership, today=TODAY)
    assert behind.week.hours == Decimal(20)
    assert behind.attendance == attendance.percentage == Decimal("75.0")
    assert short.week.shortfall == behind.week.full_time - Decimal(20)
    assert behind.la_told_by == plans["behind"].starts_on + datetime.timedelta(days=14)


def test_the_pack_prints_the_plans_and_the_placements_short_with_no_plan(world, plans):
    text, _pdf = pack_text(world)
    section = text[text.index("3. Part-time timetables A part-time") : text.rindex("4. Are the placements")]
    assert "Part-time plans during the period 4" in section
    assert "Past their time limit 1" in section
    assert "Placements short of full time with no plan 1" in section
    assert "Noplanna Testpupil PART-TIME, NO PLAN Demoshire PRU" in section
    assert "Behindia Testpupil: Demoshire PRU" in section
    ends_by = TODAY + 10 * DAY
    assert f"{ends_by.day} {ends_by:%B %Y}: 10 days left" in section
    assert "Behind the plan: the step from" in section
    assert "asks for 22 hours a week, 2 more than now." in section
    assert "75.0% of sessions attended" in section
    assert "PAST ITS TIME LIMIT" in section
    assert "BEHIND THE PLAN" in section
    for state in ("NOT REACHED", "TO COME", "DONE"):
        assert state in section
    assert "Back to a full-time week." in section
    for forename in ("Otherina", "Siblinda"):
        assert forename not in text


def test_a_school_with_no_part_time_timetables_says_so(world):
    placed(world.school, world.provider, "Fullish", school_hours=10)
    text, _pdf = pack_text(world)
    assert "No pupil was on a part-time timetable during the period" in text


def test_gathering_makes_the_same_queries_for_one_placement_as_for_many(world):
    membership = world.members["school_leader"]
    scope = PackScope(membership=membership, school=world.school, period=PERIOD, today=TODAY)

    def queries() -> int:
        with acting_as(membership), CaptureQueriesContext(connection) as captured:
            part_time.gather(scope)
        return len(captured)

    def one_more(name, provider):
        placement = placed(world.school, provider, name)
        planned(placement, ends_by=10, steps=[(-7, 22), (7, 24)])
        MarkFactory(placement=placement, on=last_school_day(TODAY))

    one_more("Solo", world.provider)
    one = queries()
    for i in range(5):
        one_more(f"Many{i}", world.other_provider if i % 2 else world.provider)
    placed(world.school, world.provider, "Noplan")
    assert queries() == one
