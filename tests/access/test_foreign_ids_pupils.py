"""Foreign ids on the pupil forms (SECURITY.md promise 2): the pupil or contact in the URL is looked up
through the acting membership, so another school's is not found (404) and no row changes; ids a form must
not take at all (the school, the LA, the pupil a contact or attendance year belongs to, when it became
known to the LA) are ignored when posted: the row belongs to the acting school and the URL's pupil.

Each refusal has a positive case beside it, so that a refusal is a refusal and not a broken form. Rows are
re-read inside `unscoped("test")`, so what we compare is the database, not what the scope shows."""

import datetime

import pytest
from django.urls import reverse

from apcommission.tenancy.scoping import unscoped
from pupils.models import AttendanceYear, Contact, Pupil
from tests.bound_client import BoundClient
from tests.dates import date_input
from tests.pupils.factories import ContactFactory, PupilFactory, valid_upn


def signed_in(user) -> BoundClient:
    client = BoundClient()
    client.force_login(user)
    return client


def table(model) -> list[dict]:
    with unscoped("test"):
        return list(model.objects.order_by("pk").values())


def a_pupil(**extra) -> dict:
    return {
        "legal_forename": "Jordan",
        "legal_surname": "Price",
        **date_input("date_of_birth", datetime.date(2012, 5, 2)),
        "sex": "M",
        "upn": valid_upn("938"),
        "sen_status": "none",
        "social_care": "none",
        **extra,
    }


A_CONTACT = {"name": "Kim Price", "relationship": "mother", "telephone": "07700 900 982", "priority": "1"}
A_YEAR = {"academic_year": "2024", "possible_sessions": "380", "attended_sessions": "300"}


@pytest.fixture
def ours(world):
    return PupilFactory(school=world.school)


@pytest.fixture
def theirs(world):
    """A pupil of another school of the same LA, with a contact."""
    pupil = PupilFactory(school=world.sibling_school)
    ContactFactory(pupil=pupil)
    return pupil


def test_a_new_pupil_is_the_acting_schools_whatever_school_or_la_is_posted(world):
    posted = a_pupil(
        school=world.sibling_school.pk,
        local_authority=world.other_la.pk,
        known_to_local_authority_since="2026-01-01",
    )
    response = signed_in(world.user("ap_lead")).post(reverse("pupils:add"), posted)

    assert response.status_code == 302
    with unscoped("test"):
        added = Pupil.objects.get(upn=posted["upn"])
    assert (added.school, added.local_authority) == (world.school, world.la)
    assert added.known_to_local_authority_since is None


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("pupils:edit", a_pupil()),
        ("pupils:contact_add", A_CONTACT),
        ("pupils:attendance", A_YEAR),
    ],
)
def test_another_schools_pupil_in_the_url_is_not_found_and_nothing_changes(world, ours, theirs, name, data):
    before = [table(model) for model in (Pupil, Contact, AttendanceYear)]
    client = signed_in(world.user("ap_lead"))

    assert client.post(reverse(name, args=[theirs.pk]), data).status_code == 404
    assert client.get(reverse(name, args=[theirs.pk])).status_code == 404

    assert [table(model) for model in (Pupil, Contact, AttendanceYear)] == before
    assert client.post(reverse(name, args=[ours.pk]), data).status_code == 302  # the form works


def test_another_schools_contact_in_the_url_is_not_found(world, ours, theirs):
    with unscoped("test"):
        their_contact = Contact.objects.get(pupil=theirs)
    before = table(Contact)
    client = signed_in(world.user("ap_lead"))

    assert client.post(reverse("pupils:contact_edit", args=[their_contact.pk]), A_CONTACT).status_code == 404
    assert table(Contact) == before
    own = ContactFactory(pupil=ours)
    assert client.post(reverse("pupils:contact_edit", args=[own.pk]), A_CONTACT).status_code == 302


def test_a_contact_and_a_year_belong_to_the_urls_pupil_whatever_pupil_is_posted(world, ours, theirs):
    client = signed_in(world.user("ap_lead"))
    client.post(reverse("pupils:contact_add", args=[ours.pk]), A_CONTACT | {"pupil": theirs.pk})
    client.post(reverse("pupils:attendance", args=[ours.pk]), A_YEAR | {"pupil": theirs.pk})

    with unscoped("test"):
        assert list(Contact.objects.filter(name="Kim Price").values_list("pupil_id", flat=True)) == [ours.pk]
        assert list(AttendanceYear.objects.values_list("pupil_id", flat=True)) == [ours.pk]


def test_a_contact_cannot_be_moved_to_another_pupil(world, ours):
    mine = ContactFactory(pupil=ours)
    other = PupilFactory(school=world.school)
    client = signed_in(world.user("ap_lead"))

    client.post(reverse("pupils:contact_edit", args=[mine.pk]), A_CONTACT | {"pupil": other.pk})

    with unscoped("test"):
        assert Contact.objects.get(pk=mine.pk).pupil_id == ours.pk


def test_an_edit_keeps_the_pupils_school_and_la_whatever_is_posted(world, ours):
    client = signed_in(world.user("ap_lead"))
    posted = a_pupil(upn=ours.upn, school=world.sibling_school.pk, local_authority=world.other_la.pk)

    assert client.post(reverse("pupils:edit", args=[ours.pk]), posted).status_code == 302

    with unscoped("test"):
        pupil = Pupil.objects.get(pk=ours.pk)
    assert (pupil.school, pupil.local_authority, pupil.legal_surname) == (world.school, world.la, "Price")
