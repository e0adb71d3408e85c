"""CSV and XLSX downloads that are safe to open in a spreadsheet and cost the same memory at any size.

What every export here guarantees:

- A text cell that a spreadsheet could run as a formula (one starting ``= + - @``, a tab or a carriage
  return) is neutralised (SECURITY.md promise 7). In a CSV, which has no types, it gains a leading
  apostrophe. In an XLSX, text is always stored as a string cell, never as a formula, and such a cell is
  also marked "quote prefix" (what Excel does when someone types an apostrophe first): it shows the text
  as written, with no stray apostrophe, and stays text when edited.
- In a CSV, whatever follows a separator inside a cell (``,`` ``;`` a tab or a line break) is treated as
  the start of a cell too, because a spreadsheet that splits on ``;`` or tabs, or reads line by line,
  makes it one; and a cell holding any separator or a quote is quoted.
- Rows are read once, one at a time, from any iterable; pass ``queryset.iterator(chunk_size=...)`` and a
  list of 100,000 rows needs no more memory than a list of 100.
- The response is an attachment with a plain ASCII filename and is never cached.

Callers still record the access event for pupil data (promise 10): this module does not know who asked.
"""

import datetime
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATORS = (",", ";", "\t", "\r", "\n")
# A separator, any spaces a spreadsheet may trim, then the start of a formula: an apostrophe goes before it.
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t\r\n]\s*)(?=[=+\-@])")
_CSV_NEEDS_QUOTES = re.compile(r'[,;"\t\r\n]')
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_MAX_ROWS = 1_048_576  # Excel's own limit, header row included
_PASS_THROUGH = (bool, int, float, Decimal, datetime.date, datetime.time)  # datetime is a date
_CSV_CHUNK_CHARS = 64 * 1024  # one row per chunk would mean one socket write per row


class ExportTooLarge(ValueError):
    """More rows than a spreadsheet can hold: refused rather than silently cut short."""


def neutralise(value):
    """Return ``value`` as it may safely appear in a spreadsheet cell.

    Numbers, dates, times, booleans and None come back unchanged (so -5 stays a number). A string that
    starts with one of ``FORMULA_TRIGGERS`` gains a leading apostrophe, as OWASP advises against CSV
    injection; any other object is turned into a string first, then treated the same way.
    """
    if value is None or isinstance(value, _PASS_THROUGH):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def neutralise_csv(value):
    """``neutralise(value)``, and for text an apostrophe before a formula start after any separator, so
    "Notes; =HYPERLINK(...)" cannot become a cell "=HYPERLINK(...)" in a spreadsheet splitting on ``;``."""
    value = neutralise(value)
    return _FORMULA_AFTER_SEPARATOR.sub(r"\1'", value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Column:
    """One column of an export: its heading and how to get its cell from a row object."""

    heading: str
    value: Callable[[Any], Any]  # row -> str, int, Decimal, float, date, datetime, bool or None
    width: int | None = None  # XLSX width in characters; the heading's length when not given
    number_format: str | None = None  # XLSX format for numbers in this column, e.g. "#,##0.00"


def csv_response(*, filename: str, columns: list[Column], rows: Iterable) -> StreamingHttpResponse:
    """Stream ``rows`` as a UTF-8 CSV (with a byte-order mark, so Excel reads it as UTF-8).

    Rows are read only while the response is being sent. Dates are ISO (YYYY-MM-DD), aware datetimes are
    shown in local time, Decimals as plain digits, booleans as Yes/No and None as an empty cell.
    """
    response = StreamingHttpResponse(_csv_chunks(columns, rows), content_type="text/csv; charset=utf-8")
    return _as_download(response, _ascii_filename(filename, ".csv"))


def xlsx_response(*, filename: str, sheet_title: str, columns: list[Column], rows: Iterable) -> FileResponse:
    """Write ``rows`` to a one-sheet workbook on disk, then stream that file back.

    The header row is bold and frozen; numbers are numbers and dates are dates. The workbook is built
    in a file with no name on disk, deleted when the response is closed (or the process dies), and the
    writer's own scratch files are removed before this returns, even if reading a row fails.
    """
    output = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it
    try:
        with tempfile.TemporaryDirectory(prefix="export-") as scratch:
            _write_workbook(output, scratch, sheet_title, columns, rows)
    except BaseException:
        output.close()
        raise
    output.seek(0)
    response = FileResponse(output, content_type=XLSX_CONTENT_TYPE)
    return _as_download(response, _ascii_filename(filename, ".xlsx"))


def _csv_line(cells: list[str]) -> str:
    """One CSV line (RFC 4180). A cell holding any of CSV_SEPARATORS or a quote is quoted: ``csv`` would
    quote only for its own delimiter and leave ``;`` and tabs bare."""
    quoted = [
        '"' + cell.replace('"', '""') + '"' if _CSV_NEEDS_QUOTES.search(cell) else cell for cell in cells
    ]
    # A line holding one empty cell would be a blank line, which readers skip.
    return (",".join(quoted) if quoted != [""] else '""') + "\r\n"


def _csv_chunks(columns: list[Column], rows: Iterable) -> Iterator[str]:
    chunk = ["\ufeff", _csv_line([neutralise_csv(column.heading) for column in columns])]
    size = 0
    for row in rows:
        line = _csv_line([_csv_text(column.value(row)) for column in columns])
        chunk.append(line)
        size += len(line)
        if size >= _CSV_CHUNK_CHARS:
            yield "".join(chunk)
            chunk, size = [], 0
    yield "".join(chunk)


def _csv_text(value) -> str:
    value = neutralise_csv(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return _local(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")  # 1E+3 would be read as text; 1000 is a number
    return str(value)


def _write_workbook(output, scratch: str, sheet_title: str, columns: list[Column], rows: Iterable) -> None:
    workbook = xlsxwriter.Workbook(
        output,
        {
            # Keeps one row in memory and writes strings inline, so there is no shared-strings table to
            # grow with the export; rows wait in named files in `scratch`, which the caller removes.
            "constant_memory": True,
            "tmpdir": scratch,
            # Text is written with write_string anyway; these make sure no string ever becomes a
            # formula, a link or a number whatever method a later change uses.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = workbook.add_worksheet(_sheet_title(sheet_title))
    bold = workbook.add_format({"bold": True})
    quoted = {False: None, True: workbook.add_format({"quote_prefix": True})}
    quoted_bold = {False: bold, True: workbook.add_format({"bold": True, "quote_prefix": True})}
    dates = {
        datetime.datetime: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        datetime.date: workbook.add_format({"num_format": "yyyy-mm-dd"}),
        datetime.time: workbook.add_format({"num_format": "hh:mm"}),
    }
    numbers = [
        workbook.add_format({"num_format": c.number_format}) if c.number_format else None for c in columns
    ]
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width or max(10, len(column.heading) + 2))
        sheet.write_string(0, index, column.heading, quoted_bold[_runs(column.heading)])
    sheet.freeze_panes(1, 0)

    for row_number, row in enumerate(rows, start=1):
        if row_number >= XLSX_MAX_ROWS:
            raise ExportTooLarge(f"an XLSX sheet holds at most {XLSX_MAX_ROWS - 1:,} rows")
        for index, column in enumerate(columns):
            value = column.value(row)
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_string(row_number, index, "Yes" if value else "No")
            elif isinstance(value, datetime.datetime):
                sheet.write_datetime(row_number, index, _local(value), dates[datetime.datetime])
            elif isinstance(value, datetime.date | datetime.time):
                sheet.write_datetime(row_number, index, value, dates[type(value)])
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(row_number, index, float(value), numbers[index])
            else:
                text = value if isinstance(value, str) else str(value)
                sheet.write_string(row_number, index, text, quoted[_runs(text)])
    workbook.close()


def _runs(text: str) -> bool:
    """Whether a spreadsheet could run `text` as a formula: in an XLSX it is written as quote-prefixed
    text instead of gaining an apostrophe."""
    return text.startswith(FORMULA_TRIGGERS)


def _local(value: datetime.datetime) -> datetime.datetime:
    # Spreadsheets have no time zones: show the wall-clock time the pages show.
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _ascii_filename(filename: str, extension: str) -> str:
    """Letters, digits, dot, dash and underscore only: nothing to quote, escape or traverse."""
    name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    if name.lower().endswith(extension):
        name = name[: -len(extension)]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-_")
    return f"{name or 'export'}{extension}"


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in sheet names, and names longer than 31 characters.
    title = re.sub(r"[\[\]:*?/\\]", "-", title).strip("' ")[:31].strip("' ")
    return title or "Sheet1"


def _as_download(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store, private"
    return response
