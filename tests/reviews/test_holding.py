"""Holding a review (`reviews.holding`): what it records, every mistake said at once, the order reviews are
held in, the attendance counted from the marks since the last review against the baseline, and "Is this
placement still right?" after two reviews in a row with an objective not on track."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apcommission.tenancy.scoping import acting_as, unscoped
from attendance.models import MarkKind
from placements import services as placement_services
from placements.models import Objective
from reviews import holding
from reviews.models import Review, ReviewObjective, ReviewState, ReviewViews
from tests.attendance.factories import MarkFactory
from tests.placements.plan_world import act, lead
from tests.progress.factories import ProgressEntryFactory
from tests.pupils.factories import AttendanceYearFactory
from tests.reviews.world import on, reviews_of, start

START = datetime.date(2026, 9, 7)  # a Monday
DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(weeks=1)


def objectives_of(placement) -> list[Objective]:
    with unscoped("a test reads the rows as stored"):
        return list(Objective.objects.filter(placement_id=placement.pk))


def held(placement, *, held_on, rating="on_track", **overrides) -> holding.Held:
    values = {
        "held_on": held_on,
        "attended": ["school", "provider", "parent", "pupil"],
        "attended_others": "",
        "ratings": {objective.pk: rating for objective in objectives_of(placement)},
        "pupil_views": "I like the workshop.",
        "parent_views": "Mornings are still hard.",
        "provider_report": "Settled; attends most mornings.",
        "decision": "continue",
        "decision_note": "",
    }
    return holding.Held(**{**values, **overrides})


def started(world):
    with on(START):
        return start(world, weeks=30)


def hold(world, review, values):
    return act(lead(world), holding.hold_review, review, held=values)


def marks(placement, first: datetime.date, days: int, absent_every: int = 0):
    """Morning and afternoon marks on the school days from `first`; every `absent_every`th session absent."""
    n = 0
    for offset in range(days):
        day = first + offset * DAY
        if day.weekday() > 4:
            continue
        for session in ("am", "pm"):
            n += 1
            mark = MarkKind.UNAUTHORISED if absent_every and n % absent_every == 0 else MarkKind.PRESENT
            MarkFactory(placement=placement, on=day, session=session, mark=mark)


def test_holding_the_first_review_records_it_with_attendance_counted_from_the_marks(world):
    placement = started(world)
    AttendanceYearFactory(
        pupil=placement.pupil, academic_year=2025, possible_sessions=100, attended_sessions=60
    )
    first = reviews_of(placement)[0]
    assert first.due_on == START + 4 * WEEK
    marks(placement, START, 14, absent_every=4)  # 20 sessions, 5 absent: 75%
    (objective,) = objectives_of(placement)
    ProgressEntryFactory(objective=objective, value=Decimal("71"), on=START + 10 * DAY)
    ProgressEntryFactory(objective=objective, value=Decimal("74"), on=START + 12 * DAY)
    with on(START + 4 * WEEK):
        review = hold(world, first, held(placement, held_on=START + 4 * WEEK - DAY))
    assert (review.state, review.held_on) == (ReviewState.HELD, START + 4 * WEEK - DAY)
    assert review.attended == ["school", "provider", "parent", "pupil"]
    assert (review.attendance_from, review.sessions_possible, review.sessions_attended) == (START, 20, 15)
    assert review.decision == "continue"
    assert not review.not_on_track
    with unscoped("a test reads the rows as stored"):
        (judgement,) = ReviewObjective.objects.filter(review=review)
        views = ReviewViews.objects.get(review=review)
    assert (judgement.rating, judgement.latest_value, judgement.latest_on) == (
        "on_track",
        Decimal("74"),
        START + 12 * DAY,
    )
    assert views.baseline_percent == Decimal("60.0")
    assert views.pupil_views == "I like the workshop."
    assert holding.stored_attendance(review, views).words == (
        "75.0% (15 of 20 sessions), 15 points above the baseline of 60.0%"
    )
    # The next reviews keep the dates the rules gave them: the rhythm runs from the start.
    due = [r.due_on for r in reviews_of(placement) if r.state == ReviewState.DUE]
    assert due[0] == START + 10 * WEEK


def test_a_review_recorded_after_later_values_keeps_the_latest_value_it_saw(world):
    placement = started(world)
    first = reviews_of(placement)[0]
    (objective,) = objectives_of(placement)
    ProgressEntryFactory(objective=objective, value=Decimal("71"), on=START + 10 * DAY)
    ProgressEntryFactory(objective=objective, value=Decimal("80"), on=START + 4 * WEEK + 2 * DAY)
    with on(START + 4 * WEEK + 3 * DAY):  # recorded three days after the meeting
        review = hold(world, first, held(placement, held_on=START + 4 * WEEK))
    with unscoped("a test reads the rows as stored"):
        (judgement,) = ReviewObjective.objects.filter(review=review)
    assert (judgement.latest_value, judgement.latest_on) == (Decimal("71"), START + 10 * DAY)


def test_the_second_review_counts_attendance_from_the_day_after_the_first(world):
    placement = started(world)
    first, second = reviews_of(placement)[:2]
    marks(placement, START, 7 * 10)
    with on(START + 4 * WEEK):
        hold(world, first, held(placement, held_on=START + 4 * WEEK))
    with on(START + 10 * WEEK):
        review = hold(world, second, held(placement, held_on=START + 10 * WEEK))
    assert review.attendance_from == START + 4 * WEEK + DAY
    # 6 weeks less the day of the first review: 29 school days, 2 sessions each, the last day unmarked.
    assert review.sessions_possible == 2 * 29


def test_every_mistake_is_said_at_once(world):
    placement = started(world)
    first = reviews_of(placement)[0]
    (objective,) = objectives_of(placement)
    empty = held(placement, held_on=None, attended=[], ratings={}, decision="")
    with on(START + 4 * WEEK), pytest.raises(ValidationError) as refused:
        hold(world, first, empty)
    assert set(refused.value.message_dict) == {"held_on", "attended", f"objective_{objective.pk}", "decision"}
    others = held(placement, held_on=START + 5 * WEEK, attended=["school", "others"], decision="escalate")
    with on(START + 4 * WEEK), pytest.raises(ValidationError) as refused:
        hold(world, first, others)
    assert refused.value.message_dict == {
        "held_on": ["The date the review was held must be today or in the past"],
        "attended_others": ["Enter who else attended"],
        "decision_note": ["Enter why the placement is escalated, and to whom"],
    }
    before = held(placement, held_on=START - DAY)
    with on(START + 4 * WEEK), pytest.raises(ValidationError) as refused:
        hold(world, first, before)
    assert "start of the placement" in refused.value.message_dict["held_on"][0]
    assert reviews_of(placement)[0].state == ReviewState.DUE
    with unscoped("a test reads the rows as stored"):
        assert not ReviewViews.objects.exists()
        assert not ReviewObjective.objects.exists()


def test_reviews_are_held_in_order_once_and_only_by_the_ap_lead(world):
    placement = started(world)
    first, second = reviews_of(placement)[:2]
    with on(START + 4 * WEEK), pytest.raises(ValidationError, match="first: reviews are held in order"):
        hold(world, second, held(placement, held_on=START + 4 * WEEK))
    leader = world.members["school_leader"]
    with on(START + 4 * WEEK), pytest.raises(PermissionDenied):
        act(leader, holding.hold_review, first, held=held(placement, held_on=START + 4 * WEEK))
    with on(START + 4 * WEEK):
        hold(world, first, held(placement, held_on=START + 4 * WEEK))
    with on(START + 4 * WEEK), pytest.raises(ValidationError, match="cannot be held again"):
        hold(world, first, held(placement, held_on=START + 4 * WEEK))
    # Not before the last review held.
    with on(START + 10 * WEEK), pytest.raises(ValidationError) as refused:
        hold(world, second, held(placement, held_on=START + 4 * WEEK - DAY))
    assert "on or after the last review" in refused.value.message_dict["held_on"][0]


def flags(world, placements) -> set[int]:
    with acting_as(lead(world)):
        return holding.still_right_flags([p.pk for p in placements], membership=lead(world))


def test_two_reviews_in_a_row_not_on_track_ask_whether_the_placement_is_still_right(world):
    placement = started(world)
    first, second, third = reviews_of(placement)[:3]
    with on(START + 4 * WEEK):
        hold(world, first, held(placement, held_on=START + 4 * WEEK, rating="not_on_track"))
    assert flags(world, [placement]) == set()  # one is not a row
    with on(START + 10 * WEEK):
        hold(world, second, held(placement, held_on=START + 10 * WEEK, rating="not_on_track"))
    assert flags(world, [placement]) == {placement.pk}
    with on(START + 16 * WEEK):
        hold(world, third, held(placement, held_on=START + 16 * WEEK, rating="on_track"))
    assert flags(world, [placement]) == set()  # the last two are no longer both


def test_the_flags_cost_one_query_however_many_placements(world):
    placements = [started(world) for _ in range(3)]
    for placement in placements:
        with on(START + 4 * WEEK):
            hold(
                world,
                reviews_of(placement)[0],
                held(placement, held_on=START + 4 * WEEK, rating="not_on_track"),
            )
        with on(START + 10 * WEEK):
            hold(
                world,
                reviews_of(placement)[1],
                held(placement, held_on=START + 10 * WEEK, rating="not_on_track"),
            )
    with CaptureQueriesContext(connection) as captured:
        assert flags(world, placements) == {p.pk for p in placements}
    assert len(captured) == 1
    with CaptureQueriesContext(connection) as captured:
        flags(world, placements[:1])
    assert len(captured) == 1


def test_the_final_review_is_held_after_the_placement_ended(world):
    placement = started(world)
    with on(START + 3 * WEEK):
        ended = act(
            lead(world),
            placement_services.end_placement,
            placement,
            ended_on=START + 3 * WEEK,
            reason="Returned to school.",
        )
    final = [r for r in reviews_of(ended) if r.state == ReviewState.DUE]
    assert [r.number for r in final] == [0]
    with on(START + 3 * WEEK):
        review = hold(world, final[0], held(ended, held_on=START + 3 * WEEK, decision="end"))
    with unscoped("a test reads the rows as stored"):
        assert Review.objects.get(pk=review.pk).state == ReviewState.HELD
