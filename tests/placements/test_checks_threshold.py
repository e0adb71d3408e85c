"""The registration threshold (s463 Education Act 1996), counted across every commissioner at its
boundaries: more than 18 hours a week (17.9 and 18 are not, 18.1 is); 5 pupils full time (4 is one
short); 1 with an EHC plan or looked after. The count is one query however many providers, and a school
is warned with counts only, never another school's pupils."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from placements import checks
from placements.models import PlacementStatus
from providers.models import ProviderType, RegistrationStatus
from pupils.models import SENStatus
from tests import factories
from tests.placements.factories import PlacementFactory
from tests.providers.factories import ProviderProfileFactory
from tests.pupils.factories import PupilFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def unregistered(name="Forge Vocational Training", status=RegistrationStatus.UNREGISTERED):
    provider = factories.ProviderFactory(name=name)
    ProviderProfileFactory(
        provider=provider, registration_status=status, provider_type=ProviderType.OTHER_UNREGISTERED
    )
    return provider


def place(provider, hours, *, school=None, pupil=None, **values):
    pupil = pupil or PupilFactory(school=school or factories.SchoolFactory())
    return PlacementFactory(pupil=pupil, provider=provider, hours_per_week=Decimal(str(hours)), **values)


def counts(provider):
    return checks.threshold_counts().get(provider.pk, checks.NO_PUPILS)


@pytest.mark.parametrize(("hours", "full_time"), [("17.9", 0), ("18", 0), ("18.1", 1)])
def test_more_than_18_hours_a_week_is_full_time(hours, full_time):
    provider = unregistered()
    place(provider, hours)
    assert counts(provider).full_time == full_time


@pytest.mark.parametrize(
    ("pupils", "expected"),
    [(3, (3, False, False)), (4, (4, False, True)), (5, (5, True, False)), (6, (6, True, False))],
)
def test_five_pupils_full_time_reach_the_threshold_and_four_are_one_short(pupils, expected):
    provider = unregistered()
    for _ in range(pupils):
        place(provider, 20)
    place(provider, 18)  # not full time: never counted
    found = counts(provider)
    assert (found.full_time, found.at, found.near) == expected


@pytest.mark.parametrize(
    "pupil_values", [{"sen_status": SENStatus.EHC_PLAN}, {"looked_after": True}], ids=["ehc", "looked_after"]
)
def test_one_pupil_with_an_ehc_plan_or_looked_after_reaches_it(pupil_values):
    provider = unregistered()
    pupil = PupilFactory(**pupil_values)
    place(provider, "18.5", pupil=pupil)
    assert counts(provider) == checks.Threshold(full_time=1, protected=1, at=True, near=False)


def test_a_protected_pupil_taught_18_hours_or_fewer_does_not_count():
    provider = unregistered()
    place(provider, 18, pupil=PupilFactory(sen_status=SENStatus.EHC_PLAN, looked_after=True))
    assert counts(provider) == checks.NO_PUPILS


def test_a_pupils_hours_at_one_provider_add_up_and_count_once():
    provider, other = unregistered(), unregistered("Greenfield Farm Project")
    pupil = PupilFactory()
    place(provider, 10, pupil=pupil)
    place(provider, 10, pupil=pupil)  # 20 hours at one provider: one pupil full time
    twice = PupilFactory()
    place(provider, 19, pupil=twice)
    place(provider, 19, pupil=twice)
    split = PupilFactory()
    place(provider, 10, pupil=split)
    place(other, 10, pupil=split)  # 10 and 10 at two providers: full time at neither
    assert counts(provider).full_time == 2
    assert counts(other) == checks.NO_PUPILS


def test_every_commissioner_counts_in_every_area():
    provider = unregistered()
    elsewhere = factories.LocalAuthorityFactory()
    for school in (
        factories.SchoolFactory(),
        factories.SchoolFactory(),
        factories.SchoolFactory(local_authority=elsewhere),
    ):
        place(provider, 20, school=school)
    assert counts(provider).full_time == 3


def test_only_unregistered_providers_and_current_placements_count():
    registered = factories.ProviderFactory()
    ProviderProfileFactory(provider=registered, registration_status=RegistrationStatus.REGISTERED)
    applied = unregistered("Applied Ltd", status=RegistrationStatus.APPLIED)
    no_profile = factories.ProviderFactory()
    for provider in (registered, applied, no_profile):
        place(provider, 25)
    provider = unregistered()
    place(provider, 25, status=PlacementStatus.ENDED, ended_on=TODAY, end_reason="Reintegrated")
    place(provider, 25, starts_on=TODAY + datetime.timedelta(days=1))  # not started
    place(
        provider,
        25,
        starts_on=TODAY - datetime.timedelta(days=90),
        planned_end_on=TODAY - datetime.timedelta(days=1),
    )
    place(provider, 25, status=PlacementStatus.PLANNED, starts_on=TODAY)

    found = checks.threshold_counts()
    assert set(found) == {applied.pk, provider.pk}
    assert found[provider.pk].full_time == 1


@pytest.mark.parametrize("providers", [3, 30])
def test_the_count_over_every_provider_is_one_query(providers):
    for number in range(providers):
        provider = unregistered(f"Provider {number}")
        for _ in range(number % 6):
            place(provider, 20)
    with CaptureQueriesContext(connection) as captured:
        found = checks.threshold_counts()
    assert len(captured) == 1
    assert sum(1 for counted in found.values() if counted.at) == providers // 6


# --- The warning a school is given ----------------------------------------------------------------


@pytest.fixture
def forge(world):
    """An unregistered provider teaching 4 pupils full time from other schools and another LA."""
    provider = unregistered()
    for school in (world.sibling_school, world.sibling_school, world.other_school, world.other_school):
        place(provider, 22, school=school)
    return provider


def warning_for(world, placement_or_values, role="ap_lead"):
    membership = world.members[role]
    with acting_as(membership):
        return checks.threshold_warning(placement_or_values, membership=membership)


def test_the_fifth_full_time_pupil_is_warned_of_with_counts_only(world, forge):
    pupil = PupilFactory(school=world.school, legal_forename="Amira")
    values = {"pupil": pupil, "provider": forge, "hours_per_week": Decimal("18.5"), "starts_on": TODAY}

    warning = warning_for(world, values)

    assert warning.startswith(
        "Forge Vocational Training is not registered as a school. With this placement it would teach "
        "5 pupils full time (more than 18 hours a week), counting every school and LA"
    )
    for hidden in ("Amira", "Hillside", "Otherton", world.sibling_school.name):
        assert hidden not in warning


@pytest.mark.parametrize("hours", ["17.9", "18"])
def test_a_placement_of_18_hours_or_fewer_adds_no_full_time_pupil(world, forge, hours):
    values = {
        "pupil": PupilFactory(school=world.school),
        "provider": forge,
        "hours_per_week": Decimal(hours),
        "starts_on": TODAY,
    }
    assert warning_for(world, values) is None


def test_one_pupil_with_an_ehc_plan_is_warned_of_at_once(world):
    provider = unregistered()
    pupil = PupilFactory(school=world.school, sen_status=SENStatus.EHC_PLAN)
    placement = place(provider, "18.1", pupil=pupil, status=PlacementStatus.PLANNED)

    warning = warning_for(world, placement)

    assert (
        "it would teach 1 pupil full time (more than 18 hours a week), 1 of them with an EHC plan" in warning
    )


def test_a_changed_placement_is_counted_once_with_its_new_hours(world, forge):
    pupil = PupilFactory(school=world.school)
    placement = place(forge, 10, pupil=pupil)
    assert warning_for(world, placement) is None

    placement.hours_per_week = Decimal("20")  # changed on the form, not yet saved
    assert "would teach 5 pupils full time" in warning_for(world, placement)


def test_the_pupils_other_placement_there_adds_to_its_hours(world, forge):
    pupil = PupilFactory(school=world.school)
    place(forge, 10, pupil=pupil)
    values = {"pupil": pupil, "provider": forge, "hours_per_week": Decimal("9"), "starts_on": TODAY}
    assert "would teach 5 pupils full time" in warning_for(world, values)


def test_a_provider_past_it_already_is_warned_of_even_for_a_short_placement(world, forge):
    place(forge, 25, school=world.other_school)
    values = {
        "pupil": PupilFactory(school=world.school),
        "provider": forge,
        "hours_per_week": Decimal("6"),
        "starts_on": TODAY,
    }
    assert "It already teaches 5 pupils full time" in warning_for(world, values)


def test_a_registered_provider_is_never_warned_of(world):
    for _ in range(6):
        place(world.provider, 25)  # the world's provider is a registered FE provider
    values = {
        "pupil": PupilFactory(school=world.school),
        "provider": world.provider,
        "hours_per_week": Decimal("25"),
        "starts_on": TODAY,
    }
    assert warning_for(world, values) is None


def test_the_count_is_taken_on_the_day_the_placement_starts(world, forge):
    later = TODAY + datetime.timedelta(days=100)  # after the four others' planned end
    values = {
        "pupil": PupilFactory(school=world.school),
        "provider": forge,
        "hours_per_week": Decimal("25"),
        "starts_on": later,
    }
    assert warning_for(world, values) is None


@pytest.mark.parametrize(
    ("role", "warned"),
    [
        ("ap_lead", True),
        ("dsl", True),
        ("school_leader", True),
        ("la_officer", True),
        ("school_staff", False),
        ("trust_leader", False),
        ("la_viewer", False),
    ],
)
def test_the_placements_warnings_give_the_threshold_only_to_roles_shown_the_pupils_sensitive_details(
    world, role, warned
):
    """One looked-after pupil full time reaches the threshold on its own, so the warning itself says the
    pupil is looked after: only the roles shown that on the pupil's record read it."""
    pupil = PupilFactory(
        school=world.school, looked_after=True, known_to_local_authority_since=timezone.now()
    )
    placement = place(unregistered(), "20", pupil=pupil)
    membership = world.members[role]
    with acting_as(membership):
        warnings = checks.placement_warnings(placement, membership=membership)
    assert any("looked after" in warning for warning in warnings) is warned
