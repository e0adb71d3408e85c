"""Reading values out of CTF elements the way schools' files really are: padded with spaces, empty where
they could have been left out, dates and numbers that are sometimes not. Every reader here returns a
value or "nothing" and says what was wrong through `Notes`; none of them raises.
"""

import re
from datetime import date
from xml.etree.ElementTree import Element

from apcommission.forms.postcodes import POSTCODE
from pupils.ctf import codes
from pupils.ctf.records import Address, Phone
from pupils.identifiers import ascii_digits


class Notes:
    """Warnings about one pupil, each starting with the pupil's name ("Sandy Newman: the UPN ..."), or, with
    no name, about the file as a whole."""

    def __init__(self, who: str = "") -> None:
        self.who = who
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.who}: {message}" if self.who else message)


def clean(text: str | None) -> str:
    """`text` trimmed, with runs of spaces and line breaks inside it made single spaces."""
    return " ".join(text.split()) if text else ""


def is_empty(element: Element) -> bool:
    """Whether `element` holds no text at all, however deep: such an element counts as left out."""
    return not any(clean(found.text) for found in element.iter())


def text(parent: Element | None, *paths: str) -> str:
    """The cleaned text of the first of `paths` under `parent` that has any."""
    if parent is None:
        return ""
    for path in paths:
        for found in parent.iterfind(path):
            value = clean(found.text)
            if value:
                return value
    return ""


def texts(parent: Element | None, path: str) -> list[str]:
    if parent is None:
        return []
    return [value for found in parent.iterfind(path) if (value := clean(found.text))]


def a_date(parent: Element | None, path: str, notes: Notes, what: str) -> date | None:
    value = text(parent, path)
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        notes.warn(f'"{value}" is not a real date, so the {what} is left blank')
        return None


def a_number(parent: Element | None, path: str, notes: Notes, what: str) -> int | None:
    value = text(parent, path)
    if not value:
        return None
    if not ascii_digits(value):
        notes.warn(f'"{value}" is not a whole number, so the {what} is left blank')
        return None
    return int(value)


TRUE, FALSE = {"true", "1", "yes", "y"}, {"false", "0", "no", "n"}


def a_flag(parent: Element | None, path: str, notes: Notes, what: str) -> bool | None:
    value = text(parent, path).lower()
    if not value:
        return None
    if value in TRUE | FALSE:
        return value in TRUE
    notes.warn(f'"{value}" is neither true nor false, so {what} is left blank')
    return None


PHONE_PUNCTUATION = re.compile(r"[\s\-.()]")


def phones(parent: Element | None, notes: Notes, whose: str) -> tuple[Phone, ...]:
    """The `Phones/Phone` under `parent`, with spaces taken out. A UK number (starting 0) that is too long
    or too short to dial is kept, with a warning: it was probably mistyped at the sending school."""
    found = []
    for phone in parent.iterfind("Phones/Phone") if parent is not None else ():
        number = PHONE_PUNCTUATION.sub("", text(phone, "PhoneNo"))
        if not number:
            continue
        kind = text(phone, "TelephoneType").upper()
        label = codes.telephone(kind)
        mobile_wrong = number.startswith("07") and len(number) != 11
        if mobile_wrong or (number.startswith("0") and not 10 <= len(number) <= 11):
            notes.warn(
                f"{whose} {label.lower()} number {number} has {len(number)} digits, so it may be mistyped"
            )
        found.append(Phone(number=number, kind=kind, label=label))
    return tuple(found)


def email(parent: Element | None, notes: Notes, whose: str) -> str:
    value = text(parent, "Email")
    if value and "@" not in value:
        notes.warn(f'{whose} email address "{value}" has no @')
    return value


# How a file names England, the UK or Great Britain, in the country of an address.
ENGLAND = {"england", "eng", "united kingdom", "uk", "gb", "gbr", "great britain"}
# Postcode areas outside England that share the UK postcode system: Northern Ireland, Guernsey, Jersey and
# the Isle of Man.
NOT_ENGLAND_AREAS = {"BT", "GY", "JE", "IM"}


def uk_postcode(value: str) -> tuple[str, bool]:
    """`value` in capitals with one space and whether it has a UK postcode's shape."""
    squashed = "".join(value.split()).upper()
    match = POSTCODE.match(squashed)
    if match:
        return f"{match.group(1)} {match.group(2)}", True
    return value.upper(), False


def postcode_area(postcode: str) -> str:
    """The letters a postcode starts with: "GY" for GY4 6RN, "B" for B1 1AA."""
    area = re.match(r"[A-Z]{1,2}", postcode)
    return area.group() if area else ""


def address(element: Element | None, notes: Notes, whose: str) -> Address | None:
    """An `Address` element as printable lines, reading either form the CTF allows: BS7666 (SAON, PAON,
    street, locality, town...) or up to five free address lines."""
    if element is None:
        return None
    lines = []
    bs7666 = element.find("BS7666Address")
    if bs7666 is not None:
        paon, street = text(bs7666, "PAON"), text(bs7666, "Street")
        lines.append(text(bs7666, "SAON"))
        # "11" and "Lea Close" make "11 Lea Close"; a house name keeps a line of its own.
        if paon[:1].isdigit() and street:
            lines.append(f"{paon} {street}")
        else:
            lines += [paon, street]
        lines += [text(bs7666, name) for name in ("Locality", "Town", "PostTown", "AdministrativeArea")]
    lines += [text(element, f"AddressLines/AddressLine{n}") for n in range(1, 6)]
    lines.append(text(element, "County"))
    printable: list[str] = []
    for line in lines:
        if line and line.lower() not in {seen.lower() for seen in printable}:
            printable.append(line)

    written_postcode = text(element, "PostCode")
    postcode, is_uk = uk_postcode(written_postcode) if written_postcode else ("", False)
    zip_code = text(element, "Zip", "ZIP")
    country = text(element, "Country")
    outside = (
        (bool(country) and country.lower() not in ENGLAND)
        or (is_uk and postcode_area(postcode) in NOT_ENGLAND_AREAS)
        or (bool(zip_code) and not is_uk)
    )
    if not (printable or postcode or zip_code):
        return None
    if outside:
        notes.warn(f"{whose} address is outside England ({country or zip_code or postcode})")
    elif written_postcode and not is_uk:
        notes.warn(f'{whose} postcode "{written_postcode}" is not a UK postcode')
    elif not written_postcode:
        notes.warn(f"{whose} address has no postcode")
    return Address(
        lines=tuple(printable), postcode=postcode, zip_code=zip_code, country=country, outside_england=outside
    )
