"""What a membership may do with the pupils it sees (which pupils it sees is `pupils.visibility`)."""

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from pupils.visibility import SCHOOL_ROLES_SEEING_DETAILS


def _school(membership) -> bool:
    return membership is not None and membership.organisation.kind == Kind.SCHOOL


def can_view_pupils(membership) -> bool:
    """A school's people and its trust's leaders list pupils; an LA reaches them through referrals."""
    return membership is not None and membership.organisation.kind in (Kind.SCHOOL, Kind.TRUST)


def reads_pupil_records(membership) -> bool:
    """Opens the record of a pupil it sees: a school's people and its trust's leaders, and an LA's people
    once a pupil of its area is referred (which pupils each sees is `pupils.visibility`). A provider
    never reads a pupil's record."""
    return membership is not None and membership.organisation.kind in (
        Kind.SCHOOL,
        Kind.TRUST,
        Kind.LOCAL_AUTHORITY,
    )


def can_add_pupil(membership) -> bool:
    """The AP lead records the school's pupils (by hand or from a Common Transfer File)."""
    return _school(membership) and membership.role == Role.AP_LEAD


def can_edit_pupil(membership, pupil) -> bool:
    return can_add_pupil(membership) and pupil.school_id == membership.organisation_id


def sees_sensitive_of_listed(membership) -> bool:
    """Shown the SEN status of every pupil its list shows: the school's AP lead, DSL and leader (a school
    lists only its own pupils; a trust's leaders see no sensitive field)."""
    return _school(membership) and membership.role in SCHOOL_ROLES_SEEING_DETAILS


def sees_sensitive(membership, pupil) -> bool:
    """Shown the SEN detail, social care, health and contacts of a pupil it sees."""
    if membership is None:
        return False
    kind = membership.organisation.kind
    if kind == Kind.SCHOOL:
        return (
            membership.role in SCHOOL_ROLES_SEEING_DETAILS and pupil.school_id == membership.organisation_id
        )
    if kind == Kind.LOCAL_AUTHORITY:
        return membership.role == Role.LA_OFFICER and pupil.local_authority_id == membership.organisation_id
    return False


def can_see_who_viewed(membership, pupil) -> bool:
    """A school leader or DSL sees who has looked at their school's pupil's record, and when."""
    return (
        _school(membership)
        and membership.role in (Role.SCHOOL_LEADER, Role.DSL)
        and pupil.school_id == membership.organisation_id
    )


FOR_TEMPLATES = {
    "may_add_pupil": can_add_pupil,
    "may_view_pupils": can_view_pupils,
}
ON_A_RECORD = {
    "may_edit_pupil": can_edit_pupil,
    "sees_sensitive": sees_sensitive,
    "may_see_who_viewed": can_see_who_viewed,
}
