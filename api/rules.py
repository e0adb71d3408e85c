"""Who manages API keys, and what a key may do. An organisation's administrators (the roles that manage
its members) make and revoke its keys; only schools and providers have an API to reach."""

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from apcommission.tenancy.rules import can_manage_members, is_provider

# The roles a key may act with, by kind of organisation: never a DSL's (safeguarding details stay with
# people) nor an administrator's (a key cannot manage members or keys).
KEY_ROLES = {
    Kind.SCHOOL: (Role.SCHOOL_STAFF, Role.AP_LEAD),
    Kind.PROVIDER: (Role.PROVIDER_STAFF,),
}


def can_manage_api_keys(membership) -> bool:
    return can_manage_members(membership) and membership.organisation.kind in KEY_ROLES


def key_roles(membership) -> tuple[Role, ...]:
    return KEY_ROLES.get(membership.organisation.kind, ()) if can_manage_api_keys(membership) else ()


def can_revoke(membership, key) -> bool:
    return (
        can_manage_api_keys(membership)
        and key.organisation_id == membership.organisation_id
        and key.revoked_at is None
    )


def posts_records(membership) -> bool:
    """A provider's key sends attendance and progress for the placements made with the provider."""
    return is_provider(membership)
