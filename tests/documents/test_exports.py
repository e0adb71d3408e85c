"""Exports are formula-safe, typed, streamed, and cost as much memory at 50,000 rows as at 1,000."""

import csv
import datetime
import io
import os
import tempfile
import tracemalloc
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest

from apcommission.documents import exports
from apcommission.documents.exports import (
    CSV_SEPARATORS,
    FORMULA_TRIGGERS,
    Column,
    csv_response,
    neutralise,
    neutralise_csv,
    xlsx_response,
)

HOSTILE = '=HYPERLINK("http://x")'


@dataclass
class Entry:
    """The shape of an approved-list row."""

    name: str
    urn: int
    ukprn: str
    status: str
    conditions: str
    categories: str
    price: Decimal
    approved_on: datetime.date
    next_review: datetime.date | None
    evidence_complete: bool


COLUMNS = [
    Column("Provider", lambda e: e.name, width=40),
    Column("URN", lambda e: e.urn),
    Column("UKPRN", lambda e: e.ukprn),
    Column("Status", lambda e: e.status),
    Column("Conditions", lambda e: e.conditions, width=60),
    Column("Categories", lambda e: e.categories),
    Column("Price per day", lambda e: e.price, number_format="#,##0.00"),
    Column("Approved on", lambda e: e.approved_on),
    Column("Next review", lambda e: e.next_review),
    Column("Evidence complete", lambda e: e.evidence_complete),
]


def entry(n: int, **changes) -> Entry:
    fields = {
        "name": f"Provider {n} Ltd",
        "urn": 100000 + n,
        "ukprn": f"1{n:07d}",
        "status": "Approved",
        "conditions": f"Review attendance for cohort {n}",
        "categories": "SEMH; Medical",
        "price": Decimal("120.50"),
        "approved_on": datetime.date(2026, 1, 5),
        "next_review": datetime.date(2027, 1, 5),
        "evidence_complete": True,
    }
    return Entry(**(fields | changes))


class OnceRows:
    """Rows made one at a time, as a queryset iterator makes them; a second read fails the test."""

    def __init__(self, count: int):
        self.count, self.read, self.started = count, 0, False

    def __iter__(self):
        assert not self.started, "the rows were read twice"
        self.started = True
        for n in range(self.count):
            self.read += 1
            yield entry(n)


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_sheet(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


# neutralise


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_a_string_starting_with_any_trigger_gains_an_apostrophe(trigger):
    assert neutralise(f"{trigger}1+cmd|' /C calc'!A0") == f"'{trigger}1+cmd|' /C calc'!A0"


@pytest.mark.parametrize("text", ["Demoshire PRU", "", "a = b", "'quoted", "10 - 2"])
def test_a_safe_string_is_unchanged(text):
    assert neutralise(text) == text


@pytest.mark.parametrize(
    "value",
    [
        -5,
        0,
        7,
        -3.5,
        Decimal("-120.50"),
        datetime.date(2026, 5, 1),
        datetime.datetime(2026, 5, 1, 9, 30),
        datetime.time(9, 30),
        True,
        False,
        None,
    ],
)
def test_numbers_dates_booleans_and_none_pass_through(value):
    assert neutralise(value) is value


def test_other_objects_become_strings_and_are_neutralised():
    class Label:
        def __init__(self, text):
            self.text = text

        def __str__(self):
            return self.text

    assert neutralise(Label("-2+3")) == "'-2+3"
    assert neutralise(Label("Approved")) == "Approved"


# CSV


def test_csv_is_a_streamed_uncached_attachment_with_a_plain_filename():
    response = csv_response(filename='Demoshire "approved"/list é.csv', columns=COLUMNS, rows=[entry(1)])

    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="Demoshire-approved-list-e.csv"'
    assert response["Cache-Control"] == "no-store, private"


def test_csv_has_a_bom_headings_and_formatted_cells():
    rows = [entry(1, conditions=HOSTILE, name="-Provider", next_review=None, evidence_complete=False)]

    header, row = csv_rows(csv_response(filename="list", columns=COLUMNS, rows=rows))

    assert header == [column.heading for column in COLUMNS]
    assert row == [
        "'-Provider",
        "100001",
        "10000001",
        "Approved",
        f"'{HOSTILE}",
        "SEMH; Medical",
        "120.50",
        "2026-01-05",
        "",
        "No",
    ]


def test_csv_shows_aware_datetimes_in_local_time_and_decimals_as_plain_digits():
    columns = [Column("When", lambda r: r[0]), Column("Amount", lambda r: r[1])]
    rows = [(datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC), Decimal("1E+3"))]

    assert csv_rows(csv_response(filename="x", columns=columns, rows=rows))[1] == [
        "2026-06-01 13:00:00",
        "1000",
    ]


def test_csv_reads_rows_only_as_it_sends_them():
    rows = OnceRows(5_000)
    response = csv_response(filename="list", columns=COLUMNS, rows=rows)
    assert rows.read == 0

    next(iter(response.streaming_content))

    assert 0 < rows.read < 5_000


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")


@pytest.mark.parametrize("separator", CSV_SEPARATORS)
@pytest.mark.parametrize("start", ["=", "+", "-", "@", " =", "\t@", "  -"])
def test_a_formula_start_after_any_separator_gains_an_apostrophe(separator, start):
    text = f"Notes{separator}{start}HYPERLINK(1)"

    assert neutralise_csv(text) == f"Notes{separator}{start[:-1]}'{start[-1]}HYPERLINK(1)"


@pytest.mark.parametrize(
    "text", ["SEMH; Medical", "Smith-Jones, Brown", "10 - 2", "a = b", "KS3;KS4", "x;'=y", "a;b=c"]
)
def test_text_with_separators_but_no_formula_after_them_is_unchanged(text):
    assert neutralise_csv(text) == text


HOSTILE_CELLS = [
    'Insurance; =HYPERLINK("http://x")',
    "Staff checks,+1+cmd|' /C calc'!A0",
    "DSL training\t@SUM(1)",
    "Line one\n-2+3",
    "Line one\r\n=1+1",
    "Notes;  =1+1",
]


@pytest.mark.parametrize("split_on", [",", ";", "\t", "lines"])
def test_a_spreadsheet_splitting_on_any_separator_finds_no_formula(split_on):
    columns = [Column("Provider", lambda r: r), Column("Note", lambda r: "-" + r)]

    text = csv_text(csv_response(filename="x", columns=columns, rows=HOSTILE_CELLS))

    pieces = text.splitlines() if split_on == "lines" else text.replace("\r\n", split_on).split(split_on)
    starts = [piece.strip(' "') for piece in pieces]
    assert [piece for piece in starts if piece.startswith(("=", "+", "-", "@"))] == []


def test_csv_quotes_cells_holding_a_separator_or_a_quote_and_reads_back_whole():
    cells = ["SEMH; Medical", "KS3\tKS4", 'The "Forge"', "a, b", "Line one\nLine two", "Plain"]
    columns = [Column(f"C{n}", lambda r, n=n: r[n]) for n in range(len(cells))]

    text = csv_text(csv_response(filename="x", columns=columns, rows=[cells]))

    assert text.splitlines()[1].startswith('"SEMH; Medical","KS3\tKS4","The ""Forge""","a, b","Line one')
    assert text.endswith(",Plain\r\n")
    for delimiter in (",", ";"):
        row = list(csv.reader(io.StringIO(text), delimiter=delimiter))[1]
        assert ("SEMH; Medical" in row) == (delimiter == ",")
    assert list(csv.reader(io.StringIO(text)))[1] == cells


def test_a_row_of_one_empty_cell_is_kept():
    text = csv_text(csv_response(filename="x", columns=[Column("Note", lambda r: r)], rows=["", "b"]))

    assert list(csv.reader(io.StringIO(text))) == [["Note"], [""], ["b"]]


# XLSX


def test_xlsx_is_an_uncached_attachment_with_a_plain_filename():
    response = xlsx_response(
        filename="Approved list 2026.XLSX", sheet_title="Approved", columns=COLUMNS, rows=[entry(1)]
    )

    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="Approved-list-2026.xlsx"'
    assert response["Cache-Control"] == "no-store, private"
    response.close()


def test_xlsx_has_a_bold_frozen_header_and_typed_cells():
    rows = [entry(1, conditions=HOSTILE, next_review=None)]

    sheet = xlsx_sheet(
        xlsx_response(
            filename="list", sheet_title="Approved list: Demoshire [2026/27]", columns=COLUMNS, rows=rows
        )
    )

    header, row = sheet.iter_rows(max_row=2)
    assert [cell.value for cell in header] == [column.heading for column in COLUMNS]
    assert all(cell.font.bold for cell in header)
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == pytest.approx(40, abs=1)
    assert sheet.title == "Approved list- Demoshire -2026-"
    assert [cell.value for cell in row] == [
        "Provider 1 Ltd",
        100001,
        "10000001",
        "Approved",
        HOSTILE,
        "SEMH; Medical",
        120.5,
        datetime.datetime(2026, 1, 5),
        None,
        "Yes",
    ]
    urn, conditions, price, approved_on = row[1], row[4], row[6], row[7]
    assert (conditions.data_type, conditions.quotePrefix) == ("s", True)
    assert row[0].quotePrefix is False
    assert urn.data_type == price.data_type == "n"
    assert price.number_format == "#,##0.00"
    assert approved_on.is_date
    assert approved_on.number_format == "yyyy-mm-dd"


def test_xlsx_writes_hostile_strings_as_quote_prefixed_text_never_as_formulas():
    """As Excel stores text typed after an apostrophe: the cell shows the text as written (no stray
    apostrophe) and stays text when edited."""
    columns = [Column(f"Column {i}", lambda r, i=i: r[i]) for i in range(len(FORMULA_TRIGGERS))]
    rows = [[f"{trigger}SUM(1,2)" for trigger in FORMULA_TRIGGERS]]

    sheet = xlsx_sheet(xlsx_response(filename="x", sheet_title="x", columns=columns, rows=rows))

    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    written = cells[len(columns) :]
    # The writer escapes a carriage return as Excel's "_x000D_", which Excel reads back (openpyxl does not).
    assert [c.value.replace("_x000D_", "\r") for c in written] == rows[0]
    assert [(c.data_type, c.quotePrefix) for c in written] == [("s", True)] * len(columns)


def test_an_xlsx_heading_a_spreadsheet_would_run_is_quote_prefixed_and_bold():
    columns = [Column("=Total", lambda r: r), Column("Name", lambda r: r)]

    sheet = xlsx_sheet(xlsx_response(filename="x", sheet_title="x", columns=columns, rows=["a"]))

    total, name = sheet[1]
    assert (total.value, total.data_type, total.quotePrefix, total.font.bold) == ("=Total", "s", True, True)
    assert (name.value, name.quotePrefix, name.font.bold) == ("Name", False, True)


def test_xlsx_shows_aware_datetimes_in_local_time():
    columns = [Column("When", lambda r: r)]
    rows = [datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)]

    sheet = xlsx_sheet(xlsx_response(filename="x", sheet_title="x", columns=columns, rows=rows))

    assert sheet["A2"].value == datetime.datetime(2026, 6, 1, 13, 0)


def test_xlsx_file_has_no_name_on_disk_and_is_closed_with_the_response(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    response = xlsx_response(filename="x", sheet_title="x", columns=COLUMNS, rows=OnceRows(100))
    workbook_file = response.file_to_stream

    assert list(tmp_path.iterdir()) == []
    assert os.fstat(workbook_file.fileno()).st_nlink == 0
    b"".join(response.streaming_content)
    response.close()
    assert workbook_file.closed


def test_xlsx_leaves_no_files_behind_when_a_row_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def failing_rows():
        yield from (entry(n) for n in range(100))
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError, match="database went away"):
        xlsx_response(filename="x", sheet_title="x", columns=COLUMNS, rows=failing_rows())
    assert list(tmp_path.iterdir()) == []


def test_xlsx_refuses_more_rows_than_a_sheet_holds(monkeypatch):
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 3)
    xlsx_response(filename="x", sheet_title="x", columns=COLUMNS, rows=OnceRows(2)).close()

    with pytest.raises(exports.ExportTooLarge):
        xlsx_response(filename="x", sheet_title="x", columns=COLUMNS, rows=OnceRows(3))


# Memory


def build_csv(rows):
    return csv_response(filename="list", columns=COLUMNS, rows=rows)


def build_xlsx(rows):
    # A distinct string in every row (what a shared-strings table or a list of rows would keep) and a
    # date; the other columns would only make 50,000 rows slow under tracemalloc.
    return xlsx_response(filename="list", sheet_title="Approved", columns=[COLUMNS[0], COLUMNS[7]], rows=rows)


def peak_memory(build, count: int) -> int:
    """Bytes allocated at the peak of building and sending an export of `count` rows."""
    rows = OnceRows(count)
    tracemalloc.start()
    try:
        response = build(rows)
        for _chunk in response.streaming_content:
            pass
        response.close()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert rows.read == count
    return peak


@pytest.mark.parametrize("build", [build_csv, build_xlsx], ids=["csv", "xlsx"])
def test_a_large_export_needs_no_more_memory_than_a_small_one(build):
    peak_memory(build, 10)  # first use loads modules and caches that belong to neither size

    small, large = peak_memory(build, 1_000), peak_memory(build, 50_000)

    assert large < 2 * small + 256 * 1024, f"{small=:,} {large=:,}"
