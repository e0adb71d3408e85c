"""Changing a plan: a planned placement is changed freely; once active, every change needs a reason and is
recorded as one change of plan per kind, in words. Objectives carry a baseline with its date (the
attendance one offered from the pupil's imported history). The same values again change nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apcommission.tenancy.scoping import acting_as, unscoped
from placements import rules, selectors, services
from placements.models import ChangeKind, Objective, PartTimePlan, PartTimeStep, Placement, PlanChange
from tests.history import history
from tests.placements.plan_world import (
    NEXT_WEEK,
    TODAY,
    act,
    active,
    fresh,
    lead,
    objective_values,
    planned,
    pupil_of,
    rows,
    with_objective,
)
from tests.providers.factories import SiteFactory
from tests.pupils.factories import AttendanceYearFactory


def update(world, placement, reason="", **changes):
    return act(lead(world), services.update_plan, placement, changes=changes, change_reason=reason)


def words(placement) -> list[tuple[str, str, str]]:
    return [(c.kind, c.summary, c.reason) for c in rows(PlanChange, placement=placement)]


def test_a_planned_placement_is_changed_freely_and_records_no_change_of_plan(world):
    placement = planned(world)
    changed = update(world, placement, hours_per_week=Decimal("18"), shared=["name", "upn"])
    assert changed.hours_per_week == Decimal("18")
    assert fresh(placement).provider_copy == {"name": "Amira Khan", "upn": placement.pupil.upn}
    assert rows(PlanChange) == []


def test_a_plan_saved_unchanged_writes_nothing(world):
    placement = active(world)
    before = fresh(placement)
    events = len(history("placements.PlacementEvent", pgh_obj_id=placement.pk))
    same = {name: getattr(before, name) for name in services.PLAN_FIELDS if name not in services.RELATED}
    same |= {"provider": world.provider, "site": None, "block_purchase": None}
    # The same timetable and shares in another order are the same plan.
    same |= {"sessions": list(reversed(before.sessions)), "shared": list(reversed(before.shared))}
    update(world, placement, **same)
    after = fresh(placement)
    assert after.updated_at == before.updated_at
    assert len(history("placements.PlacementEvent", pgh_obj_id=placement.pk)) == events
    assert rows(PlanChange) == []


def test_an_active_placements_change_needs_a_reason_and_is_recorded_per_kind(world):
    placement = active(world)
    site = SiteFactory(provider=world.provider, name="Riverside workshop")
    end = placement.planned_end_on
    with pytest.raises(ValidationError) as caught:
        update(world, placement, hours_per_week=Decimal("18"))
    assert caught.value.message_dict == {"change_reason": ["Enter why the plan changes"]}
    update(
        world,
        placement,
        reason="  Settling well: more time at the workshop.  ",
        planned_end_on=end + datetime.timedelta(weeks=4),
        hours_per_week=Decimal("17.5"),
        school_hours_per_week=Decimal("8"),
        sessions=[*placement.sessions, "thu_am"],
        site=site,
        transport="Taxi each morning.",
        funder="high_needs",
    )
    later = end + datetime.timedelta(weeks=4)
    why = "Settling well: more time at the workshop."
    assert words(placement) == [
        (ChangeKind.EXTENDED, f"Planned end: {end.day} {end:%B %Y} to {later.day} {later:%B %Y}", why),
        (
            ChangeKind.HOURS,
            "Hours a week: 15 to 17.5; Hours a week at the school alongside: 10 to 8",
            why,
        ),
        (
            ChangeKind.TIMETABLE,
            "Timetable: Monday morning, Monday afternoon, Tuesday morning, Tuesday afternoon, Wednesday "
            "morning and Wednesday afternoon to Monday morning, Monday afternoon, Tuesday morning, Tuesday "
            "afternoon, Wednesday morning, Wednesday afternoon and Thursday morning",
            why,
        ),
        (ChangeKind.PROVIDER, "Site: none to Riverside workshop", why),
        (ChangeKind.OTHER, "Who pays: none to High-needs top-up; Transport changed", why),
    ]


def test_bringing_the_end_forward_says_so(world):
    placement = active(world, planned_end_on=TODAY + datetime.timedelta(weeks=10))
    sooner = TODAY + datetime.timedelta(weeks=6)
    update(world, placement, reason="Ready to go back sooner.", planned_end_on=sooner)
    assert [(kind, summary) for kind, summary, _why in words(placement)] == [
        (
            ChangeKind.OTHER,
            f"Planned end: {placement.planned_end_on.day} {placement.planned_end_on:%B %Y} "
            f"to {sooner.day} {sooner:%B %Y}",
        ),
    ]


def test_an_active_placement_keeps_its_provider_and_may_move_to_another_of_its_sites(world):
    placement = active(world)
    before = fresh(placement)
    with pytest.raises(ValidationError) as caught:
        update(world, placement, reason="The PRU had no place left.", provider=world.other_provider)
    assert caught.value.message_dict == {
        "provider": [
            "The placement has started with Demoshire PRU. To move the pupil to another provider, end this "
            "placement and plan a new one."
        ]
    }
    after = fresh(placement)
    assert (after.provider_id, after.provider_copy, after.updated_at) == (
        before.provider_id,
        before.provider_copy,
        before.updated_at,
    )
    assert rows(PlanChange) == []
    # Another site of the same provider is a change of plan, recorded as one.
    site = SiteFactory(provider=world.provider, name="Riverside workshop")
    update(world, placement, reason="Closer to home.", site=site)
    assert fresh(placement).site_id == site.pk
    assert words(placement) == [(ChangeKind.PROVIDER, "Site: none to Riverside workshop", "Closer to home.")]


def test_a_planned_placement_may_still_change_provider(world):
    placement = planned(world)
    update(world, placement, provider=world.other_provider)
    assert fresh(placement).provider_id == world.other_provider.pk
    assert rows(PlanChange) == []


def test_a_change_is_checked_as_a_new_plan_is_but_a_long_past_start_stands(world):
    placement = active(world)
    with pytest.raises(ValidationError) as caught:
        update(
            world, placement, reason="Typo", planned_end_on=placement.starts_on - datetime.timedelta(days=1)
        )
    assert "planned_end_on" in caught.value.message_dict
    # A placement that started over a year ago may still have its hours changed.
    with unscoped("test: a placement that started long ago"):
        Placement.objects.filter(pk=placement.pk).update(starts_on=TODAY - datetime.timedelta(days=400))
    update(world, placement, reason="More maths.", hours_per_week=Decimal("16"))
    assert fresh(placement).hours_per_week == Decimal("16")


def test_an_ended_placement_is_the_record_and_only_the_ap_lead_changes_a_plan(world):
    placement = planned(world)
    for role in ("dsl", "school_leader", "trust_leader", "la_officer", "provider_manager"):
        with pytest.raises(PermissionDenied):
            act(world.members[role], services.update_plan, placement, changes={"transport": "Bus"})
    running = active(world)
    act(lead(world), services.end_placement, running, ended_on=TODAY, reason="Back at school.")
    with pytest.raises(ValidationError) as caught:
        update(world, running, reason="Late note.", transport="Bus")
    assert caught.value.messages == ["An ended placement cannot be changed"]


def test_a_cancelled_placement_is_the_record_as_an_ended_one_is(world):
    placement = planned(world)
    act(lead(world), services.cancel_placement, placement, reason="The family moved away.")
    before = fresh(placement)
    # The placement as the page read it before it was cancelled: the service reads it again.
    refusals = {
        "A cancelled placement cannot be changed": lambda: update(world, placement, transport="Bus"),
        "A cancelled placement's objectives cannot be changed": lambda: with_objective(world, placement),
        "A cancelled placement's part-time plan cannot be changed": lambda: act(
            lead(world),
            services.set_part_time_plan,
            placement,
            why_part_time="Building up.",
            ends_by=TODAY + datetime.timedelta(weeks=6),
            parent_agreed_on=None,
            la_notified_on=None,
            steps=[],
        ),
    }
    for message, call in refusals.items():
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.messages == [message]
    assert fresh(placement).updated_at == before.updated_at
    assert rows(Objective, placement=placement) == []
    assert rows(PartTimePlan, placement=placement) == []
    with acting_as(lead(world)):
        assert not rules.can_change_plan(lead(world), fresh(placement))
        assert not rules.can_end(lead(world), fresh(placement))


# --- Objectives -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"baseline_on": None},
            "baseline_on",
            "Enter the date of the baseline, or leave the baseline blank too",
        ),
        ({"baseline_value": None}, "baseline_value", "Enter the baseline, or leave its date blank too"),
        (
            {"baseline_on": TODAY + datetime.timedelta(days=1)},
            "baseline_on",
            "The date of the baseline must be today or in the past",
        ),
        ({"target_value": None}, "target_value", "Enter the target, or leave its date blank too"),
        (
            {"target_on": TODAY - datetime.timedelta(days=10)},
            "target_on",
            "The target date must be after the date of the baseline",
        ),
        ({"description": "  "}, "description", "Enter what the objective is"),
        ({"measure": ""}, "measure", "Enter how it is measured"),
        ({"area": "sport"}, "area", "Choose the area of the objective"),
    ],
)
def test_an_objective_out_of_order_is_refused(world, overrides, field, message):
    placement = planned(world)
    with pytest.raises(ValidationError) as caught:
        with_objective(world, placement, **overrides)
    assert caught.value.message_dict[field] == [message]
    assert rows(Objective) == []


def test_an_objective_may_wait_for_its_baseline(world):
    placement = planned(world)
    objective = with_objective(world, placement, baseline_value=None, baseline_on=None)
    assert not objective.has_baseline
    assert rows(PlanChange) == []


def test_an_active_placements_objectives_change_with_a_reason_and_are_recorded(world):
    placement = active(world)
    with pytest.raises(ValidationError) as caught:
        with_objective(world, placement, area="maths", description="Entry level 3 maths.")
    assert caught.value.message_dict == {"change_reason": ["Enter why the plan changes"]}
    added = act(
        lead(world),
        services.add_objective,
        placement,
        change_reason="Maths added at the review.",
        **objective_values(area="maths", description="Entry level 3 maths.", unit="grade"),
    )
    [objective] = [o for o in rows(Objective) if o.pk != added.pk]
    act(
        lead(world),
        services.update_objective,
        objective,
        change_reason="Going well.",
        target_value=Decimal("95"),
    )
    act(
        lead(world),
        services.update_objective,
        objective,
        change_reason="Again",
        target_value=Decimal("95.00"),
    )
    assert words(placement) == [
        (ChangeKind.OBJECTIVES, "Objective added: Maths: Entry level 3 maths.", "Maths added at the review."),
        (
            ChangeKind.OBJECTIVES,
            "Objective amended (Attendance: Attend every morning session.): target 90 to 95",
            "Going well.",
        ),
    ]


def test_a_planned_placements_objective_saved_unchanged_writes_nothing(world):
    placement = planned(world)
    objective = with_objective(world, placement)
    events = len(history("placements.ObjectiveEvent", pgh_obj_id=objective.pk))
    same = {name: getattr(objective, name) for name in services.OBJECTIVE_FIELDS}
    act(lead(world), services.update_objective, objective, **same)
    assert len(history("placements.ObjectiveEvent", pgh_obj_id=objective.pk)) == events


def test_the_attendance_baseline_comes_from_the_latest_year_imported(world):
    pupil = pupil_of(world)
    with acting_as(lead(world)):
        assert selectors.attendance_baseline(pupil.pk, membership=lead(world)) is None
    AttendanceYearFactory(pupil=pupil, academic_year=2024, possible_sessions=380, attended_sessions=301)
    AttendanceYearFactory(pupil=pupil, academic_year=2025, possible_sessions=0, attended_sessions=0)
    with acting_as(lead(world)):
        baseline = selectors.attendance_baseline(pupil.pk, membership=lead(world))
        assert (baseline.value, baseline.on, baseline.year_words) == (
            Decimal("79.2"),
            datetime.date(2025, 7, 31),
            "2024/25",
        )
        AttendanceYearFactory(pupil=pupil, academic_year=2026, possible_sessions=100, attended_sessions=55)
        running = selectors.attendance_baseline(
            pupil.pk, membership=lead(world), today=datetime.date(2026, 12, 1)
        )
        assert (running.value, running.on) == (Decimal("55.0"), datetime.date(2026, 12, 1))


# --- The part-time plan -----------------------------------------------------------------------------


def part_time(world, **overrides):
    """A Year 10 pupil (24 hours a week is full time) with 12 hours at the provision and none at school."""
    return planned(world, hours_per_week=Decimal("12"), school_hours_per_week=Decimal("0"), **overrides)


def set_plan(world, placement, reason="", **overrides):
    values = {
        "why_part_time": "Building up after a long absence with anxiety.",
        "ends_by": NEXT_WEEK + datetime.timedelta(weeks=8),
        "parent_agreed_on": TODAY,
        "la_notified_on": TODAY,
        "steps": [
            (NEXT_WEEK + datetime.timedelta(weeks=3), Decimal("18")),
            (NEXT_WEEK + datetime.timedelta(weeks=6), Decimal("24")),
        ],
        **overrides,
    }
    return act(lead(world), services.set_part_time_plan, placement, change_reason=reason, **values)


def refused_plan(world, placement, **overrides) -> dict:
    with pytest.raises(ValidationError) as caught:
        set_plan(world, placement, **overrides)
    return caught.value.message_dict


def test_a_part_time_plan_is_kept_with_its_steps(world):
    placement = part_time(world)
    plan = set_plan(world, placement)
    assert [(s.from_on, s.hours_per_week) for s in rows(PartTimeStep, plan=plan)] == [
        (NEXT_WEEK + datetime.timedelta(weeks=3), Decimal("18")),
        (NEXT_WEEK + datetime.timedelta(weeks=6), Decimal("24")),
    ]
    assert rows(PlanChange) == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"why_part_time": " "}, "why_part_time", "Enter why the pupil has a part-time timetable"),
        ({"ends_by": None}, "ends_by", "Enter the time limit"),
        (
            {"ends_by": NEXT_WEEK},
            "ends_by",
            f"The time limit must be after the start date ({NEXT_WEEK.day} {NEXT_WEEK:%B %Y})",
        ),
        (
            {"la_notified_on": TODAY + datetime.timedelta(days=1)},
            "la_notified_on",
            "The date the LA was told must be today or in the past",
        ),
        (
            {"steps": [(NEXT_WEEK, Decimal("24"))]},
            "steps",
            f"Each step must start after the placement starts ({NEXT_WEEK.day} {NEXT_WEEK:%B %Y})",
        ),
        (
            {
                "steps": [
                    (NEXT_WEEK + datetime.timedelta(days=7), Decimal("20")),
                    (NEXT_WEEK + datetime.timedelta(days=14), Decimal("20")),
                ]
            },
            "steps",
            "Each step must have more hours a week than the step before it",
        ),
        (
            {"steps": [(NEXT_WEEK + datetime.timedelta(days=7), Decimal("12"))]},
            "steps",
            "The first step must have more than the 12 hours a week the pupil has now",
        ),
        (
            {"steps": [(NEXT_WEEK + datetime.timedelta(days=7), Decimal("23.5"))]},
            "steps",
            "The last step must reach the pupil's full-time week of 24 hours a week",
        ),
        (
            {
                "steps": [
                    (NEXT_WEEK + datetime.timedelta(days=7), Decimal("24")),
                    (NEXT_WEEK + datetime.timedelta(days=14), Decimal("25")),
                ]
            },
            "steps",
            "Step 1 already gives the pupil a full-time week of 24 hours by "
            f"{(NEXT_WEEK + datetime.timedelta(days=14)).day} "
            f"{NEXT_WEEK + datetime.timedelta(days=14):%B %Y}: leave step 2 blank, or give step 1 fewer "
            "hours",
        ),
        (
            {"steps": [(NEXT_WEEK + datetime.timedelta(weeks=9), Decimal("24"))]},
            "steps",
            "The last step must start on or before the time limit",
        ),
        (
            {"steps": [(NEXT_WEEK + datetime.timedelta(days=7), Decimal("61"))]},
            "steps",
            "Each step's hours a week must be between 0.5 and 60",
        ),
    ],
)
def test_a_part_time_plan_out_of_order_is_refused(world, overrides, field, message):
    placement = part_time(world)
    assert refused_plan(world, placement, **overrides)[field] == [message]
    assert rows(PlanChange) == []
    assert rows(PartTimePlan) == []


def test_a_part_time_plan_saved_again_unchanged_writes_nothing_and_an_active_ones_change_is_recorded(world):
    placement = part_time(world, starts_on=TODAY)
    set_plan(
        world,
        placement,
        steps=[(TODAY + datetime.timedelta(weeks=3), Decimal("24"))],
        ends_by=TODAY + datetime.timedelta(weeks=4),
    )
    with_objective(world, placement)
    act(lead(world), services.start_placement, placement)
    plan_events = len(history("placements.PartTimeStepEvent"))
    set_plan(
        world,
        placement,
        steps=[(TODAY + datetime.timedelta(weeks=3), Decimal("24"))],
        ends_by=TODAY + datetime.timedelta(weeks=4),
    )
    assert len(history("placements.PartTimeStepEvent")) == plan_events
    assert rows(PlanChange) == []
    later = TODAY + datetime.timedelta(weeks=6)
    with pytest.raises(ValidationError) as caught:
        set_plan(
            world, placement, ends_by=later, steps=[(TODAY + datetime.timedelta(weeks=5), Decimal("24"))]
        )
    assert caught.value.message_dict == {"change_reason": ["Enter why the plan changes"]}
    set_plan(
        world,
        placement,
        reason="Slower than hoped.",
        ends_by=later,
        steps=[
            (TODAY + datetime.timedelta(weeks=2), Decimal("18")),
            (TODAY + datetime.timedelta(weeks=5), Decimal("24")),
        ],
    )
    old_step, limit = TODAY + datetime.timedelta(weeks=3), TODAY + datetime.timedelta(weeks=4)
    first, second = TODAY + datetime.timedelta(weeks=2), TODAY + datetime.timedelta(weeks=5)

    def day(value):
        return f"{value.day} {value:%B %Y}"

    assert words(placement) == [
        (
            ChangeKind.PART_TIME,
            f"Time limit: {day(limit)} to {day(later)}; Steps: 24 hours from {day(old_step)} to "
            f"18 hours from {day(first)} and 24 hours from {day(second)}",
            "Slower than hoped.",
        )
    ]
