"""Generated Common Transfer Files of any size, as a school's MIS writes them: each pupil with a valid UPN,
two contacts and three years of attendance."""

from stdnum.gb.upn import calc_check_digit


def upn(serial: int) -> str:
    digits = f"881412320{serial:03d}"
    return calc_check_digit(digits) + digits


def pupil_xml(serial: int) -> str:
    years = "".join(
        f"""<YearData><Year>{year}</Year><LEA>881</LEA><Estab>2345</Estab>
<SchoolName>Marsh Lane Primary</SchoolName><SessionsPossible>380</SessionsPossible>
<SessionsAttended>{350 - serial % 40}</SessionsAttended>
<SessionsAuthorised>{20 + serial % 40}</SessionsAuthorised>
<SessionsUnauthorised>10</SessionsUnauthorised></YearData>"""
        for year in (2022, 2023, 2024)
    )
    contacts = "".join(
        f"""<Contact><Order>{order}</Order><Title>{title}</Title><Surname>Pupil{serial}</Surname>
<Forename>{forename}</Forename><Relationship>{code}</Relationship><Responsibility>true</Responsibility>
<Address><AddressAsPupil>true</AddressAsPupil></Address>
<Phones><Phone><TelephoneType>M</TelephoneType>
<PhoneNo>07700 900 {serial % 1000:03d}</PhoneNo></Phone></Phones>
</Contact>"""
        for order, title, forename, code in ((1, "Ms", "Alex", "PAM"), (2, "Mr", "Sam", "PAF"))
    )
    return f"""<Pupil><UPN>{upn(serial)}</UPN><Surname>Pupil{serial}</Surname><Forename>Test</Forename>
<DOB>2012-0{1 + serial % 8}-1{serial % 9}</DOB><Sex>{"MF"[serial % 2]}</Sex>
<BasicDetails><MiddleNames></MiddleNames><NCyearActual>9</NCyearActual></BasicDetails>
<Address><AddressLines><AddressLine1>{serial} High Street</AddressLine1>
<AddressLine2>Chelmsford</AddressLine2></AddressLines><PostCode>CM1 1AA</PostCode></Address>
<Contacts>{contacts}</Contacts><Attendance>{years}</Attendance></Pupil>"""


def generated_ctf(pupils: int, *, made: str = "2026-07-08T09:15:00", qualifier: str = "full") -> bytes:
    body = "".join(pupil_xml(serial) for serial in range(1, pupils + 1))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<CTfile><Header><DocumentName>Common Transfer File</DocumentName><CTFversion>26.0</CTFversion>
<DateTime>{made}</DateTime><DocumentQualifier>{qualifier}</DocumentQualifier><SupplierID>ExampleMIS</SupplierID>
<SourceSchool><LEA>881</LEA><Estab>2345</Estab><SchoolName>Marsh Lane Primary</SchoolName></SourceSchool>
<DestSchool><LEA>881</LEA><Estab>4123</Estab></DestSchool></Header>
<CTFpupilData>{body}</CTFpupilData></CTfile>""".encode()
