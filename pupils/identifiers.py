"""The numbers a pupil is known by (UPN, ULN), the LA codes inside them, and the year group a date of birth
puts a pupil in. Pure functions: the pupil form, the CTF reader and the importer all ask the same questions
and get the same answers, in words a school's AP lead can act on.
"""

from dataclasses import dataclass
from datetime import date

from stdnum.gb import upn as stdnum_upn

# A UPN's check letter, and a temporary UPN's last character, are drawn from the alphabet without I, O and
# S, which are too easily read as 1, 0 and 5 (DfE, "Unique pupil numbers", and the government data
# standard UniquePupilNumber 2.0).
UPN_LETTERS = frozenset("ABCDEFGHJKLMNPQRTUVWXYZ")


def ascii_digits(value: str) -> bool:
    """Whether `value` is one or more of the digits 0 to 9. Python's `isdigit` also says yes to full-width
    digits, superscripts and Arabic-Indic digits, which no identifier of ours contains and which stdnum and
    `int` either refuse with an error or read as another number."""
    return value.isascii() and value.isdigit()


@dataclass(frozen=True)
class UPNCheck:
    """What a UPN says about itself.

    `value` is the UPN as we would store it (spaces removed, capitals). `valid` means it has the shape of a
    UPN and its check letter agrees with the rest; `temporary` that it ends in a letter, as a UPN does that
    a school issues while it waits for a pupil's permanent one (accepted, but worth chasing). `problem` is
    empty when `valid`, otherwise one sentence saying what is wrong.
    """

    value: str
    valid: bool
    temporary: bool = False
    problem: str = ""

    @property
    def la_code(self) -> str:
        """Characters 2 to 4: the LA of the school that issued the UPN (not necessarily the pupil's home
        LA), or "" when those characters are not three digits."""
        code = self.value[1:4]
        return code if len(code) == 3 and ascii_digits(code) else ""


def check_upn(value: str) -> UPNCheck:
    """Check a Unique Pupil Number: a check letter, then the issuing LA (3 digits), establishment (4),
    academic year (2) and a serial of 3 digits, or of 2 digits and a letter for a temporary UPN.

    The check letter is the mod-23 sum of characters 2 to 13 weighted 2 to 13, a temporary UPN's final
    letter counting as its place in the alphabet without I, O and S (A=0 ... Z=22): stdnum's calculation
    does exactly this. We do not use stdnum's `validate` because its list of LA codes dates from 2011 and
    would refuse every UPN issued since in, say, Dorset (838) or Cumberland (942); whether the LA is
    English is a separate question (`is_english_la_code`), asked where it matters.
    """
    normalised = "".join((value or "").split()).upper()
    if not normalised:
        return UPNCheck(normalised, valid=False, problem="There is no UPN")
    if len(normalised) != 13:
        problem = f"A UPN has 13 characters, and this one has {len(normalised)}"
        return UPNCheck(normalised, valid=False, problem=problem)
    first, middle, last = normalised[0], normalised[1:12], normalised[12]
    if first not in UPN_LETTERS:
        problem = "A UPN starts with its check letter, a letter other than I, O or S"
        return UPNCheck(normalised, valid=False, problem=problem)
    if not ascii_digits(middle):
        return UPNCheck(normalised, valid=False, problem="Characters 2 to 12 of a UPN are all digits, 0 to 9")
    temporary = last in UPN_LETTERS
    if not (ascii_digits(last) or temporary):
        problem = "A UPN ends with a digit, or with a letter other than I, O or S for a temporary UPN"
        return UPNCheck(normalised, valid=False, problem=problem)
    if stdnum_upn.calc_check_digit(normalised[1:]) != first:
        problem = (
            "The check letter (the first character) does not match the rest of the UPN, "
            "so one of its characters is probably wrong"
        )
        return UPNCheck(normalised, valid=False, temporary=temporary, problem=problem)
    return UPNCheck(normalised, valid=True, temporary=temporary)


def check_uln(value: str) -> bool:
    """Whether `value` is a Unique Learner Number: 10 digits, the first not 0, whose digits weighted 10 down
    to 1 sum to 10 more than a multiple of 11.

    That is the Learning Records Service's rule (published by HESA and in DfE's "ULN validation"): the
    check digit is 10 minus the weighted sum of the first nine digits modulo 11, so a number whose first
    nine digits leave remainder 0 has no valid check digit at all. Example: 9276308686 is valid.
    """
    digits = "".join((value or "").split())
    if len(digits) != 10 or not ascii_digits(digits) or digits[0] == "0":
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits, range(10, 0, -1), strict=True))
    return total % 11 == 10


# The 3-digit codes of England's local authorities with responsibility for education (DfE's LA numbers,
# as on Get Information about Schools), including those since abolished: a UPN keeps the code of the LA
# that issued it, so a pupil in Year 11 can carry Cumbria's 909 long after Cumbria was split.
ENGLISH_LA_CODES = frozenset(
    # Inner London: City of London 201 to Westminster 213
    [f"{n}" for n in range(201, 214)]
    # Outer London: Barking and Dagenham 301 to Waltham Forest 320
    + [f"{n}" for n in range(301, 321)]
    # Metropolitan districts: West Midlands, Merseyside, Greater Manchester, South and West Yorkshire,
    # Tyne and Wear
    + [f"{n}" for n in (*range(330, 337), *range(340, 345), *range(350, 360), *range(370, 374))]
    + [f"{n}" for n in (*range(380, 385), *range(390, 395))]
    # Isles of Scilly
    + ["420"]
    # Unitary authorities and counties
    + [
        "800", "801", "802", "803", "805", "806", "807", "808", "810", "811", "812", "813", "815",
        "816", "821", "822", "823", "825", "826", "830", "831", "838", "839", "840", "841", "845",
        "846", "850", "851", "852", "855", "856", "857", "860", "861", "865", "866", "867", "868",
        "869", "870", "871", "872", "873", "874", "876", "877", "878", "879", "880", "881", "882",
        "883", "884", "885", "886", "887", "888", "889", "890", "891", "892", "893", "894", "895",
        "896", "908", "916", "919", "921", "925", "926", "929", "931", "933", "935", "936", "937",
        "938",
        # Since 2021: North Northamptonshire, West Northamptonshire; since 2023: Cumberland,
        # Westmorland and Furness
        "940", "941", "942", "943",
        # Abolished, still carried by UPNs: Bedfordshire 820 and Cheshire 875 (2009), Dorset 835,
        # Poole 836 and Bournemouth 837 (2019), Northamptonshire 928 (2021), Cumbria 909 (2023)
        "820", "875", "835", "836", "837", "928", "909",
    ]
)  # fmt: skip
# The school census accepts these (its validation rule 1530) and, besides, Welsh LAs (660 to 681) and the
# pseudo-LA codes 001 to 005 and 701 to 708 (706 is the Channel Islands), none of them English; codes
# such as 999 appear only in test and demonstration data.


def is_english_la_code(code: str) -> bool:
    """Whether `code` is the 3-digit code of an English local authority, past or present.

    A pupil whose UPN or school history names another code came from a school outside England, whose
    records (and UPN rules) may differ: the importer says so rather than trusting the record blindly.
    """
    return (code or "").strip() in ENGLISH_LA_CODES


def la_code_problem(code: str, *, registered: bool = False) -> str:
    """What is wrong with `code` as the code of a local authority (a pupil's home LA), or "" when it is
    one: 3 digits, 0 to 9, naming an English LA past or present (`is_english_la_code`), or an LA the
    service has registered (`registered`, which the caller works out: the demonstration LAs' 999 and
    998 are no English LA's, and a test world's codes are invented)."""
    if not (len(code) == 3 and ascii_digits(code)):
        return "Home LA code must be 3 digits, like 938"
    if not (is_english_la_code(code) or registered):
        return f"No local authority in England has the code {code}: check the home LA code, or leave it empty"
    return ""


# The ages a pupil of ours may be, in whole years on the day: from 2 (nursery places for two-year-olds)
# to 25 (an EHC plan may run until a young person's 26th birthday).
YOUNGEST_AGE, OLDEST_AGE = 2, 25


def age_on(born: date, day: date) -> int:
    """Age in whole years on `day`."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def date_of_birth_problem(born: date, today: date) -> str:
    """Why `born` cannot be a pupil's date of birth on `today`, or "": it is in the past and makes the pupil
    2 to 25 years old. A date outside that is a typing slip (2021 for 2012), not a pupil of AP."""
    if born >= today:
        return "Date of birth must be in the past"
    age = age_on(born, today)
    if age < YOUNGEST_AGE:
        return f"Date of birth makes the pupil younger than {YOUNGEST_AGE}: check the year"
    if age > OLDEST_AGE:
        return f"Date of birth makes the pupil older than {OLDEST_AGE}: check the year"
    return ""


def academic_year_start(on: date) -> int:
    """The calendar year in which the academic year containing `on` began (it begins on 1 September)."""
    return on.year if on.month >= 9 else on.year - 1


def year_group(date_of_birth: date, on: date) -> int:
    """The National Curriculum year group a child born on `date_of_birth` is in on the day `on`, for a
    child in the year group their age puts them in: Reception is 0, Year 1 is 1, Year 13 is 13; a younger
    child gets a negative number (nursery is -1).

    Children born from 1 September to 31 August are one cohort, starting Reception in the September after
    their fourth birthday: so a child born between 1 September 2014 and 31 August 2015 is in Year 7 in
    2026/27. A pupil taught out of their year group has it overridden (with a reason) on their record.
    """
    return academic_year_start(on) - academic_year_start(date_of_birth) - 5


# Year groups with a name: nursery (-1) to Year 14 (a third year in a sixth form). Beyond these the number
# would mislead ("Year 18"): the age puts the child outside school years, which is said instead.
NAMED_YEAR_GROUPS = range(-1, 15)


def year_group_name(year: int | None) -> str:
    """ "Reception", "Year 9"; "Nursery" for -1, and in words for an age outside school years."""
    if year is None:
        return ""
    if year < NAMED_YEAR_GROUPS.start:
        return "Younger than nursery age"
    if year >= NAMED_YEAR_GROUPS.stop:
        return "Beyond Year 13"
    if year == -1:
        return "Nursery"
    return "Reception" if year == 0 else f"Year {year}"
