"""Common Transfer Files (DfE's XML for moving a pupil's record between schools), read into plain values.

from pupils.ctf import CTFRefused, read_ctf

try:
    ctf = read_ctf(upload.read())
except CTFRefused as refused:
    ...  # show refused.message; nothing is written
for pupil in ctf.pupils:
    ...  # pupil.warnings, pupil.contacts, pupil.attendance...
"""

from pupils.ctf.reader import CTFRefused, read_ctf
from pupils.ctf.records import (
    Address,
    AttendanceYear,
    Contact,
    CTFFile,
    CTFPupil,
    FSMPeriod,
    Phone,
    School,
    SENEntry,
    SENNeed,
    SENStatus,
)

__all__ = [
    "Address",
    "AttendanceYear",
    "CTFFile",
    "CTFPupil",
    "CTFRefused",
    "Contact",
    "FSMPeriod",
    "Phone",
    "SENEntry",
    "SENNeed",
    "SENStatus",
    "School",
    "read_ctf",
]
