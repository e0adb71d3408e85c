"""The register's flags, each at its boundary, and the filter by flag."""

import datetime
from decimal import Decimal

import pytest

from apcommission.tenancy.scoping import unscoped
from placements.models import PartTimePlan, PlacementReason, PlacementStatus
from placements.register_flags import Flag
from providers.models import ApprovalStatus, RegistrationStatus
from pupils.identifiers import academic_year_start
from tests.placements.factories import PlacementRulesFactory
from tests.placements.register_pages import TODAY, YEAR_9, placed, register_rows, row_of, signed_in
from tests.providers.factories import (
    ApprovedListEntryFactory,
    EvidenceFactory,
    ProviderProfileFactory,
    standard_evidence_type,
)
from tests.pupils.factories import PupilFactory
from tests.reviews.factories import ReviewRequestFactory, held_review

F = Flag
DAY = datetime.timedelta(days=1)


def flags_of(world, placement, role="ap_lead") -> set[Flag]:
    return set(row_of(signed_in(world, role), placement, "?status=all").flags)


@pytest.fixture
def approved(world):
    """The world's provider approved on its LA's list, so that only the flag under test shows."""
    return ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)


def test_a_placement_in_good_order_has_no_flag(world, approved):
    assert flags_of(world, placed(world)) == set()


def test_no_objective_with_a_baseline(world, approved):
    assert flags_of(world, placed(world, baseline=False)) == {F.NO_BASELINE}


@pytest.mark.parametrize(
    ("hours", "school_hours", "short"),
    [("14", "10", False), ("13.9", "10", True), ("24", "0", False), ("23.9", "0", True)],
)
def test_a_year_9_week_is_short_below_24_hours(world, approved, hours, school_hours, short):
    placement = placed(world, hours=hours, school_hours=school_hours)
    expected = {F.PART_TIME_NO_PLAN, F.SHORT} if short else set()
    assert flags_of(world, placement) == expected
    if short:
        shortfall = row_of(signed_in(world, "ap_lead"), placement).shortfall
        assert shortfall == Decimal(24) - Decimal(hours) - Decimal(school_hours)


def test_two_part_time_placements_can_make_a_full_time_week(world, approved):
    pupil = PupilFactory(school=world.school, date_of_birth=YEAR_9)
    mornings = placed(world, pupil=pupil, hours="12")
    afternoons = placed(world, pupil=pupil, hours="12")
    assert flags_of(world, mornings) == flags_of(world, afternoons) == set()


def test_a_time_limited_plan_answers_for_a_short_week_until_its_limit(world, approved):
    in_time = placed(world, hours="15", plan_ends_by=TODAY)
    assert flags_of(world, in_time) == set()
    overdue = placed(world, hours="15", plan_ends_by=TODAY - DAY)
    assert flags_of(world, overdue) == {F.PART_TIME_OVERDUE, F.SHORT}


def test_a_plan_on_another_of_the_pupils_placements_answers_for_the_week(world, approved):
    pupil = PupilFactory(school=world.school, date_of_birth=YEAR_9)
    with_plan = placed(world, pupil=pupil, hours="6", plan_ends_by=TODAY + 30 * DAY)
    without = placed(world, pupil=pupil, hours="6")
    assert flags_of(world, with_plan) == set()
    assert flags_of(world, without) == {F.PART_TIME_NO_PLAN}


def test_a_plan_past_its_time_limit_is_flagged_even_once_the_week_is_full(world, approved):
    assert flags_of(world, placed(world, hours="24", plan_ends_by=TODAY - DAY)) == {F.PART_TIME_OVERDUE}


def test_a_planned_placement_is_judged_on_the_week_it_starts(world, approved):
    pupil = PupilFactory(school=world.school, date_of_birth=YEAR_9)
    # Full time now, at a placement ending before the planned one starts: the planned week is short.
    placed(world, pupil=pupil, hours="24", planned_end_on=TODAY + 10 * DAY)
    planned = placed(
        world,
        pupil=pupil,
        hours="12",
        status=PlacementStatus.PLANNED,
        starts_on=TODAY + 20 * DAY,
        planned_end_on=TODAY + 90 * DAY,
    )
    assert flags_of(world, planned) == {F.PART_TIME_NO_PLAN, F.SHORT}


def test_the_las_own_full_time_week_decides(world, approved):
    placement = placed(world, hours="24")
    assert flags_of(world, placement) == set()
    PlacementRulesFactory(local_authority=world.la, hours_ks3_and_year_10=25)
    assert flags_of(world, placement) == {F.PART_TIME_NO_PLAN, F.SHORT}
    assert row_of(signed_in(world, "ap_lead"), placement).full_time is False


@pytest.mark.parametrize("status", [RegistrationStatus.UNREGISTERED, RegistrationStatus.APPLIED])
def test_an_unregistered_provider(world, approved, status):
    world.provider.profile.registration_status = status
    world.provider.profile.save()
    assert flags_of(world, placed(world)) == {F.UNREGISTERED}


def test_a_provider_not_on_the_schools_las_list_is_not_approved(world):
    placement = placed(world)
    assert flags_of(world, placement) == {F.NOT_APPROVED}
    # Another LA's approval is not this school's.
    ApprovedListEntryFactory(local_authority=world.other_la, provider=world.provider)
    assert flags_of(world, placement) == {F.NOT_APPROVED}


@pytest.mark.parametrize(
    ("status", "flags"),
    [
        (ApprovalStatus.APPLIED, {F.NOT_APPROVED}),
        (ApprovalStatus.REMOVED, {F.NOT_APPROVED}),
        (ApprovalStatus.SUSPENDED, {F.SUSPENDED}),
        (ApprovalStatus.APPROVED_WITH_CONDITIONS, set()),
    ],
)
def test_the_providers_status_on_the_list(world, status, flags):
    conditions = "Termly attendance returns." if status == ApprovalStatus.APPROVED_WITH_CONDITIONS else ""
    ApprovedListEntryFactory(
        local_authority=world.la, provider=world.provider, status=status, conditions=conditions
    )
    assert flags_of(world, placed(world)) == flags


def test_evidence_expired_on_the_las_picture(world, approved):
    placement = placed(world)
    insurance = standard_evidence_type("Insurance")
    EvidenceFactory(provider=world.provider, checked_for=world.la, evidence_type=insurance, expires_on=TODAY)
    assert F.EVIDENCE_EXPIRED not in flags_of(world, placement)  # current to the end of its expiry date
    EvidenceFactory(
        provider=world.provider,
        checked_for=world.la,
        evidence_type=insurance,
        checked_on=TODAY - 400 * DAY,
        expires_on=TODAY - DAY,
    )
    assert F.EVIDENCE_EXPIRED not in flags_of(world, placement)  # an older check is superseded
    EvidenceFactory(
        provider=world.provider, checked_for=world.la, evidence_type=insurance, expires_on=TODAY - DAY
    )
    for role in ("ap_lead", "la_officer", "trust_leader"):
        assert F.EVIDENCE_EXPIRED in flags_of(world, placement, role), role


def test_another_las_expired_check_is_not_this_las_picture(world, approved):
    placement = placed(world)
    EvidenceFactory(provider=world.provider, checked_for=world.other_la, expires_on=TODAY - DAY)
    assert F.EVIDENCE_EXPIRED not in flags_of(world, placement)


def test_an_ended_placement_has_no_flags(world):
    ended = placed(
        world,
        baseline=False,
        hours="6",
        status=PlacementStatus.ENDED,
        ended_on=TODAY,
        end_reason="Moved away.",
    )
    assert flags_of(world, ended) == set()


def test_the_trusts_and_the_las_register_flag_as_the_schools_does(world):
    world.provider.profile.registration_status = RegistrationStatus.UNREGISTERED
    world.provider.profile.save()
    placement = placed(world, baseline=False, hours="10")
    expected = {F.NO_BASELINE, F.PART_TIME_NO_PLAN, F.SHORT, F.UNREGISTERED, F.NOT_APPROVED}
    for role in ("ap_lead", "trust_leader", "la_officer", "la_viewer"):
        assert flags_of(world, placement, role) == expected, role


def test_the_filter_by_flag_narrows_to_placements_with_it(world, approved):
    good = placed(world)
    no_baseline = placed(world, baseline=False)
    short = placed(world, hours="10")
    other = ProviderProfileFactory(registration_status=RegistrationStatus.UNREGISTERED).provider
    ApprovedListEntryFactory(local_authority=world.la, provider=other)
    unregistered = placed(world, provider=other)
    client = signed_in(world, "ap_lead")

    def found(flag):
        return {row.placement_id for row in register_rows(client, f"?flag={flag}")}

    assert found("no_baseline") == {no_baseline.pk}
    assert found("short") == found("part_time_no_plan") == {short.pk}
    assert found("unregistered") == {unregistered.pk}
    assert found("any") == {no_baseline.pk, short.pk, unregistered.pk}
    assert found("") == {good.pk, no_baseline.pk, short.pk, unregistered.pk}
    assert found("evidence_expired") == set()
    page = client.get("/register/?flag=no_baseline").context["page"]
    assert page.paginator.count == 1


def test_a_flag_filter_combines_with_the_others(world, approved):
    amira = placed(world, baseline=False, pupil=PupilFactory(school=world.school, legal_surname="Khan"))
    placed(world, baseline=False, pupil=PupilFactory(school=world.school, legal_surname="Reed"))
    rows = register_rows(signed_in(world, "ap_lead"), "?flag=no_baseline&q=khan")
    assert [row.placement_id for row in rows] == [amira.pk]


def test_an_unknown_flag_is_refused_with_its_error(world, approved):
    placed(world)
    response = signed_in(world, "ap_lead").get("/register/?flag=made_up")
    assert "Choose a flag from the list" in response.content.decode()
    assert len(response.context["page"].object_list) == 1


# --- The filter, asked of the database, agrees with the rows ---------------------------------------


def born_in_year(year: int, on: datetime.date) -> datetime.date:
    """A date of birth that puts a pupil in `year` on `on` (born in October of the cohort's first year)."""
    return datetime.date(academic_year_start(on) - 5 - year, 10, 1)


@pytest.fixture
def every_flag(world):
    """Placements at the trust's school and its sibling covering every flag and the edges of the week:
    year groups either side of each band, a planned placement judged on its start day (either side of
    1 September, when the pupil moves up a year), two placements making one week, the LA's own hours,
    and providers in each standing on the list."""
    PlacementRulesFactory(local_authority=world.la, hours_ks2=Decimal("23"))
    next_september = datetime.date(academic_year_start(TODAY) + 1, 9, 1)

    def pupil(year: int, school=None, **fields):
        return PupilFactory(school=school or world.school, date_of_birth=born_in_year(year, TODAY), **fields)

    def planned(starts_on: datetime.date, **fields):
        return {
            "status": PlacementStatus.PLANNED,
            "starts_on": starts_on,
            "planned_end_on": starts_on + 60 * DAY,
            **fields,
        }

    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider)
    suspended = ProviderProfileFactory().provider
    ApprovedListEntryFactory(local_authority=world.la, provider=suspended, status=ApprovalStatus.SUSPENDED)
    unregistered = ProviderProfileFactory(registration_status=RegistrationStatus.UNREGISTERED).provider
    ApprovedListEntryFactory(local_authority=world.la, provider=unregistered)
    expired = ProviderProfileFactory().provider
    ApprovedListEntryFactory(local_authority=world.la, provider=expired)
    EvidenceFactory(provider=expired, checked_for=world.la, expires_on=TODAY - DAY)
    not_listed = ProviderProfileFactory().provider

    placed(world)
    placed(world, baseline=False, pupil=pupil(2), hours="20.9")  # Year 2: 21 hours
    placed(world, pupil=pupil(2), hours="21")
    placed(world, pupil=pupil(3), hours="22.9")  # Year 3: the LA's 23 hours
    placed(world, pupil=pupil(6), hours="23")
    placed(world, pupil=pupil(7), hours="23.9")  # Year 7: 24 hours
    struggling = placed(world, pupil=pupil(10), hours="24")
    placed(world, pupil=pupil(11), hours="24.9")  # Year 11: 25 hours
    placed(world, pupil=pupil(11, year_group_override=10, year_group_reason="Taught out of year"), hours="24")
    placed(world, pupil=pupil(10), hours="24.5", **planned(next_september - DAY))
    placed(world, pupil=pupil(10), hours="24.5", **planned(next_september))
    shared = pupil(9)
    placed(world, pupil=shared, hours="12", school_hours="6")
    placed(world, pupil=shared, hours="6", plan_ends_by=TODAY + 20 * DAY)
    halves = pupil(9)
    placed(world, pupil=halves, hours="8", school_hours="4", plan_ends_by=TODAY - DAY)
    placed(world, pupil=halves, hours="8", school_hours="2")
    placed(world, hours="15", plan_ends_by=TODAY)
    placed(world, hours="15", plan_ends_by=TODAY + 14 * DAY)
    placed(world, hours="15", plan_ends_by=TODAY + 15 * DAY)
    # A placement past its planned end and not yet ended is not in the week it is judged on: short, however
    # many hours it had.
    placed(world, hours="25", starts_on=TODAY - 90 * DAY, planned_end_on=TODAY - DAY)
    directed = placed(world, provider=suspended, reason=PlacementReason.OFF_SITE_DIRECTION)
    placed(world, provider=unregistered, hours="20")
    placed(world, provider=expired, school=world.sibling_school)
    placed(world, provider=not_listed, school=world.sibling_school, baseline=False)
    placed(world, status=PlacementStatus.ENDED, ended_on=TODAY, end_reason="Moved away.", baseline=False)
    # Two reviews in a row found an objective not on track; a parent asked for a review that none answers.
    for number, held_on in ((1, TODAY - 50 * DAY), (2, TODAY - 8 * DAY)):
        held_review(struggling, number, held_on, not_on_track=True)
    ReviewRequestFactory(placement=directed, asked_on=TODAY - 2 * DAY)


@pytest.mark.parametrize("role", ["ap_lead", "trust_leader", "la_officer"])
def test_the_filter_by_each_flag_finds_exactly_the_rows_showing_it(world, every_flag, role):
    client = signed_in(world, role)
    rows = register_rows(client, "?status=all")
    assert len(rows) < 25  # one page holds them all
    current = [row for row in rows if row.status != PlacementStatus.ENDED]
    if role == "la_officer":
        assert {flag for row in current for flag in row.flags} == set(Flag)

    def found(flag):
        return {row.placement_id for row in register_rows(client, f"?flag={flag}")}

    for flag in Flag:
        assert found(flag) == {row.placement_id for row in current if flag in row.flags}, flag
    assert found("any") == {row.placement_id for row in current if row.flags}
    with unscoped("test"):
        ending = PartTimePlan.objects.filter(
            placement_id__in=[row.placement_id for row in current], ends_by__range=(TODAY, TODAY + 14 * DAY)
        )
        assert found("part_time_ending") == set(ending.values_list("placement_id", flat=True))
