"""Real documents and hostile files, built in memory for the upload tests (never kept on disk)."""

import functools
import io
import struct
import warnings
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from weasyprint import HTML

# A minimal PDF that passes the signature checks, for tests about what happens around a document.
SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MIB = 1024 * 1024
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
CONTENT_TYPES_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Default Extension="png" ContentType="image/png"/>
<Default Extension="jpeg" ContentType="image/jpeg"/>
<Override PartName="/word/document.xml" ContentType="{main}"/>
</Types>"""
RELS_XML = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="word/document.xml"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
DOCUMENT_XML = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Fire risk assessment, reviewed March 2026.</w:t></w:r></w:p></w:body></w:document>"""


@functools.cache
def real_pdf() -> bytes:
    return HTML(string="<h1>Fire risk assessment</h1><p>Reviewed March 2026.</p>").write_pdf()


def real_image(image_format: str, size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 112, 184)).save(buffer, image_format)
    return buffer.getvalue()


def word_entries(main: str = WORD_MAIN) -> list[tuple[str, bytes]]:
    return [
        ("[Content_Types].xml", CONTENT_TYPES_XML.format(main=main).encode()),
        ("_rels/.rels", RELS_XML),
        ("word/document.xml", DOCUMENT_XML),
    ]


def zip_of(entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # zipfile warns about the duplicate-name test
        with zipfile.ZipFile(buffer, "w", compression) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def real_docx() -> bytes:
    return zip_of(word_entries())


def docx_around_zeros(mebibytes: int) -> bytes:
    """A Word document whose body is that many MiB of zeros, written in chunks: the test never holds it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in word_entries()[:2]:
            archive.writestr(name, data)
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            zeros = bytes(MIB)
            for _ in range(mebibytes):
                entry.write(zeros)
    return buffer.getvalue()


def with_encryption_flag(data: bytes) -> bytes:
    """The same ZIP with every entry marked encrypted (zipfile cannot write encrypted entries)."""
    patched = bytearray(data)
    at = patched.find(b"PK\x01\x02")
    while at != -1:
        patched[at + 8] |= 0x01  # general purpose flags follow signature and two version fields
        at = patched.find(b"PK\x01\x02", at + 4)
    return bytes(patched)


def png_declaring(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG header claiming any dimensions: a decompression bomb needs nothing more."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def jpeg_declaring(width: int, height: int) -> bytes:
    data = bytearray(real_image("JPEG"))
    frame = data.find(b"\xff\xc0")  # baseline frame header: marker, length, precision, height, width
    data[frame + 5 : frame + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# --- Hostile Word documents: XML bombs and ZIPs whose headers lie ------------------------------------

_LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
BILLION_LAUGHS = f'<!DOCTYPE w:document [<!ENTITY lol0 "lol">{_LAUGHS}]>'
EXTERNAL_ENTITY = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
DOCUMENT_TEXT = "Fire risk assessment, reviewed March 2026."


def xml_with_dtd(xml: bytes, dtd: str, *, entity: str = "") -> bytes:
    """`xml` with `dtd` after its XML declaration, and `entity` (such as "&lol9;") used in its text."""
    declaration, _, rest = xml.partition(b"?>")
    rest = rest.replace(DOCUMENT_TEXT.encode(), entity.encode()) if entity else rest
    return declaration + b"?>\n" + dtd.encode() + rest


def billion_laughs_document() -> bytes:
    return xml_with_dtd(DOCUMENT_XML, BILLION_LAUGHS, entity="&lol9;")


def external_entity_document() -> bytes:
    return xml_with_dtd(DOCUMENT_XML, EXTERNAL_ENTITY, entity="&xxe;")


def docx_with(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A Word document with these parts replacing or added to the usual three."""
    entries = dict(word_entries())
    entries.update(parts)
    return zip_of(entries.items(), compression)


_LOCAL = struct.Struct(zipfile.structFileHeader)  # CRC, compressed and uncompressed sizes at 7, 8, 9
_CENTRAL = struct.Struct(zipfile.structCentralDir)  # the same at 9, 10, 11


def with_entry_headers(data: bytes, name: str, **fields) -> bytes:
    """The same ZIP with `name`'s local header and central record both saying something else:
    `crc`, `compress_size` and `file_size` may be given (zipfile only writes the truth)."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
        central = archive.start_dir
    positions = {"crc": 0, "compress_size": 1, "file_size": 2}
    local = list(_LOCAL.unpack_from(patched, info.header_offset))
    for field, value in fields.items():
        local[7 + positions[field]] = value
    _LOCAL.pack_into(patched, info.header_offset, *local)
    at = patched.find(b"PK\x01\x02", central)
    while at != -1:
        record = list(_CENTRAL.unpack_from(patched, at))
        if patched[at + _CENTRAL.size : at + _CENTRAL.size + record[12]] == name.encode():
            for field, value in fields.items():
                record[9 + positions[field]] = value
            _CENTRAL.pack_into(patched, at, *record)
        at = patched.find(b"PK\x01\x02", at + 4)
    return bytes(patched)


def docx_understating(mebibytes: int, *, declared: int, matching_crc: bool = False) -> bytes:
    """A Word document whose body inflates to `mebibytes` MiB of zeros while both its headers say
    `declared` bytes; with `matching_crc`, the checksum is that of the first `declared` bytes, so a
    reader that stops where the headers say finds nothing wrong."""
    body = bytes(mebibytes * MIB)
    content = docx_with({"word/document.xml": body})
    crc = zlib.crc32(body[:declared]) if matching_crc else zlib.crc32(body)
    return with_entry_headers(content, "word/document.xml", file_size=declared, crc=crc)


def with_local_name(data: bytes, name: str, other: str) -> bytes:
    """The same ZIP with `name`'s local header naming `other` (same length): two readers, two files."""
    assert len(name) == len(other)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        at = archive.getinfo(name).header_offset + _LOCAL.size
    return data[:at] + other.encode() + data[at + len(name) :]


# --- Hostile Word documents in encodings the DTD markers cannot be looked for in -----------------------


def billion_laughs_in(encoding: str, *, declared: str) -> bytes:
    """The billion-laughs document declaring `declared` and encoded in `encoding` (Python's "utf-32"
    writes a byte-order mark; "utf-32-le", "utf-32-be" and "cp037", which is EBCDIC, write none)."""
    return billion_laughs_document().decode().replace("UTF-8", declared).encode(encoding)


def billion_laughs_in_ebcdic_after(declaration: bytes) -> bytes:
    """An XML declaration as given (naming EBCDIC in bytes other than EBCDIC), then the billion laughs in
    EBCDIC: a parser that switches to the declared encoding reads the DTD the byte checks do not see."""
    body = billion_laughs_document().partition(b"?>")[2].decode()
    return declaration + body.encode("cp037")
