"""Section 5 of the evidence pack, "Are the placements effective?": attendance before and during, progress
on each objective from its baseline, the reviews due and held (on time or not), the pupil's and the
parent's views and what was changed when progress stalled, for the school's placements of the period
only, in a fixed number of queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from apcommission.tenancy.scoping import acting_as, unscoped
from attendance.days import academic_year_start
from attendance.models import Mark, MarkKind
from placements.models import ObjectiveArea, PlacementStatus
from pupils.models import AttendanceYear
from reports.pack import effectiveness
from reports.pack.scope import PackScope
from reviews.models import Decision, Rating, ReviewState, Voice
from tests.attendance.factories import MarkFactory
from tests.placements.factories import ObjectiveFactory, PlanChangeFactory
from tests.progress.factories import ProgressEntryFactory
from tests.pupils.factories import AttendanceYearFactory
from tests.reports.test_pack import DAY, PERIOD, TODAY, pack_text, placed
from tests.reviews.factories import (
    ReviewFactory,
    ReviewObjectiveFactory,
    ReviewViewsFactory,
    VoiceResponseFactory,
)

LAST_YEAR = academic_year_start(TODAY).year - 1


def marks(placement, *kinds, first=-40):
    """One morning mark a day from `first` days ago, of each kind in turn."""
    for n, kind in enumerate(kinds):
        MarkFactory(placement=placement, on=TODAY + (first + n) * DAY, mark=kind)


def review(placement, number, due, *, held=None, not_on_track=False, decision=Decision.CONTINUE, **extra):
    values = {"state": ReviewState.DUE}
    if held is not None:
        values = {
            "state": ReviewState.HELD,
            "held_on": TODAY + held * DAY,
            "decision": decision,
            "not_on_track": not_on_track,
        }
    day = TODAY + due * DAY
    return ReviewFactory(placement=placement, number=number, planned_on=day, due_on=day, **values | extra)


def with_everything(placement, *, attended=285, note="Mornings moved to the afternoon."):
    """A placement with a baseline year, marks, an objective with progress, reviews with views, answers
    through a link and a change of plan."""
    AttendanceYearFactory(
        pupil=placement.pupil, academic_year=LAST_YEAR, possible_sessions=380, attended_sessions=attended
    )
    AttendanceYearFactory(
        pupil=placement.pupil, academic_year=LAST_YEAR - 1, possible_sessions=380, attended_sessions=380
    )
    K = MarkKind
    marks(placement, *(K.PRESENT,) * 6, K.LATE, K.UNAUTHORISED, K.NOT_TIMETABLED)
    objective = ObjectiveFactory(
        placement=placement,
        area=ObjectiveArea.ATTENDANCE,
        description="Attend every morning session.",
        baseline_value=Decimal("62"),
        baseline_on=TODAY - 50 * DAY,
        target_value=Decimal("90"),
        target_on=TODAY + 60 * DAY,
    )
    ProgressEntryFactory(objective=objective, value=Decimal("70"), on=TODAY - 30 * DAY)
    ProgressEntryFactory(objective=objective, value=Decimal("80.5"), on=TODAY - 10 * DAY)
    first = review(placement, 1, -35, held=-35)
    ReviewObjectiveFactory(review=first, objective=objective, rating=Rating.ON_TRACK)
    second = review(placement, 2, -21, held=-20, not_on_track=True, decision=Decision.AMEND)
    ReviewObjectiveFactory(review=second, objective=objective, rating=Rating.NOT_ON_TRACK)
    ReviewViewsFactory(
        review=second,
        pupil_views="I like the workshop.",
        parent_views="Mornings are still hard.",
        decision_note=note,
    )
    third = review(placement, 3, -5, held=-5, not_on_track=True)
    ReviewObjectiveFactory(review=third, objective=objective, rating=Rating.NOT_ON_TRACK)
    ReviewViewsFactory(review=third, pupil_views="", parent_views="Better this week.", decision_note="")
    fourth = review(placement, 4, -1)
    review(placement, 5, 20)
    review(placement, 6, -10, cancelled_reason="No longer in the plan", state=ReviewState.CANCELLED)
    VoiceResponseFactory(
        link__review=fourth, link__voice=Voice.PARENT, comment="She is happier.", feeling=4, safe=5
    )
    PlanChangeFactory(placement=placement, kind="objectives", reason="Mornings were too hard.")
    return objective


@pytest.fixture
def placements(world):
    now = placed(world.school, world.provider, "Nowena", starts=-50)
    with_everything(now)
    elsewhen = placed(world.school, world.other_provider, "Elsewhen", starts=-45)
    AttendanceYearFactory(
        pupil=elsewhen.pupil, academic_year=LAST_YEAR, possible_sessions=380, attended_sessions=190
    )
    marks(elsewhen, MarkKind.PRESENT, MarkKind.PRESENT, MarkKind.UNAUTHORISED, MarkKind.ILLNESS)
    ended = placed(
        world.school, world.provider, "Endrick", status=PlacementStatus.ENDED, starts=-100, ended=-5
    )
    MarkFactory(placement=ended, on=TODAY - 80 * DAY, mark=MarkKind.UNAUTHORISED)  # before the period
    MarkFactory(placement=ended, on=TODAY - 30 * DAY, mark=MarkKind.PRESENT)
    review(ended, 1, -80, held=-80)  # held before the period
    others = {
        "sibling": placed(world.sibling_school, world.provider, "Siblinda"),
        "other_school": placed(world.other_school, world.other_provider, "Otherina"),
    }
    for key, placement in others.items():
        with_everything(placement, attended=10, note=f"A decision at {key}.")
    return {"now": now, "elsewhen": elsewhen, "ended": ended, **others}


def gathered(world, role="school_leader", period=PERIOD):
    membership = world.members[role]
    with acting_as(membership):
        return effectiveness.gather(
            PackScope(membership=membership, school=world.school, period=period, today=TODAY)
        )


def test_each_placement_of_the_school_in_the_period_is_shown_and_no_other(world, placements):
    section = gathered(world)
    names = [effect.name for effect in section.placements]
    assert names == ["Elsewhen Testpupil", "Endrick Testpupil", "Nowena Testpupil"]
    now = section.placements[2]
    assert now.provider_name == world.provider.name
    assert now.attendance.before_percent == Decimal("75.0")  # 285 of 380, the latest year only
    assert now.attendance.during_percent == Decimal("87.5")  # 7 of 8: not timetabled is not possible
    assert now.attendance.change_words == "Up 12.5 points"
    [objective] = now.objectives
    assert objective.baseline_words == f"62% on {TODAY - 50 * DAY:%-d %B %Y}"
    assert objective.latest_words == f"80.5% on {TODAY - 10 * DAY:%-d %B %Y}"
    assert objective.rating == Rating.NOT_ON_TRACK  # the last review's judgement, not the first's
    assert objective.chart is not None
    assert len(objective.chart.points) == 3  # the baseline and two values


def test_reviews_are_due_held_on_time_late_or_overdue(world, placements):
    section = gathered(world)
    now = section.placements[2]
    rows = [(r.label, r.due_on, r.held_on, r.state_words) for r in now.reviews]
    assert rows == [
        ("Review 1", TODAY - 35 * DAY, TODAY - 35 * DAY, "On time"),  # held on the day it was due
        ("Review 2", TODAY - 21 * DAY, TODAY - 20 * DAY, "Late"),
        ("Review 3", TODAY - 5 * DAY, TODAY - 5 * DAY, "On time"),
        ("Review 4", TODAY - 1 * DAY, None, "Overdue"),
    ]
    assert now.next_review_on == TODAY + 20 * DAY
    assert now.still_right  # the last two reviews each judged an objective not on track
    ended = section.placements[1]
    assert ended.reviews == []  # its review was held before the period
    assert (section.reviews_held, section.reviews_held_on_time, section.reviews_overdue) == (3, 2, 1)


def test_views_and_what_was_changed_are_the_school_s_own(world, placements):
    now = gathered(world).placements[2]
    said = [(view.who, view.said, view.answers) for view in now.views]
    assert said == [
        ("The pupil", "I like the workshop.", ""),
        ("The parent or carer", "Better this week.", ""),  # the latest review's
        (
            "The parent or carer",
            "She is happier.",
            "How they feel about going: Good; Feeling safe: Always; Learning things that help: Sometimes; "
            "Staff listen: Most of the time",
        ),
    ]
    changes = [(change.what, change.why) for change in now.changes]
    assert ("Objectives amended", "Mornings were too hard.") in changes
    assert (
        "Review 2 judged an objective not on track. Decision: amend the plan",
        "Mornings moved to the afternoon.",
    ) in changes
    assert ("Review 3 judged an objective not on track. Decision: continue the placement", "") in changes
    assert not any(what.startswith("Review 1") for what, _why in changes)
    assert all("A decision at" not in why for _what, why in changes)


def test_the_section_s_figures_are_the_database_s(world, placements):
    section = gathered(world)
    school_placements = [placements[key] for key in ("now", "elsewhen", "ended")]
    with unscoped("the test counts for itself"):
        years = AttendanceYear.objects.filter(
            pupil_id__in=[p.pupil_id for p in school_placements], academic_year=LAST_YEAR
        )
        attended = sum(year.attended_sessions for year in years)
        possible = sum(year.possible_sessions for year in years)
        counted = Mark.objects.filter(
            placement__in=school_placements, on__gte=PERIOD.start, on__lte=PERIOD.end
        ).aggregate(
            possible=Count("pk", filter=~Q(mark=MarkKind.NOT_TIMETABLED)),
            attended=Count("pk", filter=Q(mark__in=MarkKind.attended())),
        )
    assert section.attendance_before == round(Decimal(100 * attended) / possible, 1) == Decimal("62.5")
    during = round(Decimal(100 * counted["attended"]) / counted["possible"], 1)
    assert section.attendance_during == during == Decimal("76.9")  # 10 of 13


def test_the_pack_prints_the_section(world, placements):
    text, _pdf = pack_text(world)
    section = text[text.rindex("4. Are the placements effective?") : text.rindex("5. Outcomes of placements")]
    for words in (
        "Nowena Testpupil",
        "Elsewhen Testpupil",
        "Before: 75.0% in",
        "During: 87.5% (7 of 8 sessions)",
        "80.5% on",
        "Review 1",
        "ON TIME",  # tags are set in capitals
        "LATE",
        "OVERDUE",
        f"Next review due {TODAY + 20 * DAY:%-d %B %Y}",
        "I like the workshop.",
        "Better this week.",
        "She is happier.",
        "Mornings were too hard.",
        "Mornings moved to the afternoon.",
        "IS THIS PLACEMENT STILL RIGHT?",
        "3 reviews held in the period, 2 of them on time",
    ):
        assert words in section, words
    for words in ("Siblinda", "Otherina", "A decision at", "Beforely"):
        assert words not in text
    assert "Reviews held on time 2 of 3" in text
    assert "Attendance before the placements 62.5%" in text
    assert "Attendance during the placements 76.9%" in text


def test_a_school_with_nothing_recorded_says_so(world):
    placed(world.school, world.provider, "Quietly")
    section = gathered(world)
    assert section.attendance_before is None
    assert section.attendance_during is None
    text, _pdf = pack_text(world)
    assert "No review was due or held in the period." in text
    assert "Attendance before the placements Not recorded" in text


def test_gathering_makes_the_same_queries_for_one_placement_as_for_many(world):
    membership = world.members["school_leader"]
    scope = PackScope(membership=membership, school=world.school, period=PERIOD, today=TODAY)

    def queries() -> int:
        with acting_as(membership), CaptureQueriesContext(connection) as captured:
            section = effectiveness.gather(scope)
        assert all(effect.objectives and effect.reviews for effect in section.placements)
        return len(captured)

    with_everything(placed(world.school, world.provider, "Solo", starts=-50))
    one = queries()
    for i in range(5):
        provider = world.other_provider if i % 2 else world.provider
        with_everything(placed(world.school, provider, f"Many{i}", starts=-50))
    assert queries() == one
