"""The evidence pack's outcomes: each placement that ended in the period with its outcome and destination
(or plainly none), its final review and its check-ins, read as the outcomes pages read them, in a fixed
number of queries, and printed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from outcomes.models import CheckIn, CheckInKind, Destination, ObjectivesMet, Outcome
from placements.models import PlacementStatus
from reports.pack import outcomes
from reports.pack.scope import PackScope, Period
from reviews.models import ReviewKind, ReviewState
from tests.outcomes.factories import CheckInFactory, OutcomeFactory
from tests.reports.test_pack import PERIOD, TODAY, pack_text, placed
from tests.reviews.factories import ReviewFactory

DAY = datetime.timedelta(days=1)
ENDED = PlacementStatus.ENDED


def ended(school, provider, forename, *, ended=-5):
    return placed(school, provider, forename, status=ENDED, starts=-50, ended=ended)


@pytest.fixture
def placements(world):
    back = ended(world.school, world.provider, "Backson")
    OutcomeFactory(
        placement=back,
        objectives_met=ObjectivesMet.MET,
        destination=Destination.REINTEGRATED,
        destination_detail="Demoshire Academy, full time",
    )
    ReviewFactory(
        placement=back, kind=ReviewKind.FINAL, number=0, state=ReviewState.HELD, held_on=TODAY - 6 * DAY
    )
    CheckInFactory(placement=back, due_on=TODAY - 2 * DAY)  # the sustained check, overdue
    CheckInFactory(
        placement=back,
        kind=CheckInKind.YEARS,
        years=1,
        due_on=TODAY - DAY,
        recorded=True,
        destination=Destination.FURTHER_EDUCATION,
        destination_detail="Demoshire College",
    )
    college = ended(world.school, world.other_provider, "Collegia", ended=-20)
    OutcomeFactory(
        placement=college,
        objectives_met=ObjectivesMet.PARTLY_MET,
        destination=Destination.FURTHER_EDUCATION,
        destination_detail="Otherton College",
    )
    CheckInFactory(placement=college, due_on=TODAY + 100 * DAY)
    unrecorded = ended(world.school, world.provider, "Norecord")
    still = placed(world.school, world.provider, "Stillhere")
    before = ended(world.school, world.provider, "Beforely", ended=-100)
    OutcomeFactory(placement=before)
    elsewhere = ended(world.other_school, world.other_provider, "Otherina")
    OutcomeFactory(placement=elsewhere, destination_detail="Otherton Sixth Form")
    sibling = ended(world.sibling_school, world.provider, "Siblinda")
    OutcomeFactory(placement=sibling)
    return {"back": back, "college": college, "unrecorded": unrecorded, "still": still, "before": before}


def gathered(world, role="school_leader", period=PERIOD):
    membership = world.members[role]
    with acting_as(membership):
        scope = PackScope(membership=membership, school=world.school, period=period, today=TODAY)
        return outcomes.gather(scope)


def test_each_placement_that_ended_in_the_period_with_its_outcome_and_no_other(world, placements):
    section = gathered(world)
    rows = {row.name.split()[0]: row for row in section.ended}
    assert set(rows) == {"Backson", "Collegia", "Norecord"}

    back = rows["Backson"]
    assert back.objectives_words == "Met"
    assert back.destination_words == "Back at the school (reintegrated): Demoshire Academy, full time"
    assert back.final_review_held_on == TODAY - 6 * DAY
    assert [(each.label, each.state) for each in back.check_ins] == [
        ("Sustained destination", "overdue"),
        ("1 year on", "recorded"),
    ]
    assert back.check_ins[1].found_words == "Further education: Demoshire College"

    assert rows["Collegia"].final_review_held_on is None
    assert [each.state for each in rows["Collegia"].check_ins] == ["not due yet"]
    norecord = rows["Norecord"]
    assert not norecord.has_outcome
    assert norecord.check_ins == []

    assert section.outcomes_recorded == 2
    assert section.reintegrated == 1
    assert section.by_destination == [("Back at the school (reintegrated)", 1), ("Further education", 1)]
    assert section.check_ins_overdue == 1
    assert section.sustained == (0, 0)


def test_the_numbers_are_the_database_s(world, placements):
    section = gathered(world)
    membership = world.members["school_leader"]
    ids = [row.placement_id for row in section.ended]
    with acting_as(membership):
        assert (
            section.outcomes_recorded
            == Outcome.objects.visible_to(membership).filter(placement_id__in=ids).count()
        )
        assert section.check_ins_overdue == (
            CheckIn.objects.visible_to(membership)
            .filter(placement_id__in=ids, recorded_at__isnull=True, due_on__lt=TODAY)
            .count()
        )
        outcome = Outcome.objects.visible_to(membership).get(placement=placements["college"])
    college = next(row for row in section.ended if row.placement_id == placements["college"].pk)
    assert college.left_on == outcome.left_on
    assert college.detail == outcome.destination_detail


def test_a_trust_leader_reads_the_same_outcomes_and_check_ins(world, placements):
    school = gathered(world)
    trust = gathered(world, role="trust_leader")
    assert [row.destination_words for row in trust.ended] == [row.destination_words for row in school.ended]
    assert [len(row.check_ins) for row in trust.ended] == [len(row.check_ins) for row in school.ended]


def test_a_period_in_the_past_leaves_out_placements_that_ended_after_it(world, placements):
    section = gathered(world, period=Period(TODAY - 300 * DAY, TODAY - 10 * DAY))
    assert {row.name.split()[0] for row in section.ended} == {"Collegia", "Beforely"}


def test_the_pack_prints_the_outcomes_destinations_and_check_ins(world, placements):
    text, _pdf = pack_text(world)
    section = text[text.index("5. Outcomes of placements that ended Every") : text.rindex("6. Gaps")]
    assert "Placements that ended in the period 3" in section
    assert "Outcomes recorded 2 of 3" in section
    assert "Back at the school (reintegrated) 1" in section
    assert "Check-ins overdue 1" in section
    assert "Backson Testpupil" in section
    assert "Demoshire Academy, full time" in section
    assert "PARTLY MET" in section
    assert "NO OUTCOME RECORDED" in section
    assert "NO FINAL REVIEW HELD" in section
    held = TODAY - 6 * DAY
    assert f"Final review held {held.day} {held:%B %Y}" in section
    assert "OVERDUE" in section
    assert "Further education: Demoshire College" in section
    for forename in ("Stillhere", "Beforely", "Otherina", "Siblinda"):
        assert forename not in section
    assert "Otherton Sixth Form" not in text


def test_a_school_with_no_placement_ended_says_so(world):
    placed(world.school, world.provider, "Stillhere")
    text, _pdf = pack_text(world)
    assert "No placement of the school ended during the period." in text


def test_gathering_makes_the_same_queries_for_one_placement_as_for_many(world):
    membership = world.members["school_leader"]
    scope = PackScope(membership=membership, school=world.school, period=PERIOD, today=TODAY)

    def queries() -> int:
        with acting_as(membership), CaptureQueriesContext(connection) as captured:
            outcomes.gather(scope)
        return len(captured)

    def one_more(name, provider):
        placement = ended(world.school, provider, name)
        OutcomeFactory(placement=placement)
        CheckInFactory(placement=placement, recorded=True, recorded_at=timezone.now())
        ReviewFactory(
            placement=placement, kind=ReviewKind.FINAL, number=0, state=ReviewState.HELD, held_on=TODAY
        )

    one_more("Solo", world.provider)
    one = queries()
    for i in range(5):
        one_more(f"Many{i}", world.other_provider if i % 2 else world.provider)
    ended(world.school, world.provider, "Unrecorded")
    assert queries() == one
