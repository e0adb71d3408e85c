"""Who may do what: the one place for permission rules.

Each rule takes the acting membership (and the object, where it matters) and answers yes or no. Views,
API permissions and templates all ask these functions; none re-implements them. What a membership may
*see* at all is decided by the scoping path (`visible_to`), so these rules only ever meet objects the
membership can already see: a "no" here is a 403, an invisible object is a 404.
"""

from apcommission.tenancy.roles import ROLES_BY_KIND, OrganisationKind, Role

Kind = OrganisationKind

# Roles that administer their organisation's members.
MEMBER_ADMINS = frozenset({Role.LA_OFFICER, Role.SCHOOL_LEADER, Role.TRUST_LEADER, Role.PROVIDER_MANAGER})


def can_manage_members(membership) -> bool:
    return membership is not None and membership.role in MEMBER_ADMINS


def assignable_roles(membership) -> tuple[Role, ...]:
    """Roles an administrator may give in their own organisation."""
    if not can_manage_members(membership):
        return ()
    return ROLES_BY_KIND[membership.organisation.kind]


def can_change_member(membership, member) -> bool:
    """Administrators change others in their organisation, never themselves (so one cannot lock all out)."""
    return (
        can_manage_members(membership)
        and member.organisation_id == membership.organisation_id
        and member.user_id != membership.user_id
        and member.is_active
    )


def can_view_area_schools(membership) -> bool:
    return membership is not None and membership.organisation.kind == Kind.LOCAL_AUTHORITY


def can_view_trust_schools(membership) -> bool:
    return membership is not None and membership.organisation.kind == Kind.TRUST


def can_view_provider_register(membership) -> bool:
    return membership is not None and membership.organisation.kind == Kind.LOCAL_AUTHORITY


def can_manage_provider_organisations(membership) -> bool:
    """LA officers create and edit the provider organisations on their area's register."""
    return membership is not None and membership.role == Role.LA_OFFICER


def can_edit_provider_organisation(membership, provider) -> bool:
    return (
        can_manage_provider_organisations(membership)
        and provider.kind == Kind.PROVIDER
        and provider.local_authority_id == membership.organisation_id
    )
