"""The LA's area report: each section's counts for a small world of two LAs are the database's, nothing of
the other LA appears, the printed PDF shows them and names no pupil, and gathering makes the same
number of queries for one placement as for many."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from outcomes.models import Destination, ObjectivesMet
from placements.models import Placement, PlacementStatus
from providers.models import ApprovalStatus, RegistrationStatus
from reports.area import document
from reports.area.scope import AreaScope
from reports.pdf import render_pdf
from reviews.models import ReviewState
from tests.contacts.factories import ContactRecordFactory
from tests.factories import ProviderFactory
from tests.outcomes.factories import OutcomeFactory
from tests.placements.factories import PartTimePlanFactory
from tests.providers.factories import ApprovedListEntryFactory, ProviderProfileFactory, full_evidence
from tests.reports.pdf_text import pages_of, text_of, words
from tests.reports.test_pack import DAY, PERIOD, TODAY, placed
from tests.reviews.factories import ReviewFactory

YEAR_9 = {"year_group_override": 9, "year_group_reason": "Taught with Year 9"}  # a 24-hour week


def area_scope(world, role="la_officer") -> AreaScope:
    membership = world.members[role]
    return AreaScope(
        membership=membership, local_authority=membership.organisation, period=PERIOD, today=TODAY
    )


def gathered(world, role="la_officer") -> dict:
    scope = area_scope(world, role)
    with acting_as(scope.membership):
        return document.gather(scope)


def area_text(world, role="la_officer") -> tuple[str, bytes]:
    scope = area_scope(world, role)
    with acting_as(scope.membership):
        built = document.build(scope, generated_by="Olu Officer", generated_at=timezone.now())
    assert built.pupil_ids == set()
    pdf = render_pdf(built.html)
    return words(text_of(pdf.content)), pdf.content


def place(school, provider, forename, *, hours=15, school_hours=10, **values):
    made = placed(school, provider, forename, **YEAR_9, **values)
    with unscoped("test data"):
        Placement.objects.filter(pk=made.pk).update(
            hours_per_week=Decimal(hours), school_hours_per_week=Decimal(school_hours)
        )
    made.refresh_from_db()
    return made


@pytest.fixture
def area(world):
    """Demoshire's two schools with six placements of the period (and one before it), Otherton's school
    with its own at Demoshire's provider: reviews, visits, evidence, the list and outcomes for both."""
    ended = {"status": PlacementStatus.ENDED, "starts": -50, "ended": -5}
    made = {
        "full": place(world.school, world.provider, "Fullerton", hours=25, school_hours=0),
        "overdue_plan": place(world.school, world.other_provider, "Planna", starts=-30),
        "ended": place(world.school, world.provider, "Endrick", **ended),
        "short": place(world.school, world.provider, "Shortley", hours=10, school_hours=0),
        "sibling": place(world.sibling_school, world.other_provider, "Siblinda"),
        "sibling_ended": place(world.sibling_school, world.other_provider, "Sibended", **ended),
        "before": place(
            world.school, world.provider, "Beforely", status=PlacementStatus.ENDED, starts=-200, ended=-100
        ),
        "other": place(world.other_school, world.provider, "Otherina"),
    }
    PartTimePlanFactory(placement=made["overdue_plan"], ends_by=TODAY - 5 * DAY, la_notified_on=None)
    # Reviews: one held on time, one held late and one overdue at Demoshire Academy; Otherton's overdue.
    ReviewFactory(
        placement=made["full"],
        planned_on=TODAY - 20 * DAY,
        state=ReviewState.HELD,
        held_on=TODAY - 21 * DAY,
    )
    ReviewFactory(
        placement=made["overdue_plan"],
        planned_on=TODAY - 20 * DAY,
        state=ReviewState.HELD,
        held_on=TODAY - 17 * DAY,
    )
    ReviewFactory(placement=made["full"], number=2, planned_on=TODAY - 2 * DAY)
    ReviewFactory(placement=made["other"], planned_on=TODAY - 2 * DAY)
    # Visits: two to Demoshire PRU by the Academy counted, one entered in error, and Otherton's own.
    for days in (3, 30):
        ContactRecordFactory(placement=made["full"], on=TODAY - days * DAY)
    ContactRecordFactory(
        placement=made["full"],
        on=TODAY - 4 * DAY,
        entered_in_error_at=timezone.now(),
        error_reason="Wrong day",
    )
    ContactRecordFactory(placement=made["other"], on=TODAY - 3 * DAY)
    # Evidence: Demoshire checked its provider; only Otherton checked Otherton College.
    full_evidence(world.provider, world.la)
    full_evidence(world.other_provider, world.other_la)
    # The list: Demoshire approves its provider; Otherton College is on Otherton's list only.
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    ApprovedListEntryFactory(local_authority=world.other_la, provider=world.other_provider)
    OutcomeFactory(
        placement=made["ended"], objectives_met=ObjectivesMet.MET, destination=Destination.FURTHER_EDUCATION
    )
    OutcomeFactory(placement=made["other"], destination=Destination.NEET)
    return made


def test_placements_are_counted_by_school_and_by_provider(world, area):
    found = gathered(world)["placements"]
    assert found.total.placements == 6
    assert found.total.pupils == 6
    assert found.total.now == 4
    assert (found.total.full_time, found.total.part_time) == (1, 3)
    assert found.total.average_hours == "16.3"  # (25 + 15 + 10 + 15) / 4
    by_school = {row.name: (row.placements, row.now, row.full_time, row.part_time) for row in found.by_school}
    assert by_school == {"Demoshire Academy": (4, 3, 1, 2), "Hillside Primary": (2, 1, 0, 1)}
    by_provider = {row.name: (row.placements, row.now) for row in found.by_provider}
    assert by_provider == {"Demoshire PRU": (3, 2), "Otherton College": (3, 2)}


def test_the_counts_are_the_database_s(world, area):
    found = gathered(world)
    with unscoped("the database's own count"):
        in_period = Placement.objects.filter(PERIOD.overlapping(), local_authority=world.la)
        assert found["placements"].total.placements == in_period.count()
        assert found["placements"].total.now == in_period.filter(status__in=("planned", "active")).count()
    assert sum(row.placements for row in found["placements"].by_school) == in_period.count()
    assert sum(row.placements for row in found["placements"].by_provider) == in_period.count()


def test_part_time_timetables_reuse_the_register_s_flags(world, area):
    found = gathered(world)["part_time"]
    assert [
        (row.name, row.plans, row.past_time_limit, row.la_not_told, row.no_plan) for row in found.schools
    ] == [
        ("Demoshire Academy", 1, 1, 1, 1)  # Planna's plan is past and the LA never told; Shortley has none
    ]
    assert found.notice_days == 14


def test_providers_with_evidence_not_current_as_this_la_checked_it(world, area):
    found = gathered(world)["evidence"]
    assert found.providers_used == 2
    assert [row.name for row in found.providers] == ["Otherton College"]  # checked by Otherton only
    (row,) = found.providers
    assert row.counts == f"{row.types} missing"
    assert all(gap.endswith("never checked") for gap in row.gaps)
    assert (row.placements, row.now) == (3, 2)


def test_unlisted_providers_in_use_name_the_schools(world, area):
    found = gathered(world)["unlisted"]
    assert [(row.name, row.status, row.placements, row.now, row.schools) for row in found.providers] == [
        ("Otherton College", "Not on the list", 3, 2, ("Demoshire Academy", "Hillside Primary"))
    ]


def test_a_suspended_provider_is_unlisted_with_its_status(world, area):
    ApprovedListEntryFactory(
        local_authority=world.la, provider=world.other_provider, status=ApprovalStatus.SUSPENDED
    )
    found = gathered(world)["unlisted"]
    assert [row.status for row in found.providers] == ["Suspended"]


def test_reviews_on_time_by_school_and_none_of_the_other_la_s(world, area):
    found = gathered(world)["reviews"]
    assert [(row.name, row.held, row.on_time, row.overdue) for row in found.schools] == [
        ("Demoshire Academy", 2, 1, 1)
    ]
    assert found.schools[0].percent_on_time == "50%"


def test_visits_by_school_leave_out_errors_and_name_providers_not_visited(world, area):
    found = gathered(world)["visits"]
    schools = {row.name: row for row in found.schools}
    assert set(schools) == {"Demoshire Academy", "Hillside Primary"}
    academy = schools["Demoshire Academy"]
    assert (academy.visits, academy.providers_used, academy.providers_visited) == (2, 2, 1)
    assert [(each.provider, each.last) for each in academy.not_visited] == [
        ("Otherton College", "Not visited")
    ]
    assert schools["Hillside Primary"].visits == 0
    assert found.visits == 2


def test_outcomes_by_provider_of_the_placements_that_ended(world, area):
    found = gathered(world)["outcomes"]
    rows = {row.name: (row.ended, row.recorded, row.met, row.destination_words) for row in found.providers}
    assert rows == {
        "Demoshire PRU": (1, 1, 1, ["Further education: 1"]),
        "Otherton College": (1, 0, 0, []),
    }
    assert dict(found.destinations)["Not in education, employment or training"] == 0  # Otherton's pupil


def test_providers_at_or_near_the_threshold_count_every_commissioner(world):
    farm = ProviderFactory(name="Fieldside Farm", local_authority=world.la)
    ProviderProfileFactory(provider=farm, registration_status=RegistrationStatus.UNREGISTERED)
    elsewhere = ProviderFactory(name="Faraway Forge", local_authority=world.other_la)
    ProviderProfileFactory(provider=elsewhere, registration_status=RegistrationStatus.UNREGISTERED)
    for number, school in enumerate((world.school, world.school, world.other_school, world.other_school)):
        place(school, farm, f"Farmer{number}", hours=19, school_hours=0)
    for number in range(5):
        place(world.other_school, elsewhere, f"Forger{number}", hours=19, school_hours=0)
    found = gathered(world)["threshold"]
    assert [(row.name, row.full_time, row.at, row.area_now, row.on_register) for row in found.providers] == [
        ("Fieldside Farm", 4, False, 2, True)  # near; Faraway Forge is at it but not Demoshire's concern
    ]
    place(world.sibling_school, elsewhere, "Forger5", hours=19, school_hours=0)
    found = gathered(world)["threshold"]
    assert [(row.name, row.standing, row.area_now) for row in found.providers] == [
        ("Faraway Forge", "At the threshold", 1),
        ("Fieldside Farm", "One pupil short", 2),
    ]


def test_the_pdf_shows_the_numbers_and_names_no_pupil_nor_the_other_la_s_school(world, area):
    text, pdf = area_text(world)
    assert "Alternative provision area report" in text
    assert "Demoshire Council" in text
    assert "Placements during the period 6" in text
    assert "Placements now: part time 3" in text
    assert "Average hours a week at the provider now 16.3" in text
    assert "Reviews held on time 1 of 2" in text
    assert "Reviews overdue now 1" in text
    assert "Providers in use not on the approved list 1" in text
    assert "Placements that ended: outcome recorded 1 of 2" in text
    assert "Demoshire Academy 4 4 3 1 2 16.7 Hillside Primary 2 2 1 0 1 15" in text  # by school
    assert "Demoshire Academy 2 2 1 1.0 Otherton College Not visited" in text  # its visits
    assert "Otherton College NOT ON THE LIST 3 2 Demoshire Academy, Hillside Primary" in text  # a tag
    assert "Testpupil" not in text
    for forename in ("Fullerton", "Planna", "Otherina"):
        assert forename not in text
    assert "Otherton School" not in text
    pages = pages_of(pdf)
    assert pages >= 10  # the cover, the contents and a page for each section
    for number in range(1, pages + 1):
        assert f"Page {number} of {pages}" in text
    for number, section in enumerate(document.SECTIONS, start=1):
        assert f"{number}. {section.title}" in text


def test_an_area_with_nothing_says_so_in_each_section(world):
    text, _pdf = area_text(world)
    assert "No school in the area had a pupil in alternative provision during the period." in text
    assert "No placement of the area ended during the period." in text


def test_gathering_makes_the_same_queries_for_one_placement_as_for_many(world):
    scope = area_scope(world)

    def queries() -> int:
        with acting_as(scope.membership), CaptureQueriesContext(connection) as captured:
            document.build(scope, generated_by="Olu Officer", generated_at=timezone.now())
        return len(captured)

    place(world.school, world.provider, "Solo")
    one = queries()
    for number in range(5):
        school = (world.school, world.sibling_school)[number % 2]
        provider = (world.provider, world.other_provider)[number % 2]
        made = place(school, provider, f"Many{number}", hours=10 + number, school_hours=0)
        ReviewFactory(
            placement=made, planned_on=TODAY - 9 * DAY, state=ReviewState.HELD, held_on=TODAY - 9 * DAY
        )
        ContactRecordFactory(placement=made, on=TODAY - number * DAY)
        PartTimePlanFactory(placement=made)
    place(
        world.sibling_school,
        world.other_provider,
        "Ended",
        status=PlacementStatus.ENDED,
        starts=-40,
        ended=-3,
    )
    many = queries()
    assert one == many
