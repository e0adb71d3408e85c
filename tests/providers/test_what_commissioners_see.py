"""What trusts and schools could not see on the provider pages: a trust's view of each of its schools'
LAs' approved-list status, the conditions that matter to placing shown to the LA's schools, and a school's
view of its LA's QA summary and open actions beside its own visit."""

import datetime

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from providers.models import ApprovalStatus, ApprovedListEntry
from providers.selectors.directory import provider_page
from providers.services import approval as services
from tests import factories
from tests.forms.browser_post import posted_form
from tests.providers.factories import ApprovedListEntryFactory, QAActionFactory, QAVisitFactory

S = ApprovalStatus
TODAY = timezone.localdate()
CAP = "No more than 6 Demoshire pupils at once."
PRIVATE = "DSL training to be renewed by the end of term."


def signed_in(world, role) -> Client:
    client = Client()
    client.force_login(world.user(role))
    return client


def directory_row(client, provider):
    rows = client.get(reverse("provider_list")).context["page"].object_list
    return next(row for row in rows if row.provider == provider)


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


def test_the_trusts_statuses_cost_the_same_queries_for_each_number_of_las(world, client):
    client.force_login(world.user("trust_leader"))
    url = reverse("provider_list")

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    one_la = queries()
    for _ in range(5):
        la = factories.LocalAuthorityFactory()
        factories.SchoolFactory(local_authority=la, trust=world.trust)
        ApprovedListEntryFactory(local_authority=la, provider=world.provider)
    assert queries() == one_la


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
        text = signed_in(world, role).get(reverse("provider_detail", args=[world.provider.pk]))
        assert CAP in text.content.decode()
        assert PRIVATE in text.content.decode()


def move(world, entry, to_status, **fields):
    membership = world.members["la_officer"]
    with acting_as(membership):
        services.change_status(entry=entry, to_status=to_status, reason="Panel.", by=membership, **fields)
    with unscoped("test"):
        return ApprovedListEntry.objects.get(pk=entry.pk)


def test_plain_approval_lifts_the_conditions_for_placing_too(world, with_conditions):
    assert move(world, with_conditions, S.APPROVED).placing_conditions == ""


def test_conditions_for_placing_are_kept_through_a_suspension_and_can_be_changed(world, with_conditions):
    suspended = move(world, with_conditions, S.SUSPENDED)
    assert suspended.placing_conditions == CAP

    back = move(world, suspended, S.APPROVED_WITH_CONDITIONS, placing_conditions="  At most 4 pupils. ")
    assert back.placing_conditions == "At most 4 pupils."


def test_a_new_entry_approved_with_conditions_keeps_its_conditions_for_placing(world):
    # Given with any other status they are refused: tests/providers/test_placing_conditions.py.
    membership = world.members["la_officer"]
    with acting_as(membership):
        kept = services.add_to_list(
            provider=world.provider,
            by=membership,
            reason="Panel.",
            status=S.APPROVED_WITH_CONDITIONS,
            conditions=PRIVATE,
            placing_conditions=CAP,
        )

    assert kept.placing_conditions == CAP


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

    text = signed_in(world, "school_staff").get(reverse("provider_detail", args=[world.provider.pk]))
    text = text.content.decode()

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
        page = provider_page(world.provider.pk, membership)

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
        assert provider_page(world.provider.pk, membership).la_visit == las


def test_the_latest_visit_summary_names_no_other_school(world, both_visits):
    QAVisitFactory(provider=world.provider, visiting_organisation=world.sibling_school, visited_on=TODAY)
    membership = world.members["ap_lead"]
    with acting_as(membership):
        page = provider_page(world.provider.pk, membership)
        text = render_to_string(
            "providers/quality/_open_actions.html",
            {"actions": page.open_actions, "membership": membership, "today": TODAY, "caption": "Open"},
        )

    assert "Hillside" not in text


def test_the_officer_sets_conditions_for_placing_when_approving_with_conditions(world):
    entry = ApprovedListEntryFactory(local_authority=world.la, provider=world.provider, status=S.APPLIED)
    client = signed_in(world, "la_officer")

    response = client.post(
        reverse("approval_status", args=[entry.pk]),
        {
            "to_status": S.APPROVED_WITH_CONDITIONS,
            "reason": "Panel.",
            "conditions": PRIVATE,
            "placing_conditions": CAP,
        },
    )

    assert response.status_code == 302
    with unscoped("test"):
        saved = ApprovedListEntry.objects.get(pk=entry.pk)
    assert (saved.conditions, saved.placing_conditions) == (PRIVATE, CAP)


def test_the_terms_page_changes_the_conditions_for_placing(world, with_conditions):
    client = signed_in(world, "la_officer")
    url = reverse("approval_edit", args=[with_conditions.pk])
    data = posted_form(client.get(url).content.decode())

    response = client.post(url, {**data, "placing_conditions": ["At most 4 pupils."]})

    assert response.status_code == 302
    with unscoped("test"):
        assert ApprovedListEntry.objects.get(pk=with_conditions.pk).placing_conditions == "At most 4 pupils."
