"""Recording pupils: the AP lead adds and changes a pupil, their contacts and attendance years; UPNs are
checked and unique within a school; the same values again change nothing and add no history; nobody
else writes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from pupils import services
from pupils.models import AttendanceYear, Contact, Pupil, Relationship, SENStatus, Sex
from tests.history import history
from tests.pupils.factories import AttendanceYearFactory, ContactFactory, PupilFactory, valid_upn

TEMPORARY_UPN = "X00180001701A"  # ScholarPack's published example


def act(membership, function, *args, **kwargs):
    with acting_as(membership):
        return function(*args, by=membership, **kwargs)


def details(**overrides) -> dict:
    values = {
        "legal_forename": "Amira",
        "legal_surname": "Khan",
        "date_of_birth": datetime.date(2012, 3, 14),
        "sex": Sex.FEMALE,
        "upn": valid_upn("938"),
    }
    return values | overrides


def events(label: str, record) -> int:
    return len(history(label, pgh_obj_id=record.pk))


@pytest.fixture
def ap_lead(world):
    return world.members["ap_lead"]


@pytest.fixture
def pupil(world):
    return PupilFactory(school=world.school, legal_forename="Amira", legal_surname="Khan")


def test_the_ap_lead_adds_a_pupil_to_their_school_keyed_to_its_la(world, ap_lead):
    added = act(ap_lead, services.add_pupil, **details(legal_forename="  Amira ", sen_status="sen_support"))

    assert (added.school, added.local_authority) == (world.school, world.la)
    assert added.legal_forename == "Amira"  # trimmed
    assert added.sen_status == SENStatus.SUPPORT
    assert not added.upn_is_temporary
    assert events("pupils.PupilEvent", added) == 1


def test_a_upn_is_stored_without_spaces_in_capitals(ap_lead):
    upn = valid_upn("938")
    added = act(ap_lead, services.add_pupil, **details(upn=f" {upn[:4].lower()} {upn[4:]} "))

    assert added.upn == upn


def test_a_temporary_upn_is_accepted_and_flagged(ap_lead):
    added = act(ap_lead, services.add_pupil, **details(upn=TEMPORARY_UPN))

    assert added.upn_is_temporary


def test_a_upn_with_a_wrong_check_letter_is_refused_saying_why(ap_lead):
    upn = valid_upn("938")
    wrong = ("A" if upn[0] != "A" else "B") + upn[1:]
    with pytest.raises(ValidationError) as refused:
        act(ap_lead, services.add_pupil, **details(upn=wrong))

    assert "check letter" in refused.value.message_dict["upn"][0]
    with acting_as(ap_lead):
        assert not Pupil.objects.visible_to(ap_lead).exists()


def test_a_upn_already_at_the_school_is_refused_naming_the_pupil_who_has_it(ap_lead, pupil):
    with pytest.raises(services.DuplicateUPN) as refused:
        act(ap_lead, services.add_pupil, **details(legal_forename="Other", upn=pupil.upn.lower()))

    assert refused.value.existing == pupil
    assert refused.value.message_dict["upn"] == [
        "Amira Khan (born 14 March 2012) already has this UPN at your school"
    ]
    with acting_as(ap_lead):
        assert Pupil.objects.visible_to(ap_lead).count() == 1


def test_the_same_upn_at_another_school_is_another_record(world, ap_lead):
    elsewhere = PupilFactory(school=world.sibling_school)

    added = act(ap_lead, services.add_pupil, **details(upn=elsewhere.upn))

    assert added.pk != elsewhere.pk
    assert added.upn == elsewhere.upn


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"uln": "9276308687"}, "uln"),
        ({"former_upn": "A12345678901"}, "former_upn"),
        ({"year_group_override": 9}, "year_group_reason"),
        ({"year_group_override": 15, "year_group_reason": "Taught a year behind"}, "year_group_override"),
        ({"date_of_birth": datetime.date(2099, 1, 1)}, "date_of_birth"),
        ({"home_local_authority_code": "93"}, "home_local_authority_code"),
        ({"home_local_authority_code": "000"}, "home_local_authority_code"),
        ({"home_local_authority_code": "\uff19\uff13\uff18"}, "home_local_authority_code"),
        ({"upn": "B80120000500\uff11"}, "upn"),
        ({"upn": "B8012000\u00b25001"}, "upn"),
        ({"former_upn": "B801200\u0661\u0661\u0661001"}, "former_upn"),
        ({"uln": "927630868\uff16"}, "uln"),
        ({"sen_detail": "x" * 5001}, "sen_detail"),
        ({"sex": "X"}, "sex"),
        ({"legal_surname": ""}, "legal_surname"),
    ],
)
def test_bad_values_are_refused_field_by_field_and_nothing_is_saved(ap_lead, overrides, field):
    with pytest.raises(ValidationError) as refused:
        act(ap_lead, services.add_pupil, **details(**overrides))

    assert field in refused.value.message_dict
    with acting_as(ap_lead):
        assert not Pupil.objects.visible_to(ap_lead).exists()


@pytest.mark.parametrize(
    ("years", "problem"),
    [
        (1, "Date of birth makes the pupil younger than 2: check the year"),
        (26, "Date of birth makes the pupil older than 25: check the year"),
        (40, "Date of birth makes the pupil older than 25: check the year"),
    ],
)
def test_a_date_of_birth_making_the_pupil_younger_than_2_or_older_than_25_is_refused(ap_lead, years, problem):
    today = timezone.localdate()
    born = datetime.date(today.year - years, today.month, min(today.day, 28)) - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        act(ap_lead, services.add_pupil, **details(date_of_birth=born))

    assert refused.value.message_dict == {"date_of_birth": [problem]}


def test_an_edit_cannot_move_a_date_of_birth_beyond_the_ages_of_pupils(ap_lead, pupil):
    with pytest.raises(ValidationError) as refused:
        act(ap_lead, services.update_pupil, pupil, changes={"date_of_birth": datetime.date(1990, 3, 14)})

    assert "older than 25" in refused.value.message_dict["date_of_birth"][0]


def test_the_home_la_code_of_an_english_la_or_an_la_the_service_knows_is_kept(world, ap_lead):
    registered = world.other_la.la_code  # a test LA's code, which no English LA has

    kept = [
        act(ap_lead, services.add_pupil, **details(home_local_authority_code=code)).home_local_authority_code
        for code in ("938", registered)
    ]

    assert kept == ["938", registered]


def test_a_valid_uln_and_a_year_group_with_its_reason_are_kept(ap_lead, pupil):
    added = act(
        ap_lead,
        services.add_pupil,
        **details(uln="9276308686", year_group_override=7, year_group_reason="Taught a year behind"),
    )

    assert added.uln == "9276308686"
    assert added.year_group_on(datetime.date(2026, 12, 1)) == 7


def test_an_unknown_field_is_a_programming_error(ap_lead):
    with pytest.raises(TypeError):
        act(ap_lead, services.add_pupil, **details(school_id=1))


@pytest.mark.parametrize("role", ["dsl", "school_leader", "school_staff", "trust_leader", "la_officer"])
def test_only_the_ap_lead_adds_or_changes_pupils(world, pupil, role):
    member = world.members[role]
    with pytest.raises(PermissionDenied):
        act(member, services.add_pupil, **details())
    with pytest.raises(PermissionDenied):
        act(member, services.update_pupil, pupil, changes={"legal_forename": "Changed"})
    with pytest.raises(PermissionDenied):
        act(member, services.add_contact, pupil, name="Sam Khan", relationship=Relationship.MOTHER)
    with pytest.raises(PermissionDenied):
        act(member, services.record_attendance_year, pupil, academic_year=2024, possible_sessions=300)


def test_an_ap_lead_does_not_change_another_schools_pupil(world, ap_lead):
    elsewhere = PupilFactory(school=world.sibling_school)
    with pytest.raises(PermissionDenied):
        act(ap_lead, services.update_pupil, elsewhere, changes={"legal_forename": "Changed"})
    with pytest.raises(PermissionDenied):
        act(ap_lead, services.add_contact, elsewhere, name="Sam", relationship=Relationship.MOTHER)


def test_a_change_is_written_with_history(ap_lead, pupil):
    before = events("pupils.PupilEvent", pupil)

    changed = act(
        ap_lead, services.update_pupil, pupil, changes={"preferred_forename": "Mira", "looked_after": True}
    )

    assert (changed.name, changed.looked_after) == ("Mira Khan", True)
    assert events("pupils.PupilEvent", pupil) == before + 1


def test_the_same_values_again_change_nothing(ap_lead, pupil):
    before = events("pupils.PupilEvent", pupil)
    updated_at = pupil.updated_at
    same = {name: getattr(pupil, name) for name in services.PUPIL_FIELDS}

    act(ap_lead, services.update_pupil, pupil, changes=same)
    act(
        ap_lead, services.update_pupil, pupil, changes={"legal_forename": " Amira ", "upn": pupil.upn.lower()}
    )

    assert events("pupils.PupilEvent", pupil) == before
    with unscoped("test"):
        assert Pupil.objects.get(pk=pupil.pk).updated_at == updated_at


def test_a_changed_upn_is_checked_and_flagged_again(world, ap_lead, pupil):
    other = PupilFactory(school=world.school)
    with pytest.raises(services.DuplicateUPN) as refused:
        act(ap_lead, services.update_pupil, pupil, changes={"upn": other.upn})
    assert refused.value.existing == other

    changed = act(ap_lead, services.update_pupil, pupil, changes={"upn": TEMPORARY_UPN})
    assert changed.upn_is_temporary
    with unscoped("test"):
        assert Pupil.objects.get(pk=pupil.pk).upn_is_temporary


def test_removing_the_year_group_override_clears_its_reason(ap_lead, pupil):
    act(
        ap_lead,
        services.update_pupil,
        pupil,
        changes={"year_group_override": 8, "year_group_reason": "Taught a year behind"},
    )
    cleared = act(
        ap_lead,
        services.update_pupil,
        pupil,
        changes={"year_group_override": None, "year_group_reason": "Taught a year behind"},
    )

    assert (cleared.year_group_override, cleared.year_group_reason) == (None, "")


def test_a_refused_change_leaves_the_record_as_it_was(ap_lead, pupil):
    with pytest.raises(ValidationError):
        act(ap_lead, services.update_pupil, pupil, changes={"legal_forename": "Mira", "uln": "123"})

    with unscoped("test"):
        assert Pupil.objects.get(pk=pupil.pk).legal_forename == "Amira"


def test_contacts_are_added_and_changed_with_history(ap_lead, pupil):
    contact = act(
        ap_lead,
        services.add_contact,
        pupil,
        name="Sara Khan",
        relationship=Relationship.MOTHER,
        parental_responsibility=True,
        telephone=" 07700  900 982 ",
    )
    assert contact.telephone == "07700 900 982"
    before = events("pupils.ContactEvent", contact)

    act(
        ap_lead, services.update_contact, contact, changes={"name": "Sara Khan", "telephone": "07700 900 982"}
    )
    assert events("pupils.ContactEvent", contact) == before  # unchanged

    changed = act(ap_lead, services.update_contact, contact, changes={"email": "sara@example.org"})
    assert changed.email == "sara@example.org"
    assert events("pupils.ContactEvent", contact) == before + 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"telephone": "call me"}, "telephone"),
        ({"email": "not an email"}, "email"),
        ({"relationship": "neighbour"}, "relationship"),
        ({"priority": 0}, "priority"),
        ({"name": ""}, "name"),
    ],
)
def test_a_contact_with_a_bad_value_is_refused(ap_lead, pupil, values, field):
    with pytest.raises(ValidationError) as refused:
        act(
            ap_lead, services.add_contact, pupil, **({"name": "Sara Khan", "relationship": "mother"} | values)
        )

    assert field in refused.value.message_dict
    with unscoped("test"):
        assert not Contact.objects.filter(pupil=pupil).exists()


def test_staff_do_not_change_a_contact(world, pupil):
    contact = ContactFactory(pupil=pupil)
    with pytest.raises(PermissionDenied):
        act(world.members["dsl"], services.update_contact, contact, changes={"name": "Someone else"})


def test_one_attendance_row_per_year_created_then_updated(ap_lead, pupil):
    numbers = {"possible_sessions": 380, "attended_sessions": 301, "authorised_absences": 40}
    first = act(ap_lead, services.record_attendance_year, pupil, academic_year=2024, **numbers)
    assert first.percentage == 79.2
    before = events("pupils.AttendanceYearEvent", first)

    act(ap_lead, services.record_attendance_year, pupil, academic_year=2024, **numbers)
    assert events("pupils.AttendanceYearEvent", first) == before  # unchanged

    again = act(
        ap_lead,
        services.record_attendance_year,
        pupil,
        academic_year=2024,
        **(numbers | {"unauthorised_absences": 39}),
    )
    assert again.pk == first.pk
    assert again.unauthorised_absences == 39
    assert events("pupils.AttendanceYearEvent", first) == before + 1
    with unscoped("test"):
        assert AttendanceYear.objects.filter(pupil=pupil).count() == 1


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"academic_year": 1990}, "academic_year"),
        ({"academic_year": 2090}, "academic_year"),
        ({"attended_sessions": 381}, "attended_sessions"),
        ({"authorised_absences": 100}, "attended_sessions"),
        ({"possible_sessions": 5000, "attended_sessions": 10}, "possible_sessions"),
        ({"attended_sessions": -1}, "attended_sessions"),
    ],
)
def test_attendance_that_cannot_be_is_refused(ap_lead, pupil, values, field):
    numbers = {"academic_year": 2024, "possible_sessions": 380, "attended_sessions": 301} | values
    with pytest.raises(ValidationError) as refused:
        act(ap_lead, services.record_attendance_year, pupil, **numbers)

    assert field in refused.value.message_dict
    with unscoped("test"):
        assert not AttendanceYear.objects.filter(pupil=pupil).exists()


def test_a_refused_attendance_change_keeps_the_year_as_it_was(ap_lead, pupil):
    row = AttendanceYearFactory(pupil=pupil, academic_year=2024)
    with pytest.raises(ValidationError):
        act(
            ap_lead,
            services.record_attendance_year,
            pupil,
            academic_year=2024,
            attended_sessions=row.possible_sessions + 1,
        )

    with unscoped("test"):
        assert AttendanceYear.objects.get(pk=row.pk).attended_sessions == row.attended_sessions


def test_a_primary_need_without_sen_provision_is_refused(ap_lead, pupil):
    with pytest.raises(ValidationError) as refused:
        act(ap_lead, services.add_pupil, **details(sen_status=SENStatus.NONE, primary_need="SEMH"))
    assert refused.value.message_dict == {
        "primary_need": ["Choose SEN support or EHC plan, or remove the primary need"]
    }

    with pytest.raises(ValidationError):
        act(ap_lead, services.update_pupil, pupil, changes={"primary_need": "SEMH"})  # no SEN yet
    act(ap_lead, services.update_pupil, pupil, changes={"sen_status": "sen_support", "primary_need": "SEMH"})
    with unscoped("test"):
        assert Pupil.objects.get(pk=pupil.pk).primary_need == "SEMH"


def test_a_former_upn_is_another_upn(ap_lead):
    upn = valid_upn("938")
    with pytest.raises(ValidationError) as refused:
        act(ap_lead, services.add_pupil, **details(upn=upn, former_upn=f" {upn.lower()}"))

    assert refused.value.message_dict == {
        "former_upn": ["The former UPN is the UPN: enter the pupil's previous UPN, or leave it empty"]
    }


def test_a_contact_needs_a_way_to_reach_them(ap_lead, pupil):
    with pytest.raises(ValidationError) as refused:
        act(ap_lead, services.add_contact, pupil, name="Sara Khan", relationship="mother", address="  ")
    assert refused.value.message_dict == {
        "telephone": [
            "Enter a telephone number, an email address or an address, so the contact can be reached"
        ]
    }

    for way in ({"email": "sara@example.org"}, {"address": "1 High Street, Demoton"}):
        act(ap_lead, services.add_contact, pupil, name="Sara Khan", relationship="mother", **way)
    with unscoped("test"):
        assert Contact.objects.filter(pupil=pupil).count() == 2


def test_every_problem_with_a_contact_is_said_at_once(ap_lead, pupil):
    with pytest.raises(ValidationError) as refused:
        act(
            ap_lead,
            services.add_contact,
            pupil,
            name="",
            relationship="neighbour",
            telephone="call me",
            email="not an email",
            priority=0,
        )

    assert set(refused.value.message_dict) == {"name", "relationship", "telephone", "email", "priority"}


def test_a_new_contact_is_offered_the_first_free_order_to_contact(ap_lead, pupil):
    assert act(ap_lead, services.next_priority, pupil) == 1
    ContactFactory(pupil=pupil, priority=1)
    ContactFactory(pupil=pupil, priority=3)
    assert act(ap_lead, services.next_priority, pupil) == 2
    ContactFactory(pupil=pupil, priority=2)
    assert act(ap_lead, services.next_priority, pupil) == 4
