"""Recording progress against an objective: who records, which values and dates are taken, one value an
objective a day (the same again changes nothing; another value corrects it, with history), and many at
once, all or nothing, each refused row named by its number."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from placements.models import Objective
from placements.services import cancel_placement
from progress import services
from progress.services import Outcome, RowsRefused
from tests.history import history
from tests.placements.plan_world import TODAY, act, lead
from tests.progress.world import (
    DAY,
    STARTED,
    as_role,
    ended,
    entries,
    maths_objective,
    not_started,
    objective_of,
    running,
)


def record(world, objective, role="provider_manager", **values):
    values = {"value": "75", "on": TODAY - DAY, "comment": "", **values}
    return as_role(world, role, services.record_progress, objective, **values)


def refused(world, objective, role="provider_manager", **values) -> dict:
    with pytest.raises(ValidationError) as caught:
        record(world, objective, role, **values)
    return caught.value.message_dict


# --- One value ----------------------------------------------------------------------------------------


def test_the_provider_records_a_value_with_the_placements_keys(world):
    placement = running(world)
    objective = objective_of(placement)
    recorded = record(world, objective, value="75", on=TODAY - DAY, comment="Came every morning.")
    assert recorded.outcome == Outcome.RECORDED
    [entry] = entries()
    assert (entry.objective_id, entry.placement_id, entry.value, entry.on, entry.comment) == (
        objective.pk,
        placement.pk,
        Decimal("75.00"),
        TODAY - DAY,
        "Came every morning.",
    )
    assert (entry.school_id, entry.local_authority_id, entry.provider_id) == (
        world.school.pk,
        world.la.pk,
        world.provider.pk,
    )
    assert entry.recorded_by == world.user("provider_manager")
    assert entry.corrected_at is None


def test_provider_staff_record_too(world):
    objective = objective_of(running(world))
    assert record(world, objective, role="provider_staff").outcome == Outcome.RECORDED


@pytest.mark.parametrize(("typed", "stored"), [("15.00", "15"), ("62.5", "62.5"), ("0", "0"), (" 7 ", "7")])
def test_a_value_is_taken_as_people_type_it(world, typed, stored):
    objective = objective_of(running(world))
    record(world, objective, value=typed)
    assert entries()[0].value == Decimal(stored)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the value"),
        (None, "Enter the value"),
        ("lots", "Enter the value as a number, like 75 or 2.5"),
        ("NaN", "Enter the value as a number, like 75 or 2.5"),
        ("Infinity", "Enter the value as a number, like 75 or 2.5"),
        ("15.001", "Enter the value with no more than 2 decimal places"),
        ("-1", "The value must be 0 or more"),
        ("1000000", "The value must be 999,999.99 or less"),
        ("101", "A percentage must be between 0 and 100"),
    ],
)
def test_a_value_that_is_not_a_number_in_range_is_refused(world, typed, message):
    objective = objective_of(running(world))
    assert refused(world, objective, value=typed) == {"value": [message]}
    assert entries() == []


def test_a_value_above_100_is_fine_in_another_unit(world):
    placement = running(world)
    objective = maths_objective(world, placement)
    record(world, objective, value="150")
    assert entries()[0].value == Decimal("150")


def test_the_date_is_a_day_of_the_placement_so_far(world):
    objective = objective_of(running(world))
    assert refused(world, objective, on=TODAY + DAY) == {"on": ["The date must be today or in the past"]}
    started = f"{STARTED.day} {STARTED:%B %Y}"
    assert refused(world, objective, on=STARTED - DAY) == {
        "on": [f"The date must be the same as or after the placement started ({started})"]
    }
    assert refused(world, objective, on="not a date") == {
        "on": ["Enter the date as a real date, like 2026-05-04"]
    }
    assert refused(world, objective, on=None) == {"on": ["Enter the date"]}
    assert entries() == []
    record(world, objective, on=STARTED)
    record(world, objective, on=TODAY)
    record(world, objective, on=(TODAY - 2 * DAY).isoformat())
    assert sorted(entry.on for entry in entries()) == [STARTED, TODAY - 2 * DAY, TODAY]


def test_an_ended_placement_takes_values_for_the_days_it_ran(world):
    last_day = TODAY - 5 * DAY
    objective = objective_of(ended(world, on=last_day))
    assert refused(world, objective, on=last_day + DAY) == {
        "on": [
            f"The date must be the same as or before the placement ended ({last_day.day} {last_day:%B %Y})"
        ]
    }
    assert record(world, objective, on=last_day).outcome == Outcome.RECORDED


def test_a_placement_that_has_not_started_or_was_cancelled_takes_nothing(world):
    placement = not_started(world)
    objective = objective_of(placement)
    with pytest.raises(ValidationError, match="has not started yet"):
        record(world, objective, on=TODAY)
    act(lead(world), cancel_placement, placement, reason="The family moved away.")
    with pytest.raises(ValidationError, match="was cancelled before it started"):
        record(world, objective, on=TODAY)
    assert entries() == []


def test_a_long_comment_is_refused_not_cut_short(world):
    objective = objective_of(running(world))
    assert refused(world, objective, comment="x" * 5001) == {
        "comment": ["The comment must be 5,000 characters or fewer"]
    }


@pytest.mark.parametrize(
    "role", ["ap_lead", "dsl", "school_leader", "school_staff", "trust_leader", "la_officer"]
)
def test_nobody_but_the_provider_records(world, role):
    objective = objective_of(running(world))
    with pytest.raises(PermissionDenied):
        record(world, objective, role=role)
    assert entries() == []


def test_another_provider_does_not_find_the_objective(world):
    objective = objective_of(running(world))
    with pytest.raises(Objective.DoesNotExist):
        record(world, objective, role="other_provider_manager")
    assert entries() == []


# --- One value a day ----------------------------------------------------------------------------------


def test_the_same_value_again_changes_nothing_and_writes_no_history(world):
    objective = objective_of(running(world))
    record(world, objective, value="75", comment="Good week.")
    again = record(world, objective, value="75.00", comment="Good week.")
    assert again.outcome == Outcome.UNCHANGED
    [entry] = entries()
    assert entry.corrected_at is None
    assert len(history("progress.ProgressEntryEvent", pgh_obj_id=entry.pk)) == 1


def test_another_value_for_the_same_day_corrects_it_and_keeps_the_old_one(world):
    objective = objective_of(running(world))
    first = record(world, objective, value="75").entry
    again = record(world, objective, role="provider_staff", value="80", comment="Recounted.")
    assert again.outcome == Outcome.CORRECTED
    [entry] = entries()
    assert (entry.pk, entry.value, entry.comment) == (first.pk, Decimal("80"), "Recounted.")
    assert entry.corrected_by == world.user("provider_staff")
    assert [event.value for event in history("progress.ProgressEntryEvent", pgh_obj_id=entry.pk)] == [
        Decimal("75"),
        Decimal("80"),
    ]


def test_a_correction_moves_a_value_and_refuses_a_day_already_taken(world):
    objective = objective_of(running(world))
    entry = record(world, objective, value="70", on=TODAY - 3 * DAY).entry
    record(world, objective, value="72", on=TODAY - 2 * DAY)
    with pytest.raises(ValidationError) as caught:
        as_role(world, "provider_manager", services.correct_progress, entry, value="70", on=TODAY - 2 * DAY)
    day = TODAY - 2 * DAY
    assert caught.value.message_dict == {
        "on": [f"A value is already recorded for {day.day} {day:%B %Y}: correct that one instead"]
    }
    moved = as_role(world, "provider_staff", services.correct_progress, entry, value="71", on=TODAY - 4 * DAY)
    assert moved.outcome == Outcome.CORRECTED
    assert (moved.entry.value, moved.entry.on) == (Decimal("71"), TODAY - 4 * DAY)
    same = as_role(
        world, "provider_staff", services.correct_progress, entry, value="71.00", on=TODAY - 4 * DAY
    )
    assert same.outcome == Outcome.UNCHANGED
    assert len(history("progress.ProgressEntryEvent", pgh_obj_id=entry.pk)) == 2


def test_a_correction_is_checked_as_a_value_is(world):
    objective = objective_of(running(world))
    entry = record(world, objective).entry
    with pytest.raises(ValidationError) as caught:
        as_role(world, "provider_manager", services.correct_progress, entry, value="x", on=TODAY + DAY)
    assert set(caught.value.message_dict) == {"value", "on"}
    assert entries()[0].value == Decimal("75")


def test_only_the_recording_provider_corrects(world):
    objective = objective_of(running(world))
    entry = record(world, objective).entry
    with pytest.raises(PermissionDenied):
        as_role(world, "ap_lead", services.correct_progress, entry, value="1", on=TODAY)
    from progress.models import ProgressEntry

    with pytest.raises(ProgressEntry.DoesNotExist):
        as_role(world, "other_provider_manager", services.correct_progress, entry, value="1", on=TODAY)
    assert entries()[0].value == Decimal("75")


# --- Many at once -------------------------------------------------------------------------------------


def many(world, rows, role="provider_manager"):
    return as_role(world, role, services.record_progress_many, rows)


def refused_rows(world, rows, role="provider_manager") -> list[tuple[int, str, str]]:
    with pytest.raises(RowsRefused) as caught:
        many(world, rows, role)
    return [(error.row, error.field, error.message) for error in caught.value.rows]


def test_many_values_are_recorded_at_once(world):
    placement = running(world)
    attendance, maths = objective_of(placement), maths_objective(world, placement)
    other = objective_of(running(world))
    rows = [
        {"objective": attendance.pk, "value": "70", "on": (TODAY - 7 * DAY).isoformat()},
        {"objective": str(attendance.pk), "value": 75, "on": TODAY, "comment": "Better."},
        {"objective": maths, "value": "1.5", "on": TODAY - DAY},
        {"objective": other.pk, "value": Decimal("66.60"), "on": TODAY - DAY},
    ]
    done = many(world, rows)
    assert [result.outcome for result in done] == [Outcome.RECORDED] * 4
    assert [(e.objective_id, e.value) for e in entries()] == [
        (attendance.pk, Decimal("70")),
        (attendance.pk, Decimal("75")),
        (maths.pk, Decimal("1.5")),
        (other.pk, Decimal("66.6")),
    ]


def test_one_bad_row_writes_nothing_and_every_bad_row_is_named(world):
    placement = running(world)
    objective = objective_of(placement)
    record(world, objective, value="60", on=TODAY - 9 * DAY)
    rows = [
        {"objective": objective.pk, "value": "70", "on": TODAY - 8 * DAY},
        {"objective": objective.pk, "value": "seventy", "on": TODAY - 7 * DAY},
        {"objective": objective.pk, "value": "71", "on": TODAY + DAY},
        {"objective": 999_999, "value": "71", "on": TODAY},
        {"objective": objective.pk, "value": "72", "on": TODAY - 8 * DAY},
        {"objective": objective.pk, "value": "61", "on": TODAY - 9 * DAY},
        {"objective": objective.pk, "value": "1", "on": TODAY, "colour": "red"},
        "not a row",
    ]
    day = TODAY - 8 * DAY
    assert refused_rows(world, rows) == [
        (2, "value", "Enter the value as a number, like 75 or 2.5"),
        (3, "on", "The date must be today or in the past"),
        (4, "objective", "No objective 999999 of a placement with you was found"),
        (
            5,
            "on",
            f"Row 1 already gives a value for this objective on {day.day} {day:%B %Y}: "
            "send one value an objective a day",
        ),
        (7, "colour", "Unknown field colour: send objective, value, on and comment"),
        (8, "rows", "Send each row with an objective, a value and a date"),
    ]
    # Nothing was written: not the good first row, not the correction in row 6.
    assert [(e.value, e.on) for e in entries()] == [(Decimal("60"), TODAY - 9 * DAY)]


def test_a_refusal_reads_as_a_validation_error_keyed_rows(world):
    objective = objective_of(running(world))
    with pytest.raises(ValidationError) as caught:
        many(world, [{"objective": objective.pk, "value": "", "on": TODAY}])
    assert caught.value.message_dict == {"rows": ["Row 1: Enter the value"]}


def test_another_providers_objective_is_not_found_and_nothing_is_written(world):
    mine = objective_of(running(world))
    theirs = objective_of(running(world, provider=world.other_provider))
    rows = [
        {"objective": mine.pk, "value": "70", "on": TODAY},
        {"objective": theirs.pk, "value": "70", "on": TODAY},
    ]
    assert refused_rows(world, rows) == [
        (2, "objective", f"No objective {theirs.pk} of a placement with you was found")
    ]
    assert entries() == []


def test_a_row_for_a_placement_not_started_is_refused(world):
    objective = objective_of(not_started(world))
    assert refused_rows(world, [{"objective": objective.pk, "value": "1", "on": TODAY}]) == [
        (1, "objective", "The placement has not started yet: record progress and incidents once it has")
    ]


def test_sending_the_same_rows_again_changes_nothing(world):
    objective = objective_of(running(world))
    rows = [
        {"objective": objective.pk, "value": "70", "on": TODAY - DAY},
        {"objective": objective.pk, "value": "75", "on": TODAY, "comment": "Full week."},
    ]
    many(world, rows)
    before = [(e.pk, e.value, e.comment, e.corrected_at) for e in entries()]
    again = many(world, [dict(row, value=f"{row['value']}.00") for row in rows])
    assert [result.outcome for result in again] == [Outcome.UNCHANGED] * 2
    assert [(e.pk, e.value, e.comment, e.corrected_at) for e in entries()] == before
    assert len(history("progress.ProgressEntryEvent")) == 2
    changed = many(world, [rows[0], dict(rows[1], value="80")])
    assert [result.outcome for result in changed] == [Outcome.UNCHANGED, Outcome.CORRECTED]


def test_an_empty_or_oversized_batch_is_refused(world):
    assert refused_rows(world, []) == [(1, "rows", "Send at least one row")]
    objective = objective_of(running(world))
    rows = [{"objective": objective.pk, "value": "1", "on": TODAY}] * (services.MOST_ROWS + 1)
    assert refused_rows(world, rows) == [(5001, "rows", "Send at most 5,000 rows at once")]


def test_only_a_provider_sends_many(world):
    objective = objective_of(running(world))
    with pytest.raises(PermissionDenied):
        many(world, [{"objective": objective.pk, "value": "1", "on": TODAY}], role="ap_lead")
    assert entries() == []


def test_dates_are_days_not_moments(world):
    objective = objective_of(running(world))
    moment = datetime.datetime.combine(TODAY, datetime.time(9))
    assert refused_rows(world, [{"objective": objective.pk, "value": "1", "on": moment}]) == [
        (1, "on", "Enter the date as a day, like 2026-05-04")
    ]
