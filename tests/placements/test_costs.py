"""What placements cost: per day counts the weekdays with a session in the timetable, per week the weeks
with one, per session the sessions; to date and committed to the planned end (or the day it ended);
totals per provider and per school as each organisation sees them; block-purchased places used."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apcommission.tenancy.scoping import acting_as
from placements import costs
from placements.models import CostUnit, PlacementStatus
from tests.placements.factories import BlockPurchaseFactory, PlacementFactory
from tests.pupils.factories import PupilFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2025, 9, 1)
TIMETABLE = ["mon_am", "mon_pm", "wed_am"]  # two days, three sessions a week


def day(offset: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=offset)


def priced(unit, price="50", *, sessions=TIMETABLE, start=MONDAY, end=None, **values):
    return PlacementFactory.build(
        cost=Decimal(price),
        cost_unit=unit,
        sessions=sessions,
        starts_on=start,
        planned_end_on=end or day(11),  # the Friday of the second week
        **values,
    )


@pytest.mark.parametrize(
    ("unit", "on", "to_date", "committed"),
    [
        (CostUnit.DAY, day(2), "100.00", "200.00"),  # Monday and Wednesday of week 1; 4 days in all
        (CostUnit.SESSION, day(2), "150.00", "300.00"),  # 3 sessions a week
        (CostUnit.WEEK, day(2), "50.00", "100.00"),
        (CostUnit.DAY, day(-1), "0.00", "200.00"),  # before it starts
        (CostUnit.DAY, day(40), "200.00", "200.00"),  # after it ends
    ],
)
def test_a_placement_costs_its_timetable_to_date_and_to_its_end(unit, on, to_date, committed):
    cost = costs.cost_of(priced(unit), on)
    assert (cost.to_date, cost.committed) == (Decimal(to_date), Decimal(committed))


def test_a_week_counts_when_a_timetabled_day_falls_in_it():
    # From a Wednesday (week 1 has no Monday or Tuesday left) to a Monday (week 3 has its Monday).
    placement = priced(CostUnit.WEEK, sessions=["mon_am", "tue_am"], start=day(2), end=day(14))
    assert costs.cost_of(placement, day(30)).committed == Decimal("100.00")
    one_week = priced(CostUnit.WEEK, sessions=["fri_am"], start=day(2), end=day(3))
    assert costs.cost_of(one_week, day(30)).committed == Decimal("0.00")


def test_with_no_timetable_every_weekday_is_a_school_day_and_sessions_cannot_be_priced():
    assert costs.cost_of(priced(CostUnit.DAY, sessions=[]), day(30)).committed == Decimal("500.00")
    assert costs.cost_of(priced(CostUnit.SESSION, sessions=[]), day(30)) is None


def test_an_ended_placement_is_committed_to_the_day_it_ended():
    placement = priced(CostUnit.DAY, status=PlacementStatus.ENDED, ended_on=day(2), end_reason="Moved")
    assert costs.cost_of(placement, day(30)) == costs.Cost(Decimal("100.00"), Decimal("100.00"))


def test_a_cancelled_placement_costs_nothing():
    placement = priced(
        CostUnit.DAY, status=PlacementStatus.CANCELLED, cancelled_on=day(-3), cancel_reason="Moved away"
    )
    assert costs.cost_of(placement, day(30)) == costs.Cost(Decimal("0.00"), Decimal("0.00"))


def test_no_price_or_a_block_place_has_no_cost_of_its_own():
    assert costs.cost_of(PlacementFactory.build(cost=None, cost_unit=""), day(3)) is None
    in_block = priced(CostUnit.DAY)
    in_block.block_purchase_id = 1
    assert costs.cost_of(in_block, day(3)) is None


LATER = day(30)


def summary_for(world, role, on=LATER):
    membership = world.members[role]
    with acting_as(membership):
        return costs.cost_summary(membership=membership, on=on)


def spend(world):
    """Two providers, two Demoshire schools and one Otherton school; a block at the PRU."""
    block = BlockPurchaseFactory(
        school=world.school, provider=world.provider, places=2, starts_on=MONDAY, ends_on=day(300)
    )
    for school, provider, price in [
        (world.school, world.provider, "50"),
        (world.school, world.other_provider, "20"),
        (world.sibling_school, world.provider, "10"),
        (world.other_school, world.provider, "1000"),
    ]:
        PlacementFactory(
            pupil=PupilFactory(school=school),
            provider=provider,
            cost=Decimal(price),
            cost_unit=CostUnit.DAY,
            sessions=TIMETABLE,
            starts_on=MONDAY,
            planned_end_on=day(11),
        )
    for status in (PlacementStatus.ACTIVE, PlacementStatus.PLANNED, PlacementStatus.ACTIVE):
        PlacementFactory(
            pupil=PupilFactory(school=world.school),
            provider=world.provider,
            block_purchase=block,
            status=status,
        )
    PlacementFactory(
        pupil=PupilFactory(school=world.school),
        provider=world.provider,
        block_purchase=block,
        status=PlacementStatus.ENDED,
        ended_on=day(20),
        end_reason="Moved on",
    )
    PlacementFactory(pupil=PupilFactory(school=world.school), provider=world.provider, cost=None)
    return block


def test_the_la_sees_its_areas_totals_by_provider_and_by_school(world):
    spend(world)
    summary = summary_for(world, "la_viewer")

    by_provider = {line.name: line for line in summary.by_provider}
    assert set(by_provider) == {"Demoshire PRU", "Otherton College"}  # not Otherton's school's spend
    pru = by_provider["Demoshire PRU"]
    assert (pru.placements, pru.costed, pru.in_blocks, pru.uncosted) == (7, 2, 4, 1)
    assert pru.committed == Decimal("240.00")  # 4 days at 50 and at 10
    assert [line.name for line in summary.by_school] == ["Demoshire Academy", "Hillside Primary"]
    assert summary.total.committed == Decimal("320.00")


def test_a_school_sees_only_its_own_spend_and_its_blocks_places(world):
    block = spend(world)
    summary = summary_for(world, "school_staff")

    assert summary.total.committed == Decimal("280.00")
    assert [(use.block.pk, use.used, use.free, use.over) for use in summary.blocks] == [(block.pk, 3, 0, 1)]
    assert summary.block_cost == block.cost
    assert summary_for(world, "other_school_leader").blocks == []


def test_a_cancelled_placement_is_left_out_of_the_totals_and_the_blocks_places(world):
    block = spend(world)
    before = summary_for(world, "school_staff")
    for in_block in (None, block):
        PlacementFactory(
            pupil=PupilFactory(school=world.school),
            provider=world.provider,
            cost=Decimal("50"),
            cost_unit=CostUnit.DAY,
            sessions=TIMETABLE,
            starts_on=MONDAY,
            planned_end_on=day(11),
            block_purchase=in_block,
            status=PlacementStatus.CANCELLED,
            cancelled_on=MONDAY,
            cancel_reason="The family moved away.",
        )
    after = summary_for(world, "school_staff")
    assert (after.total.placements, after.total.to_date, after.total.committed) == (
        before.total.placements,
        before.total.to_date,
        before.total.committed,
    )
    assert [(use.used, use.free) for use in after.blocks] == [(use.used, use.free) for use in before.blocks]


def test_a_block_that_has_ended_is_not_listed(world):
    BlockPurchaseFactory(school=world.school, starts_on=day(-400), ends_on=day(-40))
    assert summary_for(world, "ap_lead", on=MONDAY).blocks == []


@pytest.mark.parametrize("extra", [0, 40])
def test_the_summary_is_two_queries_however_many_placements(world, extra):
    spend(world)
    for _ in range(extra):
        PlacementFactory(pupil=PupilFactory(school=world.school), cost=Decimal(5), cost_unit=CostUnit.WEEK)
    membership = world.members["la_officer"]
    with acting_as(membership), CaptureQueriesContext(connection) as captured:
        costs.cost_summary(membership=membership, on=day(30))
    assert len(captured) == 2


def test_a_trust_sees_its_schools(world):
    spend(world)
    summary = summary_for(world, "trust_leader")
    assert [line.name for line in summary.by_school] == ["Demoshire Academy"]


def test_the_counting_of_days_across_many_weeks():
    days = costs.timetable(TIMETABLE)
    assert costs.school_days(days, MONDAY, day(7 * 39 - 3)) == 78
    assert costs.sessions_between(days, MONDAY, day(7 * 39 - 3)) == 117
    assert costs.weeks_between(days, MONDAY, day(7 * 39 - 3)) == 39
    assert costs.school_days(days, day(5), day(4)) == 0
