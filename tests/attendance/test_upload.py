"""Sending attendance in a file: a good CSV or workbook records its marks; a file that cannot be read at
all is refused with one message; every row's problem is listed by row with nothing recorded; a
corrected file can then be sent; hostile workbooks are refused before anything parses them."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from apcommission.audit.models import AccessEvent
from attendance import files
from tests.attendance.pages import signed_in
from tests.attendance.world import all_marks, placed
from tests.history import history

NOW = datetime.datetime(2026, 3, 5, 10, 0, tzinfo=datetime.UTC)
HEADINGS = ["Placement reference", "Pupil", "Date", "Session", "Mark", "Comment"]


def csv_of(rows, headings=HEADINGS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headings)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def xlsx_of(rows, headings=HEADINGS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def send(client, data: bytes, name="marks.csv"):
    return client.post(reverse("attendance:upload"), {"file": SimpleUploadedFile(name, data)})


def problems(response) -> list[str]:
    return [str(problem) for problem in response.context["problems"]]


def file_error(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


@pytest.fixture
def client(world):
    return signed_in(world, "provider_manager")


@time_machine.travel(NOW, tick=False)
def test_a_good_csv_records_its_marks(world, client):
    amira = placed(world)
    data = csv_of(
        [
            (amira.pk, "Amira Khan", "02/03/2026", "AM", "P", ""),
            (amira.pk, "Amira Khan", "2026-03-02", "pm", "Late", "Bus was late"),
            (amira.pk, "Amira Khan", "3/3/2026", "AM", "Absent, authorised: medical appointment", "Dentist"),
            (amira.pk, "Amira Khan", "03/03/2026", "PM", "u", ""),
        ]
    )
    response = send(client, b"\xef\xbb\xbf" + data)
    assert response.status_code == 302
    assert [(m["on"].day, m["session"], m["mark"], m["comment"], m["source"]) for m in all_marks()] == [
        (2, "am", "present", "", "file"),
        (2, "pm", "late", "Bus was late", "file"),
        (3, "am", "medical", "Dentist", "file"),
        (3, "pm", "unauthorised", "", "file"),
    ]
    assert AccessEvent.objects.get(action="attendance.upload").pupil_ids == [amira.pupil_id]
    # The same file again changes nothing.
    before = all_marks()
    response = send(client, data)
    assert response.status_code == 302
    assert all_marks() == before
    assert history("attendance.MarkEvent") == []


@time_machine.travel(NOW, tick=False)
def test_a_good_workbook_records_its_marks_with_real_dates(world, client):
    amira = placed(world)
    data = xlsx_of(
        [
            (amira.pk, "Amira Khan", datetime.datetime(2026, 3, 2), "AM", "Present", None),
            (str(amira.pk), "Amira Khan", "04/03/2026", "PM", "X", "Trip day"),
        ]
    )
    response = send(client, data, "marks.xlsx")
    assert response.status_code == 302, response.context and response.context.get("problems")
    assert [(m["on"].day, m["session"], m["mark"]) for m in all_marks()] == [
        (2, "am", "present"),
        (4, "pm", "not_timetabled"),
    ]


@time_machine.travel(NOW, tick=False)
def test_every_problem_is_listed_by_row_and_nothing_is_recorded_until_the_file_is_right(world, client):
    amira = placed(world)
    theirs = placed(world, provider=world.other_provider)
    rows = [
        (amira.pk, "Amira Khan", "02/03/2026", "AM", "P", ""),
        (amira.pk, "Amira Khan", "31/02/2026", "AM", "P", ""),
        (amira.pk, "Amira Khan", "02/03/2026", "noon", "Pesent", ""),
        (theirs.pk, "Someone", "02/03/2026", "AM", "P", ""),
        (amira.pk, "Amira Khan", "05/03/2026", "AM", "P", ""),
        (amira.pk, "Amira Khan", "02/03/2026", "AM", "L", ""),
    ]
    response = send(client, csv_of(rows))
    assert response.status_code == 200
    assert problems(response) == [
        'Row 3: "31/02/2026" is not a real date',
        'Row 4: the session "noon" must be AM or PM',
        'Row 4: "Pesent" is not a mark: use P, L, I, M, R, C, U or X, or the words in the template',
        f"Row 5: there is no placement {theirs.pk} with you: check the placement reference",
        'Row 6: the pupil is not timetabled with you on Thursday mornings: mark the session "not timetabled" '
        "or check the date and session",
        "Row 7: the same session as row 2: a session is marked once",
    ]
    assert "Nothing was recorded" in response.content.decode()
    assert all_marks() == []
    corrected = [rows[0], (amira.pk, "Amira Khan", "03/03/2026", "AM", "P", "")]
    assert send(client, csv_of(corrected)).status_code == 302
    assert len(all_marks()) == 2


HEAD = b"Placement reference,Date,Session,Mark\r\n"
UNREADABLE_FILES = {
    "empty": ("marks.csv", b"", "The selected file is empty"),
    "not-csv-or-xlsx": ("marks.txt", b"anything", files.WRONG_TYPE),
    "old-excel": ("marks.xls", b"\xd0\xcf\x11\xe0", files.WRONG_TYPE),
    "not-utf8": ("marks.csv", HEAD + "1,02/03/2026,AM,Présent\r\n".encode("cp1252"), files.NOT_UTF8),
    "wrong-headings": ("marks.csv", b"Placement,When,Session,Mark\r\n1,02/03/2026,AM,P\r\n", "The first row"),
    "no-rows": ("marks.csv", HEAD, files.NO_ROWS),
    "broken-csv": ("marks.csv", HEAD + b'1,"02/03/2026,AM,P\r\n', files.UNREADABLE),
    "damaged-zip": ("marks.xlsx", b"PK\x03\x04 not really a zip", "could not be opened"),
    "not-a-zip": ("marks.xlsx", b"this is not a workbook", files.WRONG_TYPE),
}


@pytest.mark.parametrize(("name", "data", "message"), UNREADABLE_FILES.values(), ids=UNREADABLE_FILES.keys())
def test_a_file_that_cannot_be_read_is_refused_with_one_message(world, client, name, data, message):
    response = send(client, data, name)
    assert response.status_code == 200
    (error,) = file_error(response)
    assert message in error
    assert all_marks() == []


@override_settings(ATTENDANCE_FILE_MAX_ROWS=3)
def test_a_file_with_too_many_rows_is_refused(world, client):
    rows = [(1, "", "02/03/2026", "AM", "P", "")] * 4
    (error,) = file_error(send(client, csv_of(rows)))
    assert error.startswith("The selected file must have at most 3 rows of marks")


def test_a_workbook_read_past_its_headings_columns_still_refuses_a_heading_far_to_the_right():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADINGS)
    sheet.append([1, "Amira Khan", "02/03/2026", "AM", "P", ""])
    sheet.cell(row=2, column=16_384, value="a note in column XFD, never read")
    buffer = io.BytesIO()
    book.save(buffer)
    parsed = files.read_file(SimpleUploadedFile("marks.xlsx", buffer.getvalue()))
    assert ([row.placement for row in parsed.rows], parsed.problems) == (["1"], [])
    sheet.cell(row=1, column=16_384, value="Notes")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(files.FileRefused, match="The first row of the file must be the headings"):
        files.read_file(SimpleUploadedFile("marks.xlsx", buffer.getvalue()))


@override_settings(ATTENDANCE_FILE_MAX_BYTES=1000)
def test_a_file_too_large_is_refused(world, client):
    rows = [(1, "x" * 50, "02/03/2026", "AM", "P", "")] * 40
    (error,) = file_error(send(client, csv_of(rows)))
    assert error == "The selected file must be smaller than 1000 bytes"


# --- Hostile workbooks ------------------------------------------------------------------------------


def rezipped(data: bytes, *, replace=None, add=None, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The workbook `data` with parts replaced or added."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", compression) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            target.writestr(
                entry.filename, replace[entry.filename](content) if entry.filename in replace else content
            )
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def good_book() -> bytes:
    return xlsx_of([(1, "Amira Khan", "02/03/2026", "AM", "P", "")])


LAUGHS = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))


def with_dtd(xml: bytes) -> bytes:
    declaration, _, rest = xml.partition(b"?>")
    return declaration + b"?>" + f'<!DOCTYPE worksheet [<!ENTITY l0 "lol">{LAUGHS}]>'.encode() + rest


EXTERNAL_ENTITY = b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
XLSX_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
ENCRYPTED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le") + b"\0" * 600
DAMAGED = "could not be opened"
HOSTILE = {
    "billion-laughs": (
        lambda: rezipped(good_book(), replace={"xl/worksheets/sheet1.xml": with_dtd}),
        DAMAGED,
    ),
    "external-entity": (
        lambda: rezipped(good_book(), replace={"xl/workbook.xml": lambda xml: EXTERNAL_ENTITY + xml}),
        DAMAGED,
    ),
    "vba-project": (lambda: rezipped(good_book(), add={"xl/vbaProject.bin": b"\0" * 100}), "without macros"),
    "macro-enabled": (
        lambda: rezipped(
            good_book(), replace={"[Content_Types].xml": lambda x: x.replace(XLSX_TYPE, MACRO_TYPE)}
        ),
        "without macros",
    ),
    "zip-bomb": (
        lambda: rezipped(good_book(), add={"xl/media/zeros.bin": b"\0" * (20 * 1024 * 1024)}),
        DAMAGED,
    ),
    "path-traversal": (lambda: rezipped(good_book(), add={"../../evil.txt": b"x"}), DAMAGED),
    "encrypted": (lambda: ENCRYPTED, "password protected"),
}


@pytest.mark.parametrize(("workbook", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_workbook_is_refused_before_it_is_parsed(world, client, monkeypatch, workbook, message):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl was asked to read a hostile workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    (error,) = file_error(send(client, workbook(), "marks.xlsx"))
    assert message in error
    assert all_marks() == []


# --- The template -----------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_the_template_has_a_row_per_timetabled_session_so_far_with_marks_recorded(world, client):
    amira = placed(world)
    placed(world, provider=world.other_provider, name=("Not", "Ours"))
    send(client, csv_of([(amira.pk, "Amira Khan", "02/03/2026", "AM", "U", "")]))
    response = client.get(reverse("attendance:template"), {"week": "2026-03-02", "file_format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert rows[0] == tuple(HEADINGS)
    assert [(r[0], r[1], r[2].date().isoformat(), r[3], r[4]) for r in rows[1:]] == [
        (amira.pk, "Amira Khan", "2026-03-02", "AM", "Absent, unauthorised"),
        (amira.pk, "Amira Khan", "2026-03-02", "PM", None),
        (amira.pk, "Amira Khan", "2026-03-03", "AM", None),
        (amira.pk, "Amira Khan", "2026-03-03", "PM", None),
        (amira.pk, "Amira Khan", "2026-03-04", "AM", None),
        (amira.pk, "Amira Khan", "2026-03-04", "PM", None),
    ]
    assert AccessEvent.objects.filter(action="attendance.template").get().pupil_ids == [amira.pupil_id]


@time_machine.travel(NOW, tick=False)
def test_a_filled_in_csv_template_can_be_sent_back(world, client):
    amira = placed(world)
    response = client.get(reverse("attendance:template"), {"week": "2026-03-02", "file_format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    filled = text.replace(",AM,,", ",AM,P,").replace(",PM,,", ",PM,L,")
    assert send(client, filled.encode()).status_code == 302
    assert [m["mark"] for m in all_marks()] == ["present", "late"] * 3
    assert {m["placement_id"] for m in all_marks()} == {amira.pk}


def test_a_template_for_a_week_not_offered_is_not_found(world, client):
    assert (
        client.get(reverse("attendance:template"), {"week": "1999-01-04", "file_format": "csv"}).status_code
        == 404
    )
