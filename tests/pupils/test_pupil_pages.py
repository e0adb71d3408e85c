"""The pupil pages as a school uses them: the list searched and filtered, a pupil's record with its
sensitive part only for those shown it, adding and editing with clear errors, contacts and attendance
years, who has viewed a record, and an access event for every page that shows a pupil."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apcommission.audit.models import AccessEvent
from apcommission.tenancy.scoping import unscoped
from pupils import urls as pupil_urls
from pupils.identifiers import academic_year_start
from pupils.models import AttendanceYear, Contact, Pupil
from pupils.selectors import born_into
from referrals.models import ReferralStatus
from tests.dates import date_input
from tests.factories import AccessEventFactory
from tests.forms.browser_post import posted_form
from tests.history import history
from tests.placements.factories import PlacementFactory
from tests.providers.pages import queries_for, signed_in
from tests.pupils.factories import AttendanceYearFactory, ContactFactory, PupilFactory, valid_upn
from tests.referrals.factories import ReferralFactory

TODAY = timezone.localdate()


def born_in_year(year_group: int) -> datetime.date:
    """A date of birth that puts a child in `year_group` today."""
    return born_into(year_group, on=TODAY)[0] + datetime.timedelta(days=40)


def listed(client, query: str = "") -> list[str]:
    response = client.get(reverse("pupils:list") + query)
    assert response.status_code == 200
    return [pupil.legal_surname for pupil in response.context["page"].object_list]


def events(action: str) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(action=action).order_by("pk"))


@pytest.fixture
def pupil(world):
    return PupilFactory(
        school=world.school,
        legal_forename="Amira",
        legal_surname="Khan",
        date_of_birth=born_in_year(9),
        sen_status="sen_support",
        sen_detail="Dyslexia; text on cream paper.",
        health_needs="Asthma: inhaler in bag.",
    )


# --- The list ------------------------------------------------------------------------------------------


def test_the_list_shows_the_schools_pupils_and_no_other_schools(world, pupil):
    PupilFactory(school=world.sibling_school, legal_surname="Elsewhere")

    assert listed(signed_in(world, "ap_lead")) == ["Khan"]
    assert listed(signed_in(world, "other_school_leader")) == ["Elsewhere"]
    assert listed(signed_in(world, "trust_leader")) == ["Khan"]  # the sibling school is not in the trust


def test_the_referred_tag_is_shown_for_a_sent_referral_not_for_a_placement_or_a_draft(world, pupil):
    placed = PupilFactory(
        school=world.school, legal_surname="Placed", known_to_local_authority_since=timezone.now()
    )
    PlacementFactory(pupil=placed, provider=world.provider)
    drafted = PupilFactory(school=world.school, legal_surname="Drafted")
    ReferralFactory(pupil=drafted)
    ReferralFactory(pupil=pupil, status=ReferralStatus.SENT, sent_at=timezone.now())

    response = signed_in(world, "ap_lead").get(reverse("pupils:list"))

    tagged = {p.legal_surname: p.has_referral for p in response.context["page"].object_list}
    assert tagged == {"Drafted": False, "Khan": True, "Placed": False}
    assert response.content.decode().count(">Referred</strong>") == 1


def test_search_by_name_or_upn_and_filter_by_year_sen_and_referral(world, pupil):
    other = PupilFactory(
        school=world.school,
        legal_forename="Ben",
        legal_surname="Jones",
        preferred_forename="Benny",
        date_of_birth=born_in_year(7),
        known_to_local_authority_since=timezone.now(),
    )
    taught_down = PupilFactory(
        school=world.school,
        legal_surname="Lee",
        date_of_birth=born_in_year(8),
        year_group_override=7,
        year_group_reason="Repeating a year after illness",
    )
    client = signed_in(world, "ap_lead")

    assert listed(client, "?q=amira+kha") == ["Khan"]
    assert listed(client, "?q=benny") == ["Jones"]
    assert listed(client, f"?q={other.upn.lower()}") == ["Jones"]
    assert listed(client, "?year=7") == ["Jones", "Lee"]
    assert listed(client, "?year=8") == []
    assert listed(client, "?year=9&year=7") == ["Jones", "Khan", "Lee"]
    assert listed(client, "?sen=sen_support") == ["Khan"]
    assert listed(client, "?referred=referred") == ["Jones"]
    assert listed(client, "?referred=not_referred") == ["Khan", "Lee"]
    assert taught_down.year_group_on(TODAY) == 7


def test_search_by_name_as_the_list_writes_it_by_part_of_a_upn_and_by_a_upn_with_spaces(world, pupil):
    other = PupilFactory(school=world.school, legal_forename="Ben", legal_surname="Jones")
    client = signed_in(world, "ap_lead")
    upn = pupil.upn

    assert listed(client, "?q=Khan%2C+Amira") == ["Khan"]  # "Khan, Amira", as the list shows her
    assert listed(client, "?q=khan,amira") == ["Khan"]
    assert listed(client, "?q=Jones%2C+Amira") == []
    assert listed(client, f"?q={upn[7:].lower()}") == ["Khan"]  # the end of it
    spaced = f"{upn[:4]} {upn[4:8]} {upn[8:]}".lower().replace(" ", "+")
    assert listed(client, f"?q={spaced}") == ["Khan"]
    assert listed(client, f"?q={other.upn[:5]}+{other.upn[5:]}") == ["Jones"]


def test_staff_neither_see_nor_filter_by_sen(world, pupil):
    PupilFactory(school=world.school, legal_surname="Other")
    client = signed_in(world, "school_staff")

    response = client.get(reverse("pupils:list") + "?sen=sen_support")

    assert "SEN</th>" not in response.content.decode()
    assert "sen" not in response.context["form"].fields
    assert [p.legal_surname for p in response.context["page"].object_list] == ["Khan", "Other"]


def test_a_search_that_cannot_be_used_is_shown_with_its_error(world, pupil):
    response = signed_in(world, "ap_lead").get(reverse("pupils:list") + "?q=" + "x" * 201 + "&year=99")

    assert response.context["form"].errors.keys() == {"q", "year"}
    assert "There is a problem" in response.content.decode()
    assert [p.legal_surname for p in response.context["page"].object_list] == ["Khan"]


def test_the_empty_list_says_what_to_do(world):
    text = signed_in(world, "ap_lead").get(reverse("pupils:list")).content.decode()
    assert "There are no pupils yet" in text
    assert 'href="/pupils/new/"' in text

    text = signed_in(world, "school_staff").get(reverse("pupils:list")).content.decode()
    assert "Your school's AP lead adds pupils" in text
    assert 'href="/pupils/new/"' not in text


def test_no_match_offers_to_clear_the_search(world, pupil):
    text = signed_in(world, "ap_lead").get(reverse("pupils:list") + "?q=nobody").content.decode()
    assert "No pupils match your search and filters" in text


def test_the_list_is_paginated(world):
    for number in range(55):
        PupilFactory(school=world.school, legal_surname=f"Pupil {number:02d}")
    client = signed_in(world, "ap_lead")

    assert len(listed(client)) == 50
    assert listed(client, "?page=2") == [f"Pupil {number}" for number in range(50, 55)]


# The count and the page of pupils (with their schools), and the access event.
LIST_QUERIES = 3


@pytest.mark.parametrize("role", ["ap_lead", "school_staff", "trust_leader"])
def test_the_list_costs_the_same_queries_for_10_pupils_as_for_200(world, role):
    client = signed_in(world, role)
    PupilFactory.create_batch(10, school=world.school)
    with_ten = queries_for(client, reverse("pupils:list") + "?year=9&q=a")
    ten = queries_for(client, reverse("pupils:list"))
    PupilFactory.create_batch(190, school=world.school, known_to_local_authority_since=timezone.now())
    two_hundred = queries_for(client, reverse("pupils:list"))

    assert (ten, two_hundred) == (LIST_QUERIES, LIST_QUERIES)
    assert with_ten <= LIST_QUERIES


def test_the_list_writes_an_access_event_naming_the_pupils_shown(world, pupil):
    another = PupilFactory(school=world.school)
    signed_in(world, "ap_lead").get(reverse("pupils:list"))

    [event] = events("pupil.list")
    assert sorted(event.pupil_ids) == sorted([pupil.pk, another.pk])
    assert (event.user, event.organisation, event.role) == (world.user("ap_lead"), world.school, "ap_lead")


def test_the_ap_lead_is_offered_the_import(world):
    text = signed_in(world, "ap_lead").get(reverse("pupils:list")).content.decode()
    assert reverse("pupil_import:upload") in text
    assert "Import from a CTF" in text
    staff = signed_in(world, "school_staff").get(reverse("pupils:list")).content.decode()
    assert "Import from a CTF" not in staff


# --- The record ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["ap_lead", "dsl", "school_leader"])
def test_the_schools_ap_lead_dsl_and_leader_see_the_sensitive_part_and_contacts(world, pupil, role):
    ContactFactory(pupil=pupil, name="Sara Khan", telephone="07700 900 982")
    AttendanceYearFactory(pupil=pupil, academic_year=2024)

    text = signed_in(world, role).get(reverse("pupils:detail", args=[pupil.pk])).content.decode()

    for shown in ("Dyslexia; text on cream paper.", "Asthma: inhaler in bag.", "Sara Khan", "07700 900 982"):
        assert shown in text
    assert "2024/25" in text
    assert "79.2%" in text


@pytest.mark.parametrize("role", ["school_staff", "trust_leader"])
def test_staff_and_the_trust_see_no_sensitive_field(world, pupil, role):
    ContactFactory(pupil=pupil, name="Sara Khan")

    response = signed_in(world, role).get(reverse("pupils:detail", args=[pupil.pk]))

    text = response.content.decode()
    assert response.status_code == 200
    assert pupil.upn in text
    for hidden in ("Dyslexia", "Asthma", "Sara Khan", "SEN support", "Looked after"):
        assert hidden not in text


def test_the_la_finds_a_pupil_once_known_and_only_its_officers_see_the_sensitive_part(world, pupil):
    url = reverse("pupils:detail", args=[pupil.pk])
    assert signed_in(world, "la_officer").get(url).status_code == 404
    with unscoped("test"):
        Pupil.objects.filter(pk=pupil.pk).update(known_to_local_authority_since=timezone.now())

    assert "Dyslexia" in signed_in(world, "la_officer").get(url).content.decode()
    viewer = signed_in(world, "la_viewer").get(url)
    assert viewer.status_code == 200
    assert "Dyslexia" not in viewer.content.decode()
    assert signed_in(world, "other_la_officer").get(url).status_code == 404
    assert signed_in(world, "provider_manager").get(url).status_code == 404


def test_the_year_group_shows_an_override_with_its_reason(world, pupil):
    with unscoped("test"):
        Pupil.objects.filter(pk=pupil.pk).update(
            year_group_override=8, year_group_reason="Arrived from abroad"
        )

    text = signed_in(world, "school_staff").get(reverse("pupils:detail", args=[pupil.pk])).content.decode()

    assert "Year 8" in text
    assert "their age puts them in Year 9" in text
    assert "Arrived from abroad" in text


def test_every_view_of_a_record_writes_an_access_event(world, pupil):
    client = signed_in(world, "school_staff")
    client.get(reverse("pupils:detail", args=[pupil.pk]))
    client.get(reverse("pupils:detail", args=[pupil.pk]))

    assert [event.pupil_ids for event in events("pupil.view")] == [[pupil.pk], [pupil.pk]]


def test_a_pupil_not_seen_writes_no_access_event(world, pupil):
    signed_in(world, "other_school_leader").get(reverse("pupils:detail", args=[pupil.pk]))
    assert events("pupil.view") == []


@pytest.mark.parametrize(
    ("name", "action", "role"),
    [
        ("pupils:edit", "pupil.edit", "ap_lead"),
        ("pupils:attendance", "pupil.attendance", "ap_lead"),
        ("pupils:contact_add", "pupil.contact", "ap_lead"),
        ("pupils:viewers", "pupil.viewers", "dsl"),
    ],
)
def test_each_page_about_a_pupil_writes_an_access_event(world, pupil, name, action, role):
    assert signed_in(world, role).get(reverse(name, args=[pupil.pk])).status_code == 200
    assert [event.pupil_ids for event in events(action)] == [[pupil.pk]]


def test_a_contacts_page_writes_an_access_event(world, pupil):
    contact = ContactFactory(pupil=pupil)
    signed_in(world, "ap_lead").get(reverse("pupils:contact_edit", args=[contact.pk]))
    assert [event.pupil_ids for event in events("pupil.contact")] == [[pupil.pk]]


# --- Adding and editing ----------------------------------------------------------------------------------


def new_pupil(**overrides) -> dict:
    return {
        "legal_forename": "Jordan",
        "legal_surname": "Price",
        **date_input("date_of_birth", datetime.date(2012, 5, 2)),
        "sex": "M",
        "upn": valid_upn("938"),
        "sen_status": "none",
        "social_care": "none",
    } | overrides


def test_the_ap_lead_adds_a_pupil_and_lands_on_the_record(world):
    upn = valid_upn("938")
    spaced = f"{upn[:4]} {upn[4:8]} {upn[8:]}".lower()
    response = signed_in(world, "ap_lead").post(
        reverse("pupils:add"), new_pupil(upn=spaced, looked_after="on")
    )

    with unscoped("test"):
        added = Pupil.objects.get(upn=upn)
    assert response.status_code == 302
    assert response["Location"] == reverse("pupils:detail", args=[added.pk])
    assert (added.school, added.looked_after, added.year_group_override) == (world.school, True, None)


def test_a_duplicate_upn_is_refused_with_a_link_to_the_pupil_who_has_it(world, pupil):
    response = signed_in(world, "ap_lead").post(reverse("pupils:add"), new_pupil(upn=pupil.upn))

    text = response.content.decode()
    assert response.status_code == 200
    assert "Amira Khan (born" in text
    assert f'href="{reverse("pupils:detail", args=[pupil.pk])}"' in text
    with unscoped("test"):
        assert Pupil.objects.count() == 1
    assert [event.pupil_ids for event in events("pupil.duplicate")] == [[pupil.pk]]


def test_a_wrong_check_letter_and_a_missing_reason_are_refused_saying_why(world):
    upn = valid_upn("938")
    wrong = ("B" if upn[0] == "A" else "A") + upn[1:]
    response = signed_in(world, "ap_lead").post(
        reverse("pupils:add"), new_pupil(upn=wrong, year_group_override="6", legal_surname="")
    )

    errors = response.context["form"].errors
    assert "check letter" in errors["upn"][0]
    assert errors["year_group_reason"] == ["Enter why the year group differs from the pupil's age"]
    assert errors["legal_surname"] == ["Enter the pupil's last name"]
    assert "There is a problem" in response.content.decode()
    with unscoped("test"):
        assert not Pupil.objects.exists()


@pytest.mark.parametrize("digit", ["\uff19", "\u00b2", "\u0661"])
def test_a_upn_former_upn_uln_or_la_code_with_digits_not_0_to_9_is_refused_in_words(world, digit):
    upn = valid_upn("938")
    response = signed_in(world, "ap_lead").post(
        reverse("pupils:add"),
        new_pupil(
            upn=upn[:5] + digit + upn[6:],
            former_upn=upn[:12] + digit,
            uln="927630868" + digit,
            home_local_authority_code="93" + digit,
        ),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["upn"] == ["Characters 2 to 12 of a UPN are all digits, 0 to 9"]
    assert "A UPN ends with a digit" in errors["former_upn"][0]
    assert "There is a problem" in response.content.decode()
    with unscoped("test"):
        assert not Pupil.objects.exists()


def test_an_la_code_no_la_has_is_refused_in_words(world):
    response = signed_in(world, "ap_lead").post(
        reverse("pupils:add"), new_pupil(home_local_authority_code="000")
    )

    assert response.context["form"].errors["home_local_authority_code"] == [
        "No local authority in England has the code 000: check the home LA code, or leave it empty"
    ]


def test_a_date_of_birth_beyond_the_ages_of_pupils_is_refused_in_words(world):
    born = datetime.date(TODAY.year - 28, 5, 2)
    response = signed_in(world, "ap_lead").post(
        reverse("pupils:add"), new_pupil(**date_input("date_of_birth", born))
    )

    assert response.context["form"].errors["date_of_birth"] == [
        "Date of birth makes the pupil older than 25: check the year"
    ]
    with unscoped("test"):
        assert not Pupil.objects.exists()


def test_a_pupil_beyond_school_age_is_never_shown_as_year_18(world):
    PupilFactory(school=world.school, date_of_birth=datetime.date(TODAY.year - 22, 3, 14))
    client = signed_in(world, "ap_lead")

    text = client.get(reverse("pupils:list")).content.decode()

    assert "Beyond Year 13" in text
    assert "Year 18" not in text


def test_every_mistake_on_the_pupil_form_is_shown_at_once(world):
    upn = valid_upn("938")
    response = signed_in(world, "ap_lead").post(
        reverse("pupils:add"),
        new_pupil(
            upn=upn,
            former_upn=upn,
            uln="123",
            sen_status="none",
            primary_need="SEMH",
            home_local_authority_code="000",
            legal_surname="",
        ),
    )

    errors = response.context["form"].errors
    assert set(errors) == {"former_upn", "uln", "primary_need", "home_local_authority_code", "legal_surname"}
    assert errors["primary_need"] == ["Choose SEN support or EHC plan, or remove the primary need"]


def test_a_temporary_upn_is_accepted_and_shown_as_temporary(world):
    client = signed_in(world, "ap_lead")
    client.post(reverse("pupils:add"), new_pupil(upn="X00180001701A"))

    with unscoped("test"):
        added = Pupil.objects.get()
    assert added.upn_is_temporary
    assert "Temporary UPN" in client.get(reverse("pupils:detail", args=[added.pk])).content.decode()


def save_unchanged(client, url) -> None:
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, posted_form(page.content.decode()))
    assert response.status_code == 302, response.content.decode()


def test_a_record_saved_unchanged_changes_nothing(world, pupil):
    with unscoped("test"):
        Pupil.objects.filter(pk=pupil.pk).update(
            year_group_override=8,
            year_group_reason="Arrived from abroad",
            sen_detail="Dyslexia.\nText on cream paper.",
            primary_need="SPLD",
            uln="9276308686",
        )
        before = Pupil.objects.filter(pk=pupil.pk).values().get()
    events_before = len(history("pupils.PupilEvent", pgh_obj_id=pupil.pk))

    save_unchanged(signed_in(world, "ap_lead"), reverse("pupils:edit", args=[pupil.pk]))

    with unscoped("test"):
        assert Pupil.objects.filter(pk=pupil.pk).values().get() == before
    assert len(history("pupils.PupilEvent", pgh_obj_id=pupil.pk)) == events_before


def test_a_contact_saved_unchanged_changes_nothing(world, pupil):
    contact = ContactFactory(pupil=pupil, address="1 High Street\nDemoton\nDM1 1AA", email="sara@example.org")
    with unscoped("test"):
        before = Contact.objects.filter(pk=contact.pk).values().get()

    save_unchanged(signed_in(world, "ap_lead"), reverse("pupils:contact_edit", args=[contact.pk]))

    with unscoped("test"):
        assert Contact.objects.filter(pk=contact.pk).values().get() == before
    assert len(history("pupils.ContactEvent", pgh_obj_id=contact.pk)) == 1


def test_an_edit_is_saved_with_history(world, pupil):
    client = signed_in(world, "ap_lead")
    url = reverse("pupils:edit", args=[pupil.pk])
    data = dict(posted_form(client.get(url).content.decode()))
    data["preferred_forename"] = "Mira"

    assert client.post(url, data).status_code == 302

    with unscoped("test"):
        assert Pupil.objects.get(pk=pupil.pk).name == "Mira Khan"
    assert len(history("pupils.PupilEvent", pgh_obj_id=pupil.pk)) == 2


def test_contacts_are_added_and_attendance_years_recorded_then_replaced(world, pupil):
    client = signed_in(world, "ap_lead")
    client.post(
        reverse("pupils:contact_add", args=[pupil.pk]),
        {
            "name": "Sara Khan",
            "relationship": "mother",
            "parental_responsibility": "on",
            "telephone": "07700 900 982",
            "priority": "1",
        },
    )
    year = academic_year_start(TODAY) - 1
    numbers = {"possible_sessions": "380", "attended_sessions": "300", "authorised_absences": "50"}
    client.post(reverse("pupils:attendance", args=[pupil.pk]), {"academic_year": str(year), **numbers})
    client.post(
        reverse("pupils:attendance", args=[pupil.pk]),
        {"academic_year": str(year), **numbers, "attended_sessions": "310"},
    )

    with unscoped("test"):
        [contact] = Contact.objects.filter(pupil=pupil)
        [row] = AttendanceYear.objects.filter(pupil=pupil)
    assert (contact.name, contact.parental_responsibility) == ("Sara Khan", True)
    assert (row.academic_year, row.attended_sessions, row.unauthorised_absences) == (year, 310, 0)


def test_a_new_contact_gets_the_next_order_and_every_mistake_is_shown_at_once(world, pupil):
    ContactFactory(pupil=pupil, priority=1)
    client = signed_in(world, "ap_lead")
    url = reverse("pupils:contact_add", args=[pupil.pk])

    assert 'name="priority" value="2"' in client.get(url).content.decode()
    response = client.post(url, {"name": "", "relationship": "mother", "email": "kim@", "priority": "2"})

    errors = response.context["form"].errors
    assert errors == {
        "name": ["Enter the contact's full name"],
        "email": ["Enter an email address in the correct format, like name@example.org"],
        "telephone": [
            "Enter a telephone number, an email address or an address, so the contact can be reached"
        ],
    }


def test_attendance_that_falls_short_of_the_sessions_possible_is_saved_with_the_ctfs_warning(world, pupil):
    client = signed_in(world, "ap_lead")
    year = academic_year_start(TODAY) - 1
    numbers = {"possible_sessions": "380", "attended_sessions": "300", "authorised_absences": "50"}

    response = client.post(
        reverse("pupils:attendance", args=[pupil.pk]), {"academic_year": str(year), **numbers}
    )

    page = client.get(response.url)
    says = (
        f"The attendance for {year}/{(year + 1) % 100:02d} does not add up: 300 attended, 50 authorised "
        "and 0 unauthorised absences, but 380 sessions possible."
    )
    assert [str(m) for m in page.context["messages"]] == [
        f"The attendance for {year}/{(year + 1) % 100:02d} has been saved.",
        says,
    ]
    assert page.content.decode().count(says) == 2  # the banner, and beside the table for as long as it is so
    AttendanceYearFactory(pupil=pupil, academic_year=year - 1)  # 301 + 40 + 39 = 380: adds up
    assert "does not add up" not in client.get(response.url).content.decode().replace(says, "")


def test_impossible_attendance_is_refused_and_nothing_saved(world, pupil):
    response = signed_in(world, "ap_lead").post(
        reverse("pupils:attendance", args=[pupil.pk]),
        {
            "academic_year": str(academic_year_start(TODAY)),
            "possible_sessions": "100",
            "attended_sessions": "90",
            "authorised_absences": "20",
        },
    )

    assert "no more than the sessions possible" in response.content.decode()
    with unscoped("test"):
        assert not AttendanceYear.objects.exists()


# --- Who has viewed a record -------------------------------------------------------------------------------


def test_leaders_and_dsls_see_who_viewed_a_record_newest_first(world, pupil):
    signed_in(world, "school_staff").get(reverse("pupils:detail", args=[pupil.pk]))
    AccessEventFactory(
        user=world.user("la_officer"), organisation=world.la, role="la_officer", pupil_ids=[pupil.pk]
    )
    AccessEventFactory(pupil_ids=[pupil.pk + 1000])  # another pupil's

    response = signed_in(world, "school_leader").get(reverse("pupils:viewers", args=[pupil.pk]))

    shown = list(response.context["page"].object_list)
    # This view first: it is recorded as it is shown.
    assert [event.user for event in shown] == [
        world.user("school_leader"),
        world.user("la_officer"),
        world.user("school_staff"),
    ]
    text = response.content.decode()
    assert "Demoshire Council" in text
    assert "School staff (read only)" in text
    assert "Opened the pupil&#x27;s record" in text


def test_who_viewed_is_paginated_25_a_page(world, pupil):
    for _ in range(55):
        AccessEventFactory(pupil_ids=[pupil.pk])
    url = reverse("pupils:viewers", args=[pupil.pk])
    client = signed_in(world, "dsl")
    assert len(client.get(url + "?page=2").context["page"].object_list) == 25
    assert len(client.get(url + "?page=3").context["page"].object_list) == 7  # 55 and these two views


def test_no_page_deletes_a_pupil_or_a_contact(world, pupil):
    contact = ContactFactory(pupil=pupil)
    client = signed_in(world, "ap_lead")
    for url in (reverse("pupils:detail", args=[pupil.pk]), reverse("pupils:contact_edit", args=[contact.pk])):
        assert client.delete(url).status_code == 405
    assert not [p.name for p in pupil_urls.urlpatterns if "delete" in p.name or "remove" in p.name]


# The pupil, the access event, the count and the page of events with their people and organisations.
VIEWERS_QUERIES = 4


def test_who_viewed_costs_the_same_queries_for_10_views_as_for_200(world, pupil):
    client = signed_in(world, "school_leader")
    url = reverse("pupils:viewers", args=[pupil.pk])
    AccessEventFactory.create_batch(10, pupil_ids=[pupil.pk])
    ten = queries_for(client, url)
    AccessEventFactory.create_batch(190, pupil_ids=[pupil.pk])

    assert (ten, queries_for(client, url)) == (VIEWERS_QUERIES, VIEWERS_QUERIES)


def test_a_refused_edit_keeps_the_record_and_its_title_as_stored(world, pupil):
    client = signed_in(world, "ap_lead")
    url = reverse("pupils:edit", args=[pupil.pk])
    data = dict(posted_form(client.get(url).content.decode())) | {"preferred_forename": "Mira", "uln": "123"}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Edit the record of Amira Khan" in response.content.decode()
    with unscoped("test"):
        assert Pupil.objects.get(pk=pupil.pk).preferred_forename == ""
