"""What the plan's pages take and refuse: hours typed as people type them, hours the sessions ticked can
hold, a session timetabled at another of the pupil's placements (warned of on the plan's pages), a
part-time plan's step after the pupil is back to full time, and a part-time plan saved unchanged."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from apcommission.tenancy.scoping import unscoped
from placements import services
from placements.models import PartTimePlan, PartTimeStep, Placement, PlanChange
from tests.dates import date_input
from tests.forms.browser_post import posted_form
from tests.history import history
from tests.placements.factories import PlacementFactory
from tests.placements.plan_world import (
    NEXT_WEEK,
    TODAY,
    act,
    fresh,
    lead,
    planned,
    pupil_of,
    rows,
    signed_in,
    with_objective,
)
from tests.placements.test_plan_pages import plan_form

pytestmark = pytest.mark.django_db
WEEK = datetime.timedelta(weeks=1)


def new_plan(world, **overrides):
    """The new plan page posted for a pupil of the school: the response, and the placements made."""
    pupil = pupil_of(world)
    response = signed_in(world, "ap_lead").post(
        reverse("placements:new"), {"pupil": str(pupil.pk), **plan_form(world, **overrides)}
    )
    return response, rows(Placement)


def errors_of(response) -> dict:
    assert response.status_code == 200, response
    return {name: list(messages) for name, messages in response.context["form"].errors.items()}


def part_time_form(**overrides) -> dict:
    """A part-time plan as a browser posts it: back to 24 hours in two steps (the pupil has 12 now)."""
    data = {
        "why_part_time": "Building up after a long absence.",
        **date_input("ends_by", NEXT_WEEK + 8 * WEEK),
        **date_input("parent_agreed_on", TODAY),
        **date_input("la_notified_on", TODAY),
        **date_input("step_1_on", NEXT_WEEK + 3 * WEEK),
        "step_1_hours": "18",
        **date_input("step_2_on", NEXT_WEEK + 6 * WEEK),
        "step_2_hours": "24",
    }
    for name, value in overrides.items():
        data |= date_input(name, value) if name.endswith("_on") else {name: value}
    return data


# --- Hours typed as people type them -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"), [("15", "15"), ("15.0", "15"), ("15.00", "15"), ("15.5", "15.5"), (" 15 ", "15")]
)
def test_hours_are_saved_as_typed(world, typed, stored):
    response, [placement] = new_plan(world, hours_per_week=typed, school_hours_per_week="10.00")

    assert response.status_code == 302
    assert (placement.hours_per_week, placement.school_hours_per_week) == (Decimal(stored), Decimal(10))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("15.555", "Enter hours a week at the provision with no more than 1 decimal place, like 22.5"),
        ("abc", "Enter hours a week at the provision as a number, like 22.5"),
        ("-1", "Hours a week at the provision must be between 0.5 and 60"),
        ("0", "Hours a week at the provision must be between 0.5 and 60"),
    ],
)
def test_hours_that_are_not_a_number_of_hours_are_refused_plainly(world, typed, message):
    response, made = new_plan(world, hours_per_week=typed)

    assert (errors_of(response), made) == ({"hours_per_week": [message]}, [])


def test_the_school_hours_and_a_steps_hours_say_what_to_type_too(world):
    response, _made = new_plan(world, school_hours_per_week="ten")
    assert errors_of(response) == {
        "school_hours_per_week": ["Enter hours a week at the school alongside as a number, like 22.5"]
    }
    placement = planned(world, hours_per_week=Decimal(12), school_hours_per_week=Decimal(0))
    url = reverse("placements:part_time", args=[placement.pk])
    response = signed_in(world, "ap_lead").post(url, part_time_form(step_1_hours="18.25"))
    assert errors_of(response) == {
        "step_1_hours": ["Enter hours a week at step 1 with no more than 1 decimal place, like 22.5"]
    }


# --- Hours against sessions ----------------------------------------------------------------------


def test_more_hours_than_one_session_holds_are_refused_on_the_hours(world):
    response, made = new_plan(world, sessions=["mon_am"], hours_per_week="60", school_hours_per_week="0")

    assert errors_of(response) == {
        "hours_per_week": [
            "60 hours is more than 6 hours for the 1 session ticked: check the hours or the sessions"
        ]
    }
    assert made == []


def test_more_hours_than_several_sessions_hold_are_refused_with_their_total(world):
    four = ["mon_am", "mon_pm", "tue_am", "tue_pm"]
    response, _made = new_plan(world, sessions=four, hours_per_week="24.5")
    assert errors_of(response) == {
        "hours_per_week": [
            "24.5 hours is more than 6 hours for each of the 4 sessions ticked (24 hours in all): "
            "check the hours or the sessions"
        ]
    }
    response, [placement] = new_plan(world, sessions=four, hours_per_week="24")
    assert (response.status_code, placement.hours_per_week) == (302, Decimal(24))


def test_hours_with_no_session_ticked_are_refused_once_on_the_sessions(world):
    response, made = new_plan(world, sessions=[], hours_per_week="15")

    assert errors_of(response) == {"sessions": ["Choose the sessions the pupil is at the provision"]}
    assert made == []


def test_a_change_to_the_sessions_is_held_to_the_hours_too(world):
    placement = planned(world)
    client = signed_in(world, "ap_lead")
    url = reverse("placements:edit", args=[placement.pk])
    data = posted_form(client.get(url).content.decode()) | {"sessions": ["mon_am", "mon_pm"]}

    response = client.post(url, data)

    assert errors_of(response)["hours_per_week"] == [
        "15 hours is more than 6 hours for each of the 2 sessions ticked (12 hours in all): "
        "check the hours or the sessions"
    ]
    assert fresh(placement).sessions == placement.sessions


# --- A part-time plan's steps --------------------------------------------------------------------


def test_a_step_after_the_pupil_is_back_to_full_time_is_refused(world):
    placement = planned(world, hours_per_week=Decimal(12), school_hours_per_week=Decimal(0))
    url = reverse("placements:part_time", args=[placement.pk])
    client = signed_in(world, "ap_lead")
    third = NEXT_WEEK + 7 * WEEK

    response = client.post(url, part_time_form(step_3_on=third, step_3_hours="30"))

    assert errors_of(response) == {
        "step_3_hours": [
            f"Step 2 already gives the pupil a full-time week of 24 hours by {third:%-d %B %Y}: leave step 3 "
            "blank, or give step 2 fewer hours"
        ]
    }
    assert rows(PartTimePlan) == []
    assert (
        client.post(url, part_time_form(step_3_on=third, step_3_hours="30", step_2_hours="20")).status_code
        == 302
    )


# --- A part-time plan saved unchanged ------------------------------------------------------------


def messages_after(client, response) -> list[str]:
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return [str(message) for message in client.get(response.url).context["messages"]]


@pytest.mark.parametrize("started", [False, True])
def test_a_part_time_plan_saved_unchanged_says_nothing_changed_and_writes_nothing(world, started):
    pupil = pupil_of(world)
    placement = planned(
        world, pupil, starts_on=TODAY, hours_per_week=Decimal("12.5"), school_hours_per_week=Decimal(0)
    )
    with_objective(world, placement)
    act(
        lead(world),
        services.set_part_time_plan,
        placement,
        why_part_time="Anxiety.\nBuilding up.",
        ends_by=TODAY + 6 * WEEK,
        parent_agreed_on=TODAY,
        la_notified_on=TODAY,
        steps=[(TODAY + 2 * WEEK, Decimal("18")), (TODAY + 4 * WEEK, Decimal("24"))],
    )
    if started:
        act(lead(world), services.start_placement, placement)
    client = signed_in(world, "ap_lead")
    url = reverse("placements:part_time", args=[placement.pk])
    steps, changes = rows(PartTimeStep), rows(PlanChange)
    counted = len(history("placements.PartTimePlanEvent")) + len(history("placements.PartTimeStepEvent"))
    data = posted_form(client.get(url).content.decode())

    unchanged = client.post(url, data)

    assert messages_after(client, unchanged) == ["Nothing was changed."]
    assert (rows(PartTimeStep), rows(PlanChange)) == (steps, changes)
    assert (
        len(history("placements.PartTimePlanEvent")) + len(history("placements.PartTimeStepEvent")) == counted
    )
    changed = client.post(url, data | {"step_1_hours": "19", "change_reason": "Faster."})
    assert messages_after(client, changed) == ["Part-time plan saved."]
    with unscoped("test: the steps as stored"):
        assert sorted(PartTimeStep.objects.values_list("hours_per_week", flat=True)) == [19, 24]


def test_a_new_part_time_plan_says_saved(world):
    placement = planned(world, hours_per_week=Decimal(12), school_hours_per_week=Decimal(0))
    client = signed_in(world, "ap_lead")

    response = client.post(reverse("placements:part_time", args=[placement.pk]), part_time_form())

    assert messages_after(client, response) == ["Part-time plan saved."]
    assert len(rows(PartTimePlan)) == 1


# --- Sessions timetabled twice -------------------------------------------------------------------

CLASH = "Monday morning is also timetabled at Otherton College"


def test_a_clashing_session_is_warned_of_on_the_placement_and_its_plan_form_not_refused(world):
    placement = planned(world)
    PlacementFactory(pupil=placement.pupil, provider=world.other_provider, sessions=["mon_am", "fri_am"])
    client = signed_in(world, "ap_lead")

    detail = client.get(reverse("placements:detail", args=[placement.pk])).content.decode()
    url = reverse("placements:edit", args=[placement.pk])
    form_page = client.get(url).content.decode()
    saved = client.post(url, posted_form(form_page) | {"transport": "Taxi."})

    assert CLASH in detail
    assert CLASH in form_page
    assert saved.status_code == 302
    assert fresh(placement).transport == "Taxi."


def test_the_provider_is_never_told_of_a_clash(world):
    placement = planned(world)
    PlacementFactory(pupil=placement.pupil, provider=world.other_provider, sessions=["mon_am"])

    shared = signed_in(world, "provider_manager").get(reverse("placements:detail", args=[placement.pk]))

    assert "Otherton College" not in shared.content.decode()
