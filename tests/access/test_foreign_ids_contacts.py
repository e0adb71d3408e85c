"""Foreign ids on the contact log's forms: another school's placement, an organisation that is not a
provider, and a placement at another provider than the one chosen are each a form error, and nothing is
written; another school's contact is not found. Each refusal has its positive case beside it, and ids
posted for fields a form does not have are ignored."""

from django.urls import reverse

from contacts.models import Contact
from tests.contacts.factories import ContactRecordFactory
from tests.dates import date_input
from tests.placements.plan_world import signed_in
from tests.safeguarding.world import TODAY, placed, table

NOT_OURS = "Select one of your school's placements, or none"


def a_visit(world, **overrides) -> dict:
    return {
        "kind": "visit",
        "provider": str(world.provider.pk),
        "placement": "",
        **date_input("on", TODAY),
        "with_whom": "The manager",
        "summary": "Saw the pupils.",
        **overrides,
    }


def test_another_schools_placement_is_not_a_choice(world):
    client = signed_in(world, "ap_lead")
    for theirs in (
        placed(world, school=world.sibling_school),
        placed(world, school=world.other_school, provider=world.other_provider),
    ):
        response = client.post(
            reverse("contacts:new"),
            a_visit(world, placement=str(theirs.pk), provider=str(theirs.provider_id)),
        )
        assert response.status_code == 200
        assert response.context["form"].errors["placement"] == [NOT_OURS]
    assert table(Contact) == []
    ours = placed(world)
    assert client.post(reverse("contacts:new"), a_visit(world, placement=str(ours.pk))).status_code == 302
    assert [contact.placement_id for contact in table(Contact)] == [ours.pk]


def test_an_organisation_that_is_not_a_provider_is_not_a_choice(world):
    client = signed_in(world, "dsl")
    for foreign in (world.school.pk, world.sibling_school.pk, world.la.pk, world.trust.pk, 999_999, "x"):
        response = client.post(reverse("contacts:new"), a_visit(world, provider=str(foreign)))
        assert response.context["form"].errors["provider"] == ["Select a provider from the list"], foreign
    assert table(Contact) == []


def test_the_placement_must_be_at_the_provider_chosen(world):
    ours_elsewhere = placed(world, provider=world.other_provider)
    response = signed_in(world, "ap_lead").post(
        reverse("contacts:new"), a_visit(world, placement=str(ours_elsewhere.pk))
    )
    assert response.context["form"].errors["placement"] == ["Select a placement at Demoshire PRU, or none"]
    assert table(Contact) == []


def test_another_schools_contact_is_not_found_and_left_alone(world):
    theirs = ContactRecordFactory(school=world.sibling_school, provider=world.provider)
    client = signed_in(world, "ap_lead")
    for name in ("contacts:edit", "contacts:entered_in_error"):
        assert client.get(reverse(name, args=[theirs.pk])).status_code == 404
    assert client.post(reverse("contacts:edit", args=[theirs.pk]), a_visit(world)).status_code == 404
    assert (
        client.post(
            reverse("contacts:entered_in_error", args=[theirs.pk]), {"reason": "Not ours."}
        ).status_code
        == 404
    )
    (kept,) = table(Contact)
    assert (kept.summary, kept.entered_in_error_at) == (theirs.summary, None)


def test_an_edit_to_another_schools_placement_is_refused(world):
    contact = ContactRecordFactory(school=world.school, provider=world.provider)
    theirs = placed(world, school=world.sibling_school)
    response = signed_in(world, "ap_lead").post(
        reverse("contacts:edit", args=[contact.pk]), a_visit(world, placement=str(theirs.pk))
    )
    assert response.context["form"].errors["placement"] == [NOT_OURS]
    (kept,) = table(Contact)
    assert kept.placement_id is None


def test_ids_posted_for_fields_the_form_does_not_have_are_ignored(world):
    elsewhere = placed(world, school=world.other_school, provider=world.other_provider)
    foreign = {
        "school": str(world.other_school.pk),
        "local_authority": str(world.other_la.pk),
        "pupil": str(elsewhere.pupil_id),
        "by": str(world.user("other_la_officer").pk),
    }
    response = signed_in(world, "ap_lead").post(reverse("contacts:new"), a_visit(world, **foreign))
    assert response.status_code == 302
    (contact,) = table(Contact)
    assert (contact.school_id, contact.local_authority_id, contact.pupil_id, contact.by) == (
        world.school.pk,
        world.la.pk,
        None,
        world.user("ap_lead"),
    )
