"""The other rules at their boundaries: the planned non-school limits (exactly 12 weeks and a day more; 4
and 5 sessions), the full-time week for each year group and an LA's own numbers, several part-time
placements adding up to full time, a part-time plan's time limit and the LA's deadline for being told."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apcommission.tenancy.scoping import acting_as
from placements import checks
from placements.entitlement import DEFAULT_RULES
from placements.models import PlacementStatus
from placements.week import pupil_week
from providers.models import ProviderType, RegistrationStatus
from pupils.identifiers import academic_year_start
from tests import factories
from tests.placements.factories import PartTimePlanFactory, PlacementFactory, PlacementRulesFactory
from tests.providers.factories import ProviderProfileFactory
from tests.pupils.factories import PupilFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
FIVE_SESSIONS = ["mon_am", "mon_pm", "tue_am", "tue_pm", "wed_am"]


def as_member(world, role, function, *args, **kwargs):
    membership = world.members[role]
    with acting_as(membership):
        return function(*args, membership=membership, **kwargs)


def born_into(year: int) -> datetime.date:
    """A date of birth that puts a child in `year` (Reception is 0) this academic year."""
    return datetime.date(academic_year_start(TODAY) - 5 - year, 12, 1)


# --- The planned limits for AP that is not a school -------------------------------------------


def provider_of_type(provider_type):
    provider = factories.ProviderFactory()
    ProviderProfileFactory(
        provider=provider, provider_type=provider_type, registration_status=RegistrationStatus.UNREGISTERED
    )
    return provider


def non_school(world, *, days: int, sessions: list[str], provider_type=ProviderType.TUITION):
    start = TODAY - datetime.timedelta(days=7)
    values = {
        "provider": provider_of_type(provider_type),
        "pupil": PupilFactory(school=world.school),
        "starts_on": start,
        "planned_end_on": start + datetime.timedelta(days=days - 1),
        "sessions": sessions,
        "hours_per_week": Decimal("12"),
    }
    return as_member(world, "ap_lead", checks.non_school_warning, values)


@pytest.mark.parametrize(
    ("days", "sessions", "warned"),
    [
        (84, FIVE_SESSIONS, False),  # exactly 12 weeks: a short placement
        (85, FIVE_SESSIONS, True),  # 12 weeks and a day, 5 sessions: beyond both limits
        (85, FIVE_SESSIONS[:4], False),  # 4 sessions alongside school, however long
        (400, FIVE_SESSIONS[:4], False),
        (30, FIVE_SESSIONS * 2, False),
    ],
)
def test_a_non_school_placement_is_warned_of_only_beyond_both_limits(world, days, sessions, warned):
    warning = non_school(world, days=days, sessions=sessions)
    assert (warning is not None) == warned
    if warned:
        assert "lasts 12 weeks and 1 day with 5 sessions a week" in warning
        assert "12 weeks, or 4 sessions a week alongside school" in warning


@pytest.mark.parametrize(
    "provider_type", [ProviderType.PRU, ProviderType.AP_ACADEMY, ProviderType.INDEPENDENT_SCHOOL]
)
def test_a_school_is_never_held_to_the_non_school_limits(world, provider_type):
    assert non_school(world, days=200, sessions=FIVE_SESSIONS * 2, provider_type=provider_type) is None


def test_an_las_own_limits_apply_to_its_schools_placements(world):
    PlacementRulesFactory(local_authority=world.la, non_school_max_weeks=6, non_school_max_sessions=2)
    assert non_school(world, days=42, sessions=FIVE_SESSIONS[:3]) is None
    warning = non_school(world, days=43, sessions=FIVE_SESSIONS[:3])
    assert "the planned limits for AP that is not a school are 6 weeks, or 2 sessions a week" in warning


# --- The full-time week -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "full_time"),
    [(0, "21"), (2, "21"), (3, "23.5"), (6, "23.5"), (7, "24"), (10, "24"), (11, "25")],
)
def test_the_full_time_week_follows_the_year_group(world, year, full_time):
    pupil = PupilFactory(school=world.school, date_of_birth=born_into(year))
    short = PupilFactory(school=world.school, date_of_birth=born_into(year))
    hours = Decimal(full_time)
    PlacementFactory(pupil=pupil, hours_per_week=hours - 10, school_hours_per_week=Decimal(10))
    PlacementFactory(pupil=short, hours_per_week=hours - Decimal("10.5"), school_hours_per_week=Decimal(10))

    weeks = as_member(world, "ap_lead", checks.weeks_for, [pupil.pk, short.pk])

    assert weeks[pupil.pk].full_time == hours
    assert not weeks[pupil.pk].is_short
    assert weeks[short.pk].is_short
    assert weeks[short.pk].shortfall == Decimal("0.5")


def test_an_las_own_full_time_week_applies(world):
    PlacementRulesFactory(local_authority=world.la, hours_ks3_and_year_10=Decimal("26"))
    pupil = PupilFactory(school=world.school, date_of_birth=born_into(9))
    elsewhere = PupilFactory(school=world.other_school, date_of_birth=born_into(9))
    for each in (pupil, elsewhere):
        PlacementFactory(pupil=each, hours_per_week=Decimal("15"), school_hours_per_week=Decimal("10"))

    assert as_member(world, "ap_lead", checks.weeks_for, [pupil.pk])[pupil.pk].shortfall == Decimal(1)
    other = world.members["other_la_officer"]
    with acting_as(other):
        weeks = checks.weeks_for([elsewhere.pk], membership=other)
    assert weeks[elsewhere.pk].full_time == DEFAULT_RULES.hours_ks3_and_year_10


def test_several_part_time_placements_add_up_to_full_time(world):
    pupil = PupilFactory(school=world.school, date_of_birth=born_into(9))
    for hours, provider in ((9, world.provider), (10, world.other_provider)):
        PlacementFactory(
            pupil=pupil, provider=provider, hours_per_week=Decimal(hours), school_hours_per_week=Decimal(5)
        )

    week = as_member(world, "ap_lead", checks.weeks_for, [pupil.pk])[pupil.pk]

    assert (week.hours, week.full_time, week.is_short) == (Decimal(24), Decimal(24), False)


def test_the_list_answers_as_pupil_week_does_in_two_queries(world):
    pupils = []
    for number in range(12):
        pupil = PupilFactory(school=world.school, date_of_birth=born_into(3 + number % 9))
        for _ in range(number % 3):
            PlacementFactory(pupil=pupil, hours_per_week=Decimal(4 + number), school_hours_per_week=number)
        PlacementFactory(pupil=pupil, status=PlacementStatus.ENDED, ended_on=TODAY, end_reason="Ended")
        pupils.append(pupil)
    membership = world.members["school_leader"]

    with acting_as(membership), CaptureQueriesContext(connection) as captured:
        weeks = checks.weeks_for([p.pk for p in pupils], membership=membership)
    assert len(captured) == 2  # the placements added up, and the LA's numbers

    with acting_as(membership):
        for pupil in pupils:
            if pupil.pk in weeks:
                expected = pupil_week(pupil, membership=membership, on=TODAY)
                assert (weeks[pupil.pk].hours, weeks[pupil.pk].full_time) == (
                    expected.hours,
                    expected.full_time,
                )
    assert len(weeks) == 8  # a pupil with no current placement is left out


def test_short_with_no_time_limited_plan_is_flagged(world):
    planned = PupilFactory(school=world.school, date_of_birth=born_into(9))
    lapsed = PupilFactory(school=world.school, date_of_birth=born_into(9))
    none = PupilFactory(school=world.school, date_of_birth=born_into(9))
    short = {"hours_per_week": Decimal(10), "school_hours_per_week": Decimal(5)}
    PartTimePlanFactory(placement=PlacementFactory(pupil=planned, **short), ends_by=TODAY)
    PartTimePlanFactory(
        placement=PlacementFactory(pupil=lapsed, **short), ends_by=TODAY - datetime.timedelta(days=1)
    )
    PlacementFactory(pupil=none, **short)

    weeks = as_member(world, "ap_lead", checks.weeks_for, [planned.pk, lapsed.pk, none.pk])

    assert [weeks[p.pk].short_without_plan for p in (planned, lapsed, none)] == [False, True, True]
    assert all(weeks[p.pk].is_short for p in (planned, lapsed, none))


def test_a_provider_is_told_nothing_of_a_pupils_week(world):
    pupil = PupilFactory(school=world.school)
    PlacementFactory(pupil=pupil, provider=world.provider)
    assert as_member(world, "provider_manager", checks.weeks_for, [pupil.pk]) == {}


# --- A part-time plan's time limit and the LA's deadline ---------------------------------------


def part_time(world, *, started_days_ago=20, ends_by=None, told=None):
    placement = PlacementFactory(
        pupil=PupilFactory(school=world.school), starts_on=TODAY - datetime.timedelta(days=started_days_ago)
    )
    plan = PartTimePlanFactory(placement=placement, ends_by=ends_by or TODAY, la_notified_on=told)
    return placement, plan


@pytest.mark.parametrize(("days_past", "warned"), [(0, False), (1, True), (30, True)])
def test_a_plan_past_its_time_limit_is_warned_of(world, days_past, warned):
    placement, plan = part_time(world, ends_by=TODAY - datetime.timedelta(days=days_past), told=TODAY)
    warnings = checks.part_time_warnings(placement, plan, rules=DEFAULT_RULES, on=TODAY)
    assert bool(warnings) == warned
    if warned:
        assert f"{days_past} day" in warnings[0]


@pytest.mark.parametrize(("started_days_ago", "warned"), [(14, False), (15, True)])
def test_the_la_not_told_by_its_deadline_is_warned_of(world, started_days_ago, warned):
    placement, plan = part_time(world, started_days_ago=started_days_ago)
    warnings = checks.part_time_warnings(placement, plan, rules=DEFAULT_RULES, on=TODAY)
    assert bool(warnings) == warned
    if warned:
        assert "within 14 days of the start" in warnings[0]


def test_an_las_own_deadline_and_a_told_la(world):
    placement, plan = part_time(world, started_days_ago=8)
    rules = dataclasses.replace(checks.DEFAULT_RULES, part_time_notice_days=7)
    assert checks.part_time_warnings(placement, plan, rules=rules, on=TODAY)
    plan.la_notified_on = TODAY - datetime.timedelta(days=1)
    assert checks.part_time_warnings(placement, plan, rules=rules, on=TODAY) == []


def test_a_placements_warnings_together_and_none_once_it_has_ended(world):
    forge = factories.ProviderFactory(name="Forge Vocational Training")
    ProviderProfileFactory(
        provider=forge,
        provider_type=ProviderType.TRAINING_PROVIDER,
        registration_status=RegistrationStatus.UNREGISTERED,
    )
    pupil = PupilFactory(school=world.school, date_of_birth=born_into(9), looked_after=True)
    placement = PlacementFactory(
        pupil=pupil,
        provider=forge,
        hours_per_week=Decimal("19"),
        school_hours_per_week=Decimal(0),
        starts_on=TODAY - datetime.timedelta(days=30),
        planned_end_on=TODAY + datetime.timedelta(days=100),
        sessions=[*FIVE_SESSIONS, "wed_pm", "thu_am"],
    )
    PartTimePlanFactory(placement=placement, ends_by=TODAY - datetime.timedelta(days=3), la_notified_on=None)

    warnings = as_member(world, "ap_lead", checks.placement_warnings, placement)

    assert (
        [warning[:34] for warning in warnings]
        == [
            "Forge Vocational Training is not r",  # the threshold: one looked-after pupil
            "Forge Vocational Training is not a",  # the non-school limits
            f"{pupil.name} is taught 19 hours a week"[:34],  # of 24, and the plan has lapsed
            "The part-time timetable passed its",  # past its time limit
            "The LA has not been told of this p",  # not told
        ]
    )
    placement.status = PlacementStatus.ENDED
    assert as_member(world, "ap_lead", checks.placement_warnings, placement) == []
