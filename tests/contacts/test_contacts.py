"""The school's contact log: its AP leads and DSLs log visits and contacts (and nobody else), each checked
whole; a change keeps history and an unchanged save writes nothing; nothing is deleted, and a contact
entered in error leaves "last visited"; who reads the log is the school, its trust and its LA, never a
provider; "last visited" is one query and says when in words."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import acting_as, unscoped
from contacts import selectors, services
from contacts.models import Contact
from tests.contacts.factories import ContactRecordFactory
from tests.dates import date_input
from tests.history import history
from tests.placements.plan_world import signed_in
from tests.providers.pages import queries_for
from tests.safeguarding.world import placed

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def act(membership, function, *args, **kwargs):
    with acting_as(membership):
        return function(*args, by=membership, **kwargs)


def values(world, **overrides) -> dict:
    return {
        "provider": world.provider,
        "kind": "visit",
        "on": TODAY - 2 * DAY,
        "with_whom": "Jo Khan, the manager",
        "summary": "Saw both pupils in lessons.",
        **overrides,
    }


def logged(world, role="ap_lead", **overrides) -> Contact:
    return act(world.members[role], services.log_contact, **values(world, **overrides))


def table() -> list[Contact]:
    with unscoped("test"):
        return list(Contact.objects.order_by("pk"))


# --- Logging ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["ap_lead", "dsl"])
def test_the_ap_lead_and_the_dsl_log_a_visit_about_a_placement(world, role):
    placement = placed(world)
    contact = logged(world, role, placement=placement)
    assert (contact.school_id, contact.local_authority_id, contact.provider_id) == (
        world.school.pk,
        world.la.pk,
        world.provider.pk,
    )
    assert (contact.placement_id, contact.pupil_id, contact.by) == (
        placement.pk,
        placement.pupil_id,
        world.user(role),
    )


@pytest.mark.parametrize(
    "role", ["school_leader", "school_staff", "trust_leader", "la_officer", "provider_manager"]
)
def test_nobody_else_logs_one(world, role):
    with pytest.raises(PermissionDenied):
        logged(world, role)
    assert table() == []


def test_a_contact_is_checked_whole(world):
    with pytest.raises(ValidationError) as refused:
        logged(world, provider=world.school, kind="gossip", on=TODAY + DAY, with_whom=" ", summary="")
    assert refused.value.message_dict == {
        "provider": ["Select a provider from the list"],
        "kind": ["Select the kind of contact"],
        "on": ["The date must be today or in the past"],
        "with_whom": ["Enter who it was with"],
        "summary": ["Enter a summary"],
    }
    assert table() == []


def test_another_schools_placement_is_refused_and_nothing_written(world):
    theirs = placed(world, school=world.sibling_school)
    elsewhere = placed(world, school=world.other_school, provider=world.other_provider)
    for placement in (theirs, elsewhere):
        with pytest.raises(ValidationError) as refused:
            logged(world, placement=placement)
        assert refused.value.message_dict == {
            "placement": ["Select one of your school's placements, or none"]
        }
    assert table() == []


def test_the_placement_must_be_at_the_provider_chosen(world):
    ours = placed(world, provider=world.other_provider)
    with pytest.raises(ValidationError) as refused:
        logged(world, placement=ours)
    assert refused.value.message_dict == {"placement": ["Select a placement at Demoshire PRU, or none"]}
    assert table() == []


# --- Changing, and entered in error -----------------------------------------------------------------


def test_a_change_keeps_what_it_said_and_an_unchanged_save_writes_nothing(world):
    contact = logged(world)
    lead = world.members["ap_lead"]
    act(lead, services.update_contact, contact, changes=values(world))
    assert len(history("contacts.ContactEvent", pgh_obj_id=contact.pk)) == 1
    act(lead, services.update_contact, contact, changes=values(world, summary="Saw one pupil; one was ill."))
    events = history("contacts.ContactEvent", pgh_obj_id=contact.pk)
    assert [event.summary for event in events] == [
        "Saw both pupils in lessons.",
        "Saw one pupil; one was ill.",
    ]


def test_an_old_contact_keeps_its_date_when_changed_and_only_a_new_date_is_bounded(world):
    """The bounds are for dates being set: a contact logged long ago can still be corrected."""
    long_ago = TODAY - 3 * 365 * DAY
    old = ContactRecordFactory(school=world.school, provider=world.provider, on=long_ago)
    lead = world.members["ap_lead"]
    saved = act(lead, services.update_contact, old, changes={"summary": "Saw one pupil; one was ill."})
    assert (saved.on, saved.summary) == (long_ago, "Saw one pupil; one was ill.")
    with pytest.raises(ValidationError) as refused:
        act(lead, services.update_contact, old, changes={"on": long_ago - DAY})
    assert refused.value.message_dict["on"][0].startswith("The date must be the same as or after")
    with pytest.raises(ValidationError) as refused:
        act(lead, services.update_contact, old, changes={"on": TODAY + DAY})
    assert refused.value.message_dict["on"] == ["The date must be today or in the past"]


def test_entered_in_error_is_marked_never_deleted_and_then_left_alone(world):
    contact = logged(world)
    with pytest.raises(ValidationError):
        act(world.members["dsl"], services.mark_entered_in_error, contact, reason=" ")
    act(
        world.members["dsl"],
        services.mark_entered_in_error,
        contact,
        reason="Logged against the wrong provider.",
    )
    (kept,) = table()
    assert kept.in_error
    assert (kept.error_reason, kept.entered_in_error_by) == (
        "Logged against the wrong provider.",
        world.user("dsl"),
    )
    with pytest.raises(PermissionDenied):
        act(world.members["ap_lead"], services.update_contact, contact, changes={"summary": "Again."})


@pytest.mark.parametrize("role", ["school_leader", "school_staff", "trust_leader", "la_officer"])
def test_those_who_read_the_log_do_not_change_it(world, role):
    contact = logged(world)
    with pytest.raises(PermissionDenied):
        act(world.members[role], services.update_contact, contact, changes={"summary": "Changed."})
    with pytest.raises(PermissionDenied):
        act(world.members[role], services.mark_entered_in_error, contact, reason="Why not.")


# --- Who reads it -----------------------------------------------------------------------------------------


def test_the_school_its_trust_and_its_la_read_the_log_and_never_a_provider(world):
    ours = ContactRecordFactory(school=world.school, provider=world.provider)
    sibling = ContactRecordFactory(school=world.sibling_school, provider=world.provider)
    other = ContactRecordFactory(school=world.other_school, provider=world.provider)
    expected = {
        "ap_lead": {ours.pk},
        "school_staff": {ours.pk},
        "dsl": {ours.pk},
        "other_school_leader": {sibling.pk},
        "trust_leader": {ours.pk},
        "la_officer": {ours.pk, sibling.pk},
        "la_viewer": {ours.pk, sibling.pk},
        "other_la_officer": {other.pk},
        "provider_manager": set(),
        "provider_staff": set(),
    }
    for role, pks in expected.items():
        membership = world.members[role]
        with acting_as(membership):
            assert set(Contact.objects.visible_to(membership).values_list("pk", flat=True)) == pks, role


# --- How long since the last visit --------------------------------------------------------------------------


def test_last_visited_says_when_in_words():
    visit = selectors.LastVisit
    assert str(visit(datetime.date(2026, 10, 12), datetime.date(2026, 11, 4))) == (
        "Last visited 23 days ago (12 October 2026)"
    )
    assert str(visit(datetime.date(2026, 11, 3), datetime.date(2026, 11, 4))) == (
        "Last visited yesterday (3 November 2026)"
    )
    assert str(visit(datetime.date(2026, 11, 4), datetime.date(2026, 11, 4))) == (
        "Last visited today (4 November 2026)"
    )
    assert str(visit(None, datetime.date(2026, 11, 4))) == "Not visited"


def test_last_visits_are_each_schools_latest_visit_not_other_contacts_nor_errors(
    world, django_assert_num_queries
):
    ContactRecordFactory(school=world.school, provider=world.provider, on=TODAY - 40 * DAY)
    ContactRecordFactory(school=world.school, provider=world.provider, on=TODAY - 23 * DAY)
    ContactRecordFactory(school=world.school, provider=world.provider, on=TODAY - DAY, kind="parent")
    ContactRecordFactory(
        school=world.school,
        provider=world.provider,
        on=TODAY,
        entered_in_error_at=timezone.now(),
        error_reason="Wrong provider.",
    )
    ContactRecordFactory(school=world.sibling_school, provider=world.provider, on=TODAY - 5 * DAY)
    ContactRecordFactory(school=world.school, provider=world.other_provider, on=TODAY - 9 * DAY)
    lead, officer = world.members["ap_lead"], world.members["la_officer"]
    providers = [world.provider.pk, world.other_provider.pk, world.la.pk]
    with acting_as(lead), django_assert_num_queries(1):
        visits = selectors.last_visits(providers, membership=lead, today=TODAY)
    assert visits.of(world.provider.pk, world.school.pk).days == 23
    assert visits.of(world.provider.pk).days == 23  # the sibling school's visit is not the school's to see
    assert visits.of(world.other_provider.pk).days == 9
    assert str(visits.of(world.la.pk)) == "Not visited"
    with acting_as(officer):
        visits = selectors.last_visits(providers, membership=officer, today=TODAY)
    assert visits.of(world.provider.pk).days == 5  # any school of its area
    assert visits.of(world.provider.pk).by == "Hillside Primary"  # and which
    assert visits.of(world.provider.pk, world.school.pk).days == 23


def test_the_placement_page_says_when_the_school_last_visited_to_its_commissioners_only(world):
    placement = placed(world)
    url = reverse("placements:detail", args=[placement.pk])
    assert "Not visited" in signed_in(world, "ap_lead").get(url).content.decode()
    ContactRecordFactory(school=world.school, provider=world.provider, on=TODAY - 23 * DAY)
    for role in ("ap_lead", "school_staff", "trust_leader", "la_viewer"):
        assert "Last visited 23 days ago" in signed_in(world, role).get(url).content.decode(), role
    page = signed_in(world, "provider_manager").get(url).content.decode()
    assert "visited" not in page


# --- The pages --------------------------------------------------------------------------------------------


def a_visit(world, **overrides) -> dict:
    return {
        "kind": "visit",
        "provider": str(world.provider.pk),
        "placement": "",
        **date_input("on", TODAY - DAY),
        "with_whom": "Jo Khan, the manager",
        "summary": "Both pupils in lessons.",
        **overrides,
    }


def test_the_ap_lead_logs_a_visit_through_the_page(world):
    placement = placed(world)
    client = signed_in(world, "ap_lead")
    form = client.get(reverse("contacts:new") + f"?placement={placement.pk}&provider={world.provider.pk}")
    assert form.context["form"]["placement"].value() == str(placement.pk)
    assert AccessEvent.objects.filter(action="contacts.form").exists()
    response = client.post(reverse("contacts:new"), a_visit(world, placement=str(placement.pk)))
    assert response.status_code == 302
    (contact,) = table()
    assert contact.pupil_id == placement.pupil_id


def test_an_old_contact_saved_unchanged_through_the_page_changes_nothing(world):
    long_ago = TODAY - 3 * 365 * DAY
    old = ContactRecordFactory(school=world.school, provider=world.provider, on=long_ago)
    client = signed_in(world, "ap_lead")
    response = client.post(
        reverse("contacts:edit", args=[old.pk]),
        {**a_visit(world), **date_input("on", long_ago), "summary": old.summary, "with_whom": old.with_whom},
    )
    assert response.status_code == 302
    assert len(history("contacts.ContactEvent", pgh_obj_id=old.pk)) == 1
    response = client.post(
        reverse("contacts:edit", args=[old.pk]), {**a_visit(world), **date_input("on", long_ago - DAY)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["on"][0].startswith("The date must be the same as or after")


def test_the_log_filters_by_provider_kind_and_dates_and_hides_errors_unless_asked(world):
    first = ContactRecordFactory(school=world.school, provider=world.provider, on=TODAY - 30 * DAY)
    parent = ContactRecordFactory(
        school=world.school, provider=world.provider, on=TODAY - 2 * DAY, kind="parent"
    )
    other = ContactRecordFactory(school=world.school, provider=world.other_provider, on=TODAY - DAY)
    wrong = ContactRecordFactory(
        school=world.school, provider=world.provider, entered_in_error_at=timezone.now(), error_reason="Oops."
    )
    client = signed_in(world, "school_staff")

    def listed(**query) -> list[int]:
        response = client.get(reverse("contacts:list"), query)
        return [contact.pk for contact in response.context["page"].object_list]

    assert set(listed()) == {first.pk, parent.pk, other.pk}
    assert set(listed(with_errors="on")) == {first.pk, parent.pk, other.pk, wrong.pk}
    assert set(listed(provider=world.provider.pk)) == {first.pk, parent.pk}
    assert listed(kind="parent") == [parent.pk]
    since = date_input("from_on", TODAY - 3 * DAY)
    assert set(listed(**since)) == {parent.pk, other.pk}
    assert listed(**date_input("to_on", TODAY - 3 * DAY)) == [first.pk]
    response = client.get(reverse("contacts:list"), {"provider": "999999"})
    assert response.context["form"].errors["provider"] == ["Choose a provider from the list"]


def test_the_log_costs_the_same_queries_with_2_or_40_contacts(world):
    placement = placed(world)
    for _ in range(2):
        ContactRecordFactory(placement=placement)
    client = signed_in(world, "trust_leader")
    few = queries_for(client, reverse("contacts:list"))
    for _ in range(38):
        ContactRecordFactory(placement=placement)
    assert queries_for(client, reverse("contacts:list")) == few


def test_the_register_says_when_each_rows_school_last_visited_its_provider(world):
    ours = placed(world)
    theirs = placed(world, school=world.sibling_school)
    ContactRecordFactory(school=world.school, provider=world.provider, on=TODAY - 23 * DAY)
    lead_page = signed_in(world, "ap_lead").get(reverse("register:list")).content.decode()
    assert "Last visited 23 days ago" in lead_page
    la_page = signed_in(world, "la_officer").get(reverse("register:list")).content.decode()
    assert la_page.count("Last visited 23 days ago") == 1  # the academy's row; not its sibling's
    assert la_page.count("Not visited") == 1
    assert (ours.provider_id, theirs.provider_id) == (world.provider.pk, world.provider.pk)
