"""Who may do what with attendance (which marks a membership sees at all is `attendance.visibility`).

A provider's manager and staff record marks for the provider's own placements (the services check each
placement and date). The commissioners read them: the school's every role and its trust's leaders on
the school page, the LA's officers and viewers there and on the area's summary."""

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.rules import is_kind


def can_record_marks(membership) -> bool:
    """A provider's manager and staff mark attendance for the placements made with it."""
    return is_kind(membership, Kind.PROVIDER)


def can_view_school_attendance(membership) -> bool:
    """Schools (every role), trusts (their schools') and LAs (their area's) read the marks providers
    send for their placements: same-day absences and providers that have not sent yesterday's marks."""
    return is_kind(membership, Kind.SCHOOL, Kind.TRUST, Kind.LOCAL_AUTHORITY)


def can_view_area_attendance(membership) -> bool:
    """An LA's officers and viewers read the area's attendance per provider and per school."""
    return is_kind(membership, Kind.LOCAL_AUTHORITY)


def sees_many_schools(membership) -> bool:
    return is_kind(membership, Kind.TRUST, Kind.LOCAL_AUTHORITY)
