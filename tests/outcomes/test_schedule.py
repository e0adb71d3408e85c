"""When destinations are checked again, at the boundaries: the sustained destination over the first
October to March after the pupil moved on (30 September against 1 October), the later check-ins whole
years on (29 February in a year without one), made once when the outcome is recorded and moved with the
date the pupil moved on, never the ones recorded. And the sweep's selector of the check-ins due."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from outcomes import schedule
from outcomes.models import CheckIn, Outcome
from outcomes.selectors import checkins_due
from tests.outcomes.factories import CheckInFactory
from tests.outcomes.world import check_ins_of, due_dates, ended, record, record_check_in
from tests.reviews.world import on

D = datetime.date


# --- The dates, as plain functions ---------------------------------------------------------------------


def test_moving_on_by_30_september_is_checked_over_that_october_to_march():
    assert schedule.sustained_period(D(2025, 9, 30)) == (D(2025, 10, 1), D(2026, 3, 31))
    assert schedule.sustained_due(D(2025, 9, 30)) == D(2026, 4, 1)
    assert schedule.sustained_period(D(2025, 1, 1)) == (D(2025, 10, 1), D(2026, 3, 31))


def test_moving_on_from_1_october_is_checked_over_the_next_october_to_march():
    assert schedule.sustained_period(D(2025, 10, 1)) == (D(2026, 10, 1), D(2027, 3, 31))
    assert schedule.sustained_due(D(2025, 10, 1)) == D(2027, 4, 1)
    assert schedule.sustained_due(D(2025, 12, 31)) == D(2027, 4, 1)


def test_the_period_a_sustained_check_looks_back_over_ends_the_day_before_it_is_due():
    assert schedule.period_checked(D(2027, 4, 1)) == (D(2026, 10, 1), D(2027, 3, 31))
    # A leap year's February is inside it, and March still ends on the 31st.
    assert schedule.period_checked(D(2028, 4, 1)) == (D(2027, 10, 1), D(2028, 3, 31))


def test_the_check_ins_are_the_sustained_one_then_each_configured_year(settings):
    assert [(p.kind, p.years, p.due_on) for p in schedule.planned(D(2025, 7, 18))] == [
        ("sustained", 0, D(2026, 4, 1)),
        ("years", 1, D(2026, 7, 18)),
        ("years", 3, D(2028, 7, 18)),
        ("years", 5, D(2030, 7, 18)),
    ]
    settings.DESTINATION_CHECKIN_YEARS = (2,)
    assert [(p.kind, p.years) for p in schedule.planned(D(2025, 7, 18))] == [("sustained", 0), ("years", 2)]
    # Moving on in October puts the sustained check after the first year's.
    settings.DESTINATION_CHECKIN_YEARS = (1,)
    assert [p.due_on for p in schedule.planned(D(2025, 10, 1))] == [D(2026, 10, 1), D(2027, 4, 1)]


# --- Made when the outcome is recorded ----------------------------------------------------------------


def test_recording_the_outcome_makes_the_check_ins_once(world):
    with on(D(2025, 10, 20)):
        placement = ended(world, D(2025, 9, 30))
        saved = record(world, placement)
        assert saved.changed
        assert due_dates(placement) == [
            ("sustained", 0, D(2026, 4, 1)),
            ("years", 1, D(2026, 9, 30)),
            ("years", 3, D(2028, 9, 30)),
            ("years", 5, D(2030, 9, 30)),
        ]
        again = record(world, placement)
        assert not again.changed
        assert len(check_ins_of(placement)) == 4


def test_a_leaver_on_29_february_is_checked_on_28_february_in_other_years(world):
    with on(D(2024, 3, 4)):
        placement = ended(world, D(2024, 2, 29))
        record(world, placement)
    assert due_dates(placement) == [
        ("years", 1, D(2025, 2, 28)),
        ("sustained", 0, D(2025, 4, 1)),
        ("years", 3, D(2027, 2, 28)),
        ("years", 5, D(2029, 2, 28)),
    ]


def test_a_later_date_of_moving_on_moves_the_check_ins_still_due_and_keeps_those_recorded(world):
    with on(D(2025, 9, 30)):
        placement = ended(world, D(2025, 9, 30))
        record(world, placement)
    first = {(c.kind, c.years): c for c in check_ins_of(placement)}
    with on(D(2026, 4, 1)):
        record_check_in(world, first[("sustained", 0)])
        # The pupil in fact stayed on roll to 1 October: the check-ins still due follow; the one recorded
        # says what was found and keeps its date.
        record(world, placement, left_on=D(2025, 10, 1))
    after = {(c.kind, c.years): c for c in check_ins_of(placement)}
    assert after[("sustained", 0)].due_on == D(2026, 4, 1)
    assert after[("sustained", 0)].recorded_at is not None
    assert after[("years", 1)].due_on == D(2026, 10, 1)
    assert after[("years", 5)].due_on == D(2030, 10, 1)
    assert {c.pk for c in after.values()} == {c.pk for c in first.values()}


def test_planning_many_outcomes_costs_the_same_as_planning_one(world):
    placements = [ended(world, D(2025, 6, 1) + datetime.timedelta(days=n)) for n in range(5)]
    with on(D(2025, 9, 1)):
        for placement in placements[:4]:
            record(world, placement)
    with unscoped("test"):
        outcomes = list(Outcome.objects.filter(placement__in=placements[:4]))
    for outcome in outcomes:
        outcome.left_on += datetime.timedelta(days=3)
    membership = world.members["ap_lead"]
    with acting_as(membership), CaptureQueriesContext(connection) as one:
        schedule.plan(outcomes[:1], by=membership)
    with acting_as(membership), CaptureQueriesContext(connection) as four:
        schedule.plan(outcomes, by=membership)
    assert len(four) == len(one)


# --- Recording a check-in, from the day it is due ----------------------------------------------------


def test_a_check_in_is_recorded_from_the_day_it_is_due(world):
    with on(D(2025, 10, 1)):
        placement = ended(world, D(2025, 9, 30))
        record(world, placement)
    sustained = check_ins_of(placement)[0]
    assert sustained.due_on == D(2026, 4, 1)
    with on(D(2026, 3, 31)), pytest.raises(ValidationError) as refused:
        record_check_in(world, sustained)
    assert refused.value.message_dict["__all__"] == ["This check-in can be recorded from 1 April 2026"]
    with on(D(2026, 4, 1)):
        saved = record_check_in(world, sustained, sustained=False, note="Left college in January.")
    assert saved.changed
    stored = check_ins_of(placement)[0]
    assert stored.recorded_at is not None
    assert (stored.sustained, stored.note) == (False, "Left college in January.")


def test_only_the_sustained_check_asks_whether_it_was_sustained(world):
    with on(D(2025, 8, 1)):
        placement = ended(world, D(2025, 8, 1))
        record(world, placement)
    sustained, year_one = check_ins_of(placement)[:2]
    with on(D(2026, 8, 1)):
        with pytest.raises(ValidationError) as refused:
            record_check_in(world, sustained, sustained=None)
        assert refused.value.message_dict == {"sustained": ["Select whether the destination was sustained"]}
        record_check_in(world, year_one, sustained=True)
    assert check_ins_of(placement)[1].sustained is None


# --- The sweep's selector ----------------------------------------------------------------------------


def test_checkins_due_are_every_organisations_unrecorded_check_ins_due_by_the_day(world):
    day = D(2026, 4, 1)
    mine = CheckInFactory(placement=ended(world, D(2025, 9, 1)), due_on=day)
    theirs = CheckInFactory(placement__pupil__school=world.other_school, due_on=day - datetime.timedelta(1))
    CheckInFactory(placement=ended(world, D(2025, 9, 2)), due_on=day + datetime.timedelta(days=1))
    CheckInFactory(placement=ended(world, D(2025, 9, 3)), due_on=day, recorded=True)
    with unscoped("test: the sweep reads for nobody in particular"):
        assert [check_in.pk for check_in in checkins_due(day)] == [theirs.pk, mine.pk]
        assert CheckIn.objects.count() == 4


def test_a_check_in_is_due_until_recorded_and_the_database_refuses_half_a_record(world):
    placement = ended(world, D(2025, 9, 1))
    halves = [
        {"recorded_at": timezone.now()},  # recorded, but not where the pupil was found
        {"destination": "employment"},  # where, but not when it was recorded
        {"sustained": True},  # the sustained question answered before the check is recorded
        {"kind": "years", "years": 1, "recorded": True, "sustained": True},  # asked of a later check-in
    ]
    for fields in halves:
        with pytest.raises(IntegrityError), transaction.atomic():
            CheckInFactory(placement=placement, **fields)
    recorded = CheckInFactory(placement=placement, recorded=True)
    assert (recorded.destination, recorded.sustained) == ("further_education", True)
    with unscoped("test: the sweep reads for nobody in particular"):
        assert list(checkins_due(D(2030, 1, 1))) == []
