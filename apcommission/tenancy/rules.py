"""Who may do what with organisations and members, and the questions about a membership every app's
rules are built from.

Each app keeps its permission rules in its own `rules` module (this one for the core, `providers.rules`
for the provider stage, and so on). A rule takes the acting membership (and the object, where it matters)
and answers yes or no. Views, services and templates (through the `rules` template library) all ask
these functions; none re-implements them. What a membership may *see* at all is decided by the
visibility rules (`visible_to`), so these rules only ever meet objects the membership can already see: a
"no" here is a 403, an invisible object is a 404.
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


def has_role(membership, *roles) -> bool:
    return membership is not None and membership.role in roles


def is_kind(membership, *kinds) -> bool:
    return membership is not None and membership.organisation.kind in kinds


def is_provider(membership) -> bool:
    return is_kind(membership, Kind.PROVIDER)


def is_school(membership) -> bool:
    return is_kind(membership, Kind.SCHOOL)


def is_local_authority(membership) -> bool:
    return is_kind(membership, Kind.LOCAL_AUTHORITY)


def is_trust(membership) -> bool:
    return is_kind(membership, Kind.TRUST)


def acts_for(membership, organisation_id) -> bool:
    """The membership acts for this organisation: a provider reading its own page or the visits about
    it is spoken to as "you"."""
    return membership is not None and membership.organisation_id == organisation_id


# What templates ask (`{% load rules %}`): `{% if membership|may_manage_members %}`.
FOR_TEMPLATES = {
    "may_manage_members": can_manage_members,  # invites, roles and removals in its organisation
    "is_provider": is_provider,
    "is_school": is_school,
    "is_trust": is_trust,
    "is_local_authority": is_local_authority,
    # `{% if membership|acts_for:visit.provider_id %}`: the page speaks to this organisation as "you".
    "acts_for": acts_for,
}
