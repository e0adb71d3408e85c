"""`record_marks`: the whole batch is checked before anything is written, every problem named by row;
the same marks sent again change nothing; a changed mark keeps the old one in history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from apcommission.tenancy.scoping import acting_as, unscoped
from attendance import services
from attendance.models import Mark
from placements.models import PlacementStatus
from tests.attendance.world import FRIDAY, MONDAY, WEDNESDAY, all_marks, placed, record, row
from tests.history import history

THURSDAY = WEDNESDAY + datetime.timedelta(days=1)


@pytest.fixture
def manager(world):
    return world.members["provider_manager"]


def problems_of(membership, rows, **kwargs) -> list[str]:
    with pytest.raises(services.MarksRefused) as refused:
        record(membership, rows, **kwargs)
    return [str(problem) for problem in refused.value.problems]


def test_a_week_of_marks_is_written_with_the_placements_keys(world, manager):
    placement = placed(world)
    rows = [
        row(placement, MONDAY + datetime.timedelta(days=day), half, number=n)
        for n, (day, half) in enumerate(((d, h) for d in range(3) for h in ("am", "pm")), start=1)
    ]
    outcome = record(manager, rows)
    assert outcome == services.Outcome(created=6, changed=0, unchanged=0)
    marks = all_marks()
    assert len(marks) == 6
    assert {
        (m["school_id"], m["local_authority_id"], m["provider_id"], m["pupil_id"], m["source"]) for m in marks
    } == {(world.school.pk, world.la.pk, world.provider.pk, placement.pupil_id, "grid")}
    assert {m["recorded_by_id"] for m in marks} == {manager.user_id}


def test_sending_the_same_marks_again_changes_nothing(world, manager):
    placement = placed(world)
    rows = [row(placement, WEDNESDAY, "am"), row(placement, WEDNESDAY, "pm", "late", "Bus late", number=2)]
    record(manager, rows)
    before = all_marks()
    again = record(world.members["provider_staff"], rows, source="file")
    assert again == services.Outcome(created=0, changed=0, unchanged=2)
    assert all_marks() == before  # not even who recorded it, how or when
    assert history("attendance.MarkEvent") == []


def test_a_changed_mark_keeps_the_old_one_in_history(world, manager):
    placement = placed(world)
    record(manager, [row(placement, WEDNESDAY, "am", "unauthorised")])
    first = all_marks()[0]
    outcome = record(
        world.members["provider_staff"],
        [
            row(placement, WEDNESDAY, "am", "medical", "Dentist: letter seen"),
            row(placement, WEDNESDAY, "pm", number=2),
        ],
        source="file",
    )
    assert outcome == services.Outcome(created=1, changed=1, unchanged=0)
    now = all_marks()[0]
    assert (now["mark"], now["comment"], now["source"]) == ("medical", "Dentist: letter seen", "file")
    assert now["recorded_by_id"] == world.members["provider_staff"].user_id
    (event,) = history("attendance.MarkEvent")
    assert (event.pgh_obj_id, event.mark, event.source, event.recorded_by_id, event.pgh_label) == (
        first["id"],
        "unauthorised",
        "grid",
        manager.user_id,
        "mark.changed",
    )


def test_a_new_mark_writes_no_history(world, manager):
    record(manager, [row(placed(world))])
    assert history("attendance.MarkEvent") == []


def test_every_problem_is_named_by_row_and_nothing_is_written(world, manager):
    placement = placed(world, planned_end_on=datetime.date(2026, 3, 5))
    not_started = placed(world, status=PlacementStatus.PLANNED, starts_on=datetime.date(2026, 3, 9))
    theirs = placed(world, provider=world.other_provider)
    saturday = FRIDAY + datetime.timedelta(days=1)
    rows = [
        row(placement, MONDAY, "am", number=2),  # fine on its own
        row(999_999, number=3),
        row(theirs, number=4),
        row(placement, datetime.date(2026, 1, 2), number=5),
        row(placement, FRIDAY, "am", "not_timetabled", number=6),
        row(placement, saturday, number=7),
        row(placement, datetime.date(2099, 3, 4), number=8),
        row(placement, THURSDAY, "am", number=9),
        row(placement, MONDAY, "am", "late", number=10),
        row(placement, MONDAY, "pm", "Pesent", number=11),
        row(placement, MONDAY, "noon", number=12),
        row(placement, TUESDAY := MONDAY + datetime.timedelta(days=1), "am", comment="x" * 201, number=13),
        row(not_started, datetime.date(2026, 3, 9), number=14),
        row(placement, None, number=15),
        row("", number=16),
    ]
    assert TUESDAY.weekday() == 1
    assert problems_of(manager, rows, today=datetime.date(2026, 12, 1)) == [
        "Row 3: there is no placement 999999 with you: check the placement reference",
        f"Row 4: there is no placement {theirs.pk} with you: check the placement reference",
        "Row 5: 2 January 2026 is before the placement starts on 5 January 2026",
        "Row 6: 6 March 2026 is after the placement ends on 5 March 2026",
        "Row 7: 7 March 2026 is a Saturday: marks are for school days, Monday to Friday",
        "Row 8: 4 March 2099 is in the future: mark a session on the day or after it",
        'Row 9: the pupil is not timetabled with you on Thursday mornings: mark the session "not timetabled" '
        "or check the date and session",
        "Row 10: the same session as row 2: a session is marked once",
        'Row 11: "Pesent" is not a mark we know',
        "Row 12: the session must be AM or PM",
        "Row 13: the comment must be 200 characters or fewer",
        "Row 14: the placement has not started yet: it can be marked from 9 March 2026",
        "Row 15: the date is missing",
        "Row 16: there is no placement (blank) with you: check the placement reference",
    ]
    assert all_marks() == []


def test_an_ended_placement_is_marked_up_to_the_day_it_ended(world, manager):
    placement = placed(
        world, status=PlacementStatus.ENDED, ended_on=MONDAY, end_reason="Back at school full time."
    )
    assert problems_of(manager, [row(placement, WEDNESDAY)]) == [
        "Row 1: 4 March 2026 is after the placement ended on 2 March 2026"
    ]
    assert record(manager, [row(placement, MONDAY)]).created == 1


def test_a_cancelled_placement_has_nothing_to_mark(world, manager):
    placement = placed(
        world,
        status=PlacementStatus.CANCELLED,
        cancelled_on=MONDAY,
        cancel_reason="The family moved away.",
    )
    assert problems_of(manager, [row(placement, WEDNESDAY)]) == [
        "Row 1: the placement was cancelled before it started: it has no sessions to mark"
    ]


def test_not_timetabled_may_be_said_of_any_session_in_the_placement(world, manager):
    placement = placed(world)
    outcome = record(
        manager,
        [
            row(placement, THURSDAY, "pm", "not_timetabled"),
            row(placement, WEDNESDAY, "am", "not_timetabled", number=2),
        ],
    )
    assert outcome.created == 2


def test_a_list_of_problems_stops_at_a_hundred_and_says_how_many_more(world, manager):
    rows = [row(999_999, number=n) for n in range(1, 131)]
    with pytest.raises(services.MarksRefused) as refused:
        record(manager, rows)
    messages = refused.value.message_dict["marks"]
    assert len(messages) == 101
    assert messages[-1] == "and 30 more problems"


def test_another_providers_placement_reads_as_unknown_and_nothing_is_written(world):
    theirs = placed(world, provider=world.other_provider)
    ours = placed(world)
    refused = problems_of(world.members["provider_manager"], [row(ours), row(theirs, number=2)])
    unknown = problems_of(world.members["provider_manager"], [row(ours), row(10**8, number=2)])
    assert refused == [f"Row 2: there is no placement {theirs.pk} with you: check the placement reference"]
    assert unknown == ["Row 2: there is no placement 100000000 with you: check the placement reference"]
    assert all_marks() == []


@pytest.mark.parametrize("role", ["ap_lead", "school_leader", "la_officer", "trust_leader"])
def test_only_a_provider_records_marks(world, role):
    membership = world.members[role]
    placement = placed(world)
    with acting_as(membership), pytest.raises(PermissionDenied):
        services.record_marks([row(placement)], by=membership, source="grid")
    assert all_marks() == []


def test_a_batch_is_written_in_a_fixed_number_of_queries(world, manager, django_assert_max_num_queries):
    placements = [placed(world, name=("Pupil", f"Number {n}")) for n in range(5)]
    rows = [
        row(p, MONDAY + datetime.timedelta(days=d), h, number=n)
        for n, (p, d, h) in enumerate(
            ((p, d, h) for p in placements for d in range(3) for h in ("am", "pm")), 1
        )
    ]
    record(manager, rows[:10])
    changed = [row(r.placement, r.on, r.session, "late", number=r.row) for r in rows[:5]] + rows[5:]
    # The placements, the lock, the existing marks, one insert, one update, and the savepoint's two.
    with django_assert_max_num_queries(7):
        outcome = record(manager, changed)
    assert outcome == services.Outcome(created=20, changed=5, unchanged=5)
    with unscoped("test"):
        assert Mark.objects.count() == 30
