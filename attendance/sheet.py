"""The rows of a workbook's worksheet, read with expat straight from the sheet's XML.

openpyxl opens the workbook (after `apcommission.documents.uploads.check_xlsx` has checked it) and reads
its small parts: the workbook, the styles (which cells are dates) and the shared strings. Its reader then
builds an ElementTree element for every cell of the sheet, which is three quarters of the time a file of
10,000 marks takes; here each cell is a few expat callbacks instead. The values are those openpyxl's
`iter_rows(values_only=True)` gives with `data_only=True` (a formula's cached result, never its text):
`tests/attendance/test_sheet.py` compares the two on a workbook with every kind of cell.

Unlike openpyxl, a row below the sheet's recorded size (its `dimension`) is still read, and a row with
values numbered at or below one already read (which openpyxl leaves out) refuses the sheet: a file
written by a program that numbers its rows wrongly must not lose marks without a word.

Hostile XML: a sheet with a document type declaration is refused (an Excel sheet never has one), so no
entity is ever defined, let alone expanded; the ZIP's sizes were checked before.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.xml.constants import SHEET_MAIN_NS

_CHUNK = 64 * 1024
_ROW, _CELL, _VALUE = (f"{SHEET_MAIN_NS} {name}" for name in ("row", "c", "v"))
_INLINE, _RUN, _TEXT = (f"{SHEET_MAIN_NS} {name}" for name in ("is", "r", "t"))


class HostileSheet(ValueError):
    """The sheet's XML declares a document type or entities."""


class RowsOutOfOrder(ValueError):
    """A row with values is numbered at or below a row already read: reading on would lose it."""

    def __init__(self, number: int, after: int):
        self.number, self.after = number, after
        super().__init__(f"row {number} comes after row {after}")


def _refuse(*_args) -> None:
    raise HostileSheet("a worksheet must not declare a document type or entities")


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)
        if not number.is_integer():
            raise ValueError(f"{text} is not a valid row number") from None
        return int(number)


def _column(coordinate: str) -> int:
    letters = coordinate.rstrip("0123456789")
    return column_index_from_string(letters)


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


class _Reader:
    """expat's handlers for one sheet: completed rows collect in `rows` as (row number, values)."""

    def __init__(self, sheet, columns: int | None):
        workbook = sheet.parent
        self.columns = columns
        self.shared_strings = sheet._shared_strings
        self.date_formats = workbook._date_formats
        self.timedelta_formats = workbook._timedelta_formats
        self.epoch = workbook.epoch
        self.rows: list[tuple[int, list]] = []
        self.row_number = 0
        self.last_number = 0
        self.cells: dict[int, object] = {}
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.text: list[str] | None = None  # collecting a <v>, or an inline string's <t>
        self.value_text: str | None = None
        self.in_inline = False
        self.inline: list[str] | None = None  # the cell's inline string's pieces, once it has one
        self.path: list[str] = []  # the elements open inside the inline string

    def start(self, name: str, attributes: dict) -> None:
        if self.in_inline:
            self.path.append(name)
            # An inline string's text is its own <t> and its runs' (<r><t>), never the phonetic guide's.
            if name == _TEXT and self.path in ([_TEXT], [_RUN, _TEXT]):
                self.text = []
        elif name == _CELL:
            self.kind = attributes.get("t", "n")
            style = attributes.get("s")
            self.style = int(style) if style else 0
            coordinate = attributes.get("r")
            self.column = _column(coordinate) if coordinate else self.column + 1
            self.value_text = self.inline = None
        elif name == _VALUE:
            self.text = []
        elif name == _INLINE:
            self.in_inline, self.inline, self.path = True, [], []
        elif name == _ROW:
            number = attributes.get("r")
            self.row_number = _row_number(number) if number else self.row_number + 1
            self.cells, self.column = {}, 0

    def characters(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def end(self, name: str) -> None:
        if self.in_inline and self.path:
            if self.text is not None and name == _TEXT:
                self.inline.append("".join(self.text))
                self.text = None
            self.path.pop()
        elif self.in_inline:  # </is>
            self.in_inline = False
        elif name == _VALUE:
            self.value_text = "".join(self.text or ())
            self.text = None
        elif name == _CELL:
            value = self._value()
            if value is not None and (self.columns is None or self.column <= self.columns):
                self.cells[self.column] = value
            elif value is not None:  # the first value right of the columns wanted, just past them
                self.cells.setdefault(self.columns + 1, value)
        elif name == _ROW:
            if self.row_number <= self.last_number:
                if self.cells:
                    raise RowsOutOfOrder(self.row_number, self.last_number)
                return
            self.last_number = self.row_number
            values = [None] * max(self.cells, default=0)
            for column, value in self.cells.items():
                values[column - 1] = value
            self.rows.append((self.row_number, values))

    def _value(self):
        """The cell's value as openpyxl's WorkSheetParser.parse_cell makes it with data_only."""
        kind, text = self.kind, self.value_text
        if kind == "inlineStr":
            return "".join(self.inline) if self.inline is not None else None
        if not text:
            return None
        if kind == "n":
            number = _number(text)
            if self.style in self.date_formats:
                try:
                    return from_excel(number, self.epoch, timedelta=self.style in self.timedelta_formats)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.shared_strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            return from_ISO8601(text)
        return text  # "str" (a formula's text result), "e" (an error such as #N/A)


def sheet_rows(sheet, *, columns: int | None = None) -> Iterator[tuple[int, list]]:
    """(row number, values) for each row of `sheet`, a worksheet of a workbook opened with
    `read_only=True, data_only=True`, as the sheet is read: values by column from A, None where empty.
    With `columns`, a row holds at most that many, and then the first value further right, if any, in
    the column after them: a caller still sees the row goes on, but a sheet of a few kilobytes whose
    every row has a cell in column XFD is not made into 16,384 values a row (gigabytes at 20,000 rows).
    Raises HostileSheet, RowsOutOfOrder, expat.ExpatError, or another exception for a damaged sheet."""
    reader = _Reader(sheet, columns)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.characters
    with sheet._get_source() as source:
        while chunk := source.read(_CHUNK):
            parser.Parse(chunk, False)
            yield from reader.rows
            reader.rows.clear()
        parser.Parse(b"", True)
    yield from reader.rows
