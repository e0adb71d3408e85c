"""What a Common Transfer File says, as plain immutable values: no models, no database. The importer turns
these into pupils; the preview page shows them with their warnings. Text is trimmed, empty elements are
treated as absent ("" for text, None for dates and numbers), and sequences are tuples so that a record,
once read, cannot change under the page that shows it.
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pupils.identifiers import UPNCheck


class SENStatus(StrEnum):
    """A pupil's special educational needs provision as the pupil record keeps it."""

    NONE = "none"
    SEN_SUPPORT = "sen_support"
    EHC_PLAN = "ehc_plan"

    @property
    def label(self) -> str:
        return {"none": "No SEN", "sen_support": "SEN support", "ehc_plan": "EHC plan"}[self.value]


@dataclass(frozen=True)
class School:
    """A school as a CTF names it: LA code, establishment number (the two make the LAESTAB), and the URN
    and name when the file gives them. Codes are kept as written: DfE uses XXX/XXXX for an unknown
    destination and MMM/MMMM for one outside the maintained sector."""

    la: str
    estab: str
    urn: str = ""
    name: str = ""

    @property
    def laestab(self) -> str:
        return f"{self.la}{self.estab}"


@dataclass(frozen=True)
class Address:
    """A postal address. `lines` are ready to print (house number and street joined, repeats dropped);
    `postcode` is a UK postcode in capitals with one space when it has that shape, otherwise as written;
    `zip_code` is the postal code of an address abroad or in the Crown dependencies. `outside_england`
    is as far as the file can tell: another country named, a Northern Irish, Channel Islands or Isle of
    Man postcode, or a foreign postal code and no UK postcode (a Welsh or Scottish address filed as
    "United Kingdom" cannot be told apart)."""

    lines: tuple[str, ...]
    postcode: str = ""
    zip_code: str = ""
    country: str = ""
    outside_england: bool = False


@dataclass(frozen=True)
class Phone:
    """A telephone number with its spaces (and dashes, dots and brackets) removed, and what kind it is."""

    number: str
    kind: str = ""  # the CTF's code: H, M, W...
    label: str = "Phone"  # "Home", "Mobile", "Work"...


@dataclass(frozen=True)
class SENEntry:
    """One period of SEN provision: N (none), K (SEN support), E (EHC plan), or an older code (S, A, P)."""

    start_date: date | None
    end_date: date | None
    code: str
    label: str
    status: SENStatus | None


@dataclass(frozen=True)
class SENNeed:
    """A type of special educational need, ranked (1 is the primary need)."""

    code: str
    label: str
    rank: int | None = None
    start_date: date | None = None


@dataclass(frozen=True)
class FSMPeriod:
    """A period of eligibility for free school meals; no end date means it has not ended."""

    start_date: date | None
    end_date: date | None = None
    country: str = ""


@dataclass(frozen=True)
class Contact:
    """A parent, carer or other contact, in the order the school would call them (`priority` 1 first)."""

    priority: int | None
    title: str
    forename: str
    middle_names: str
    surname: str
    relationship_code: str
    relationship: str  # in words: "Mother", "Other relative"...
    parental_responsibility: bool | None
    phones: tuple[Phone, ...] = ()
    email: str = ""
    address_as_pupil: bool = False
    address: Address | None = None

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.title, self.forename, self.surname) if part)


@dataclass(frozen=True)
class AttendanceYear:
    """One academic year's attendance, in sessions (a morning or an afternoon). `year` is the calendar
    year the academic year began in (2019 is 2019/20); the absences are those in the year's sessions.
    A placement's attendance objective starts from these, its baseline."""

    year: int
    la: str
    estab: str
    school_name: str
    possible: int | None
    attended: int | None
    authorised_absence: int | None
    unauthorised_absence: int | None

    @property
    def academic_year(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def attendance_rate(self) -> float | None:
        """Sessions attended as a share of those possible, or None when either is unknown or none were
        possible."""
        if not self.possible or self.attended is None:
            return None
        return self.attended / self.possible


@dataclass(frozen=True)
class CTFPupil:
    """One pupil as the file describes them, with every warning about them in `warnings`.

    `upn` is normalised (capitals, no spaces) and `upn_check` says whether it is valid and temporary;
    `former_upns` likewise normalised. `sex` is "M", "F" or "" (read from `<Sex>`, or `<Gender>` in files
    before CTF 25). `sen_status` is None when the file says nothing about SEN (as a partial file may not);
    `fsm_eligible_now` is whether a free school meals period was still open when the file was made.
    Contacts are in priority order, attendance oldest year first.
    """

    upn: str
    upn_check: UPNCheck
    former_upns: tuple[str, ...]
    uln: str
    surname: str
    forename: str
    middle_names: str
    preferred_surname: str
    preferred_forename: str
    date_of_birth: date | None
    sex: str
    nc_year: str  # the National Curriculum year the sending school recorded, as written ("6", "R")
    looked_after: bool | None
    address: Address | None
    phones: tuple[Phone, ...]
    email: str
    sen_history: tuple[SENEntry, ...]
    sen_needs: tuple[SENNeed, ...]
    sen_status: SENStatus | None
    fsm_periods: tuple[FSMPeriod, ...]
    fsm_eligible_now: bool
    contacts: tuple[Contact, ...]
    attendance: tuple[AttendanceYear, ...]
    warnings: tuple[str, ...]

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.forename, self.surname) if part)

    @property
    def primary_need(self) -> SENNeed | None:
        """The need ranked first, if any."""
        return min(self.sen_needs, key=lambda need: need.rank or 99, default=None)


@dataclass(frozen=True)
class CTFFile:
    """A whole Common Transfer File: who sent it to whom, when, and the pupils in it.

    `version` is the CTF version as written ("19.0"). `qualifier` is "full" or "partial" ("" when the
    header says neither). `warnings` are about the file as a whole; each pupil carries their own.
    """

    version: str
    qualifier: str
    source: School
    destination: School
    prepared_at: datetime | None
    supplier: str
    warnings: tuple[str, ...]
    pupils: tuple[CTFPupil, ...]

    @property
    def is_partial(self) -> bool:
        return self.qualifier == "partial"
