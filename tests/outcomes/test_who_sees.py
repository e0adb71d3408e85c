"""Who reads what became of a placement, page by page, and what the list pages cost.

The commissioning school (every role), its trust and the LA of its area read the outcome, where the pupil
went and the check-ins; the provider that delivered the placement reads how far the objectives were met
and the kind of destination, never where the pupil went nor any check-in; another school, LA or provider
reads nothing (the scoping property test holds every model to this too)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from outcomes.models import CheckIn, Outcome
from outcomes.selectors import PER_PAGE
from tests import factories
from tests.outcomes.factories import CheckInFactory, OutcomeFactory
from tests.outcomes.world import ended, record
from tests.placements.factories import PlacementFactory
from tests.placements.plan_world import signed_in
from tests.providers.factories import ProviderProfileFactory
from tests.providers.pages import queries_for
from tests.reviews.test_pages import text_of

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
DETAIL = "Riverside Sixth Form College"


@pytest.fixture
def recorded(world):
    placement = ended(world, TODAY - 700 * DAY)
    record(world, placement, destination="further_education", destination_detail=DETAIL)
    return placement


@pytest.mark.parametrize(
    "role", ["ap_lead", "dsl", "school_leader", "school_staff", "trust_leader", "la_officer", "la_viewer"]
)
def test_the_commissioners_read_the_destination_and_the_check_ins(world, recorded, role):
    page = text_of(signed_in(world, role).get(reverse("placements:detail", args=[recorded.pk])))
    assert f"Further education: {DETAIL}" in page
    assert "Sustained destination" in page
    assert ("Change the outcome and destination" in page) == (role == "ap_lead")


@pytest.mark.parametrize("role", ["provider_manager", "provider_staff"])
def test_the_provider_reads_how_its_placement_ended_but_not_where_the_pupil_went(world, recorded, role):
    membership = world.members[role]
    response = signed_in(world, role).get(reverse("placements:detail", args=[recorded.pk]))
    page = text_of(response)
    assert "Outcome and destination" in page
    assert "Met" in page
    assert "Further education" in page
    assert DETAIL not in page
    assert "Sustained destination" not in page
    assert "Check-ins" not in page
    with acting_as(membership):
        assert Outcome.objects.visible_to(membership).filter(placement=recorded).exists()
        assert not CheckIn.objects.visible_to(membership).exists()


@pytest.mark.parametrize("role", ["other_school_leader", "other_la_officer", "other_provider_manager"])
def test_anyone_else_reads_nothing(world, recorded, role):
    membership = world.members[role]
    with acting_as(membership):
        assert not Outcome.objects.visible_to(membership).exists()
        assert not CheckIn.objects.visible_to(membership).exists()
    assert signed_in(world, role).get(reverse("placements:detail", args=[recorded.pk])).status_code == 404


def test_the_destinations_list_puts_what_is_to_record_first_and_is_the_schools_own(world):
    overdue = CheckInFactory(placement=ended(world, TODAY - 700 * DAY), due_on=TODAY - 30 * DAY)
    later = CheckInFactory(placement=ended(world, TODAY - 20 * DAY), due_on=TODAY + 90 * DAY)
    done = CheckInFactory(placement=ended(world, TODAY - 800 * DAY), due_on=TODAY - 60 * DAY, recorded=True)
    sibling = CheckInFactory(placement__pupil__school=world.sibling_school, due_on=TODAY - 40 * DAY)
    response = signed_in(world, "ap_lead").get(reverse("outcomes:destinations"))
    assert [c.pk for c in response.context["page"].object_list] == [overdue.pk, later.pk, done.pk]
    page = text_of(response)
    assert "Overdue" in page
    assert "Not due yet" in page
    assert page.count("Record the check-in") == 1  # only the one due: the other is not due yet
    assert "Change the check-in" in page
    trust = signed_in(world, "trust_leader").get(reverse("outcomes:destinations"))
    assert {c.pk for c in trust.context["page"].object_list} == {overdue.pk, later.pk, done.pk}
    other = signed_in(world, "other_school_leader").get(reverse("outcomes:destinations"))
    assert [c.pk for c in other.context["page"].object_list] == [sibling.pk]
    assert "Record the check-in" not in text_of(other)


def test_the_destinations_list_puts_the_newest_recorded_first_after_those_due(world):
    now = timezone.now()
    due_later = CheckInFactory(placement=ended(world, TODAY - 300 * DAY), due_on=TODAY - 10 * DAY)
    due_first = CheckInFactory(placement=ended(world, TODAY - 400 * DAY), due_on=TODAY - 20 * DAY)
    # Recorded in the opposite order to the one they fell due in: the one recorded last leads.
    recorded_long_ago = CheckInFactory(
        placement=ended(world, TODAY - 900 * DAY),
        due_on=TODAY - 200 * DAY,
        recorded=True,
        recorded_at=now - 150 * DAY,
    )
    recorded_lately = CheckInFactory(
        placement=ended(world, TODAY - 800 * DAY),
        due_on=TODAY - 100 * DAY,
        recorded=True,
        recorded_at=now - 5 * DAY,
    )
    recorded_first_due = CheckInFactory(
        placement=ended(world, TODAY - 1000 * DAY),
        due_on=TODAY - 300 * DAY,
        recorded=True,
        recorded_at=now - 50 * DAY,
    )
    response = signed_in(world, "ap_lead").get(reverse("outcomes:destinations"))
    assert [c.pk for c in response.context["page"].object_list] == [
        due_first.pk,
        due_later.pk,
        recorded_lately.pk,
        recorded_first_due.pk,
        recorded_long_ago.pk,
    ]


def test_a_trusts_destinations_name_each_school_and_a_schools_do_not(world):
    check_in = CheckInFactory(placement=ended(world, TODAY - 700 * DAY), due_on=TODAY - 30 * DAY)
    column = '<th scope="col" class="govuk-table__header">School</th>'
    trust = signed_in(world, "trust_leader").get(reverse("outcomes:destinations"))
    school = signed_in(world, "ap_lead").get(reverse("outcomes:destinations"))
    assert "Your schools stay accountable" in text_of(trust)
    assert column in trust.content.decode()
    assert "Your school stays accountable" in text_of(school)
    assert column not in school.content.decode()
    assert str(check_in) == f"Sustained destination due {check_in.due_on.day} {check_in.due_on:%B %Y}"


def test_the_destinations_list_says_so_when_there_is_nothing_and_pages_the_rest(world):
    empty = text_of(signed_in(world, "school_staff").get(reverse("outcomes:destinations")))
    assert "No check-ins yet" in empty
    for n in range(PER_PAGE + 1):
        CheckInFactory(placement=ended(world, TODAY - (30 + n) * DAY), due_on=TODAY + n * DAY)
    client = signed_in(world, "school_staff")
    first = client.get(reverse("outcomes:destinations"))
    assert len(first.context["page"].object_list) == PER_PAGE
    second = client.get(reverse("outcomes:destinations"), {"page": 2})
    assert len(second.context["page"].object_list) == 1


def test_the_destinations_list_costs_the_same_for_one_check_in_or_many(world):
    client = signed_in(world, "ap_lead")
    url = reverse("outcomes:destinations")
    CheckInFactory(placement=ended(world, TODAY - 700 * DAY), due_on=TODAY - DAY)
    one = queries_for(client, url)
    for n in range(6):
        placement = ended(world, TODAY - (100 + n) * DAY)
        OutcomeFactory(placement=placement)
        CheckInFactory(placement=placement, due_on=TODAY - n * DAY, recorded=n % 2 == 1)
    assert queries_for(client, url) == one


def test_the_la_counts_its_areas_destinations_by_provider_in_one_grouped_query(world):
    client = signed_in(world, "la_officer")
    url = reverse("outcomes:area")
    assert "No destinations recorded yet" in text_of(client.get(url))
    OutcomeFactory(placement=ended(world, TODAY - 10 * DAY), destination="reintegrated")
    one = queries_for(client, url)
    second = factories.ProviderFactory(name="Forge Vocational Training", local_authority=world.la)
    ProviderProfileFactory(provider=second, added_by=world.la)
    for destination in ("reintegrated", "employment", "neet"):
        OutcomeFactory(placement=ended(world, TODAY - 20 * DAY, provider=second), destination=destination)
    OutcomeFactory(
        placement=PlacementFactory(pupil__school=world.other_school, provider=world.other_provider),
        destination="employment",
    )
    response = client.get(url)
    assert queries_for(client, url) == one
    summary = response.context["summary"]
    assert [(row.name, row.total) for row in summary.rows] == [
        ("Demoshire PRU", 1),
        ("Forge Vocational Training", 3),
    ]
    assert summary.total == 4
    assert summary.rows[1].counts == {"reintegrated": 1, "employment": 1, "neet": 1}
    other = signed_in(world, "other_la_officer").get(url).context["summary"]
    assert [(row.name, row.total) for row in other.rows] == [("Otherton College", 1)]
