"""Reading a workbook's sheet with expat (`attendance.sheet`) gives the values openpyxl's own reader
gives, cell for cell, for every kind of cell a spreadsheet program writes; refuses a sheet that declares
a document type; and still reads rows the sheet's recorded size leaves out."""

import datetime
import io
import zipfile

import openpyxl
import pytest
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from attendance.sheet import HostileSheet, RowsOutOfOrder, sheet_rows

SHEET = "xl/worksheets/sheet1.xml"


def opened(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)


def openpyxl_rows(data: bytes) -> list[tuple[int, list]]:
    """openpyxl's values, numbered as the sheet numbers them, without empty rows or trailing blanks."""
    found = []
    for number, values in enumerate(opened(data).worksheets[0].iter_rows(values_only=True), start=1):
        values = list(values)
        while values and values[-1] is None:
            values.pop()
        if values:
            found.append((number, values))
    return found


def expat_rows(data: bytes) -> list[tuple[int, list]]:
    return [(number, values) for number, values in sheet_rows(opened(data).worksheets[0]) if values]


def every_kind_by_xlsxwriter() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    day, moment = book.add_format({"num_format": "dd/mm/yyyy"}), book.add_format({"num_format": "hh:mm"})
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, ["Placement reference", "Pupil", "Date", "Session", "Mark", "Comment"])
    sheet.write_number(1, 0, 12)
    sheet.write_string(1, 1, "  Amira   Khan ")
    sheet.write_datetime(1, 2, datetime.datetime(2026, 3, 2), day)
    sheet.write_string(1, 3, "AM")
    sheet.write_string(1, 4, "P")
    sheet.write_number(2, 0, 12.0)
    sheet.write_number(2, 2, 46083, day)  # a date typed as its serial number, formatted as a date
    sheet.write_datetime(2, 3, datetime.datetime(1900, 1, 1, 9, 30), moment)
    sheet.write_boolean(2, 4, True)
    sheet.write_number(2, 5, 1.5e-3)
    sheet.write_formula(4, 0, "=6*2", None, 12)  # row 4 left empty
    sheet.write_formula(4, 1, '="Am"&"ira"', None, "Amira")
    sheet.write_formula(4, 2, "=1/0", None, "#DIV/0!")
    sheet.write_rich_string(4, 3, "A", bold, "M")
    sheet.write_string(4, 9, "far to the right")
    sheet.write_blank(6, 2, None, day)  # formatted, but empty
    sheet.write_number(7, 0, -3)
    sheet.write_string(7, 1, "=SUM(A1)")
    book.close()
    return buffer.getvalue()


def every_kind_by_openpyxl() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Placement reference", "Pupil", "Date", "Session", "Mark", "Comment"])
    sheet.append([7, "Jo", datetime.date(2026, 3, 3), "pm", "late", None])
    sheet.append([None, CellRichText("rich ", TextBlock(InlineFont(b=True), "text")), None])  # inline
    sheet.cell(row=9, column=2, value=datetime.datetime(2026, 3, 4, 12, 0))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_sheet(data: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            target.writestr(entry.filename, change(content) if entry.filename == SHEET else content)
    return out.getvalue()


@pytest.mark.parametrize("book", [every_kind_by_xlsxwriter, every_kind_by_openpyxl])
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(book):
    data = book()
    expected = openpyxl_rows(data)
    assert len(expected) >= 4  # the workbook is the one meant, not an empty one
    assert expat_rows(data) == expected


def test_the_values_are_the_ones_written():
    rows = dict(expat_rows(every_kind_by_xlsxwriter()))
    assert rows[2] == [12, "  Amira   Khan ", datetime.datetime(2026, 3, 2), "AM", "P"]
    assert rows[3][2] == datetime.datetime(2026, 3, 2)
    assert rows[3][4] is True
    assert rows[5][:4] == [12, "Amira", "#DIV/0!", "AM"]
    assert rows[5][9] == "far to the right"
    assert 7 not in rows
    assert rows[8] == [-3, "=SUM(A1)"]
    assert dict(expat_rows(every_kind_by_openpyxl()))[3] == [None, "rich text"]


def test_an_inline_string_is_its_text_and_runs_never_its_phonetic_guide():
    xml = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Placement</t></is></c>'
        b'<c r="B1" t="inlineStr"><is><r><t>Am</t></r><r><rPr><b/></rPr><t>ira</t></r>'
        b'<rPh sb="0" eb="1"><t>guide</t></rPh></is></c><c t="n"><v>3</v></c></row>'
        b"<row><c><v>4</v></c><c/><c><v>5</v></c></row></sheetData></worksheet>"
    )
    data = with_sheet(every_kind_by_xlsxwriter(), lambda _: xml)
    assert expat_rows(data) == [(1, ["Placement", "Amira", 3]), (2, [4, None, 5])]
    assert expat_rows(data) == openpyxl_rows(data)


def test_a_sheet_declaring_a_document_type_is_refused():
    declared = with_sheet(
        every_kind_by_xlsxwriter(), lambda xml: xml.replace(b"?>", b"?><!DOCTYPE worksheet>", 1)
    )
    with pytest.raises(HostileSheet):
        list(sheet_rows(opened(declared).worksheets[0]))


def test_a_row_numbered_before_one_already_read_refuses_the_sheet_rather_than_vanish():
    xml = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c t="n"><v>1</v></c></row><row r="3"><c t="n"><v>3</v></c></row>'
        b'<row r="2"><c t="n"><v>2</v></c></row></sheetData></worksheet>'
    )
    data = with_sheet(every_kind_by_xlsxwriter(), lambda _: xml)
    assert [values for _number, values in openpyxl_rows(data)] == [[1], [3]]  # openpyxl: the 2 is gone
    with pytest.raises(RowsOutOfOrder, match="row 2 comes after row 3"):
        list(sheet_rows(opened(data).worksheets[0]))


def test_rows_beyond_the_sheets_recorded_size_are_still_read():
    data = with_sheet(every_kind_by_xlsxwriter(), lambda xml: xml.replace(b'ref="A1:J8"', b'ref="A1:F2"'))
    assert len(openpyxl_rows(data)) == 2  # openpyxl stops at the recorded size
    assert [number for number, _values in expat_rows(data)] == [1, 2, 3, 5, 8]


def test_a_row_past_the_columns_wanted_keeps_only_the_first_value_beyond_them():
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Placement reference", "Date"])
    for row in range(1, 4):
        sheet.write_number(row, 0, row)
        sheet.write_string(row, 9, "far")
        sheet.write_string(row, 16_383, "furthest")  # column XFD, the last a sheet has
    sheet.write_number(4, 16_383, 5)
    book.close()
    rows = [(n, v) for n, v in sheet_rows(opened(buffer.getvalue()).worksheets[0], columns=3) if v]
    assert rows == [
        (1, ["Placement reference", "Date"]),
        (2, [1, None, None, "far"]),
        (3, [2, None, None, "far"]),
        (4, [3, None, None, "far"]),
        (5, [None, None, None, 5]),
    ]
