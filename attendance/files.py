"""Attendance in a file: reading an uploaded CSV or Excel workbook into marks, and the template a
provider fills in.

A file is read whole before anything is recorded: one that cannot be read at all (not UTF-8, not a
workbook, damaged, hostile, too large, too long, or without the expected headings) is refused with one
message (`FileRefused`); otherwise every row that cannot be understood is a problem of its own, by the
row number the spreadsheet shows (the headings are row 1), and the rows that can are checked by
`attendance.services` as any other batch. Nothing is written while any problem remains.

Columns (in any order, headings in any case): Placement reference, Pupil, Date, Session, Mark, Comment.
The pupil is the name the school shared, for the person filling the file in: it is never matched.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from apcommission.documents import uploads
from attendance.codes import SHORT_CODES, mark_from_words
from attendance.services import MarkRow, Problem
from attendance.sheet import RowsOutOfOrder, sheet_rows

HEADINGS = ("Placement reference", "Pupil", "Date", "Session", "Mark", "Comment")
REQUIRED = ("placement reference", "date", "session", "mark")
SESSIONS = {"am": "am", "pm": "pm", "morning": "am", "afternoon": "pm"}
_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_EXCEL_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?$")

WRONG_TYPE = uploads.XLSX_WRONG_TYPE
NOT_UTF8 = (
    "The selected file must be saved as \u201cCSV UTF-8\u201d: it has characters that are not UTF-8. In "
    "Excel, choose Save As, then \u201cCSV UTF-8 (Comma delimited)\u201d"
)
NO_ROWS = "The selected file has no marks in it: add a row for each session under the headings"
UNREADABLE = "The selected file could not be read: it may be damaged. Save it again and upload it"


class FileRefused(ValidationError):
    """The file as a whole cannot be read: one message, nothing recorded."""


@dataclass
class ParsedFile:
    rows: list[MarkRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # placement reference -> the pupil column's name


def max_bytes() -> int:
    return settings.ATTENDANCE_FILE_MAX_BYTES


def max_rows() -> int:
    return settings.ATTENDANCE_FILE_MAX_ROWS


def read_file(upload: UploadedFile) -> ParsedFile:
    """The marks in an uploaded CSV or .xlsx file (a Django UploadedFile), with every row's problem.
    Raises FileRefused when the file as a whole cannot be read."""
    extension = uploads.extension_of(upload.name or "")
    if extension == "csv":
        return parse_table(_csv_rows(upload))
    if extension == "xlsx":
        return parse_table(_xlsx_rows(upload))
    raise FileRefused(WRONG_TYPE, code="type")


def _csv_rows(upload) -> list[tuple[int, list]]:
    data = upload.read(max_bytes() + 1)
    if not data:
        raise FileRefused(uploads.EMPTY, code="empty")
    if len(data) > max_bytes():
        raise FileRefused(uploads.too_large_message(max_bytes()), code="size")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(NOT_UTF8, code="encoding") from None
    if "\0" in text:
        raise FileRefused(NOT_UTF8, code="encoding")
    try:
        lines = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        raise FileRefused(UNREADABLE, code="damaged") from None
    return _bounded(enumerate(lines, start=1))


def _xlsx_rows(upload) -> list[tuple[int, list]]:
    import openpyxl  # only here: reading a workbook is this one page's business

    try:
        uploads.check_xlsx(upload, max_bytes=max_bytes())
    except ValidationError as refused:
        raise FileRefused(refused.messages[0], code=refused.code) from None
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True, keep_links=False)
    except Exception:
        raise FileRefused(UNREADABLE, code="damaged") from None
    try:
        # Past the headings' columns, a row only needs to show that it goes on (a heading there refuses
        # the file); the values there are never read.
        return _bounded(sheet_rows(workbook.worksheets[0], columns=len(HEADINGS)))
    except FileRefused:
        raise
    except RowsOutOfOrder as disordered:
        raise FileRefused(
            f"Row {disordered.number} of the workbook comes after row {disordered.after}, so it cannot be "
            "read in order: open the file in Excel and save it again, or send it as CSV",
            code="damaged",
        ) from None
    except Exception:
        raise FileRefused(UNREADABLE, code="damaged") from None
    finally:
        workbook.close()


def _bounded(numbered) -> list[tuple[int, list]]:
    """The rows with something in them, refusing a file with more than max_rows() below the headings
    (counted as they are read, so a file claiming a million rows is not read to the end)."""
    kept = []
    for number, cells in numbered:
        cells = list(cells)
        if not any(_text(cell) for cell in cells):
            continue
        kept.append((number, cells))
        if len(kept) > max_rows() + 1:
            raise FileRefused(
                f"The selected file must have at most {max_rows():,} rows of marks: split it into "
                "smaller files, a week or a month each",
                code="rows",
            )
    return kept


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def parse_table(numbered: list[tuple[int, list]]) -> ParsedFile:
    """Rows (row number, cells) with the headings first, into marks and problems."""
    if not numbered:
        raise FileRefused(uploads.EMPTY, code="empty")
    (_heading_row, headings), *body = numbered
    columns = _columns(headings)
    if not body:
        raise FileRefused(NO_ROWS, code="no_rows")
    # Each cell is read by its column's place, and only the columns the row needs: a file of 10,000
    # marks spent a third of its reading in building two dictionaries a row.
    width = len(columns)
    reference_at, date_at, session_at, mark_at = (columns[name] for name in REQUIRED)
    pupil_at, comment_at = columns.get("pupil"), columns.get("comment")
    dates: dict[str, tuple[datetime.date | None, str | None]] = {}  # a file has a few dates, many times
    parsed = ParsedFile()
    for number, cells in body:
        if len(cells) < width:
            cells = [*cells, *[None] * (width - len(cells))]
        problems = []
        reference = _text(cells[reference_at]).lstrip("'")
        if not reference:
            problems.append("the placement reference is missing")
        on = _date(cells[date_at], problems, dates)
        session_text = _text(cells[session_at])
        session = SESSIONS.get(session_text.casefold())
        if session is None:
            problems.append(
                f'the session "{session_text[:20]}" must be AM or PM'
                if session_text
                else "the session is missing: write AM or PM"
            )
        mark_text = _text(cells[mark_at])
        mark = mark_from_words(mark_text)
        if mark is None:
            codes = ", ".join(list(SHORT_CODES)[:-1]) + f" or {list(SHORT_CODES)[-1]}"
            problems.append(
                f'"{mark_text[:40]}" is not a mark: use {codes}, or the words in the template'
                if mark_text
                else f"the mark is missing: use {codes}, or the words in the template"
            )
        if pupil_at is not None and (name := _text(cells[pupil_at])):
            parsed.names.setdefault(reference, name[:100])
        if problems:
            parsed.problems += [Problem(number, problem) for problem in problems]
            continue
        comment = _text(cells[comment_at]) if comment_at is not None else ""
        parsed.rows.append(MarkRow(number, reference, on, session, mark, comment))
    return parsed


def _columns(headings: list) -> dict[str, int]:
    names = [_text(heading).casefold() for heading in headings]
    known = {heading.casefold() for heading in HEADINGS}
    while names and not names[-1]:
        names.pop()
    if set(REQUIRED) - set(names) or set(names) - known or len(set(names)) != len(names):
        raise FileRefused(
            "The first row of the file must be the headings "
            + ", ".join(HEADINGS)
            + ". Download the template to start from one that has them",
            code="headings",
        )
    return {name: index for index, name in enumerate(names)}


def _date(raw, problems: list[str], known: dict) -> datetime.date | None:
    """The date in a cell: a workbook's date, or text read day first (or as YYYY-MM-DD). `known` keeps
    what each text read as, its problem included."""
    if isinstance(raw, datetime.datetime):
        if raw.time() == datetime.time(0):
            return raw.date()
    elif isinstance(raw, datetime.date):
        return raw
    text = _text(raw)
    if text not in known:
        known[text] = _date_from_text(text)
    on, problem = known[text]
    if problem:
        problems.append(problem)
    return on


def _date_from_text(text: str) -> tuple[datetime.date | None, str | None]:
    if not text:
        return None, "the date is missing: write it as DD/MM/YYYY"
    text = _EXCEL_TIME.sub(r"\1", text)
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        return None, f'"{text[:20]}" is not a date: write it as DD/MM/YYYY, for example 3/3/2027'
    try:
        return datetime.date(year, month, day), None
    except ValueError:
        return None, f'"{text[:20]}" is not a real date'
