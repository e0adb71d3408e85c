"""The provider's words for a session and what the school records for it in its register (the School
Attendance (Pupil Registration) (England) Regulations 2024, DOMAIN.md 4), and the short codes a file may
use for each word.

A session at the provision that the pupil attended is the placement's own code: B (education off-site,
arranged by the school), D (dual registered at another school) or K (provision arranged by the LA). An
absence is the absence code the school would use for it. A session the pupil is not timetabled for at
the provision is C2 when the pupil is on a part-time timetable (nowhere to be); otherwise the pupil is
expected at school then, and the school records its own mark ("-" here: nothing from the provider).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from attendance.models import MarkKind

if TYPE_CHECKING:
    from placements.models import Placement

K = MarkKind

# The one-letter codes a file may use in place of the words (README: "Sending attendance in a file").
SHORT_CODES = {
    "P": K.PRESENT,
    "L": K.LATE,
    "I": K.ILLNESS,
    "M": K.MEDICAL,
    "R": K.RELIGIOUS,
    "C": K.OTHER_AUTHORISED,
    "U": K.UNAUTHORISED,
    "X": K.NOT_TIMETABLED,
}
SHORT_CODE_OF = {mark: code for code, mark in SHORT_CODES.items()}

ABSENCE_CODES = {
    K.ILLNESS: "I",
    K.MEDICAL: "M",
    K.RELIGIOUS: "R",
    K.OTHER_AUTHORISED: "C",
    K.UNAUTHORISED: "O",
}
PART_TIME_CODE = "C2"
SCHOOLS_OWN_MARK = "-"


def school_code(mark: str, placement: Placement, *, part_time: bool) -> str:
    """The code the school records for a session the provider marked `mark` on `placement`.
    `part_time`: the pupil is on a part-time timetable (the placement has a part-time plan)."""
    return school_code_for(mark, placement.attendance_code, part_time=part_time)


def school_code_for(mark: str, attendance_code: str, *, part_time: bool) -> str:
    """`school_code`, from the placement's attendance code alone (for rows read with `values()`)."""
    if mark in K.attended():
        return attendance_code
    if mark == K.NOT_TIMETABLED:
        return PART_TIME_CODE if part_time else SCHOOLS_OWN_MARK
    return ABSENCE_CODES[mark]


def mark_from_words(text: str) -> str | None:
    """The mark a file's cell names (the words, a short code or the stored value, in any case), or None."""
    cleaned = " ".join(str(text or "").replace(",", " ").replace(":", " ").split()).casefold()
    if not cleaned:
        return None
    if cleaned.upper() in SHORT_CODES:
        return SHORT_CODES[cleaned.upper()]
    for kind in MarkKind:
        words = " ".join(kind.label.replace(",", " ").replace(":", " ").split()).casefold()
        if cleaned in (words, kind.value.replace("_", " "), kind.value):
            return kind.value
    return None


# The grid's words for each mark: short enough for ten selects across a page (its key gives the full words).
GRID_WORDS = {
    K.PRESENT: "Present",
    K.LATE: "Late",
    K.ILLNESS: "Illness",
    K.MEDICAL: "Medical",
    K.RELIGIOUS: "Religious",
    K.OTHER_AUTHORISED: "Other authorised",
    K.UNAUTHORISED: "Unauthorised",
    K.NOT_TIMETABLED: "Not timetabled",
}
