"""The alerts of part-time timetables, short weeks and attendance: each at its boundaries with time
travel, to exactly the people with the kind's roles in the right organisation, once, and closed when
dealt with; each source in a fixed number of queries however many rows it lists."""

import datetime
from decimal import Decimal

import pytest

from alerts.kinds import SPECS, AlertKind
from alerts.sources import attendance as attendance_sources
from alerts.sources import placements as placement_sources
from apcommission.tenancy.roles import Role
from apcommission.tenancy.scoping import acting_as, unscoped
from attendance.models import Mark, MarkKind
from placements.checks import weeks_for
from placements.models import PartTimePlan, Placement, PlacementStatus
from tests import factories
from tests.alerts.helpers import recipients, stored, sweep_on
from tests.attendance.factories import MarkFactory
from tests.placements.factories import PartTimePlanFactory, PlacementFactory, PlacementRulesFactory
from tests.pupils.factories import PupilFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
# Autumn 2026: the pupils (born March 2012) are in Year 10, whose full-time week is 24 hours.
MONDAY = datetime.date(2026, 10, 5)
TUESDAY = MONDAY + DAY
WEDNESDAY = MONDAY + 2 * DAY
THURSDAY = MONDAY + 3 * DAY
ALL_WEEK = [f"{day}_{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]


def members(organisation, *roles: Role) -> set[int]:
    """The memberships of `organisation` holding one of `roles`: who a kind sent there reaches."""
    with unscoped("a test lists who holds the roles"):
        return set(
            organisation.memberships.filter(role__in=roles, removed_at__isnull=True).values_list(
                "pk", flat=True
            )
        )


def kind_roles(kind: AlertKind) -> tuple[Role, ...]:
    return SPECS[kind].roles


def placement(world, *, school=None, provider=None, pupil=None, **fields) -> Placement:
    """An active placement of a Year 10 pupil of `school` (the world's), 15 hours at the provider and 10
    at school (a full-time week), timetabled every session, from September to the summer."""
    values = {
        "starts_on": datetime.date(2026, 9, 7),
        "planned_end_on": datetime.date(2027, 7, 16),
        "sessions": list(ALL_WEEK),
        "hours_per_week": Decimal("15"),
        "school_hours_per_week": Decimal("10"),
        **fields,
    }
    pupil = pupil or PupilFactory(school=school or world.school)
    return PlacementFactory(pupil=pupil, provider=provider or world.provider, **values)


def year_11(world):
    """A pupil of the world's school in Year 11 in 2026/27, whose full-time week is 25 hours."""
    return PupilFactory(school=world.school, date_of_birth=datetime.date(2011, 3, 14))


def part_time(world, ends_by: datetime.date, **fields) -> PartTimePlan:
    """A part-time placement (10 hours and 5 at school, short of 24) with a plan ending `ends_by`."""
    short = placement(world, hours_per_week=Decimal("10"), school_hours_per_week=Decimal("5"), **fields)
    return PartTimePlanFactory(placement=short, ends_by=ends_by)


def update(model, pk, **fields) -> None:
    with unscoped("a test changes the row as a service would"):
        model.objects.filter(pk=pk).update(**fields)


def made_twice(day: datetime.date) -> int:
    """A second sweep the same day: what it made."""
    made, _sent = sweep_on(day)
    return made


# --- Part-time timetables -----------------------------------------------------------------------------

END = datetime.date(2026, 11, 20)


def test_a_part_time_time_limit_within_two_weeks_alerts_the_schools_ap_leads_and_nobody_else(world):
    plan = part_time(world, END)
    part_time(world, END + 30 * DAY, school=world.sibling_school)  # another school's, not yet near
    sweep_on(END - 15 * DAY)
    assert recipients(AlertKind.PART_TIME_END_NEAR) == set()
    sweep_on(END - 14 * DAY)
    ours = members(world.school, *kind_roles(AlertKind.PART_TIME_END_NEAR))
    assert world.members["ap_lead"].pk in ours
    assert recipients(AlertKind.PART_TIME_END_NEAR) == ours
    [alert, *_] = stored(kind=AlertKind.PART_TIME_END_NEAR)
    assert (alert.subject, alert.due_on) == (f"part_time:{plan.pk}", END)
    assert alert.link == f"/placements/{plan.placement_id}/part-time/"
    assert alert.words == (
        "A part-time timetable at Demoshire PRU reaches its time limit on 20 November 2026. Plan the "
        "return to full time, or review and extend the plan with the parent or carer."
    )
    assert made_twice(END - 14 * DAY) == 0
    assert len(stored(kind=AlertKind.PART_TIME_END_NEAR)) == len(ours)


def test_a_part_time_time_limit_is_near_on_its_day_and_passed_the_day_after(world):
    part_time(world, END)
    sweep_on(END)
    ours = members(world.school, *kind_roles(AlertKind.PART_TIME_END_PASSED))
    assert recipients(AlertKind.PART_TIME_END_NEAR) == ours
    assert recipients(AlertKind.PART_TIME_END_PASSED) == set()
    sweep_on(END + DAY)
    assert recipients(AlertKind.PART_TIME_END_NEAR) == set()
    assert recipients(AlertKind.PART_TIME_END_PASSED) == ours
    [alert, *_] = stored(kind=AlertKind.PART_TIME_END_PASSED)
    assert alert.due_on == END
    assert "passed its time limit of 20 November 2026" in alert.words
    assert made_twice(END + DAY) == 0
    sweep_on(END + 9 * DAY)  # still passed: the same alert, not a new one each day
    assert len(stored(kind=AlertKind.PART_TIME_END_PASSED)) == len(ours)


def test_extending_a_part_time_plan_closes_its_alert_and_its_new_limit_alerts_in_turn(world):
    plan = part_time(world, END)
    sweep_on(END + DAY)
    update(PartTimePlan, plan.pk, ends_by=END + 28 * DAY)
    sweep_on(END + 2 * DAY)
    assert recipients(AlertKind.PART_TIME_END_PASSED) == set()
    assert all(alert.closed_at for alert in stored(kind=AlertKind.PART_TIME_END_PASSED))
    sweep_on(END + 14 * DAY)
    [alert, *_] = stored(kind=AlertKind.PART_TIME_END_NEAR, closed_at__isnull=True)
    assert alert.due_on == END + 28 * DAY


def test_ending_the_placement_closes_its_part_time_alert_and_a_planned_one_makes_none(world):
    plan = part_time(world, END)
    part_time(world, END, status=PlacementStatus.PLANNED, starts_on=END + 40 * DAY)
    sweep_on(END + DAY)
    assert len(stored(kind=AlertKind.PART_TIME_END_PASSED)) == len(members(world.school, Role.AP_LEAD))
    update(Placement, plan.placement_id, status=PlacementStatus.ENDED, ended_on=END + DAY, end_reason="Back")
    sweep_on(END + 2 * DAY)
    assert recipients(AlertKind.PART_TIME_END_PASSED) == set()


# --- A week short of full time ------------------------------------------------------------------------


def test_a_short_week_alerts_from_the_day_the_placement_starts(world):
    short = placement(
        world, starts_on=MONDAY, hours_per_week=Decimal("10"), school_hours_per_week=Decimal("5")
    )
    full = placement(world, starts_on=MONDAY)
    placement(world, school=world.sibling_school, starts_on=MONDAY + 7 * DAY, hours_per_week=Decimal("6"))
    sweep_on(MONDAY - DAY)
    assert recipients(AlertKind.BELOW_FULL_TIME) == set()
    sweep_on(MONDAY)
    ours = members(world.school, *kind_roles(AlertKind.BELOW_FULL_TIME))
    assert recipients(AlertKind.BELOW_FULL_TIME) == ours
    [alert, *_] = stored(kind=AlertKind.BELOW_FULL_TIME)
    assert (alert.subject, alert.due_on) == (f"week:{short.pupil_id}", MONDAY)
    assert alert.link == f"/pupils/{short.pupil_id}/"
    assert alert.words == (
        "Since 5 October 2026 a pupil in alternative provision has been taught less than a full-time week, "
        "with no part-time plan in its time limit."
    )
    assert f"week:{full.pupil_id}" not in {alert.subject for alert in stored()}
    assert made_twice(MONDAY) == 0
    sweep_on(MONDAY + 3 * DAY)  # the same week, the same alert
    assert len(stored(kind=AlertKind.BELOW_FULL_TIME)) == len(ours)


def test_a_short_week_alerts_the_day_after_its_part_time_plans_time_limit(world):
    plan = part_time(world, END)
    sweep_on(END)
    assert recipients(AlertKind.BELOW_FULL_TIME) == set()
    sweep_on(END + DAY)
    assert recipients(AlertKind.BELOW_FULL_TIME) == members(world.school, Role.AP_LEAD)
    [alert, *_] = stored(kind=AlertKind.BELOW_FULL_TIME)
    assert (alert.subject, alert.due_on) == (f"week:{plan.placement.pupil_id}", END + DAY)


def test_a_short_week_made_full_time_closes_its_alert(world):
    short = placement(world, hours_per_week=Decimal("10"), school_hours_per_week=Decimal("5"))
    sweep_on(MONDAY)
    assert recipients(AlertKind.BELOW_FULL_TIME) == members(world.school, Role.AP_LEAD)
    update(Placement, short.pk, school_hours_per_week=Decimal("14"))  # 10 + 14: the 24 of Year 10
    sweep_on(TUESDAY)
    assert recipients(AlertKind.BELOW_FULL_TIME) == set()
    assert all(alert.closed_at for alert in stored(kind=AlertKind.BELOW_FULL_TIME))


def test_the_short_weeks_over_every_school_are_the_weeks_each_la_sees(world):
    """`short_weeks` adds up every school's pupils at once: it agrees with `placements.checks.weeks_for`,
    as each LA's officer reads it, for every kind of week."""
    PlacementRulesFactory(local_authority=world.other_la, hours_ks3_and_year_10=Decimal("20"))
    cases = {
        "short, no plan": placement(world, hours_per_week=Decimal("10"), school_hours_per_week=Decimal("5")),
        "full time": placement(world),
        "short, plan in its limit": part_time(world, END).placement,
        "short, plan past its limit": part_time(world, MONDAY - DAY).placement,
        "short, planned and not started": placement(
            world, status=PlacementStatus.PLANNED, starts_on=MONDAY + DAY, hours_per_week=Decimal("4")
        ),
        "ended before today": placement(world, planned_end_on=MONDAY - DAY, hours_per_week=Decimal("4")),
        "Year 11, half an hour short": placement(
            world, pupil=year_11(world), school_hours_per_week=Decimal("9.5")
        ),
        "Year 10, half an hour over": placement(world, school_hours_per_week=Decimal("9.5")),
        "full time where its LA sets 20 hours": placement(
            world,
            school=world.other_school,
            provider=world.other_provider,
            school_hours_per_week=Decimal("5"),
        ),
        "short where its LA sets 20 hours": placement(
            world,
            school=world.other_school,
            provider=world.other_provider,
            school_hours_per_week=Decimal("4"),
        ),
    }
    two = placement(world, hours_per_week=Decimal("12"), school_hours_per_week=Decimal("4"))
    placement(world, pupil=two.pupil, provider=world.other_provider, hours_per_week=Decimal("8"))
    cases["two placements, 24 hours in all"] = two
    with unscoped("the alerts read every school"):
        found = {pupil for pupil, _school, _week, _since in placement_sources.short_weeks(MONDAY)}
    expected = set()
    for officer in (world.members["la_officer"], world.members["other_la_officer"]):
        with acting_as(officer):
            pupils = [case.pupil_id for case in cases.values()]
            weeks = weeks_for(pupils, membership=officer, on=MONDAY)
        expected |= {pupil for pupil, week in weeks.items() if week.short_without_plan}
    assert found == expected
    short = {name for name, case in cases.items() if case.pupil_id in found}
    assert short == {
        "short, no plan",
        "short, plan past its limit",
        "Year 11, half an hour short",
        "short where its LA sets 20 hours",
    }


# --- Attendance -----------------------------------------------------------------------------------------


def mark(placement, on: datetime.date, *sessions: str, kind: str = MarkKind.PRESENT) -> None:
    for session in sessions or ("am", "pm"):
        MarkFactory(placement=placement, on=on, session=session, mark=kind)


def test_attendance_not_sent_alerts_the_providers_managers_and_each_schools_ap_leads(world):
    ours = placement(world)
    mark(ours, MONDAY)
    mark(ours, TUESDAY, "am")  # the afternoon is not marked
    sibling_lead = factories.member(world.sibling_school, Role.AP_LEAD)
    placement(world, school=world.sibling_school)  # the same provider, another school, nothing marked
    theirs = placement(world, school=world.other_school, provider=world.other_provider)
    mark(theirs, MONDAY)
    mark(theirs, TUESDAY)
    placement(world, sessions=["wed_am"])  # nothing timetabled on Monday or Tuesday
    sweep_on(TUESDAY)
    # Monday is the last school day: the sibling school's placement is not marked, ours is.
    assert recipients(AlertKind.ATTENDANCE_NOT_SENT) == {sibling_lead.pk} | members(
        world.provider, Role.PROVIDER_MANAGER
    )
    sweep_on(WEDNESDAY)
    managers = members(world.provider, *kind_roles(AlertKind.ATTENDANCE_NOT_SENT))
    leads = members(world.school, *kind_roles(AlertKind.ATTENDANCE_NOT_SENT))
    assert managers == {world.members["provider_manager"].pk}
    assert recipients(AlertKind.ATTENDANCE_NOT_SENT) == managers | leads | {sibling_lead.pk}
    alerts = stored(kind=AlertKind.ATTENDANCE_NOT_SENT, closed_at__isnull=True)
    assert {alert.due_on for alert in alerts} == {TUESDAY}
    assert {alert.subject for alert in alerts} == {f"attendance:{world.provider.pk}"}
    [to_provider] = [alert for alert in alerts if alert.membership_id in managers]
    assert to_provider.link == "/attendance/?week=2026-10-05"
    assert to_provider.words == (
        "Some sessions timetabled on 6 October 2026 are not marked yet. Mark them on the weekly grid."
    )
    [to_school, *_] = [alert for alert in alerts if alert.membership_id in leads]
    assert to_school.link == "/attendance/school/"
    assert to_school.words == (
        "Demoshire PRU has not marked every session timetabled for your pupils on 6 October 2026."
    )
    assert made_twice(WEDNESDAY) == 0


def test_marking_the_day_closes_the_alert_and_a_monday_asks_for_friday(world):
    ours = placement(world)
    sweep_on(WEDNESDAY)
    leads = members(world.school, Role.AP_LEAD)
    assert recipients(AlertKind.ATTENDANCE_NOT_SENT) == leads | members(world.provider, Role.PROVIDER_MANAGER)
    mark(ours, TUESDAY)
    sweep_on(WEDNESDAY)
    assert recipients(AlertKind.ATTENDANCE_NOT_SENT) == set()
    assert all(alert.closed_at for alert in stored(kind=AlertKind.ATTENDANCE_NOT_SENT))
    sweep_on(MONDAY + 7 * DAY)
    open_now = stored(kind=AlertKind.ATTENDANCE_NOT_SENT, closed_at__isnull=True)
    assert {alert.due_on for alert in open_now} == {MONDAY + 4 * DAY}


def test_an_unexplained_absence_alerts_the_schools_ap_leads_on_its_day_and_the_next_school_day(world):
    ours = placement(world)
    mark(ours, TUESDAY, kind=MarkKind.UNAUTHORISED)  # both sessions: one alert for the day
    mark(ours, MONDAY, "am", kind=MarkKind.ILLNESS)  # a reason given
    sibling_lead = factories.member(world.sibling_school, Role.AP_LEAD)
    theirs = placement(world, school=world.sibling_school)
    mark(theirs, WEDNESDAY, "am", kind=MarkKind.UNAUTHORISED)
    sweep_on(MONDAY)
    assert recipients(AlertKind.UNEXPLAINED_ABSENCE) == set()
    sweep_on(TUESDAY)
    leads = members(world.school, *kind_roles(AlertKind.UNEXPLAINED_ABSENCE))
    assert recipients(AlertKind.UNEXPLAINED_ABSENCE) == leads
    alerts = stored(kind=AlertKind.UNEXPLAINED_ABSENCE)
    assert len(alerts) == len(leads)
    [alert, *_] = alerts
    assert (alert.subject, alert.due_on, alert.link) == (
        f"absence:{ours.pk}",
        TUESDAY,
        f"/placements/{ours.pk}/",
    )
    assert alert.words == (
        "Demoshire PRU marked a pupil absent with no reason given (unauthorised) on 6 October 2026."
    )
    assert made_twice(TUESDAY) == 0
    sweep_on(WEDNESDAY)  # Tuesday is the last school day: still on the school's page
    assert recipients(AlertKind.UNEXPLAINED_ABSENCE) == leads | {sibling_lead.pk}
    sweep_on(THURSDAY)
    assert recipients(AlertKind.UNEXPLAINED_ABSENCE) == {sibling_lead.pk}


def test_a_reason_given_for_an_absence_closes_its_alert(world):
    ours = placement(world)
    mark(ours, TUESDAY, "am", kind=MarkKind.UNAUTHORISED)
    sweep_on(TUESDAY)
    assert recipients(AlertKind.UNEXPLAINED_ABSENCE) == members(world.school, Role.AP_LEAD)
    with unscoped("a test changes the mark as the provider would"):
        Mark.objects.filter(placement=ours).update(mark=MarkKind.ILLNESS)
    sweep_on(TUESDAY)
    assert recipients(AlertKind.UNEXPLAINED_ABSENCE) == set()
    assert all(alert.closed_at for alert in stored(kind=AlertKind.UNEXPLAINED_ABSENCE))


# --- Queries ------------------------------------------------------------------------------------------

SOURCES = {
    "part_time_end_near": placement_sources.part_time_end_near,
    "part_time_end_passed": placement_sources.part_time_end_passed,
    "below_full_time": placement_sources.below_full_time,
    "attendance_not_sent": attendance_sources.attendance_not_sent,
    "unexplained_absence": attendance_sources.unexplained_absence,
}


def something_of_each_kind(world, number: int) -> None:
    """`number` things due on Thursday of each kind, each at a school and a provider of its own."""
    for _ in range(number):
        school = factories.SchoolFactory(local_authority=world.la)
        provider = factories.ProviderFactory(local_authority=world.la)
        part_time(world, THURSDAY + 7 * DAY, school=school, provider=provider)
        passed = part_time(world, MONDAY, school=school, provider=provider).placement
        mark(passed, THURSDAY, "am", kind=MarkKind.UNAUTHORISED)


@pytest.mark.parametrize("name", SOURCES)
def test_each_source_reads_every_row_in_the_same_few_queries(world, django_assert_max_num_queries, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    source = SOURCES[name]
    something_of_each_kind(world, 1)
    with unscoped("the alerts read every school"), CaptureQueriesContext(connection) as few:
        assert source(THURSDAY)
    something_of_each_kind(world, 11)
    with unscoped("the alerts read every school"), django_assert_max_num_queries(2) as many:
        rows = source(THURSDAY)
    assert len(rows) >= 12
    assert len(many.captured_queries) == len(few.captured_queries)
