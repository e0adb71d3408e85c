"""What a membership may do with the school's contact log (which contacts it sees at all is
`contacts.visibility`). Rules only meet records the membership already sees: a "no" is a 403, an unseen
record a 404."""

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from apcommission.tenancy.rules import has_role, is_kind

LOGGERS = (Role.AP_LEAD, Role.DSL)


def can_view_contacts(membership) -> bool:
    """A school's roles read its log; a trust's leaders their schools'; an LA's officers and viewers
    their area's. Never a provider."""
    return is_kind(membership, Kind.SCHOOL, Kind.TRUST, Kind.LOCAL_AUTHORITY)


def sees_own_last_visits(membership) -> bool:
    """The provider directory tells a school when it last visited each provider, and a trust when its
    schools last did: their own record, beside the LA's QA visit. An LA reads its area's visits in the log
    and on the register, school by school, so its directory stays as it was."""
    return is_kind(membership, Kind.SCHOOL, Kind.TRUST)


def can_log_contacts(membership) -> bool:
    """A school's AP leads and DSLs log its visits and contacts."""
    return is_kind(membership, Kind.SCHOOL) and has_role(membership, *LOGGERS)


def can_change_contact(membership, contact) -> bool:
    """Its school's AP leads and DSLs change a contact, or mark it entered in error; once marked it is the
    record."""
    return (
        can_log_contacts(membership)
        and contact.school_id == membership.organisation_id
        and contact.entered_in_error_at is None
    )


FOR_TEMPLATES = {"may_view_contacts": can_view_contacts, "may_log_contacts": can_log_contacts}
ON_A_RECORD = {"may_change_contact": can_change_contact}
