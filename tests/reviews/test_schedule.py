"""The schedule's rules at their boundaries, with time travel: made when a placement starts, re-planned
when its dates or the rules change, closed when it ends."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apcommission.tenancy.scoping import acting_as
from placements import services as placement_services
from reviews import schedule, services
from reviews.schedule import DEFAULT_RHYTHM, Rhythm, scheduled_dates
from tests.placements.plan_world import act, lead
from tests.reviews.factories import ReviewRulesFactory
from tests.reviews.world import moves_of, on, reviews_of, schedule_of, start

MONDAY = datetime.date(2026, 3, 2)
FRIDAY = datetime.date(2026, 3, 6)
SATURDAY = datetime.date(2026, 3, 7)
SUNDAY = datetime.date(2026, 3, 8)


def weeks(day, n, days=0):
    return day + datetime.timedelta(weeks=n, days=days)


# --- The dates, as plain functions ---------------------------------------------------------------------


def test_the_default_is_4_weeks_then_every_6_and_nothing_on_or_after_the_planned_end():
    assert scheduled_dates(MONDAY, weeks(MONDAY, 20), DEFAULT_RHYTHM) == [
        weeks(MONDAY, 4),
        weeks(MONDAY, 10),
        weeks(MONDAY, 16),
    ]
    # A review that would fall on the planned end is the final review itself.
    assert scheduled_dates(MONDAY, weeks(MONDAY, 16), DEFAULT_RHYTHM) == [weeks(MONDAY, 4), weeks(MONDAY, 10)]
    assert scheduled_dates(MONDAY, weeks(MONDAY, 16, 1), DEFAULT_RHYTHM)[-1] == weeks(MONDAY, 16)


def test_a_planned_end_before_the_first_review_leaves_only_the_final_review():
    assert scheduled_dates(MONDAY, weeks(MONDAY, 4, -1), DEFAULT_RHYTHM) == []
    assert scheduled_dates(MONDAY, MONDAY, DEFAULT_RHYTHM) == []
    assert schedule.final_date(MONDAY, MONDAY) == MONDAY


def test_a_date_at_a_weekend_is_due_the_friday_before():
    assert schedule.school_day(SATURDAY) == FRIDAY
    assert schedule.school_day(SUNDAY) == FRIDAY
    assert schedule.school_day(FRIDAY) == FRIDAY
    assert schedule.school_day(MONDAY) == MONDAY
    # A placement starting on a Saturday is reviewed on Fridays; its final review, ending on a Sunday,
    # on the Friday before.
    assert scheduled_dates(SATURDAY, weeks(SUNDAY, 12), DEFAULT_RHYTHM) == [
        weeks(FRIDAY, 4),
        weeks(FRIDAY, 10),
    ]
    assert schedule.final_date(SATURDAY, weeks(SUNDAY, 12)) == weeks(FRIDAY, 12)
    # Never before the start, even when the start and end are one weekend.
    assert schedule.final_date(SATURDAY, SUNDAY) == SATURDAY


# --- Made when the placement starts --------------------------------------------------------------------


@on(FRIDAY)
def test_a_placement_starting_on_a_friday_gets_friday_reviews_and_a_final_one(world):
    placement = start(world, weeks=20)
    assert schedule_of(placement) == [
        ("scheduled", 1, weeks(FRIDAY, 4)),
        ("scheduled", 2, weeks(FRIDAY, 10)),
        ("scheduled", 3, weeks(FRIDAY, 16)),
        ("final", 0, weeks(FRIDAY, 20)),
    ]


@on(MONDAY)
def test_a_planned_placement_has_no_schedule_until_it_starts(world):
    from tests.placements.plan_world import planned

    placement = planned(world, starts_on=MONDAY, planned_end_on=weeks(MONDAY, 20))
    assert schedule_of(placement) == []


@on(MONDAY)
def test_a_planned_end_before_the_first_review_gives_only_the_final_review(world):
    placement = start(world, planned_end_on=weeks(MONDAY, 3))
    assert schedule_of(placement) == [("final", 0, weeks(MONDAY, 3))]


@on(MONDAY)
def test_the_placements_own_rules_beat_the_schools_which_beat_the_las(world):
    ReviewRulesFactory(local_authority=world.la, first_after_weeks=2, every_weeks=2)
    assert schedule_of(start(world, weeks=7))[0] == ("scheduled", 1, weeks(MONDAY, 2))
    ReviewRulesFactory(school=world.school, first_after_weeks=3, every_weeks=3)
    assert [due for *_, due in schedule_of(start(world, weeks=7))] == [
        weeks(MONDAY, 3),
        weeks(MONDAY, 6),
        weeks(MONDAY, 7),
    ]


# --- Re-planned when the dates or the rules change -----------------------------------------------------


def change_end(world, placement, end):
    return act(
        lead(world),
        placement_services.update_plan,
        placement,
        changes={"planned_end_on": end},
        change_reason="The panel agreed a different end.",
    )


@on(MONDAY)
def test_a_shorter_plan_cancels_the_reviews_it_no_longer_has_and_moves_the_final_review(world):
    placement = start(world, weeks=20)
    change_end(world, placement, weeks(MONDAY, 9))
    assert schedule_of(placement) == [("scheduled", 1, weeks(MONDAY, 4)), ("final", 0, weeks(MONDAY, 9))]
    cancelled = schedule_of(placement, states=("cancelled",))
    assert cancelled == [("scheduled", 2, weeks(MONDAY, 10)), ("scheduled", 3, weeks(MONDAY, 16))]
    assert {r.cancelled_reason for r in reviews_of(placement) if r.state == "cancelled"} == {
        schedule.NO_LONGER_PLANNED
    }
    # Longer again: the cancelled reviews are due once more, and a new one is added.
    change_end(world, placement, weeks(MONDAY, 26))
    assert schedule_of(placement) == [
        ("scheduled", 1, weeks(MONDAY, 4)),
        ("scheduled", 2, weeks(MONDAY, 10)),
        ("scheduled", 3, weeks(MONDAY, 16)),
        ("scheduled", 4, weeks(MONDAY, 22)),
        ("final", 0, weeks(MONDAY, 26)),
    ]
    assert schedule_of(placement, states=("cancelled",)) == []


@on(MONDAY)
def test_re_planning_keeps_a_moved_review_while_it_still_falls_before_the_final_review(world):
    placement = start(world, weeks=20)
    first, second = reviews_of(placement)[:2]
    with on(MONDAY):
        act(lead(world), services.move_review, first, to_on=weeks(MONDAY, 5), reason="The parent is away.")
        act(lead(world), services.move_review, second, to_on=weeks(MONDAY, 12), reason="Exams that week.")
    change_end(world, placement, weeks(MONDAY, 18))
    assert schedule_of(placement)[:2] == [
        ("scheduled", 1, weeks(MONDAY, 5)),
        ("scheduled", 2, weeks(MONDAY, 12)),
    ]
    # The plan now ends before the second review's moved date: it goes back to the rules' date.
    change_end(world, placement, weeks(MONDAY, 11))
    assert schedule_of(placement) == [
        ("scheduled", 1, weeks(MONDAY, 5)),
        ("scheduled", 2, weeks(MONDAY, 10)),
        ("final", 0, weeks(MONDAY, 11)),
    ]
    assert [review.moved for review in reviews_of(placement) if review.state == "due"] == [True, False, False]
    assert len(moves_of(placement)) == 2  # the record of the moves stays


@on(MONDAY)
def test_a_moved_final_review_keeps_its_date_until_the_planned_end_moves(world):
    placement = start(world, weeks=12)
    final = reviews_of(placement)[-1]
    act(
        lead(world),
        services.move_review,
        final,
        to_on=weeks(MONDAY, 11, 3),
        reason="The provider's open day.",
    )
    act(world.members["la_officer"], services.set_la_rules, values={"first_after_weeks": 2, "every_weeks": 3})
    assert schedule_of(placement)[-1] == ("final", 0, weeks(MONDAY, 11, 3))
    change_end(world, placement, weeks(MONDAY, 14))
    assert schedule_of(placement)[-1] == ("final", 0, weeks(MONDAY, 14))


@on(MONDAY)
def test_a_later_start_does_not_keep_a_moved_review_before_it(world):
    placement = start(world, weeks=20)
    first = reviews_of(placement)[0]
    act(lead(world), services.move_review, first, to_on=weeks(MONDAY, 1), reason="The parent asked.")
    act(
        lead(world),
        placement_services.update_plan,
        placement,
        changes={"starts_on": weeks(MONDAY, 2)},
        change_reason="The provider could not take the pupil until then.",
    )
    # The moved date now falls before the start: the review goes back to the rules' date.
    assert schedule_of(placement)[0] == ("scheduled", 1, weeks(MONDAY, 6))
    assert reviews_of(placement)[0].moved is False


@on(MONDAY)
def test_the_las_new_rules_re_plan_the_placements_that_follow_them_and_no_others(world):
    follows = start(world, weeks=20)
    own = start(world, weeks=20)
    ReviewRulesFactory(school=own.school, placement=own, first_after_weeks=4, every_weeks=6)
    before = schedule_of(own)
    act(world.members["la_officer"], services.set_la_rules, values={"first_after_weeks": 2, "every_weeks": 8})
    assert [due for *_, due in schedule_of(follows)] == [
        weeks(MONDAY, 2),
        weeks(MONDAY, 10),
        weeks(MONDAY, 18),
        weeks(MONDAY, 20),
    ]
    assert schedule_of(follows, states=("cancelled",)) == []  # three before, three now: none left over
    assert schedule_of(own) == before


@on(MONDAY)
def test_the_same_rules_again_change_nothing(world):
    officer = world.members["la_officer"]
    assert act(officer, services.set_la_rules, values={"first_after_weeks": 4, "every_weeks": 6}) is None
    row = act(officer, services.set_la_rules, values={"first_after_weeks": 5, "every_weeks": 6})
    again = act(officer, services.set_la_rules, values={"first_after_weeks": 5, "every_weeks": 6})
    assert again.pk == row.pk
    assert again.updated_at == row.updated_at


def test_rules_out_of_bounds_are_refused(world):
    with pytest.raises(ValidationError) as refused:
        act(
            world.members["la_officer"],
            services.set_la_rules,
            values={"first_after_weeks": 0, "every_weeks": 27},
        )
    assert set(refused.value.message_dict) == {"first_after_weeks", "every_weeks"}


@on(MONDAY)
def test_a_school_sets_its_own_rules_over_its_las(world):
    placement = start(world, weeks=10)
    act(lead(world), services.set_school_rules, values={"first_after_weeks": 2, "every_weeks": 2})
    assert [due for *_, due in schedule_of(placement)] == [
        weeks(MONDAY, 2),
        weeks(MONDAY, 4),
        weeks(MONDAY, 6),
        weeks(MONDAY, 8),
        weeks(MONDAY, 10),
    ]
    act(
        lead(world),
        services.set_placement_rules,
        placement,
        values={"first_after_weeks": 5, "every_weeks": 5},
    )
    assert [due for *_, due in schedule_of(placement)] == [weeks(MONDAY, 5), weeks(MONDAY, 10)]


# --- Closed when the placement ends --------------------------------------------------------------------


@on(MONDAY)
def test_an_ended_placement_cancels_its_reviews_due_and_its_final_review_is_due_the_day_it_ended(world):
    placement = start(world, weeks=20)
    with on(weeks(MONDAY, 7)):
        act(
            lead(world),
            placement_services.end_placement,
            placement,
            ended_on=weeks(MONDAY, 7),
            reason="Back at school full time.",
        )
    assert schedule_of(placement) == [("final", 0, weeks(MONDAY, 7))]
    assert {r.cancelled_reason for r in reviews_of(placement) if r.state == "cancelled"} == {
        schedule.PLACEMENT_ENDED
    }


# --- Moving a review -----------------------------------------------------------------------------------


@on(MONDAY)
def test_moving_a_review_records_the_old_date_the_new_who_and_why(world):
    placement = start(world, weeks=20)
    first = reviews_of(placement)[0]
    move = act(
        lead(world), services.move_review, first, to_on=weeks(MONDAY, 4, 2), reason=" Parent at work. "
    )
    assert (move.from_on, move.to_on, move.reason, move.moved_by_id) == (
        weeks(MONDAY, 4),
        weeks(MONDAY, 4, 2),
        "Parent at work.",
        lead(world).user_id,
    )
    assert schedule_of(placement)[0] == ("scheduled", 1, weeks(MONDAY, 4, 2))


@on(MONDAY)
def test_moving_a_review_to_the_date_it_has_changes_nothing(world):
    placement = start(world, weeks=20)
    first = reviews_of(placement)[0]
    assert act(lead(world), services.move_review, first, to_on=first.due_on, reason="") is None
    assert moves_of(placement) == []
    assert reviews_of(placement)[0].moved is False


def test_an_overdue_review_saved_at_its_own_date_changes_nothing_and_needs_no_reason(world):
    with on(MONDAY):
        placement = start(world, weeks=20)
    first = reviews_of(placement)[0]
    with on(weeks(MONDAY, 5)):
        assert act(lead(world), services.move_review, first, to_on=first.due_on, reason="") is None
    assert moves_of(placement) == []


@on(MONDAY)
def test_a_scheduled_review_moves_up_to_the_day_before_the_final_review_and_keeps_it(world):
    placement = start(world, weeks=20)
    first = reviews_of(placement)[0]
    act(lead(world), services.move_review, first, to_on=weeks(MONDAY, 20, -3), reason="Exams until then.")
    act(world.members["la_officer"], services.set_la_rules, values={"first_after_weeks": 4, "every_weeks": 5})
    # An accepted date survives a re-plan that leaves the planned end where it was.
    assert schedule_of(placement)[-2:] == [
        ("scheduled", 1, weeks(MONDAY, 20, -3)),
        ("final", 0, weeks(MONDAY, 20)),
    ]


@pytest.mark.parametrize(
    ("to_on", "reason", "errors"),
    [
        (None, "Why", {"due_on": "Enter the date the review is now due"}),
        (weeks(MONDAY, 5), "  ", {"reason": "Enter why the review is moved"}),
        (weeks(MONDAY, 0, -1), "Why", {"due_on": "The new date must be today or in the future"}),
        (
            weeks(MONDAY, 20, 1),
            "Why",
            {
                "due_on": "The review must be on or before the planned end (20 July 2026). To review later, "
                "change the plan's end date first"
            },
        ),
        # A scheduled review on the final review's day (or after it) is the final review's to stand in for.
        (
            weeks(MONDAY, 20),
            "Why",
            {"due_on": "The review must be before the final review, on 19 July 2026 or earlier"},
        ),
    ],
)
@on(MONDAY)
def test_a_move_that_does_not_fit_is_refused_and_nothing_is_recorded(world, to_on, reason, errors):
    placement = start(world, weeks=20)
    first = reviews_of(placement)[0]
    with pytest.raises(ValidationError) as refused:
        act(lead(world), services.move_review, first, to_on=to_on, reason=reason)
    assert {name: messages[0] for name, messages in refused.value.message_dict.items()} == errors
    assert moves_of(placement) == []


@on(MONDAY)
def test_only_the_ap_lead_moves_and_not_a_review_no_longer_due(world):
    from django.core.exceptions import PermissionDenied

    placement = start(world, weeks=20)
    first, second = reviews_of(placement)[:2]
    for role in ("school_leader", "la_officer", "provider_manager"):
        with pytest.raises(PermissionDenied):
            act(world.members[role], services.move_review, first, to_on=weeks(MONDAY, 5), reason="Why")
    change_end(world, placement, weeks(MONDAY, 6))
    with pytest.raises(ValidationError, match="A review that is cancelled cannot be moved"):
        act(lead(world), services.move_review, second, to_on=weeks(MONDAY, 5), reason="Why")


# --- An off-site direction: the parent asks for a review -----------------------------------------------


def held(placement, day):
    from apcommission.tenancy.scoping import unscoped
    from reviews.models import Review

    with unscoped("the test marks the first review held as it was on that day"):
        Review.objects.filter(placement_id=placement.pk, number=1).update(
            state="held", held_on=day, decision="continue"
        )


@on(MONDAY)
def test_a_parent_may_require_a_review_when_none_was_held_in_the_last_10_weeks(world):
    placement = start(world, weeks=30, reason="off_site_direction", off_site_notice_on=weeks(MONDAY, 0, -3))

    def ask(today):
        with acting_as(lead(world)):
            return schedule.parent_request(placement, membership=lead(world), today=today)

    assert ask(MONDAY).must_hold is True
    assert "No review has been held" in ask(MONDAY).words
    held(placement, weeks(MONDAY, 4))
    # Held exactly 10 weeks before the request: within the last 10 weeks.
    assert ask(weeks(MONDAY, 14)).must_hold is False
    assert ask(weeks(MONDAY, 14, 1)).must_hold is True
    assert ask(weeks(MONDAY, 14, 1)).last_held_on == weeks(MONDAY, 4)


@on(MONDAY)
def test_only_an_off_site_direction_gives_the_parent_that_right(world):
    placement = start(world, weeks=30)
    with acting_as(lead(world)):
        answer = schedule.parent_request(placement, membership=lead(world), today=weeks(MONDAY, 20))
    assert answer.must_hold is False
    assert answer.words.startswith("Only a parent of a pupil directed off-site")


def test_rhythm_words():
    assert Rhythm(3, 5).words == "the first review 3 weeks after the start, then every 5 weeks"
