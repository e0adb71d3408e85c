"""Who may change an LA's vocabularies: the same for every vocabulary of every app, so written here once.
An app's `rules` module offers them to its views and templates under its own names."""

from apcommission.tenancy.roles import Role
from apcommission.tenancy.rules import has_role


def can_manage_la_settings(membership) -> bool:
    """An LA's officers add to its vocabularies (and keep its other settings)."""
    return has_role(membership, Role.LA_OFFICER)


def can_retire_la_setting(membership, entry) -> bool:
    """An LA's officers retire an entry their LA added (never a standard one or another LA's), once: it is
    kept for the records that name it."""
    return (
        can_manage_la_settings(membership)
        and entry.local_authority_id == membership.organisation_id
        and entry.retired_at is None
    )
