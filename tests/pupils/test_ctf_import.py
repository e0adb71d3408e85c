"""Importing pupils from a Common Transfer File: keeping the upload, what the preview says each pupil would
become, and the import itself (added, updated with history, never duplicated, the same file twice changing
nothing), on the invented files beside tests/pupils/test_ctf.py and a generated 300-pupil file."""

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from apcommission.tenancy.scoping import acting_as, unscoped
from pupils.ctf import CTFRefused
from pupils.import_uploads import CTFUpload, discard_old_uploads, discard_upload, keep_upload, read_upload
from pupils.importing import ADD, UNCHANGED, UPDATE, import_pupils, plan_import
from pupils.models import AttendanceYear, Contact, PrimaryNeed, Pupil, Relationship, SENStatus
from pupils.tasks import discard_old_ctf_uploads
from tests.history import history
from tests.pupils.ctf_builder import generated_ctf
from tests.pupils.factories import ContactFactory, PupilFactory

FILES = Path(__file__).parent / "ctf_files"


@pytest.fixture
def ap_lead(world):
    return world.members["ap_lead"]


def keep(membership, name: str | None = None, *, data: bytes | None = None) -> CTFUpload:
    data = (FILES / name).read_bytes() if name else data
    with acting_as(membership):
        kept, _ = keep_upload(by=membership, upload=SimpleUploadedFile(name or "ctf.xml", data))
    return kept


def plan(membership, upload):
    with acting_as(membership):
        return plan_import(read_upload(upload), membership=membership)


def run_import(membership, upload, positions=None):
    with acting_as(membership):
        if positions is None:
            chosen = plan_import(read_upload(upload), membership=membership)
            positions = [each.position for each in chosen.pupils if each.importable]
        return import_pupils(upload, by=membership, positions=positions)


def pupils_of(school) -> list[Pupil]:
    with unscoped("a test reads what was written"):
        return list(Pupil.objects.filter(school=school).order_by("upn"))


def counts() -> dict:
    with unscoped("a test counts rows"):
        return {model.__name__: model.objects.count() for model in (Pupil, Contact, AttendanceYear)}


# --- Keeping the upload --------------------------------------------------------------------------------


def test_an_upload_is_kept_for_the_ap_leads_school(world, ap_lead):
    upload = keep(ap_lead, "full_ctf25.xml")
    assert upload.school == world.school
    assert upload.waiting
    assert bytes(upload.data) == (FILES / "full_ctf25.xml").read_bytes()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("billion_laughs.xml", "document type declaration"),
        ("external_entity.xml", "document type declaration"),
        ("dtd.xml", "document type declaration"),
        ("not_a_ctf.xml", "not a Common Transfer File"),
        ("not_xml.xml", "not a Common Transfer File"),
        ("old_version.xml", "We can read versions 19 to 26"),
    ],
)
def test_a_hostile_or_broken_file_is_refused_and_nothing_is_kept(ap_lead, name, says):
    with pytest.raises(CTFRefused) as refused:
        keep(ap_lead, name)
    assert says in refused.value.message
    with unscoped("a test counts rows"):
        assert CTFUpload.objects.count() == 0


def test_a_file_over_the_ctf_limit_is_refused_without_being_read_whole(ap_lead, settings):
    settings.CTF_MAX_BYTES = 1000
    with pytest.raises(CTFRefused) as refused:
        keep(ap_lead, "full_ctf25.xml")
    assert "larger than" in refused.value.message
    with unscoped("a test counts rows"):
        assert CTFUpload.objects.count() == 0


@pytest.mark.parametrize("role", ["dsl", "school_leader", "school_staff", "la_officer", "provider_manager"])
def test_only_an_ap_lead_uploads(world, role):
    with pytest.raises(PermissionDenied):
        keep(world.members[role], "full_ctf25.xml")


def test_uploads_are_seen_by_their_schools_ap_leads_alone(world, ap_lead):
    upload = keep(ap_lead, "full_ctf25.xml")
    for role in ("dsl", "school_leader", "school_staff", "other_school_leader", "la_officer", "trust_leader"):
        member = world.members[role]
        with acting_as(member):
            assert not CTFUpload.objects.visible_to(member).filter(pk=upload.pk).exists(), role
    with acting_as(ap_lead):
        assert CTFUpload.objects.visible_to(ap_lead).filter(pk=upload.pk).exists()


def test_an_upload_left_unimported_is_emptied_after_its_time(ap_lead, settings):
    settings.CTF_UPLOAD_KEEP_HOURS = 24
    old, fresh = keep(ap_lead, "full_ctf25.xml"), keep(ap_lead, "full_ctf19.xml")
    with unscoped("a test dates an upload"):
        CTFUpload.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - datetime.timedelta(hours=25))

    assert discard_old_uploads() == 1
    assert discard_old_uploads() == 0  # safe to repeat
    with unscoped("a test reads uploads"):
        old, fresh = CTFUpload.objects.get(pk=old.pk), CTFUpload.objects.get(pk=fresh.pk)
    assert bytes(old.data) == b""
    assert old.discarded_at is not None
    assert not old.waiting
    assert fresh.waiting
    with pytest.raises(CTFRefused):
        read_upload(old)


def test_beat_discards_old_uploads_every_hour(ap_lead, settings):
    assert settings.CELERY_BEAT_SCHEDULE["discard-old-ctf-uploads"]["task"] == discard_old_ctf_uploads.name
    upload = keep(ap_lead, "full_ctf25.xml")
    with unscoped("a test dates an upload"):
        CTFUpload.objects.filter(pk=upload.pk).update(uploaded_at=timezone.now() - datetime.timedelta(days=2))
    assert discard_old_ctf_uploads() == 1
    upload.refresh_from_db()
    assert not upload.waiting


def test_the_ap_lead_discards_an_upload(ap_lead):
    upload = keep(ap_lead, "full_ctf25.xml")
    with acting_as(ap_lead):
        discard_upload(upload, by=ap_lead)
    assert bytes(upload.data) == b""
    assert upload.discarded_at is not None


# --- The preview -------------------------------------------------------------------------------------


def test_the_preview_of_a_ctf25_file_adds_every_pupil_with_their_details(ap_lead):
    preview = plan(ap_lead, keep(ap_lead, "full_ctf25.xml"))
    assert [each.action for each in preview.pupils] == [ADD, ADD, ADD]
    tegan = preview.pupils[0]
    assert tegan.importable
    assert tegan.values["sen_status"] == SENStatus.EHC_PLAN
    assert tegan.values["primary_need"] == PrimaryNeed.SEMH
    assert tegan.values["looked_after"] is True
    assert tegan.values["free_school_meals"] is True
    assert tegan.values["uln"] == "4839201756"
    assert tegan.values["preferred_forename"] == ""  # the same as the legal name
    ellis = preview.pupils[1]
    assert any("outside England (Jersey)" in note for note in ellis.notes)
    assert any("LA 670, not an English local authority" in note for note in ellis.notes)
    assert ellis.values["former_upn"] == "W670201820011"  # issued in Wales, and valid
    assert "Jersey" in ellis.contacts[0].values["address"]


def test_a_upn_with_a_wrong_check_letter_cannot_be_imported(ap_lead):
    preview = plan(ap_lead, keep(ap_lead, "full_ctf19.xml"))
    jayden = preview.pupils[1]
    assert jayden.pupil.name == "Jayden Whitlock"
    assert not jayden.importable
    assert "B881234519102 is not valid" in jayden.problems[0]
    assert [each.importable for each in preview.pupils] == [True, False, True]


def test_odd_pupils_are_blocked_for_what_the_record_cannot_do_without(ap_lead):
    preview = plan(ap_lead, keep(ap_lead, "odd_pupils.xml"))
    nameless, nia, owen, owen_again, rowan, sol = preview.pupils
    assert "There is no UPN" in nameless.problems
    assert any("A88141232210 is not valid" in problem for problem in nia.problems)
    assert any("more than one pupil" in problem for problem in owen.problems)
    assert any("more than one pupil" in problem for problem in owen_again.problems)
    assert rowan.importable
    assert rowan.values["sen_status"] == SENStatus.SUPPORT
    assert "There is no last name" in sol.problems


def test_a_partial_file_leaves_out_what_it_may_lack(ap_lead):
    preview = plan(ap_lead, keep(ap_lead, "partial.xml"))
    assert preview.ctf.is_partial
    assert "partial file" in preview.ctf.warnings[0]
    (sami,) = preview.pupils
    assert sami.importable
    assert "free_school_meals" not in sami.values
    assert "sen_status" not in sami.values


def test_a_pupil_already_at_the_school_will_be_updated_not_duplicated(world, ap_lead):
    PupilFactory(school=world.school, upn="W815410422007", legal_forename="Tegan", legal_surname="Marshe")
    preview = plan(ap_lead, keep(ap_lead, "full_ctf25.xml"))
    tegan = preview.pupils[0]
    assert tegan.action == UPDATE
    assert "legal_surname" in tegan.changes
    assert "Last name" in tegan.changed_fields


def test_the_same_upn_at_another_school_is_a_new_pupil_here(world, ap_lead):
    PupilFactory(school=world.sibling_school, upn="W815410422007")
    preview = plan(ap_lead, keep(ap_lead, "full_ctf25.xml"))
    assert preview.pupils[0].action == ADD
    assert preview.pupils[0].existing is None


# --- The import --------------------------------------------------------------------------------------


def test_importing_adds_pupils_with_contacts_and_attendance_baselines(world, ap_lead):
    upload = keep(ap_lead, "full_ctf25.xml")
    result = run_import(ap_lead, upload)

    assert (len(result.added), len(result.updated), result.skipped) == (3, 0, 0)
    tegan = next(p for p in pupils_of(world.school) if p.upn == "W815410422007")
    assert (tegan.legal_forename, tegan.legal_surname, tegan.date_of_birth) == (
        "Tegan",
        "Marsh",
        datetime.date(2010, 10, 5),
    )
    assert tegan.sen_status == SENStatus.EHC_PLAN
    assert tegan.looked_after
    assert tegan.free_school_meals
    with unscoped("a test reads what was written"):
        contacts = list(Contact.objects.filter(pupil=tegan))
        years = list(AttendanceYear.objects.filter(pupil=tegan))
    assert contacts
    assert all(contact.name for contact in contacts)
    assert years
    assert all(year.attended_sessions <= year.possible_sessions for year in years)
    upload.refresh_from_db()
    assert not upload.waiting
    assert bytes(upload.data) == b""
    assert (upload.added, upload.updated, upload.skipped, upload.imported_by) == (3, 0, 0, ap_lead)


def test_a_ctf19_file_with_gender_imports_too(world, ap_lead):
    result = run_import(ap_lead, keep(ap_lead, "full_ctf19.xml"))
    assert {pupil.legal_forename for pupil in result.added} == {"Amara", "Kacper"}
    assert result.skipped == 1  # Jayden's UPN
    amara = next(p for p in pupils_of(world.school) if p.legal_forename == "Amara")
    assert amara.sex == "F"


def test_only_the_chosen_pupils_are_imported(world, ap_lead):
    result = run_import(ap_lead, keep(ap_lead, "full_ctf25.xml"), positions=[2])
    assert [pupil.legal_forename for pupil in result.added] == ["Ellis"]
    assert result.skipped == 2
    assert [pupil.legal_forename for pupil in pupils_of(world.school)] == ["Ellis"]


def test_importing_the_same_file_again_changes_nothing(world, ap_lead):
    run_import(ap_lead, keep(ap_lead, "full_ctf25.xml"))
    before = counts()
    events = len(history("pupils.PupilEvent")) + len(history("pupils.ContactEvent"))
    events += len(history("pupils.AttendanceYearEvent"))

    again = keep(ap_lead, "full_ctf25.xml")
    assert [each.action for each in plan(ap_lead, again).pupils] == [UNCHANGED] * 3
    result = run_import(ap_lead, again)

    assert (len(result.added), len(result.updated), len(result.unchanged)) == (0, 0, 3)
    assert counts() == before
    after = len(history("pupils.PupilEvent")) + len(history("pupils.ContactEvent"))
    assert after + len(history("pupils.AttendanceYearEvent")) == events


def test_a_pupil_already_at_the_school_is_updated_with_history_and_keeps_what_the_file_lacks(world, ap_lead):
    existing = PupilFactory(
        school=world.school,
        upn="Z881412322102",
        legal_forename="Sammy",
        legal_surname="Haddad",
        sen_status=SENStatus.SUPPORT,
        free_school_meals=True,
    )
    ContactFactory(pupil=existing, name="Mrs Haddad", relationship=Relationship.MOTHER)
    result = run_import(ap_lead, keep(ap_lead, "partial.xml"))

    assert [pupil.pk for pupil in result.updated] == [existing.pk]
    existing.refresh_from_db()
    assert existing.legal_forename == "Sami"  # the file's
    assert existing.sen_status == SENStatus.SUPPORT
    assert existing.free_school_meals
    assert len(pupils_of(world.school)) == 1
    with unscoped("a test reads what was written"):
        assert Contact.objects.filter(pupil=existing).count() == 1  # nothing deleted
    changes = history("pupils.PupilEvent", pgh_obj_id=existing.pk)
    assert changes[-1].legal_forename == "Sami"
    assert changes[-2].legal_forename == "Sammy"


def test_a_pupil_known_by_a_former_upn_is_updated_to_the_new_one(world, ap_lead):
    # Kacper's former UPN is temporary: the school knew him by it until his permanent one came.
    existing = PupilFactory(school=world.school, upn="N88123451903B", legal_forename="Kacper")
    preview = plan(ap_lead, keep(ap_lead, "full_ctf19.xml"))
    kacper = preview.pupils[2]
    assert kacper.existing == existing
    assert kacper.action == UPDATE
    assert kacper.changes["upn"] == "Y881234520047"

    run_import(ap_lead, keep(ap_lead, "full_ctf19.xml"))
    existing.refresh_from_db()
    assert existing.upn == "Y881234520047"
    assert not existing.upn_is_temporary
    assert len(pupils_of(world.school)) == 2  # Amara added, Kacper updated


def test_an_upload_is_imported_once(ap_lead):
    upload = keep(ap_lead, "full_ctf25.xml")
    run_import(ap_lead, upload, positions=[1, 2, 3])
    with acting_as(ap_lead), pytest.raises(CTFRefused):
        import_pupils(upload, by=ap_lead, positions=[1, 2, 3])


def test_a_value_the_record_refuses_is_left_out_and_said_so(world, ap_lead):
    data = generated_ctf(2).replace(
        b"<PhoneNo>07700 900 001</PhoneNo>", b"<PhoneNo>ring the office</PhoneNo>", 1
    )
    result = run_import(ap_lead, keep(ap_lead, data=data))
    assert len(result.added) == 2
    (refusal,) = result.left_out
    assert refusal.startswith(
        "Test Pupil1's contact Ms Alex Pupil1 was not imported: Enter a telephone number"
    )
    with unscoped("a test counts rows"):
        assert Contact.objects.filter(pupil__in=result.added).count() == 3


class QueryCounter:
    """Counts every statement sent to the database (CaptureQueriesContext keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


@pytest.mark.parametrize("size", [10, 300])
def test_a_large_file_imports_in_a_bounded_number_of_queries_per_pupil(ap_lead, size):
    """Planning costs three queries whatever the file's size; importing costs the same per pupil (with 2
    contacts and 3 years of attendance) in a file of 300 as in one of 10."""
    upload = keep(ap_lead, data=generated_ctf(size))
    planning, importing = QueryCounter(), QueryCounter()
    with acting_as(ap_lead), connection.execute_wrapper(planning):
        chosen = plan_import(read_upload(upload), membership=ap_lead)
    assert planning.count == 1  # no pupil here yet: their contacts and attendance are not asked for
    with connection.execute_wrapper(importing):
        result = run_import(ap_lead, upload, positions=[each.position for each in chosen.pupils])
    assert len(result.added) == size
    assert importing.count <= 40 * size + 10
    assert counts() == {"Pupil": size, "Contact": 2 * size, "AttendanceYear": 3 * size}


def test_a_pupil_taught_out_of_their_year_group_is_noted(ap_lead):
    in_year = plan(ap_lead, keep(ap_lead, data=generated_ctf(1))).pupils[0]
    assert not any("year group" in note for note in in_year.notes)
    data = generated_ctf(1).replace(b"<NCyearActual>9</NCyearActual>", b"<NCyearActual>8</NCyearActual>")
    (held_back,) = plan(ap_lead, keep(ap_lead, data=data)).pupils
    assert (
        "The sending school taught the pupil in Year 8, but their date of birth puts them in Year 9"
        in held_back.notes[0]
    )


def test_digits_that_are_not_0_to_9_are_warned_about_never_crash_the_preview(ap_lead):
    """Full-width, superscript and Arabic-Indic digits pass Python's isdigit, and stdnum and int() then fail:
    each is read as the mistake it is."""
    upn = generated_ctf(1).split(b"<UPN>")[1].split(b"</UPN>")[0].decode()
    data = (
        generated_ctf(1)
        .replace(upn.encode(), (upn[:6] + "\uff19" + upn[7:]).encode())
        .replace(b"<NCyearActual>9</NCyearActual>", "<NCyearActual>\u00b2</NCyearActual>".encode())
        .replace(b"<SessionsPossible>380", "<SessionsPossible>\u0663\u0668\u0660".encode(), 1)
    )

    (pupil,) = plan(ap_lead, keep(ap_lead, data=data)).pupils

    assert not pupil.importable
    assert any("Characters 2 to 12 of a UPN are all digits, 0 to 9" in problem for problem in pupil.problems)
    assert any("is not a whole number" in note for note in pupil.notes)


def test_a_pupil_whose_age_puts_them_beyond_year_13_is_warned_about_never_shown_as_year_18(ap_lead):
    born = datetime.date(timezone.localdate().year - 22, 3, 14)
    data = generated_ctf(1).replace(b"<DOB>2012-02-11</DOB>", f"<DOB>{born}</DOB>".encode())

    (pupil,) = plan(ap_lead, keep(ap_lead, data=data)).pupils

    assert pupil.importable
    (note,) = [note for note in pupil.notes if "date of birth" in note]
    assert note.startswith(
        f"Their date of birth, 14 March {born.year}, puts them outside Reception to Year 13"
    )
    assert "(beyond year 13, aged 2" in note
    assert "year 18" not in note.lower()


def test_a_pupil_older_than_25_or_younger_than_2_cannot_be_imported(ap_lead):
    data = generated_ctf(1).replace(b"<DOB>2012-02-11</DOB>", b"<DOB>1990-02-11</DOB>")

    (pupil,) = plan(ap_lead, keep(ap_lead, data=data)).pupils

    assert pupil.problems == [
        "The date of birth 11 February 1990 cannot be right. Date of birth makes the pupil older than 25: "
        "check the year"
    ]


def test_a_file_made_for_another_school_is_warned_about(world, ap_lead):
    ours = world.school.laestab
    for destination, warned in (
        (b"<LEA>881</LEA><Estab>4123</Estab>", True),
        (f"<LEA>{ours[:3]}</LEA><Estab>{ours[3:]}</Estab>".encode(), False),
        (b"<LEA>XXX</LEA><Estab>XXXX</Estab>", False),
        (b"", False),
    ):
        data = generated_ctf(1).replace(
            b"<DestSchool><LEA>881</LEA><Estab>4123</Estab></DestSchool>",
            b"<DestSchool>" + destination + b"</DestSchool>",
        )
        warnings = plan(ap_lead, keep(ap_lead, data=data)).warnings
        expected = [
            f"This file was made for another school (LA 881, establishment 4123), not Demoshire Academy "
            f"(LA {ours[:3]}, establishment {ours[3:]}): check it is the file meant for you before importing"
        ]
        assert warnings == (expected if warned else []), destination


NO_SEN_WITH_A_NEED = (
    b"<SENhistory><SEN><StartDate>2020-09-01</StartDate><SENprovision>N</SENprovision></SEN>"
    b"<SENneeds><SENneed><SENtype>SEMH</SENtype><SENtypeRank>1</SENtypeRank></SENneed></SENneeds>"
    b"</SENhistory><Contacts>"
)


def test_a_need_given_with_no_sen_provision_is_warned_about_and_left_out(ap_lead):
    data = generated_ctf(1).replace(b"<Contacts>", NO_SEN_WITH_A_NEED)

    (pupil,) = plan(ap_lead, keep(ap_lead, data=data)).pupils

    assert (pupil.values["sen_status"], pupil.values["primary_need"]) == ("none", "")
    assert (
        "The file gives a type of need (Social, emotional and mental health) but no SEN provision now: the "
        "record keeps a primary need only with SEN support or an EHC plan, so it will not be imported"
    ) in pupil.notes


def test_a_file_saying_no_sen_now_removes_the_primary_need_it_held(world, ap_lead):
    data = generated_ctf(1).replace(b"<Contacts>", NO_SEN_WITH_A_NEED)
    upn = data.split(b"<UPN>")[1].split(b"</UPN>")[0].decode()
    PupilFactory(school=world.school, upn=upn, sen_status="sen_support", primary_need="ASD")
    upload = keep(ap_lead, data=data)

    (pupil,) = plan(ap_lead, upload).pupils
    assert pupil.changes["primary_need"] == ""
    assert any("their primary need (Autistic spectrum disorder) will be removed" in n for n in pupil.notes)
    result = run_import(ap_lead, upload)

    assert result.left_out == []
    (updated,) = result.updated
    assert (updated.sen_status, updated.primary_need) == ("none", "")


def test_a_contact_the_file_gives_no_way_to_reach_is_not_imported_and_said_so(ap_lead):
    data = generated_ctf(1).replace(b"<Address><AddressAsPupil>true</AddressAsPupil></Address>", b"", 1)
    data = data.replace(b"<PhoneNo>07700 900 001</PhoneNo>", b"<PhoneNo></PhoneNo>", 1)

    (pupil,) = plan(ap_lead, keep(ap_lead, data=data)).pupils

    assert [contact.label for contact in pupil.contacts] == ["Mr Sam Pupil1"]
    assert "Ms Alex Pupil1 has no telephone, email or address in the file, so will not be imported" in (
        pupil.notes
    )
