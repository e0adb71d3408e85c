"""check_document accepts real PDFs, Word documents, PNGs and JPEGs and refuses everything else, hostile
files included, with one plain message each; safe_filename makes any name fit to show and to download."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile
from PIL import Image

from apcommission.documents import uploads
from apcommission.documents.uploads import (
    DAMAGED,
    DOCX,
    EMPTY,
    JPEG,
    MACROS,
    PASSWORD_PROTECTED,
    PDF,
    PNG,
    WRONG_TYPE,
    CheckedDocument,
    check_document,
    safe_filename,
)
from tests.documents.files import (
    CONTENT_TYPES_XML,
    DOCUMENT_XML,
    EXTERNAL_ENTITY,
    MIB,
    WORD_MACRO_MAIN,
    WORD_MAIN,
    billion_laughs_document,
    billion_laughs_in,
    billion_laughs_in_ebcdic_after,
    docx_around_zeros,
    docx_understating,
    docx_with,
    external_entity_document,
    jpeg_declaring,
    png_declaring,
    real_docx,
    real_image,
    real_pdf,
    upload,
    with_encryption_flag,
    with_entry_headers,
    with_local_name,
    word_entries,
    xml_with_dtd,
    zip_of,
)


def refusal(name: str, content: bytes, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check_document(upload(name, content), **kwargs)
    return caught.value


# --- What is accepted -----------------------------------------------------------------------------------


def test_a_real_pdf_is_accepted():
    content = real_pdf()

    assert check_document(upload("Fire risk assessment.pdf", content)) == CheckedDocument(
        content_type=PDF, extension="pdf", size=len(content), original_name="Fire risk assessment.pdf"
    )


def test_a_real_word_document_is_accepted():
    content = real_docx()

    assert check_document(upload("Safeguarding policy.docx", content)) == CheckedDocument(
        content_type=DOCX, extension="docx", size=len(content), original_name="Safeguarding policy.docx"
    )


def test_a_real_png_is_accepted():
    checked = check_document(upload("insurance.png", real_image("PNG")))

    assert (checked.content_type, checked.extension) == (PNG, "png")


@pytest.mark.parametrize("name", ["certificate.jpg", "certificate.jpeg", "CERTIFICATE.JPEG"])
def test_a_real_jpeg_is_accepted_as_jpg_or_jpeg_in_any_case(name):
    checked = check_document(upload(name, real_image("JPEG")))

    assert (checked.content_type, checked.extension, checked.original_name) == (JPEG, "jpg", name)


@pytest.mark.parametrize(("name", "content"), [("scan.pdf", real_pdf()), ("policy.docx", real_docx())])
def test_a_large_upload_kept_on_disk_is_checked_the_same(name, content):
    on_disk = TemporaryUploadedFile(name, "application/octet-stream", len(content), None)
    on_disk.write(content)

    assert check_document(on_disk).size == len(content)
    assert on_disk.read() == content
    on_disk.close()


def test_the_browsers_content_type_is_neither_trusted_nor_needed():
    checked = check_document(upload("scan.pdf", real_pdf(), content_type="text/html"))

    assert checked.content_type == PDF


def test_a_windows_path_in_the_uploaded_name_is_dropped():
    checked = check_document(upload("C:\\Users\\head\\Documents\\scan.PDF", real_pdf()))

    assert (checked.original_name, checked.extension) == ("scan.PDF", "pdf")


def test_the_file_is_left_at_its_start_after_being_accepted():
    accepted = upload("scan.pdf", real_pdf())
    accepted.read(3)

    check_document(accepted)

    assert accepted.tell() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [("scan.pdf", b"not a pdf"), ("scan.exe", b"%PDF-1.7"), ("scan.png", b""), ("scan.docx", b"PK\x03\x04")],
)
def test_the_file_is_left_at_its_start_after_being_refused(name, content):
    refused = upload(name, content)
    refused.read(3)

    with pytest.raises(ValidationError):
        check_document(refused)

    assert refused.tell() == 0


# --- Size -----------------------------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    error = refusal("policy.pdf", b"")

    assert error.messages == [EMPTY]


def test_a_file_over_the_limit_is_refused_naming_the_limit():
    content = b"%PDF-1.7\n" + bytes(10 * MIB) + b"%%EOF\n"

    assert refusal("scan.pdf", content, max_bytes=10 * MIB).messages == [
        "The selected file must be smaller than 10 MB"
    ]


def test_the_limit_comes_from_settings(settings):
    settings.DOCUMENT_MAX_BYTES = 2 * 1024
    content = real_pdf()
    assert len(content) > 2 * 1024

    assert refusal("scan.pdf", content).messages == ["The selected file must be smaller than 2 KB"]


def test_a_file_exactly_at_the_limit_is_accepted(settings):
    settings.DOCUMENT_MAX_BYTES = len(real_pdf())

    assert check_document(upload("scan.pdf", real_pdf())).size == len(real_pdf())


def test_the_size_is_counted_not_taken_from_the_upload(settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    lying = upload("scan.pdf", real_pdf())
    lying.size = 10

    with pytest.raises(ValidationError, match="smaller than 1 KB"):
        check_document(lying)


# --- Wrong types, whatever the name says -------------------------------------------------------------------


WRONG_TYPES = {
    "exe renamed .pdf": ("evidence.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200)),
    "zip renamed .pdf": ("evidence.pdf", zip_of([("readme.txt", b"hello")])),
    "html renamed .pdf": ("evidence.pdf", b"<!DOCTYPE html><script>alert(document.cookie)</script>"),
    "png renamed .pdf": ("evidence.pdf", real_image("PNG")),
    "pdf renamed .png": ("evidence.png", real_pdf()),
    "pdf renamed .jpg": ("evidence.jpg", real_pdf()),
    "png renamed .jpg": ("evidence.jpg", real_image("PNG")),
    "text renamed .docx": ("evidence.docx", b"Just some text, honestly a Word document."),
    "docx renamed .pdf": ("evidence.pdf", real_docx()),
    "pdf header not at the start": ("evidence.pdf", b"<html>\n" + real_pdf()),
    "a real pdf named .exe": ("evidence.exe", real_pdf()),
    "a real pdf with no extension": ("evidence", real_pdf()),
    "a real pdf named .pdf.exe": ("evidence.pdf.exe", real_pdf()),
    "a real html page": ("evidence.html", b"<!DOCTYPE html><p>Hello</p>"),
    "a real docx named .doc": ("evidence.doc", real_docx()),
    "a spreadsheet renamed .docx": (
        "evidence.docx",
        zip_of([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")]),
    ),
    "a zip with the parts but not a Word type": (
        "evidence.docx",
        zip_of(
            word_entries(main="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        ),
    ),
    "an old Word document renamed .docx": ("evidence.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)),
}


@pytest.mark.parametrize(("name", "content"), WRONG_TYPES.values(), ids=WRONG_TYPES.keys())
def test_a_file_whose_name_and_content_disagree_is_refused(name, content):
    assert refusal(name, content).messages == [WRONG_TYPE]


def test_a_pdf_cut_short_is_refused_as_damaged():
    assert refusal("scan.pdf", real_pdf()[:-200]).messages == [DAMAGED]


def test_a_png_with_a_corrupted_chunk_is_refused_as_damaged():
    content = bytearray(real_image("PNG"))
    content[content.find(b"IDAT") + 6] ^= 0xFF

    assert refusal("scan.png", bytes(content)).messages == [DAMAGED]


# --- Zip bombs and hostile ZIPs --------------------------------------------------------------------------


def test_a_zip_bomb_named_docx_is_refused_before_any_entry_is_read(monkeypatch):
    bomb = docx_around_zeros(200)
    assert len(bomb) < 10 * MIB
    opened = []
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *args, **kwargs: opened.append(args))

    error = refusal("policy.docx", bomb)

    assert error.messages == [DAMAGED]
    assert error.code == "zip_bomb"
    assert opened == []


def test_a_docx_that_expands_more_than_a_hundredfold_is_refused_though_small():
    content = docx_around_zeros(20)
    assert 20 * MIB < uploads.DOCX_MAX_UNCOMPRESSED_BYTES

    assert refusal("policy.docx", content).code == "zip_bomb"


def test_a_docx_over_the_uncompressed_limit_is_refused_whatever_its_ratio(monkeypatch):
    monkeypatch.setattr(uploads, "DOCX_MAX_UNCOMPRESSED_BYTES", 200)

    assert refusal("policy.docx", zip_of(word_entries(), zipfile.ZIP_STORED)).code == "zip_bomb"


def test_a_docx_with_too_many_entries_is_refused_before_zipfile_reads_them(monkeypatch):
    content = zip_of(word_entries() + [(f"word/media/{n}.txt", b"") for n in range(1000)])
    monkeypatch.setattr(zipfile, "ZipFile", lambda *args, **kwargs: pytest.fail("ZipFile was built"))

    assert refusal("policy.docx", content).code == "zip_entries"


def test_a_docx_with_encrypted_entries_is_refused_as_password_protected():
    assert refusal("policy.docx", with_encryption_flag(real_docx())).messages == [PASSWORD_PROTECTED]


def test_a_password_protected_word_document_is_refused_as_such():
    # Word saves a document with a password as an OLE container holding an EncryptionInfo stream.
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptionInfo".encode("utf-16-le")

    assert refusal("policy.docx", content + bytes(500)).messages == [PASSWORD_PROTECTED]


@pytest.mark.parametrize(
    "entry",
    [
        "../evil.sh",
        "word/../../evil.sh",
        "/etc/cron.d/evil",
        "\\Windows\\System32\\evil.dll",
        "word\\..\\..\\evil.sh",
        "C:/Users/Public/evil.bat",
    ],
)
def test_a_docx_with_an_entry_outside_its_folder_is_refused(entry):
    content = zip_of([*word_entries(), (entry, b"#!/bin/sh\n")])

    assert refusal("policy.docx", content).code == "zip_path"


def test_a_docx_with_two_entries_of_one_name_is_refused():
    content = zip_of([*word_entries(), ("word/document.xml", b"<w:document/>")])

    assert refusal("policy.docx", content).code == "zip_path"


def test_a_docx_with_an_unusual_compression_method_is_refused():
    assert refusal("policy.docx", zip_of(word_entries(), zipfile.ZIP_BZIP2)).code == "zip_compression"


def test_a_macro_enabled_document_renamed_docx_is_refused():
    assert refusal("policy.docx", zip_of(word_entries(main=WORD_MACRO_MAIN))).messages == [MACROS]


def test_a_docx_carrying_a_vba_project_is_refused():
    content = zip_of([*word_entries(), ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")])

    assert refusal("policy.docx", content).messages == [MACROS]


def test_a_docx_with_an_entity_expansion_bomb_in_its_content_types_is_refused_unparsed():
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    types = CONTENT_TYPES_XML.format(main=WORD_MAIN).replace(
        "<Types", f'<!DOCTYPE Types [<!ENTITY lol0 "lol">{laughs}]>\n<Types x="&lol9;"', 1
    )
    content = zip_of([("[Content_Types].xml", types.encode()), *word_entries()[1:]])

    assert refusal("policy.docx", content).code == "zip_xml_dtd"


def test_content_types_are_read_with_a_bound():
    huge = CONTENT_TYPES_XML.format(main=WORD_MAIN) + " " * uploads.DOCX_CONTENT_TYPES_MAX_BYTES
    content = zip_of([("[Content_Types].xml", huge.encode()), *word_entries()[1:]], zipfile.ZIP_STORED)

    assert refusal("policy.docx", content).code == "zip_content_types"


def test_a_docx_missing_its_document_part_is_refused():
    assert refusal("policy.docx", zip_of(word_entries()[:2])).messages == [WRONG_TYPE]


# --- Image bombs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (8_000, 8_000),  # 64 megapixels: over our limit, under Pillow's
        (10_000, 10_000),  # 100 megapixels: Pillow only warns
        (100_000, 100_000),  # 10 gigapixels: Pillow refuses
    ],
)
def test_a_png_declaring_huge_dimensions_is_refused_without_decoding(width, height, recwarn):
    content = png_declaring(width, height)
    assert len(content) < 200

    assert refusal("photo.png", content).messages == [DAMAGED]
    assert not [w for w in recwarn if issubclass(w.category, Image.DecompressionBombWarning)]


def test_a_jpeg_declaring_huge_dimensions_is_refused():
    assert refusal("photo.jpg", jpeg_declaring(60_000, 60_000)).messages == [DAMAGED]


def test_a_photo_of_ordinary_size_passes_the_same_check():
    assert check_document(upload("photo.png", real_image("PNG", (4_000, 3_000)))).content_type == PNG


# --- safe_filename ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Fire risk assessment.pdf", "Fire risk assessment.pdf"),
        ("../../etc/passwd", "passwd"),
        ("a\\b\\c.pdf", "c.pdf"),
        ("C:\\fakepath\\DBS (2026).pdf", "DBS (2026).pdf"),
        ('My "DBS"\ncheck\r\n2026.pdf', "My DBS check 2026.pdf"),
        ("Report: 'final' *v2*?.pdf", "Report final v2.pdf"),
        ("report\x00.pdf", "report.pdf"),
        ("  lots   of\t\tspace  .pdf", "lots of space.pdf"),
        (".hidden.pdf", "hidden.pdf"),
        ("...pdf", "document.pdf"),
        (".pdf", "document.pdf"),
        ("..", "document"),
        ("", "document"),
        ("/", "document"),
        ("-rf.pdf", "rf.pdf"),
        ("\u0301\u0301accent.pdf", "accent.pdf"),  # combining marks with nothing to sit on
        ("Gwybodaeth ysgol \u2013 Ysgol Gymraeg.docx", "Gwybodaeth ysgol Ysgol Gymraeg.docx"),  # en dash
        ("Zoë Brontë\u2019s plan.pdf", "Zoë Brontës plan.pdf"),  # curly apostrophe
        ("تقرير الحضور.pdf", "تقرير الحضور.pdf"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),  # a right-to-left override would show "exe.jpg"
        ("".join(chr(ord(c) + 0xFEE0) for c in "fullwidth") + ".pdf", "fullwidth.pdf"),
        ("report.pdf.", "report.pdf"),
        ("archive.tar.gz", "archive.tar.gz"),
        ("name.with a space", "name.with a space"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_safe_filename_uses_the_fallback_for_a_name_with_nothing_left():
    assert safe_filename('"<>"|?*.pdf', fallback="evidence") == "evidence.pdf"


def test_a_long_name_is_cut_to_100_characters_keeping_its_extension():
    name = safe_filename("a" * 300 + ".docx")

    assert len(name) == 100
    assert name == "a" * 95 + ".docx"


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "\n\"'\t.pdf", ".", "\u202e\u200b", "x" * 500, "a/" * 200, " .-.- .pdf"],
)
def test_safe_filename_is_never_empty_hidden_or_a_path(name):
    safe = safe_filename(name)

    assert safe
    assert len(safe) <= 100
    assert not safe.startswith((".", " ", "-"))
    assert re.fullmatch(r"[\w\-. ()]+", safe)
    assert "/" not in safe
    assert "\\" not in safe


# --- XML bombs and external entities, in any part --------------------------------------------------------

PLAIN_PART = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="urn:w"/>'


def test_a_docx_whose_document_is_a_billion_laughs_is_refused():
    error = refusal("policy.docx", docx_with({"word/document.xml": billion_laughs_document()}))

    assert (error.messages, error.code) == ([DAMAGED], "zip_xml_dtd")


def test_a_docx_whose_document_reads_an_external_entity_is_refused():
    error = refusal("policy.docx", docx_with({"word/document.xml": external_entity_document()}))

    assert (error.messages, error.code) == ([DAMAGED], "zip_xml_dtd")


@pytest.mark.parametrize(
    "part",
    [
        "[Content_Types].xml",
        "_rels/.rels",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "docProps/core.xml",
        "customXml/item1.xml",
        "word/media/not-really-an-image.png",  # a part is XML if its content type says so, not its name
    ],
)
def test_a_dtd_is_refused_in_every_part(part):
    original = dict(word_entries()).get(part, PLAIN_PART)

    content = docx_with({part: xml_with_dtd(original, EXTERNAL_ENTITY)})

    assert refusal("policy.docx", content).code == "zip_xml_dtd"


def _utf16(part: bytes, encoding: str) -> bytes:
    """The part as Word may save it: UTF-16 with a byte-order mark, declared as such."""
    return "\ufeff".encode(encoding) + part.decode().replace("UTF-8", "UTF-16").encode(encoding)


WITH_DTD = xml_with_dtd(PLAIN_PART, EXTERNAL_ENTITY)


@pytest.mark.parametrize(
    "part",
    [
        pytest.param(WITH_DTD.lower(), id="lower case"),
        pytest.param(PLAIN_PART.replace(b"<w:styles", b'<!ENTITY x "y"><w:styles'), id="an entity alone"),
        pytest.param(_utf16(WITH_DTD, "utf-16-le"), id="UTF-16 little-endian"),
        pytest.param(_utf16(WITH_DTD, "utf-16-be"), id="UTF-16 big-endian"),
        pytest.param(_utf16(WITH_DTD.lower(), "utf-16-le")[2:], id="UTF-16 lower case, no byte-order mark"),
    ],
)
def test_a_dtd_is_refused_however_it_is_written(part):
    assert refusal("policy.docx", docx_with({"word/styles.xml": part})).code == "zip_xml_dtd"


def test_a_dtd_split_across_two_reads_is_found():
    prefix = b'<?xml version="1.0"?>'
    padding = b" " * (uploads._CHUNK - len(prefix) - 4)
    part = prefix + padding + EXTERNAL_ENTITY.encode() + b"<w:styles/>"
    at = part.index(b"<!DOCTYPE")
    assert at < uploads._CHUNK < at + len(b"<!DOCTYPE")  # the marker straddles the first read

    content = docx_with({"word/styles.xml": part}, zipfile.ZIP_STORED)

    assert refusal("policy.docx", content).code == "zip_xml_dtd"


def test_an_xml_part_in_an_encoding_other_than_utf_8_or_16_is_refused():
    part = PLAIN_PART.replace(b"UTF-8", b"UTF-7")

    assert refusal("policy.docx", docx_with({"word/styles.xml": part})).code == "zip_xml_encoding"


# A part that is not plainly UTF-8 or UTF-16 could spell a DTD in bytes the markers above never match: each
# XML part must start as UTF-8 or UTF-16 do, and declare (if anything) the encoding it starts in.
UNSCANNABLE = {
    "UTF-32 with a byte-order mark": billion_laughs_in("utf-32", declared="UTF-32"),
    "UTF-32 little-endian, no byte-order mark": billion_laughs_in("utf-32-le", declared="UTF-32"),
    "UTF-32 big-endian, no byte-order mark": billion_laughs_in("utf-32-be", declared="UTF-32"),
    "UTF-32 little-endian behind a UTF-16 byte-order mark": b"\xff\xfe"
    + billion_laughs_in("utf-32-le", declared="UTF-16"),
    "EBCDIC": billion_laughs_in("cp037", declared="IBM037"),
    "EBCDIC declared past the first 512 bytes": billion_laughs_in_ebcdic_after(
        b'<?xml version="1.0"' + b" " * 600 + b'encoding="IBM037"?>'
    ),
    "EBCDIC declared in UTF-16": billion_laughs_in_ebcdic_after(
        '\ufeff<?xml version="1.0" encoding="IBM037"?>'.encode("utf-16-le")
    ),
    "UTF-8 declaring UTF-16": PLAIN_PART.replace(b"UTF-8", b"UTF-16"),
    "a declaration that is not one": PLAIN_PART.replace(b'version="1.0"', b"version=1.0 encoding=IBM037"),
    "spaces before the first tag": b"  " + PLAIN_PART,
}


@pytest.mark.parametrize("part", UNSCANNABLE.values(), ids=UNSCANNABLE.keys())
def test_a_document_part_in_an_encoding_the_check_cannot_read_is_refused(part):
    error = refusal("policy.docx", docx_with({"word/document.xml": part}))

    assert (error.messages, error.code) == ([DAMAGED], "zip_xml_encoding")


@pytest.mark.parametrize(
    "part_name", ["/word/media/chart.bin", "&#x2F;WORD/media/chart%2Ebin"], ids=["plain", "escaped"]
)
def test_a_part_declared_as_xml_by_its_content_type_must_start_as_xml_whatever_its_name(part_name):
    """A rule saying XML counts though another says otherwise, however it writes the part's name."""
    rules = (
        '<Default Extension="bin" ContentType="application/octet-stream"/>'
        f'<Override PartName="{part_name}" ContentType="application/xml"/>'
    )
    content_types = CONTENT_TYPES_XML.format(main=WORD_MAIN).replace("</Types>", rules + "</Types>")
    parts = {"[Content_Types].xml": content_types.encode(), "word/media/chart.bin": UNSCANNABLE["EBCDIC"]}

    assert refusal("policy.docx", docx_with(parts)).code == "zip_xml_encoding"


def test_a_part_given_no_content_type_must_start_as_xml():
    parts = {"word/media/unlisted.bin": UNSCANNABLE["EBCDIC"]}

    assert refusal("policy.docx", docx_with(parts)).code == "zip_xml_encoding"


def test_a_part_declared_as_xml_by_its_extension_must_start_as_xml():
    content_types = CONTENT_TYPES_XML.format(main=WORD_MAIN).replace(
        "</Types>", "<Default ContentType='image/svg+xml' Extension='SVG'/></Types>"
    )
    parts = {"[Content_Types].xml": content_types.encode(), "word/media/logo.svg": UNSCANNABLE["EBCDIC"]}

    assert refusal("policy.docx", docx_with(parts)).code == "zip_xml_encoding"


READABLE = {
    "UTF-8": PLAIN_PART,
    "UTF-8 with a byte-order mark": b"\xef\xbb\xbf" + PLAIN_PART,
    "UTF-8 without a declaration": b'<w:styles xmlns:w="urn:w"/>',
    "UTF-16 little-endian": _utf16(PLAIN_PART, "utf-16-le"),
    "UTF-16 big-endian": _utf16(PLAIN_PART, "utf-16-be"),
    "UTF-16 little-endian, no byte-order mark": _utf16(PLAIN_PART, "utf-16-le")[2:],
    "UTF-16 big-endian, no byte-order mark": _utf16(PLAIN_PART, "utf-16-be")[2:],
    "single quotes and no standalone": b"<?xml version='1.0' encoding='utf-8'?><w:styles/>",
}


@pytest.mark.parametrize("part", READABLE.values(), ids=READABLE.keys())
def test_an_xml_part_in_utf_8_or_utf_16_is_accepted(part):
    assert check_document(upload("policy.docx", docx_with({"word/styles.xml": part}))).content_type == DOCX


def test_a_part_that_is_not_xml_may_start_with_any_bytes():
    """An embedded font is obfuscated: its first bytes are scrambled, so they look like nothing."""
    font_type = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
    content_types = CONTENT_TYPES_XML.format(main=WORD_MAIN).replace(
        "</Types>", f'<Default Extension="odttf" ContentType="{font_type}"/></Types>'
    )
    font = bytes(range(256)) * 8
    parts = {"[Content_Types].xml": content_types.encode(), "word/fonts/font1.odttf": font}

    assert check_document(upload("policy.docx", docx_with(parts))).content_type == DOCX


def test_a_docx_with_pictures_and_a_long_document_is_accepted():
    paragraphs = b"".join(
        b"<w:p><w:r><w:t>Paragraph %d of the policy.</w:t></w:r></w:p>" % n for n in range(50_000)
    )
    document = DOCUMENT_XML.replace(b"</w:body>", paragraphs + b"</w:body>")
    content = docx_with(
        {
            "word/document.xml": document,
            "word/media/image1.png": real_image("PNG", (600, 400)),
            "word/media/image2.jpeg": real_image("JPEG", (600, 400)),
        }
    )

    assert check_document(upload("policy.docx", content)).content_type == DOCX


# --- ZIPs whose headers lie --------------------------------------------------------------------------------


def test_a_docx_whose_headers_understate_what_it_expands_to_is_refused():
    content = docx_understating(30, declared=1024)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        uploads._check_zip_entries(archive.infolist())  # the headers alone pass

    assert refusal("policy.docx", content).code == "zip_sizes"


def test_a_docx_that_fools_a_reader_stopping_where_its_headers_say_is_refused():
    content = docx_understating(30, declared=1024, matching_crc=True)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.read("word/document.xml") == bytes(1024)  # Python's reader finds nothing wrong

    assert refusal("policy.docx", content).code == "zip_sizes"


def test_a_docx_whose_compressed_stream_runs_past_its_declared_size_is_refused():
    content = docx_with({"word/document.xml": DOCUMENT_XML * 100})
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        real = archive.getinfo("word/document.xml").compress_size

    lying = with_entry_headers(content, "word/document.xml", compress_size=real // 2)

    assert refusal("policy.docx", lying).code == "zip_sizes"


def test_a_docx_whose_entries_share_compressed_bytes_is_refused():
    content = real_docx()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        first = archive.infolist()[0]
        second = archive.infolist()[1]
    overlapping = second.header_offset - first.header_offset  # reaches into the next entry

    lying = with_entry_headers(content, first.filename, compress_size=overlapping)

    assert refusal("policy.docx", lying).code == "zip_overlap"


def test_a_docx_whose_local_header_names_another_file_is_refused():
    content = with_local_name(real_docx(), "word/document.xml", "word/documenX.xml")

    assert refusal("policy.docx", content).code == "zip_local_header"


def test_the_inflation_cap_holds_even_if_the_header_checks_are_bypassed(monkeypatch):
    monkeypatch.setattr(uploads, "_check_zip_entries", lambda entries: None)

    assert refusal("policy.docx", docx_around_zeros(200)).code == "zip_bomb"
