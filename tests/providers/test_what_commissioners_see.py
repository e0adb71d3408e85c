"""What trusts and schools could not see on the provider pages: a trust's view of each of its schools'
LAs' approved-list status, the conditions that matter to placing shown to the LA's schools, and a school's
view of its LA's QA summary and open actions beside its own visit."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as
from providers.models import ApprovalStatus
from providers.selectors.directory import provider_page
from tests import factories
from tests.providers.factories import ApprovedListEntryFactory, QAActionFactory, QAVisitFactory
from tests.providers.pages import directory_row, provider_page_text, queries_for, signed_in

S = ApprovalStatus
TODAY = timezone.localdate()
CAP = "No more than 6 Demoshire pupils at once."
PRIVATE = "DSL training to be renewed by the end of term."


# --- A trust sees each of its schools' LAs' status -------------------------------------------------------


@pytest.fixture
def trust_across_two_las(world):
    """The trust's Demoshire Academy, and a second school of the trust in Otherton."""
    factories.SchoolFactory(name="Otherton Trust School", local_authority=world.other_la, trust=world.trust)
    ApprovedListEntryFactory(local_authority=world.la, provider=world.provider, status=S.SUSPENDED)
    return world


def test_a_trust_sees_each_of_its_schools_las_status_in_the_directory(trust_across_two_las):
    world = trust_across_two_las
    row = directory_row(signed_in(world, "trust_leader"), world.provider)

    statuses = [(s.local_authority_name, s.entry.status if s.entry else None) for s in row.statuses]

    assert statuses == [("Demoshire Council", S.SUSPENDED), ("Otherton Council", None)]


def test_a_suspended_provider_does_not_look_approved_to_a_trust(trust_across_two_las):
    world = trust_across_two_las
    client = signed_in(world, "trust_leader")

    listing = client.get(reverse("provider_list")).content.decode()
    page = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    for text in (listing, page):
        assert "Demoshire Council:" in text
        assert "Suspended" in text
        assert "Do not place pupils while it is suspended." in text
        assert "Otherton Council:" in text
        assert "Not on its list" in text


def test_a_trust_never_sees_an_la_its_schools_are_not_in(world):
    third = factories.LocalAuthorityFactory(name="Thirdshire Council")
    ApprovedListEntryFactory(local_authority=third, provider=world.provider)

    row = directory_row(signed_in(world, "trust_leader"), world.provider)

    assert [s.local_authority_name for s in row.statuses] == ["Demoshire Council"]


def test_the_trusts_statuses_cost_the_same_queries_for_each_number_of_las(world):
    client = signed_in(world, "trust_leader")
    url = reverse("provider_list")

    one_la = queries_for(client, url)
    for _ in range(5):
        la = factories.LocalAuthorityFactory()
        factories.SchoolFactory(local_authority=la, trust=world.trust)
        ApprovedListEntryFactory(local_authority=la, provider=world.provider)
    assert queries_for(client, url) == one_la


# --- Conditions that matter to placing --------------------------------------------------------------------


@pytest.fixture
def with_conditions(world):
    return ApprovedListEntryFactory(
        local_authority=world.la,
        provider=world.provider,
        status=S.APPROVED_WITH_CONDITIONS,
        conditions=PRIVATE,
        placing_conditions=CAP,
    )


@pytest.mark.parametrize("role", ["ap_lead", "school_staff", "other_school_leader", "trust_leader"])
def test_the_las_schools_see_the_conditions_for_placing_but_not_the_others(world, with_conditions, role):
    client = signed_in(world, role)

    for url in (reverse("provider_list"), reverse("provider_detail", args=[world.provider.pk])):
        text = client.get(url).content.decode()
        assert CAP in text, url
        assert PRIVATE not in text, url


def test_another_las_school_sees_neither(world, with_conditions):
    otherton = factories.member(world.other_school, "school_leader")
    client = Client()
    client.force_login(otherton.user)

    text = client.get(reverse("provider_detail", args=[world.provider.pk])).content.decode()

    assert CAP not in text
    assert PRIVATE not in text


def test_the_la_and_the_provider_see_both(world, with_conditions):
    for role in ("la_officer", "provider_manager"):
        text = provider_page_text(world, role)
        assert CAP in text
        assert PRIVATE in text


# --- A school's own visit never hides its LA's summary and open actions ------------------------------


@pytest.fixture
def both_visits(world):
    las = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.la,
        summary="LA: safe, attendance followed up the same morning.",
        visited_on=TODAY - datetime.timedelta(days=60),
    )
    QAActionFactory(visit=las, description="LA's action: update the fire risk assessment.")
    QAActionFactory(visit=las, description="LA's own: ring the head.", owned_by_provider=False)
    QAActionFactory(visit=las, description="LA's closed one.", closed_at=timezone.now())
    own = QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.school,
        summary="School: our pupils are settled.",
        visited_on=TODAY - datetime.timedelta(days=2),
    )
    QAActionFactory(visit=own, description="School's action: send the timetable.")
    return las, own


def test_a_school_that_visited_still_sees_its_las_summary_and_open_actions(world, both_visits):
    las, _own = both_visits

    text = provider_page_text(world, "school_staff")

    assert "Your LA's latest QA visit" in text
    assert "LA: safe, attendance followed up the same morning." in text
    assert "School: our pupils are settled." in text
    assert "LA&#x27;s action: update the fire risk assessment." in text
    assert "School&#x27;s action: send the timetable." in text
    assert "ring the head" not in text
    assert "closed one" not in text
    assert reverse("visit_detail", args=[las.pk]) not in text  # still the summary only


def test_the_school_page_has_both_latest_visits(world, both_visits):
    las, own = both_visits
    membership = world.members["ap_lead"]
    with acting_as(membership):
        page = provider_page(world.provider.pk, membership=membership)

    assert (page.la_visit, page.own_visit) == (las, own)


def test_a_later_la_visit_entered_in_error_leaves_the_earlier_one_as_the_las_latest(world, both_visits):
    las, _own = both_visits
    QAVisitFactory(
        provider=world.provider,
        visiting_organisation=world.la,
        visited_on=TODAY,
        entered_in_error_at=timezone.now(),
        entered_in_error_by=world.user("la_officer"),
        entered_in_error_reason="Wrong provider.",
    )
    membership = world.members["ap_lead"]
    with acting_as(membership):
        assert provider_page(world.provider.pk, membership=membership).la_visit == las


def test_the_latest_visit_summary_names_no_other_school(world, both_visits):
    QAVisitFactory(provider=world.provider, visiting_organisation=world.sibling_school, visited_on=TODAY)
    membership = world.members["ap_lead"]
    with acting_as(membership):
        page = provider_page(world.provider.pk, membership=membership)
        text = render_to_string(
            "providers/quality/_open_actions.html",
            {"actions": page.open_actions, "membership": membership, "today": TODAY, "caption": "Open"},
        )

    assert "Hillside" not in text
