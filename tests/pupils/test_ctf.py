"""Reading Common Transfer Files: the files schools send (both header styles, full and partial, padded and
spaced), the odd ones (every field wrong somewhere) and the hostile ones. All fixtures are invented and
live beside this file; none needs a database."""

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pytest
from stdnum.gb.upn import calc_check_digit

from pupils.ctf import CTFRefused, SENStatus, read_ctf
from pupils.ctf import reader as ctf_reader

FILES = Path(__file__).parent / "ctf_files"


def read(name: str):
    return read_ctf((FILES / name).read_bytes())


def ctf(
    pupils: str, *, version: str = "25.0", qualifier: str = "full", made: str = "2026-07-08T09:15:00"
) -> bytes:
    """A minimal CTF around the given `<Pupil>` elements."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<CTfile><Header>
<DocumentName>Common Transfer File</DocumentName><CTFversion>{version}</CTFversion>
<DateTime>{made}</DateTime><DocumentQualifier>{qualifier}</DocumentQualifier>
<SourceSchool><LEA>881</LEA><Estab>2345</Estab><SchoolName>Marsh Lane Primary</SchoolName></SourceSchool>
<DestSchool><LEA>881</LEA><Estab>4123</Estab></DestSchool>
</Header><CTFpupilData>{pupils}</CTFpupilData></CTfile>""".encode()


AMARA = """<Pupil><UPN>L881234519101</UPN><Surname>Okafor</Surname><Forename>Amara</Forename>
<DOB>2009-03-14</DOB>{extra}</Pupil>"""


def one_pupil(extra: str = "", *, sex: str = "<Sex>F</Sex>"):
    """Amara, with `extra` elements, read from a CTF 25 file."""
    return read_ctf(ctf(AMARA.format(extra=sex + extra))).pupils[0]


# The file as a whole


def test_a_ctf_19_header_is_read():
    ctf_file = read("full_ctf19.xml")

    assert ctf_file.version == "19.0"
    assert ctf_file.qualifier == "full"
    assert not ctf_file.is_partial
    assert ctf_file.prepared_at == datetime(2020, 7, 3, 15, 42, 10)
    assert ctf_file.supplier == "SIMS"
    assert (ctf_file.source.la, ctf_file.source.estab) == ("881", "2345")
    assert ctf_file.source.name == "Marsh Lane Primary School"
    assert ctf_file.source.urn == "135791"
    assert ctf_file.destination.laestab == "8814123"
    assert ctf_file.warnings == ()
    assert [pupil.name for pupil in ctf_file.pupils] == ["Amara Okafor", "Jayden Whitlock", "Kacper Nowak"]


def test_a_ctf_25_header_is_read():
    ctf_file = read("full_ctf25.xml")

    assert ctf_file.version == "25.0"
    assert ctf_file.qualifier == "full"
    assert ctf_file.source.name == "Dalesview Academy"
    assert ctf_file.destination.urn == ""
    assert ctf_file.warnings == ()
    assert [pupil.name for pupil in ctf_file.pupils] == ["Tegan Marsh", "Ellis Drummond", "Ruby-Mae Hollis"]


def test_a_partial_file_is_read_with_a_warning_that_details_may_be_missing():
    ctf_file = read("partial.xml")
    pupil = ctf_file.pupils[0]

    assert ctf_file.is_partial
    assert ctf_file.warnings == (
        "This is a partial file: the sending school chose what to include, so some pupils' details "
        "(such as contacts, SEN or attendance) may be missing",
    )
    assert pupil.contacts == ()
    assert pupil.sen_status is None  # not "no SEN": the file does not say
    assert pupil.warnings == ()
    assert [year.attended for year in pupil.attendance] == [181]


@pytest.mark.parametrize("version", ["19", "19.0", "20.0", "23.1", "24.0", "26.0"])
def test_versions_19_to_26_are_accepted(version):
    assert read_ctf(ctf(AMARA.format(extra=""), version=version)).version == version


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("18.0", "The file is a CTF version 18.0 file. We can read versions 19 to 26"),
        ("27.0", "The file is a CTF version 27.0 file. We can read versions 19 to 26"),
        ("twenty", "The file is a CTF version twenty file."),
        ("", "its header does not say which CTF version it is"),
    ],
)
def test_other_versions_are_refused(version, message):
    with pytest.raises(CTFRefused) as refused:
        read_ctf(ctf(AMARA.format(extra=""), version=version))

    assert message in refused.value.message


def test_a_file_that_does_not_say_full_or_partial_is_read_with_a_warning():
    ctf_file = read_ctf(ctf(AMARA.format(extra=""), qualifier=""))

    assert ctf_file.qualifier == ""
    assert "does not say whether this is a full or a partial file" in ctf_file.warnings[0]


def test_a_file_with_no_date_is_read_with_a_warning():
    ctf_file = read_ctf(ctf(AMARA.format(extra=""), made=""))

    assert ctf_file.prepared_at is None
    assert ctf_file.warnings == ("The header does not say when the file was made",)


def test_a_file_from_outside_england_says_so():
    data = ctf(AMARA.format(extra="")).replace(
        b"<LEA>881</LEA><Estab>2345</Estab>", b"<LEA>706</LEA><Estab>2010</Estab>"
    )

    assert read_ctf(data).warnings == (
        "The file comes from a school in LA 706, which is not an English local authority",
    )


def test_a_file_with_no_pupils_says_so():
    assert read_ctf(ctf("")).warnings == ("The file holds no pupils",)


def test_a_file_written_with_a_namespace_is_read():
    data = ctf(AMARA.format(extra="")).replace(b"<CTfile>", b'<CTfile xmlns="urn:example:ctf">')

    assert read_ctf(data).pupils[0].name == "Amara Okafor"


def test_everything_read_is_immutable():
    pupil = read("full_ctf19.xml").pupils[0]

    with pytest.raises(dataclasses.FrozenInstanceError):
        pupil.surname = "Changed"
    assert isinstance(pupil.contacts, tuple)
    assert hash(pupil)


def test_a_file_of_300_pupils_is_read_whole():
    forenames = ["Ava", "Noah", "Isla", "Leo", "Maya", "Oscar", "Zara", "Finley", "Priya", "Theo"]
    pupils = []
    for n in range(300):
        rest = f"88123452{n:04d}"[:12]
        upn = calc_check_digit(rest) + rest
        pupils.append(
            f"""<Pupil><UPN>{upn}</UPN><Surname>Surname{n}</Surname><Forename>{forenames[n % 10]}</Forename>
            <DOB>2014-{n % 12 + 1:02d}-15</DOB><Sex>{"MF"[n % 2]}</Sex>
            <Contacts><Contact><Order>1</Order><Surname>Surname{n}</Surname><Forename>Parent</Forename>
            <Relationship>PAM</Relationship><Responsibility>true</Responsibility>
            <Phones><Phone><TelephoneType>M</TelephoneType><PhoneNo>07700 900 {n:03d}</PhoneNo></Phone>
            </Phones>
            </Contact></Contacts>
            <Attendance><YearData><Year>2025</Year><SessionsPossible>380</SessionsPossible>
            <SessionsAuthorised>10</SessionsAuthorised><SessionsAttended>365</SessionsAttended>
            <SessionsUnauthorised>5</SessionsUnauthorised></YearData></Attendance></Pupil>"""
        )

    ctf_file = read_ctf(ctf("".join(pupils)))

    assert len(ctf_file.pupils) == 300
    assert len({pupil.upn for pupil in ctf_file.pupils}) == 300
    assert [pupil.warnings for pupil in ctf_file.pupils] == [()] * 300
    assert ctf_file.pupils[299].name == "Theo Surname299"


# Refusals: nothing is read, and the uploader is told why


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion_laughs.xml", "The file contains a document type declaration (DTD)"),
        ("external_entity.xml", "The file contains a document type declaration (DTD)"),
        ("dtd.xml", "The file contains a document type declaration (DTD)"),
        ("not_xml.xml", "The file is not a Common Transfer File: it is not XML, or its XML is broken"),
        (
            "not_a_ctf.xml",
            "The file is not a Common Transfer File: it is XML, but does not have a CTF's header",
        ),
        (
            "no_version.xml",
            "The file is not a Common Transfer File: its header does not say which CTF version",
        ),
        ("old_version.xml", "The file is a CTF version 18.0 file. We can read versions 19 to 26"),
    ],
)
def test_broken_and_hostile_files_are_refused_with_a_plain_message(name, message):
    with pytest.raises(CTFRefused) as refused:
        read(name)

    assert refused.value.message.startswith(message)
    assert str(refused.value) == refused.value.message


def test_an_entity_without_a_dtd_is_refused_as_broken_xml():
    with pytest.raises(CTFRefused, match="it is not XML, or its XML is broken"):
        read_ctf(ctf(AMARA.format(extra="<MiddleNames>&secret;</MiddleNames>")))


def test_a_file_over_the_limit_is_refused_before_it_is_parsed():
    too_big = b"<" * (20 * 1024 * 1024 + 1)  # not even XML: the size is checked first

    with pytest.raises(CTFRefused, match="larger than 20 MB"):
        read_ctf(too_big)


def test_the_size_limit_can_be_set():
    data = (FILES / "full_ctf19.xml").read_bytes()

    assert read_ctf(data, max_bytes=len(data)).pupils
    with pytest.raises(CTFRefused, match="larger than"):
        read_ctf(data, max_bytes=len(data) - 1)


@pytest.mark.parametrize("data", [b"", b"   \n"])
def test_an_empty_file_is_refused(data):
    with pytest.raises(CTFRefused, match="The file is empty"):
        read_ctf(data)


# A pupil's identity


def test_padded_text_is_trimmed_everywhere():
    amara = read("full_ctf19.xml").pupils[0]

    assert amara.surname == "Okafor"
    assert amara.preferred_forename == "Amy"
    assert amara.middle_names == "Chidinma Grace"
    assert amara.address.lines == ("14 Rookery Way", "Chelmsford", "Essex")
    assert amara.contacts[1].email == "emeka.okafor@example.com"


def test_a_valid_pupil_has_no_warnings():
    amara = read("full_ctf19.xml").pupils[0]

    assert amara.upn == "L881234519101"
    assert amara.upn_check.valid
    assert amara.date_of_birth == date(2009, 3, 14)
    assert amara.sex == "F"
    assert amara.nc_year == "6"
    assert amara.warnings == ()


def test_a_wrong_check_letter_is_warned_about_naming_the_pupil_and_the_upn():
    jayden = read("full_ctf19.xml").pupils[1]

    assert jayden.upn == "B881234519102"
    assert not jayden.upn_check.valid
    assert jayden.warnings[0] == (
        "Jayden Whitlock: the UPN B881234519102 is not valid. The check letter (the first character) does "
        "not match the rest of the UPN, so one of its characters is probably wrong"
    )


def test_a_temporary_former_upn_is_kept_and_flagged():
    kacper = read("full_ctf19.xml").pupils[2]

    assert kacper.former_upns == ("N88123451903B",)
    assert kacper.warnings == ("Kacper Nowak: the former UPN N88123451903B is a temporary UPN",)


def test_a_former_upn_from_a_welsh_la_is_flagged():
    ellis = read("full_ctf25.xml").pupils[1]

    assert ellis.former_upns == ("W670201820011",)
    assert (
        "Ellis Drummond: the former UPN W670201820011 was issued in LA 670, not an English local authority"
        in ellis.warnings
    )


def test_a_upn_from_outside_england_is_flagged_even_with_the_right_check_letter():
    rest = "706201012345"
    data = ctf(AMARA.format(extra="<Sex>F</Sex>").replace("L881234519101", calc_check_digit(rest) + rest))

    (pupil,) = read_ctf(data).pupils

    assert pupil.upn_check.valid
    assert pupil.warnings == (
        f"Amara Okafor: the UPN {pupil.upn} was issued in LA 706, not an English local authority",
    )


def test_sex_is_read_from_sex_in_newer_files_and_gender_in_older_ones():
    assert one_pupil(sex="<Sex>F</Sex>").sex == "F"
    assert one_pupil(sex="<Gender>M</Gender>").sex == "M"
    assert one_pupil(sex="<Gender> f </Gender>").sex == "F"
    assert [pupil.sex for pupil in read("full_ctf19.xml").pupils] == ["F", "M", "M"]
    assert [pupil.sex for pupil in read("full_ctf25.xml").pupils] == ["F", "M", "F"]


def test_sex_and_gender_that_disagree_are_flagged():
    pupil = one_pupil(sex="<Sex>F</Sex><Gender>M</Gender>")

    assert pupil.sex == "F"
    assert pupil.warnings == ("Amara Okafor: the file gives sex as F but gender as M: we have read sex",)


def test_empty_elements_count_as_left_out():
    tegan = read("full_ctf25.xml").pupils[0]

    assert tegan.former_upns == ()
    assert tegan.middle_names == ""
    assert [phone.number for phone in tegan.phones] == ["07700900301"]
    assert len(tegan.contacts) == 2  # the empty <Contact/> is not a contact
    assert [year.year for year in tegan.attendance] == [2023, 2024, 2025]  # nor <YearData/> a year
    assert len(tegan.fsm_periods) == 1  # nor an empty FSMinstance a period
    assert tegan.warnings == ()


def test_a_valid_uln_is_kept_and_an_invalid_one_flagged():
    assert read("full_ctf25.xml").pupils[0].uln == "4839201756"
    pupil = one_pupil("<UniqueLearnerNumber>2481081875</UniqueLearnerNumber>")
    assert pupil.uln == "2481081875"
    assert pupil.warnings == (
        "Amara Okafor: the ULN 2481081875 is not valid: a ULN is 10 digits ending in a check digit",
    )


def test_looked_after_is_read():
    assert read("full_ctf25.xml").pupils[0].looked_after is True
    assert read("full_ctf19.xml").pupils[0].looked_after is None


# Where the pupil lives and how to reach them


def test_a_postcode_is_put_in_capitals_with_one_space():
    assert read("full_ctf19.xml").pupils[0].address.postcode == "CM1 4XY"


def test_free_address_lines_are_read():
    address = read("full_ctf25.xml").pupils[0].address

    assert address.lines == ("Flat 3, Wensley House", "2 Mill Street", "Leyburn", "North Yorkshire")
    assert address.postcode == "DL8 5ZZ"
    assert not address.outside_england


def test_an_address_outside_england_is_read_with_its_zip_and_flagged():
    ellis = read("full_ctf25.xml").pupils[1]

    assert ellis.address.lines == ("Les Fontaines", "Rue de la Ville", "St Helier")
    assert ellis.address.postcode == ""
    assert ellis.address.zip_code == "JE2 3QQ"
    assert ellis.address.country == "Jersey"
    assert ellis.address.outside_england
    assert "Ellis Drummond: the home address is outside England (Jersey)" in ellis.warnings


def test_a_channel_islands_address_written_with_upper_case_zip_is_outside_england():
    # As one MIS writes it: a made-up UK postcode, the real one in <ZIP>, and the country.
    address = one_pupil(
        "<Address><BS7666Address><PAON>Le Clos</PAON><Town>St Peter Port</Town></BS7666Address>"
        "<PostCode>OV3R 5EA</PostCode><ZIP>GY1 1ZZ</ZIP><Country>Channel Islands</Country></Address>"
    ).address

    assert address.zip_code == "GY1 1ZZ"
    assert address.outside_england


@pytest.mark.parametrize("postcode", ["BT1 1AA", "GY1 1AA", "JE2 3QQ", "IM1 1AA"])
def test_a_uk_postcode_outside_england_is_outside_england(postcode):
    address = one_pupil(
        f"<Address><AddressLines><AddressLine1>1 High Street</AddressLine1></AddressLines>"
        f"<PostCode>{postcode}</PostCode><Country>United Kingdom</Country></Address>"
    ).address

    assert address.outside_england


def test_phone_numbers_lose_their_spaces():
    amara, jayden, _ = read("full_ctf19.xml").pupils

    assert [(phone.label, phone.number) for phone in amara.phones] == [("Home", "01632960123")]
    assert [phone.number for phone in amara.contacts[1].phones] == ["07700900123", "01632960200"]
    assert [phone.label for phone in amara.contacts[1].phones] == ["Mobile", "Work"]
    assert jayden.contacts[0].phones[0].number == "07700900456"


def test_a_phone_number_too_short_to_dial_is_kept_and_flagged():
    jayden = read("full_ctf19.xml").pupils[1]

    assert jayden.contacts[1].phones[0].number == "0770090045"
    assert (
        "Jayden Whitlock: Ms Danielle Whitlock's mobile number 0770090045 has 10 digits, "
        "so it may be mistyped" in jayden.warnings
    )


def test_contacts_come_in_priority_order_with_their_relationship_in_words():
    contacts = read("full_ctf19.xml").pupils[0].contacts

    assert [(c.priority, c.name, c.relationship) for c in contacts] == [
        (1, "Mrs Ngozi Okafor", "Mother"),
        (2, "Mr Emeka Okafor", "Father"),
        (3, "Ms Blessing Adeyemi", "Other relative"),
    ]
    assert [c.parental_responsibility for c in contacts] == [True, True, False]
    assert [c.address_as_pupil for c in contacts] == [True, True, False]
    assert contacts[0].address is None
    assert contacts[2].address.lines == ("Flat 2", "Kingfisher Court", "Mill Road", "Colchester")


def test_a_foster_carer_and_a_social_worker_are_named_as_such():
    contacts = read("full_ctf25.xml").pupils[0].contacts

    assert [(c.relationship_code, c.relationship) for c in contacts] == [
        ("FOM", "Foster mother"),
        ("SWR", "Social worker"),
    ]


# SEN, free school meals and attendance


def test_sen_history_gives_the_status_now_and_the_ranked_needs():
    amara = read("full_ctf19.xml").pupils[0]

    assert [(entry.code, entry.end_date) for entry in amara.sen_history] == [
        ("K", date(2019, 1, 31)),
        ("E", None),
    ]
    assert amara.sen_status == SENStatus.EHC_PLAN
    assert [(need.rank, need.code, need.label) for need in amara.sen_needs] == [
        (1, "SLCN", "Speech, language and communication needs"),
        (2, "ASD", "Autistic spectrum disorder"),
    ]
    assert amara.primary_need.code == "SLCN"


@pytest.mark.parametrize(
    ("code", "status"),
    [
        ("N", SENStatus.NONE),
        ("K", SENStatus.SEN_SUPPORT),
        ("E", SENStatus.EHC_PLAN),
        ("S", SENStatus.EHC_PLAN),
    ],
)
def test_each_sen_provision_maps_to_a_status(code, status):
    pupil = one_pupil(
        f"<SENhistory><SEN><StartDate>2020-09-01</StartDate><SENprovision>{code}</SENprovision></SEN></SENhistory>"
    )

    assert pupil.sen_status == status


def test_when_two_sen_provisions_are_left_open_the_later_one_is_the_status_now():
    pupil = one_pupil(
        "<SENhistory>"
        "<SEN><StartDate>2021-01-04</StartDate><SENprovision>E</SENprovision></SEN>"
        "<SEN><StartDate>2018-09-03</StartDate><SENprovision>K</SENprovision></SEN>"
        "</SENhistory>"
    )

    assert pupil.sen_status == SENStatus.EHC_PLAN


def test_a_year_of_attendance_without_its_year_is_left_out_with_a_warning():
    pupil = one_pupil(
        "<Attendance><YearData><SessionsPossible>380</SessionsPossible></YearData></Attendance>"
    )

    assert pupil.attendance == ()
    assert pupil.warnings == (
        "Amara Okafor: a year of attendance does not say which year, so it is left out",
    )


def test_a_pupil_with_no_sen_history_has_no_sen_status():
    assert read("full_ctf19.xml").pupils[1].sen_status is None


def test_an_old_sen_code_is_read_and_flagged():
    rowan = read("odd_pupils.xml").pupils[4]

    assert rowan.sen_status == SENStatus.SEN_SUPPORT
    assert rowan.warnings == (
        'Rowan Quinn: the current SEN provision is "School Action (before 2014)", an old code: '
        "read as SEN support",
    )


def test_free_school_meals_now_means_a_period_still_open_when_the_file_was_made():
    amara, jayden, _ = read("full_ctf19.xml").pupils
    ruby = read("full_ctf25.xml").pupils[2]

    assert amara.fsm_eligible_now  # no end date
    assert not jayden.fsm_eligible_now  # ended in 2018
    assert ruby.fsm_eligible_now  # ends at the end of July, after the file was made on 8 July
    assert [(p.start_date, p.end_date) for p in jayden.fsm_periods] == [
        (date(2015, 1, 12), date(2018, 7, 20))
    ]


def test_attendance_is_read_per_year_oldest_first():
    attendance = read("full_ctf19.xml").pupils[0].attendance

    assert [
        (y.academic_year, y.possible, y.attended, y.authorised_absence, y.unauthorised_absence)
        for y in attendance
    ] == [
        ("2017/18", 380, 371, 7, 2),
        ("2018/19", 378, 360, 10, 8),
        ("2019/20", 266, 250, 12, 4),
    ]
    assert attendance[0].school_name == "Marsh Lane Primary School"
    assert attendance[2].attendance_rate == pytest.approx(250 / 266)


# Everything odd is a warning, and no pupil stops the others


def test_every_odd_pupil_is_read_and_each_oddity_named():
    ctf_file = read("odd_pupils.xml")
    nameless, nia, owen, owen_again, rowan, sol = ctf_file.pupils

    assert nameless.warnings == (
        "Pupil 1 in the file: there is no UPN",
        "Pupil 1 in the file: the surname is missing",
        "Pupil 1 in the file: the forename is missing",
        "Pupil 1 in the file: the date of birth is missing",
        "Pupil 1 in the file: sex is missing",
    )
    assert nia.date_of_birth is None
    assert nia.sex == ""
    assert nia.sen_status is None
    assert nia.contacts[0].priority is None
    assert nia.contacts[0].relationship == "Relationship code XYZ"
    assert [year.year for year in nia.attendance] == [2024, 2025]
    assert nia.warnings == (
        "Nia Powell: the UPN A88141232210 is not valid. A UPN has 13 characters, and this one has 12",
        "Nia Powell: the former UPN A881412322101 is not valid. The check letter (the first character) "
        "does not match the rest of the UPN, so one of its characters is probably wrong",
        "Nia Powell: the ULN 1234567890 is not valid: a ULN is 10 digits ending in a check digit",
        'Nia Powell: "2011-02-30" is not a real date, so the date of birth is left blank',
        'Nia Powell: the SEN provision code "Q" is not one we know',
        'Nia Powell: the type of SEN need "ZZZ" is not one we know',
        'Nia Powell: "first" is not a whole number, so the rank of SEN need is left blank',
        'Nia Powell: "yesterday" is not a real date, so the free school meals start date is left blank',
        "Nia Powell: the file gives sex as X but gender as F: we have read sex",
        'Nia Powell: sex "X" is neither M nor F, so it is left blank',
        'Nia Powell: "sometimes" is neither true nor false, so whether the pupil is looked after is left '
        "blank",
        'Nia Powell: the home postcode "NOT A POSTCODE" is not a UK postcode',
        'Nia Powell: the pupil\'s email address "nia at example dot com" has no @',
        "Nia Powell: Gwen has no surname",
        'Nia Powell: "first" is not a whole number, so the priority of Gwen is left blank',
        'Nia Powell: "maybe" is neither true nor false, so whether Gwen has parental responsibility is '
        "left blank",
        "Nia Powell: Gwen's mobile number 0770090 has 7 digits, so it may be mistyped",
        "Nia Powell: the attendance for 2025/26 does not add up: 300 attended, 10 authorised and 20 "
        "unauthorised absences, but 380 sessions possible",
        'Nia Powell: "twenty" is not a year, so it is left out',
        'Nia Powell: "abc" is not a whole number, so the number of sessions possible in 2024/25 is left '
        "blank",
    )
    assert owen.warnings == ()
    assert owen_again.upn == owen.upn  # written "n881 4123 22103", the same UPN once normalised
    assert owen_again.sex == "M"
    assert owen_again.warnings == (
        "Owen Pryce: the date of birth 01/05/2031 is after the day the file was made",
    )
    assert rowan.name == "Rowan Quinn"
    assert sol.warnings == (
        "Sol: the UPN B93340125001A is a temporary UPN",
        "Sol: the surname is missing",
        "Sol: the SEN history has no current entry, so we cannot tell the SEN status now",
    )
    assert ctf_file.warnings == (
        "The UPN N881412322103 appears 2 times in the file, for Owen Price and Owen Pryce",
    )


def test_a_upn_repeated_for_many_pupils_is_named_once_with_a_few_of_their_names():
    pupils = "".join(
        AMARA.format(extra="").replace("Amara", name) for name in ["Ava", "Ava", "Ben", "Cal", "Dee", "Eve"]
    )

    assert read_ctf(ctf(pupils)).warnings == (
        "The UPN L881234519101 appears 6 times in the file, for Ava Okafor, Ben Okafor, Cal Okafor and "
        "2 others",
    )


def test_a_pupil_that_cannot_be_read_at_all_is_left_out_and_the_rest_are_read(monkeypatch):
    real_read_pupil = ctf_reader.read_pupil

    def failing_on_the_second(element, *, position, as_of):
        if position == 2:
            raise ValueError("something no check foresaw")
        return real_read_pupil(element, position=position, as_of=as_of)

    monkeypatch.setattr(ctf_reader, "read_pupil", failing_on_the_second)

    ctf_file = read("full_ctf19.xml")

    assert [pupil.name for pupil in ctf_file.pupils] == ["Amara Okafor", "Kacper Nowak"]
    assert ctf_file.warnings == ("Pupil 2 in the file could not be read, so it has been left out",)
