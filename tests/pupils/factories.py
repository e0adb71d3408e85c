"""Pupils as a school records them: valid UPNs with real check letters, contacts and attendance years."""

import datetime
import itertools
from pathlib import Path

import factory
from stdnum.gb import upn as stdnum_upn

from apcommission.tenancy.roles import Role
from pupils.models import AttendanceYear, Contact, CTFUpload, Pupil, Relationship, Sex
from tests.factories import MembershipFactory, SchoolFactory, UnscopedFactory

CTF_FILES = Path(__file__).parent / "ctf_files"

_serials = itertools.count(1)


def valid_upn(la_code: str = "938", estab: str = "4001", year: str = "14") -> str:
    """A permanent UPN whose check letter is right: LA code, establishment, year issued, serial."""
    digits = f"{la_code}{estab}{year}{next(_serials) % 1000:03d}"
    return stdnum_upn.calc_check_digit(digits) + digits


class PupilFactory(UnscopedFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    legal_forename = factory.Faker("first_name", locale="en_GB")
    legal_surname = factory.Faker("last_name", locale="en_GB")
    date_of_birth = datetime.date(2012, 3, 14)
    sex = Sex.FEMALE
    upn = factory.LazyAttribute(lambda o: valid_upn(o.school.local_authority.la_code))


class ContactFactory(UnscopedFactory):
    class Meta:
        model = Contact

    pupil = factory.SubFactory(PupilFactory)
    name = factory.Faker("name", locale="en_GB")
    relationship = Relationship.MOTHER
    parental_responsibility = True
    telephone = "07700 900123"


class AttendanceYearFactory(UnscopedFactory):
    class Meta:
        model = AttendanceYear

    pupil = factory.SubFactory(PupilFactory)
    academic_year = 2025
    possible_sessions = 380
    attended_sessions = 301
    authorised_absences = 40
    unauthorised_absences = 39


class CTFUploadFactory(UnscopedFactory):
    """A Common Transfer File waiting to be imported: by default the invented CTF 25 file with three pupils
    (tests/pupils/ctf_files/full_ctf25.xml), uploaded by an AP lead of `school`."""

    class Meta:
        model = CTFUpload

    school = factory.SubFactory(SchoolFactory)
    uploaded_by = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.school, role=Role.AP_LEAD))
    file_name = "ctf.xml"
    data = factory.LazyFunction(lambda: (CTF_FILES / "full_ctf25.xml").read_bytes())
    size = factory.LazyAttribute(lambda o: len(o.data))
