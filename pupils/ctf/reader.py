"""Reading an uploaded Common Transfer File: refuse what is not a CTF we can read (with a message for the
person who uploaded it), warn about everything else that is odd, and never crash on a school's data.
"""

from collections import defaultdict
from datetime import date, datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml import ElementTree as SafeElementTree

from pupils.ctf.elements import Notes, text
from pupils.ctf.pupil import read_pupil
from pupils.ctf.records import CTFFile, CTFPupil, School
from pupils.identifiers import ascii_digits, is_english_la_code

# CTF 19 was current in 2019/20 and CTF 26 is for 2026/27: files from schools' MIS in use today. Older
# versions lack what we rely on; a newer one may have changed it, so it waits until we have read its
# specification.
OLDEST_VERSION, NEWEST_VERSION = 19, 26
MEGABYTE = 1024 * 1024


class CTFRefused(Exception):
    """The upload is not a Common Transfer File we can read. `message` is for the person who uploaded it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_ctf(data: bytes, *, max_bytes: int = 20 * MEGABYTE) -> CTFFile:
    """Everything in the CTF `data`, or CTFRefused saying why not.

    Refused: more than `max_bytes`; not XML; any DTD, entity or external reference (parsed with defusedxml,
    so a hostile file such as "billion laughs" costs nothing); XML that is not a CTF (its root is not
    `CTfile`, or it has no `Header` with a `CTFversion`); a CTF version other than 19 to 26. Anything odd
    inside a pupil becomes a warning on that pupil, never an error.
    """
    if len(data) > max_bytes:
        raise CTFRefused(
            f"The file is larger than {max_bytes / MEGABYTE:g} MB, the most we accept for a Common Transfer "
            "File. Check that it is the right file."
        )
    if not data.strip():
        raise CTFRefused("The file is empty.")
    root = _parse(data)
    header = root.find("Header")
    if root.tag != "CTfile" or header is None:
        raise CTFRefused(
            "The file is not a Common Transfer File: it is XML, but does not have a CTF's header. Check that "
            "it is the CTF the sending school gave you."
        )
    version = text(header, "CTFversion")
    if not version:
        raise CTFRefused(
            "The file is not a Common Transfer File: its header does not say which CTF version it is."
        )
    major = version.split(".")[0]
    if not ascii_digits(major) or not OLDEST_VERSION <= int(major) <= NEWEST_VERSION:
        raise CTFRefused(
            f"The file is a CTF version {version} file. We can read versions {OLDEST_VERSION} to "
            f"{NEWEST_VERSION}: ask the sending school to export it again from an up-to-date system."
        )

    notes = Notes()
    qualifier = text(header, "DocumentQualifier").lower()
    if qualifier == "partial":
        notes.warn(
            "This is a partial file: the sending school chose what to include, so some pupils' details "
            "(such as contacts, SEN or attendance) may be missing"
        )
    elif qualifier != "full":
        notes.warn(
            "The header does not say whether this is a full or a partial file, so details may be missing"
        )
        qualifier = ""
    prepared_at = _prepared_at(text(header, "DateTime"), notes)
    source = _school(header.find("SourceSchool"))
    if source.la and not is_english_la_code(source.la):
        notes.warn(f"The file comes from a school in LA {source.la}, which is not an English local authority")

    as_of = prepared_at.date() if prepared_at else None
    pupils = [
        _read_or_note(found, position, as_of, notes)
        for position, found in enumerate(root.iterfind("CTFpupilData/Pupil"), start=1)
    ]
    pupils = [pupil for pupil in pupils if pupil is not None]
    if not pupils:
        notes.warn("The file holds no pupils")
    _note_repeated_upns(pupils, notes)
    return CTFFile(
        version=version,
        qualifier=qualifier,
        source=source,
        destination=_school(header.find("DestSchool")),
        prepared_at=prepared_at,
        supplier=text(header, "SupplierID"),
        warnings=tuple(notes.warnings),
        pupils=tuple(pupils),
    )


def _parse(data: bytes) -> Element:
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden as refused:
        raise CTFRefused(
            "The file contains a document type declaration (DTD), which a Common Transfer File never has, "
            "so we have not read it."
        ) from refused
    except EntitiesForbidden as refused:
        raise CTFRefused(
            "The file declares entities, which a Common Transfer File never does, so we have not read it."
        ) from refused
    except DefusedXmlException as refused:
        raise CTFRefused(
            "The file refers to other files or web addresses, which a Common Transfer File never does, so we "
            "have not read it."
        ) from refused
    except ParseError as refused:
        raise CTFRefused(
            "The file is not a Common Transfer File: it is not XML, or its XML is broken. Check that it is "
            "the CTF the sending school gave you (a file ending .xml)."
        ) from refused
    # A file written with a namespace is read as one without: CTFs are matched on their element names.
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.rsplit("}", 1)[1]
    return root


def _prepared_at(value: str, notes: Notes) -> datetime | None:
    if not value:
        notes.warn("The header does not say when the file was made")
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        try:
            return datetime.combine(date.fromisoformat(value[:10]), datetime.min.time())
        except ValueError:
            notes.warn(f'The date the file was made, "{value}", is not a real date')
            return None


def _school(element: Element | None) -> School:
    return School(
        la=text(element, "LEA"),
        estab=text(element, "Estab"),
        urn=text(element, "URN"),
        name=text(element, "SchoolName"),
    )


def _read_or_note(element: Element, position: int, as_of: date | None, notes: Notes) -> CTFPupil | None:
    """The pupil, or None with a note on the file if something no check foresaw went wrong reading them:
    one pupil's record never stops the others being imported."""
    try:
        return read_pupil(element, position=position, as_of=as_of)
    except Exception:  # deliberately broad: whatever went wrong, the other pupils can still be imported
        notes.warn(f"Pupil {position} in the file could not be read, so it has been left out")
        return None


def _note_repeated_upns(pupils: list[CTFPupil], notes: Notes) -> None:
    names = defaultdict(list)
    for pupil in pupils:
        if pupil.upn:
            names[pupil.upn].append(pupil.name or "a pupil with no name")
    for upn, named in names.items():
        if len(named) < 2:
            continue
        different = list(dict.fromkeys(named))
        if len(different) > 3:
            different = [*different[:3], f"{len(different) - 3} others"]
        listed = " and ".join([", ".join(different[:-1]), different[-1]] if len(different) > 1 else different)
        notes.warn(f"The UPN {upn} appears {len(named)} times in the file, for {listed}")
