"""A placement's moves: planned, then active (on or after its start, with an objective with a baseline and,
for a part-time timetable, its complete plan), then ended with the date and why; a planned one may be
cancelled instead, with why and no end date. Every move is in the history, and every move the table does
not hold is refused."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apcommission.tenancy.scoping import unscoped
from apcommission.workflow import TransitionRefused
from placements import services
from placements.models import PlacementStatus, PlacementStatusChange
from tests.placements.factories import PlacementFactory, PlacementRulesFactory
from tests.placements.plan_world import (
    TODAY,
    act,
    active,
    fresh,
    lead,
    planned,
    pupil_of,
    rows,
    with_objective,
)

S = PlacementStatus


def start(world, placement):
    return act(lead(world), services.start_placement, placement)


def refused_start(world, placement) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        start(world, placement)
    assert fresh(placement).status == S.PLANNED
    return caught.value.messages


def part_time_plan(world, placement, **overrides):
    values = {
        "why_part_time": "Building up after a long absence.",
        "ends_by": TODAY + datetime.timedelta(weeks=6),
        "parent_agreed_on": TODAY,
        "la_notified_on": TODAY,
        "steps": [(TODAY + datetime.timedelta(weeks=4), Decimal("24"))],
        **overrides,
    }
    return act(lead(world), services.set_part_time_plan, placement, **values)


def test_a_placement_starts_with_an_objective_with_a_baseline(world):
    placement = planned(world, starts_on=TODAY)
    assert refused_start(world, placement) == [
        "Before the placement can start, add at least one objective with a baseline"
    ]
    with_objective(world, placement, baseline_value=None, baseline_on=None)
    assert refused_start(world, placement) == [
        "Before the placement can start, add at least one objective with a baseline"
    ]
    with_objective(world, placement)
    assert start(world, placement).status == S.ACTIVE


def test_a_placement_does_not_start_before_its_start_date(world):
    tomorrow = TODAY + datetime.timedelta(days=1)
    placement = planned(world, starts_on=tomorrow)
    with_objective(world, placement)
    assert refused_start(world, placement) == [
        f"The placement starts on {tomorrow.day} {tomorrow:%B %Y}: start it on that day or later"
    ]


def test_a_part_time_timetable_starts_only_with_its_complete_plan(world):
    # 12 hours at the provision and 8 at school: 20 of the 24 hours a Year 10 pupil's week should hold.
    placement = planned(
        world, starts_on=TODAY, hours_per_week=Decimal("12"), school_hours_per_week=Decimal("8")
    )
    with_objective(world, placement)
    assert refused_start(world, placement) == [
        "Before the placement can start, add a part-time plan, as the timetable is less than a full-time week"
    ]
    part_time_plan(world, placement, steps=[], parent_agreed_on=None, la_notified_on=None)
    assert refused_start(world, placement) == [
        "Before the placement can start, add at least one step in the plan back to full time, the date the "
        "parent or carer agreed to the part-time timetable and the date the LA was told about the part-time "
        "timetable"
    ]
    part_time_plan(world, placement)
    assert start(world, placement).status == S.ACTIVE


def test_a_full_time_week_is_the_sum_of_the_school_and_every_current_placement(world):
    pupil = pupil_of(world)
    # 10 hours elsewhere already, and 8 at school: with 6 more here the pupil has 24, a full week.
    PlacementFactory(
        pupil=pupil,
        provider=world.other_provider,
        starts_on=TODAY - datetime.timedelta(days=30),
        hours_per_week=Decimal("10"),
        school_hours_per_week=Decimal("8"),
    )
    placement = planned(
        world, pupil, starts_on=TODAY, hours_per_week=Decimal("6"), school_hours_per_week=Decimal("8")
    )
    with_objective(world, placement)
    assert start(world, placement).status == S.ACTIVE


def test_the_las_own_full_time_week_decides_what_is_part_time(world):
    PlacementRulesFactory(local_authority=world.la, hours_ks3_and_year_10=Decimal("20"))
    placement = planned(
        world, starts_on=TODAY, hours_per_week=Decimal("12"), school_hours_per_week=Decimal("8")
    )
    with_objective(world, placement)
    assert start(world, placement).status == S.ACTIVE


def test_an_active_placement_ends_with_its_date_and_why(world):
    placement = active(world)
    with pytest.raises(TransitionRefused) as caught:
        act(lead(world), services.end_placement, placement, ended_on=TODAY, reason=" ")
    assert caught.value.message_dict == {"reason": ["Enter the reason for this status"]}
    for ended_on, message in (
        (None, "Enter the date the placement ended"),
        (
            TODAY - datetime.timedelta(days=1),
            f"The end date must be the same as or after the start date ({TODAY.day} {TODAY:%B %Y})",
        ),
        (TODAY + datetime.timedelta(days=1), "The end date must be today or in the past"),
    ):
        with pytest.raises(ValidationError) as caught:
            act(lead(world), services.end_placement, placement, ended_on=ended_on, reason="Back at school.")
        assert caught.value.message_dict == {"ended_on": [message]}
    ended = act(lead(world), services.end_placement, placement, ended_on=TODAY, reason=" Back at school. ")
    assert (ended.status, ended.ended_on, ended.end_reason) == (S.ENDED, TODAY, "Back at school.")
    assert [
        (c.from_status, c.to_status, c.reason) for c in rows(PlacementStatusChange, placement=placement)
    ] == [
        ("", S.PLANNED, ""),
        (S.PLANNED, S.ACTIVE, ""),
        (S.ACTIVE, S.ENDED, "Back at school."),
    ]


def test_a_planned_placement_is_cancelled_and_an_active_one_ended(world):
    placement = planned(world)
    with pytest.raises(ValidationError) as caught:
        act(lead(world), services.end_placement, placement, ended_on=TODAY, reason="Changed our minds.")
    assert caught.value.messages == ["Only an active placement is ended: cancel a planned one"]
    cancelled = act(lead(world), services.cancel_placement, placement, reason=" The family moved away. ")
    # Cancelled, not ended: it never took place, so it has no end date.
    assert (cancelled.status, cancelled.cancelled_on, cancelled.cancel_reason) == (
        S.CANCELLED,
        TODAY,
        "The family moved away.",
    )
    assert (fresh(placement).ended_on, fresh(placement).end_reason) == (None, "")
    assert [
        (c.from_status, c.to_status, c.reason) for c in rows(PlacementStatusChange, placement=placement)
    ] == [("", S.PLANNED, ""), (S.PLANNED, S.CANCELLED, "The family moved away.")]
    running = active(world)
    with pytest.raises(ValidationError) as caught:
        act(lead(world), services.cancel_placement, running, reason="Too late for that.")
    assert caught.value.messages == ["Only a planned placement is cancelled: end an active one"]


def test_cancelling_needs_a_reason(world):
    placement = planned(world)
    with pytest.raises(TransitionRefused) as caught:
        act(lead(world), services.cancel_placement, placement, reason=" ")
    assert caught.value.message_dict == {"reason": ["Enter the reason for this status"]}
    assert fresh(placement).status == S.PLANNED


@pytest.mark.parametrize(
    ("status", "move", "message"),
    [
        (S.ACTIVE, "start", "The placement is already active"),
        (S.ENDED, "start", "An ended placement cannot move to active"),
        (S.ENDED, "end", "The placement is already ended"),
        (S.ENDED, "cancel", "An ended placement cannot move to cancelled"),
        (S.CANCELLED, "start", "A cancelled placement cannot move to active"),
        (S.CANCELLED, "end", "A cancelled placement cannot move to ended"),
        (S.CANCELLED, "cancel", "The placement is already cancelled"),
    ],
)
def test_moves_the_table_does_not_hold_are_refused(world, status, move, message):
    placement = planned(world) if status == S.CANCELLED else active(world)
    if status == S.ENDED:
        act(lead(world), services.end_placement, placement, ended_on=TODAY, reason="Back at school.")
    if status == S.CANCELLED:
        act(lead(world), services.cancel_placement, placement, reason="Not needed.")
    calls = {
        "start": lambda: start(world, placement),
        "end": lambda: act(lead(world), services.end_placement, placement, ended_on=TODAY, reason="x"),
        "cancel": lambda: act(lead(world), services.cancel_placement, placement, reason="x"),
    }
    moves = len(rows(PlacementStatusChange))
    with pytest.raises(TransitionRefused) as caught:
        calls[move]()
    assert caught.value.messages == [message]
    assert len(rows(PlacementStatusChange)) == moves


@pytest.mark.parametrize(
    "role", ["dsl", "school_leader", "school_staff", "trust_leader", "la_officer", "la_viewer"]
)
def test_only_the_ap_lead_moves_a_placement(world, role):
    placement = planned(world, starts_on=TODAY)
    with_objective(world, placement)
    someone = world.members[role]
    for call in (
        lambda: act(someone, services.start_placement, placement),
        lambda: act(someone, services.cancel_placement, placement, reason="No."),
    ):
        with pytest.raises(PermissionDenied):
            call()
    running = active(world)
    with pytest.raises(PermissionDenied):
        act(someone, services.end_placement, running, ended_on=TODAY, reason="No.")
    with unscoped("test"):
        assert {p.status for p in (fresh(placement), fresh(running))} == {S.PLANNED, S.ACTIVE}


def test_a_provider_cannot_move_the_placement_it_delivers(world):
    placement = planned(world, starts_on=TODAY)
    with pytest.raises(PermissionDenied):
        act(world.members["provider_manager"], services.start_placement, placement)
