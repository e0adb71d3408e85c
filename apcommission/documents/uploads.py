"""Checking an uploaded evidence document before anything is written (SECURITY.md promise 6).

`check_document` accepts a file only when its name and its content agree that it is a PDF, a Word
document (.docx), a PNG or a JPEG, and refuses, with one plain-English message in the GOV.UK style, anything
empty, too large, damaged, password protected, macro-enabled or built to hurt whoever checks or opens it:
zip bombs (including ZIPs whose headers understate what their entries expand to), ZIP entries with
absolute or `..` paths, XML parts declaring a DTD or entities (billion laughs, external entities) or
written in an encoding other than UTF-8 or UTF-16 (in which a DTD could hide from the byte checks), images
whose declared size would need gigabytes to decode. No file is extracted or written while checking, and
no XML is parsed: a Word document's entries are inflated in memory-bounded chunks and read as bytes.
"""

import codecs
import html
import re
import struct
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG = "image/png"
JPEG = "image/jpeg"
CONTENT_TYPES = frozenset({PDF, DOCX, PNG, JPEG})
# The extension a name may end with -> the extension we keep and the content type it must have.
ACCEPTED_EXTENSIONS = {
    "pdf": ("pdf", PDF),
    "docx": ("docx", DOCX),
    "png": ("png", PNG),
    "jpg": ("jpg", JPEG),
    "jpeg": ("jpg", JPEG),
}

WRONG_TYPE = "The selected file must be a PDF, Word document (.docx), PNG or JPEG"
EMPTY = "The selected file is empty"
DAMAGED = "The selected file could not be opened: it may be damaged or contain too much compressed data"
PASSWORD_PROTECTED = "The selected file is password protected"
MACROS = "The selected file must be a Word document without macros (.docx)"

MAX_FILENAME_LENGTH = 100
MAX_IMAGE_PIXELS = 50_000_000
# A Word document is a ZIP. Real ones have tens of entries, a few MB inside and compress about 10:1.
DOCX_MAX_ENTRIES = 1000
DOCX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
DOCX_MAX_RATIO = 100
DOCX_CONTENT_TYPES_MAX_BYTES = 1024 * 1024

_CHUNK = 64 * 1024
_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
_PDF_TRAILER_WINDOW = 1024  # readers look for %%EOF this close to the end
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"
_ZIP_SIGNATURE = b"PK\x03\x04"
_ZIP_CENTRAL_RECORD = b"PK\x01\x02"
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# A password-protected Word document is not a ZIP but an OLE container holding this stream.
_OLE_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_ZIP_ENCRYPTED_FLAGS = 0x0001 | 0x0040  # traditional and strong encryption
_ZIP_LOCAL_HEADER = struct.Struct(zipfile.structFileHeader)
_ZIP_UTF8_NAME_FLAG = 0x800
# A DTD is how an XML bomb or an external entity gets in, and OOXML allows none. Every entry is searched
# for these markers in the byte forms of UTF-8 and UTF-16 (in lower case: the bytes are lowered)...
_DTD_MARKERS = tuple(
    marker.encode(encoding)
    for marker in ("<!doctype", "<!entity")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_DTD_MARKER_LENGTH = max(len(marker) for marker in _DTD_MARKERS)
# ...so an XML part must be in one of those encodings, as its first bytes show: the UTF-8 or a UTF-16
# byte-order mark, else `<` in ASCII or in UTF-16. Anything else (UTF-32, EBCDIC, UTF-7...) is refused
# rather than guessed at: it could spell a DTD in bytes the markers do not match.
_BYTE_ORDER_MARKS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_BARE_STARTS = ((b"<\0", "utf-16-le"), (b"\0<", "utf-16-be"), (b"<", "utf-8"))  # the longest first
_XML_START_BYTES = 512  # an XML declaration, where a part may name its encoding, must end within these
_XML_SPACE = "[ \t\r\n]"
_XML_DECLARATION_START = re.compile(f"<\\?xml{_XML_SPACE}")
_XML_DECLARATION = re.compile(
    rf"""<\?xml{_XML_SPACE}+version{_XML_SPACE}*={_XML_SPACE}*(?P<q1>["'])1\.[0-9]+(?P=q1)"""
    rf"""(?:{_XML_SPACE}+encoding{_XML_SPACE}*={_XML_SPACE}*(?P<q2>["'])(?P<encoding>[A-Za-z][\w.-]*)(?P=q2))?"""
    rf"""(?:{_XML_SPACE}+standalone{_XML_SPACE}*={_XML_SPACE}*(?P<q3>["'])(?:yes|no)(?P=q3))?{_XML_SPACE}*\?>""",
    re.ASCII,
)
# The encoding a part may declare, given the encoding its first bytes are in.
_DECLARABLE_ENCODINGS = {
    "utf-8": frozenset({"utf-8", "utf8"}),
    "utf-16-le": frozenset({"utf-16", "utf-16le"}),
    "utf-16-be": frozenset({"utf-16", "utf-16be"}),
}
# [Content_Types].xml maps parts to content types, by name (Override) or by extension (Default).
_CONTENT_TYPE_RULE = re.compile(r"<(?:[\w.-]+:)?(Default|Override)\b([^>]*)>")
_XML_EXTENSIONS = frozenset({"xml", "rels"})  # parsed as XML by their name alone, whatever the rules say
_ATTRIBUTE = re.compile(r"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_WORD_MACRO_MARKERS = ("application/vnd.ms-word.document.macroenabled", "application/vnd.ms-office.vba")
_SAFE_PUNCTUATION = frozenset("-_.()")


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str  # one of CONTENT_TYPES, decided by the content agreeing with the name
    extension: str  # "pdf", "docx", "png" or "jpg" (for .jpeg too)
    size: int  # bytes, counted
    original_name: str  # the uploaded name through safe_filename, for display and download only


def check_document(upload, *, max_bytes: int | None = None) -> CheckedDocument:
    """Reads the whole upload (a Django UploadedFile) and raises django.core.exceptions.ValidationError
    with one plain-English message if it is not a PDF, Word (.docx) document, PNG or JPEG image by BOTH
    extension and content, is empty, is larger than max_bytes (default settings.DOCUMENT_MAX_BYTES), or is
    hostile. Leaves the file position at 0.

    The browser's declared content type is ignored. A file over the limit is refused after reading
    max_bytes + 1 bytes, and nothing is decompressed before its declared size has been checked.
    """
    limit = settings.DOCUMENT_MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = _measure(upload, limit)
        if size == 0:
            raise ValidationError(EMPTY, code="empty")
        if size > limit:
            raise ValidationError(too_large_message(limit), code="size")
        accepted = ACCEPTED_EXTENSIONS.get(extension_of(upload.name or ""))
        if accepted is None:
            raise ValidationError(WRONG_TYPE, code="type")
        extension, content_type = accepted
        _CONTENT_CHECKS[content_type](upload, size)
    finally:
        upload.seek(0)
    return CheckedDocument(content_type, extension, size, safe_filename(upload.name or ""))


def extension_of(name: str) -> str:
    """The lower-case extension of the last part of a path (either separator), or "" if it has none."""
    base = re.split(r"[/\\]", name)[-1].strip()
    return base.rpartition(".")[2].lower() if "." in base else ""


def safe_filename(name: str, *, fallback: str = "document") -> str:
    """The name without any path, fit to show on a page and to offer as a download's name.

    Guarantees: only letters, marks and digits (of any script), spaces and `- _ . ( )`, so no quotes,
    control or bidirectional-override characters and no separators; single spaces; the extension kept;
    at most MAX_FILENAME_LENGTH characters; never empty and never starting with a dot, space, hyphen or
    combining mark.
    """
    name = re.split(r"[/\\]", unicodedata.normalize("NFKC", name or ""))[-1]
    name = " ".join("".join(_filename_character(c) for c in name).split())
    stem, dot, extension = name.rpartition(".")
    if not (dot and extension.isascii() and extension.isalnum() and len(extension) <= 10):
        stem, extension = name, ""
    stem = re.sub(r"\.{2,}", ".", stem).rstrip(" .")
    while stem and (stem[0] in " .-" or unicodedata.category(stem[0])[0] == "M"):
        stem = stem[1:]
    if not stem:
        stem = safe_filename(fallback)  # recursion ends: the default fallback is never empty
    suffix = f".{extension}" if extension else ""
    return stem[: MAX_FILENAME_LENGTH - len(suffix)].rstrip(" .") + suffix


def _filename_character(character: str) -> str:
    if character.isspace():
        return " "
    if character in _SAFE_PUNCTUATION or unicodedata.category(character)[0] in "LNM":
        return character
    return ""


def _measure(upload, limit: int) -> int:
    """The upload's real size, counted rather than trusted, stopping once it passes the limit."""
    upload.seek(0)
    size = 0
    while size <= limit and (chunk := upload.read(min(_CHUNK, limit + 1 - size))):
        size += len(chunk)
    return size


def too_large_message(limit: int) -> str:
    return f"The selected file must be smaller than {_describe(limit)}"


def _describe(size: int) -> str:
    for unit, name in ((1024 * 1024, "MB"), (1024, "KB")):
        if size >= unit:
            return f"{round(size / unit, 1):g} {name}"
    return f"{size} bytes"


def _damaged(code: str = "damaged") -> ValidationError:
    return ValidationError(DAMAGED, code=code)


def _check_pdf(upload, size: int) -> None:
    upload.seek(0)
    if not _PDF_HEADER.match(upload.read(8)):
        raise ValidationError(WRONG_TYPE, code="type")
    upload.seek(max(0, size - _PDF_TRAILER_WINDOW))
    if b"%%EOF" not in upload.read(_PDF_TRAILER_WINDOW):
        raise _damaged()


def _check_png(upload, size: int) -> None:
    _check_image(upload, _PNG_SIGNATURE, "PNG")


def _check_jpeg(upload, size: int) -> None:
    _check_image(upload, _JPEG_SIGNATURE, "JPEG")


def _check_image(upload, signature: bytes, image_format: str) -> None:
    upload.seek(0)
    if upload.read(len(signature)) != signature:
        raise ValidationError(WRONG_TYPE, code="type")
    upload.seek(0)
    try:
        # Pillow only warns between its own limit and twice that; a bomb must be refused, not logged.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=[image_format]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _damaged("image_too_large")
                image.verify()
    except ValidationError:
        raise
    except Exception as error:
        # Decoders of untrusted bytes fail in many ways; any of them means we cannot vouch for the file.
        raise _damaged() from error


def _check_docx(upload, size: int) -> None:
    upload.seek(0)
    head = upload.read(len(_OLE_SIGNATURE))
    if head == _OLE_SIGNATURE and _count(upload, _OLE_ENCRYPTION_STREAM):
        raise ValidationError(PASSWORD_PROTECTED, code="password")
    if not head.startswith(_ZIP_SIGNATURE):
        raise ValidationError(WRONG_TYPE, code="type")
    # zipfile builds an object per central-directory record before we could count them: a 10 MB file
    # can declare hundreds of thousands. Counting signatures first bounds that work.
    if _count(upload, _ZIP_CENTRAL_RECORD) > DOCX_MAX_ENTRIES:
        raise _damaged("zip_entries")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            directory_start = archive.start_dir
    except Exception as error:
        raise _damaged() from error
    _check_zip_entries(entries)
    names = {entry.filename for entry in entries}
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(MACROS, code="macros")
    if not {"[Content_Types].xml", "word/document.xml"} <= names:
        raise ValidationError(WRONG_TYPE, code="type")
    content_types, starts = _inflate_and_scan(upload, entries, directory_start)
    if len(content_types) > DOCX_CONTENT_TYPES_MAX_BYTES:
        raise _damaged("zip_content_types")
    content_types = _xml_text(content_types)
    for name in _xml_parts(names, content_types):
        _xml_text(starts[name], whole=False)
    content_types = content_types.lower()
    if any(marker in content_types for marker in _WORD_MACRO_MARKERS):
        raise ValidationError(MACROS, code="macros")
    if _WORD_MAIN not in content_types:
        raise ValidationError(WRONG_TYPE, code="type")


def _check_zip_entries(entries: list[zipfile.ZipInfo]) -> None:
    """Refuses, from the central directory alone, what would be dangerous or pointless to decompress."""
    if len(entries) > DOCX_MAX_ENTRIES:
        raise _damaged("zip_entries")
    seen: set[str] = set()
    for entry in entries:
        if entry.flag_bits & _ZIP_ENCRYPTED_FLAGS:
            raise ValidationError(PASSWORD_PROTECTED, code="password")
        if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _damaged("zip_compression")
        # Duplicate names let two readers see two different documents in one file.
        if _unsafe_entry_name(entry.filename) or entry.filename in seen:
            raise _damaged("zip_path")
        seen.add(entry.filename)
    # Sizes are never negative, so the total also bounds every single entry.
    uncompressed = sum(entry.file_size for entry in entries)
    compressed = sum(entry.compress_size for entry in entries)
    if uncompressed > DOCX_MAX_UNCOMPRESSED_BYTES or uncompressed > DOCX_MAX_RATIO * max(compressed, 1):
        raise _damaged("zip_bomb")


def _inflate_and_scan(
    upload, entries: list[zipfile.ZipInfo], directory_start: int
) -> tuple[bytes, dict[str, bytes]]:
    """Inflates every entry, in chunks and under a hard cap, and refuses the archive if any entry's real
    size or checksum differs from its headers, if two entries share bytes, or if any entry holds a DTD or
    an entity declaration. Returns the first DOCX_CONTENT_TYPES_MAX_BYTES + 1 bytes of
    [Content_Types].xml, and the first _XML_START_BYTES bytes of every entry by name.

    The headers' sizes are what the earlier checks trusted; readers (Word, LibreOffice, a parser we add
    later) follow the compressed data instead, so what it really expands to is measured here.
    """
    compressed = sum(entry.compress_size for entry in entries)
    budget = min(DOCX_MAX_UNCOMPRESSED_BYTES, DOCX_MAX_RATIO * max(compressed, 1))
    content_types, starts = b"", {}
    ordered = sorted(entries, key=lambda entry: entry.header_offset)
    ends = [entry.header_offset for entry in ordered[1:]] + [directory_start]
    for entry, next_start in zip(ordered, ends, strict=True):
        start = _entry_data_start(upload, entry)
        if start + entry.compress_size > next_start:
            raise _damaged("zip_overlap")  # entries sharing compressed bytes multiply what they hold
        inflated, crc, carry, first = 0, 0, b"", b""
        for chunk in _inflate(upload, entry, start):
            inflated += len(chunk)
            budget -= len(chunk)
            if budget < 0:
                raise _damaged("zip_bomb")
            if inflated > entry.file_size:
                raise _damaged("zip_sizes")  # its headers understate it: stop now, not at the cap
            crc = zlib.crc32(chunk, crc)
            if len(first) < _XML_START_BYTES:
                first += chunk[: _XML_START_BYTES - len(first)]
            window = carry + chunk.lower()
            if any(marker in window for marker in _DTD_MARKERS):
                raise _damaged("zip_xml_dtd")
            carry = window[-(_DTD_MARKER_LENGTH - 1) :]
            if entry.filename == "[Content_Types].xml" and len(content_types) <= DOCX_CONTENT_TYPES_MAX_BYTES:
                content_types += chunk[: DOCX_CONTENT_TYPES_MAX_BYTES + 1 - len(content_types)]
        if inflated != entry.file_size or crc != entry.CRC:
            raise _damaged("zip_sizes")
        starts[entry.filename] = first
    return content_types, starts


def _xml_text(data: bytes, *, whole: bool = True) -> str:
    """The text of an XML part (or, with whole=False, of its first bytes), refusing the archive unless
    the part starts as UTF-8 or UTF-16 do, and declares, if any, an encoding of the same family. An empty
    part holds nothing to parse and is let through."""
    if not data:
        return ""
    encoding, data = _xml_encoding(data)
    try:
        # Incremental, so a character cut by the end of the first bytes is not taken for damage.
        text = codecs.getincrementaldecoder(encoding or "ascii")().decode(data, final=whole)
    except UnicodeDecodeError:
        text = ""
    # No XML holds a NUL: one here means a wider encoding (UTF-32 starts with `<` and three NULs).
    if encoding is None or not text.startswith("<") or "\0" in text:
        raise _damaged("zip_xml_encoding")
    if _XML_DECLARATION_START.match(text):
        declaration = _XML_DECLARATION.match(text)
        declared = declaration and declaration["encoding"]
        if not declaration or (declared and declared.lower() not in _DECLARABLE_ENCODINGS[encoding]):
            raise _damaged("zip_xml_encoding")
    return text


def _xml_encoding(data: bytes) -> tuple[str | None, bytes]:
    """The encoding an XML part's first bytes show (None if neither UTF-8 nor UTF-16), and the bytes
    after its byte-order mark."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return encoding, data[len(mark) :]
    return next((encoding for start, encoding in _BARE_STARTS if data.startswith(start)), None), data


def _xml_parts(names: set[str], content_types: str) -> set[str]:
    """The entries a reader may parse as XML: by their name (.xml, .rels), by any content type that
    [Content_Types].xml gives them, or because it gives them none. Names and extensions are compared as
    OPC compares them (ignoring case and percent-encoding), after XML's character references."""
    xml_names, other_names, xml_extensions, other_extensions = set(), set(), set(), set()
    for element, attributes in _CONTENT_TYPE_RULE.findall(content_types):
        values = {
            name: html.unescape(double or single) for name, double, single in _ATTRIBUTE.findall(attributes)
        }
        is_xml = values.get("ContentType", "").partition(";")[0].strip().lower().endswith("xml")
        if element == "Override":
            (xml_names if is_xml else other_names).add(_part_key(values.get("PartName", "")))
        else:
            (xml_extensions if is_xml else other_extensions).add(_part_key(values.get("Extension", "")))
    parts = set()
    for name in names:
        key = _part_key(name)
        base = key.rpartition("/")[2]
        extension = base.rpartition(".")[2] if "." in base else ""
        if (
            extension in _XML_EXTENSIONS
            or key in xml_names
            or extension in xml_extensions
            or not (key in other_names or extension in other_extensions)
        ):
            parts.add(name)
    return parts


def _part_key(name: str) -> str:
    return unquote(name).lstrip("/").lower()


def _entry_data_start(upload, entry: zipfile.ZipInfo) -> int:
    """Where the entry's compressed bytes start, after its local header, which must agree with the
    central directory (a reader that streams the file sees only the local headers)."""
    upload.seek(entry.header_offset)
    header = upload.read(_ZIP_LOCAL_HEADER.size)
    if len(header) != _ZIP_LOCAL_HEADER.size:
        raise _damaged()
    fields = _ZIP_LOCAL_HEADER.unpack(header)
    signature, flags, method, (name_length, extra_length) = fields[0], fields[3], fields[4], fields[-2:]
    name = upload.read(name_length)
    encoding = "utf-8" if flags & _ZIP_UTF8_NAME_FLAG else "cp437"
    if (
        signature != _ZIP_SIGNATURE
        or method != entry.compress_type
        or name.decode(encoding, "replace") != entry.orig_filename
    ):
        raise _damaged("zip_local_header")
    return entry.header_offset + _ZIP_LOCAL_HEADER.size + name_length + extra_length


def _inflate(upload, entry: zipfile.ZipInfo, start: int) -> Iterator[bytes]:
    """The entry's content in chunks of at most _CHUNK bytes, from its compressed bytes alone."""
    upload.seek(start)
    left = entry.compress_size
    inflater = zlib.decompressobj(-zlib.MAX_WBITS) if entry.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0 and not (inflater and inflater.eof):
        raw = upload.read(min(_CHUNK, left))
        if not raw:
            raise _damaged()
        left -= len(raw)
        if inflater is None:
            yield raw
            continue
        try:
            while raw and not inflater.eof:
                yield inflater.decompress(raw, _CHUNK)
                raw = inflater.unconsumed_tail
        except zlib.error as error:
            raise _damaged() from error
    if inflater and not inflater.eof:
        raise _damaged("zip_sizes")  # the stream goes on past the compressed size its headers give


def _unsafe_entry_name(name: str) -> bool:
    parts = re.split(r"[/\\]", name)
    return name[:1] in {"/", "\\"} or ":" in parts[0] or ".." in parts


def _count(upload, marker: bytes) -> int:
    """How many times marker occurs in the upload, read in chunks."""
    upload.seek(0)
    count, carry = 0, b""
    while chunk := upload.read(_CHUNK):
        window = carry + chunk
        count += window.count(marker)
        # Keep less than one marker, so a marker across two chunks is counted exactly once.
        carry = window[-(len(marker) - 1) :]
    return count


_CONTENT_CHECKS = {PDF: _check_pdf, DOCX: _check_docx, PNG: _check_png, JPEG: _check_jpeg}


# --- Spreadsheets (.xlsx) read back as data ---------------------------------------------------------
XLSX_WRONG_TYPE = "The selected file must be a CSV or an Excel workbook (.xlsx)"
XLSX_MACROS = "The selected file must be an Excel workbook without macros (.xlsx)"
_XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_XLSX_MACRO_MARKERS = ("application/vnd.ms-excel.sheet.macroenabled", "application/vnd.ms-office.vba")


def check_xlsx(upload, *, max_bytes: int) -> None:
    """Refuses, with one plain-English ValidationError, an .xlsx upload that is empty, larger than
    max_bytes, not an Excel workbook, password protected, macro-enabled, damaged or hostile (the ZIP
    and XML checks Word documents get, above), before a reader such as openpyxl parses any of it. Leaves
    the file position at 0."""
    try:
        size = _measure(upload, max_bytes)
        if size == 0:
            raise ValidationError(EMPTY, code="empty")
        if size > max_bytes:
            raise ValidationError(too_large_message(max_bytes), code="size")
        upload.seek(0)
        head = upload.read(len(_OLE_SIGNATURE))
        if head == _OLE_SIGNATURE and _count(upload, _OLE_ENCRYPTION_STREAM):
            raise ValidationError(PASSWORD_PROTECTED, code="password")
        if not head.startswith(_ZIP_SIGNATURE):
            raise ValidationError(XLSX_WRONG_TYPE, code="type")
        if _count(upload, _ZIP_CENTRAL_RECORD) > DOCX_MAX_ENTRIES:
            raise _damaged("zip_entries")
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                entries = archive.infolist()
                directory_start = archive.start_dir
        except Exception as error:
            raise _damaged() from error
        _check_zip_entries(entries)
        names = {entry.filename for entry in entries}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise ValidationError(XLSX_MACROS, code="macros")
        if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
            raise ValidationError(XLSX_WRONG_TYPE, code="type")
        content_types, starts = _inflate_and_scan(upload, entries, directory_start)
        if len(content_types) > DOCX_CONTENT_TYPES_MAX_BYTES:
            raise _damaged("zip_content_types")
        content_types = _xml_text(content_types)
        for name in _xml_parts(names, content_types):
            _xml_text(starts[name], whole=False)
        content_types = content_types.lower()
        if any(marker in content_types for marker in _XLSX_MACRO_MARKERS):
            raise ValidationError(XLSX_MACROS, code="macros")
        if _XLSX_MAIN not in content_types:
            raise ValidationError(XLSX_WRONG_TYPE, code="type")
    finally:
        upload.seek(0)
