"""Who may read the register of pupils in AP and a provider's list of its pupils. Which placements each
shows is `placements.visibility`; these say only whose pages they are."""

from apcommission.tenancy.roles import OrganisationKind as Kind


def can_view_register(membership) -> bool:
    """A school's people (every role: staff read it too), its trust's leaders and its LA's officers and
    viewers each read the register of the placements they see."""
    kinds = (Kind.SCHOOL, Kind.TRUST, Kind.LOCAL_AUTHORITY)
    return membership is not None and membership.organisation.kind in kinds


def sees_many_schools(membership) -> bool:
    """A trust's and an LA's register name each placement's school."""
    return membership is not None and membership.organisation.kind in (Kind.TRUST, Kind.LOCAL_AUTHORITY)


def can_view_own_pupils(membership) -> bool:
    """A provider's manager and staff read the placements made with it, as the schools shared them."""
    return membership is not None and membership.organisation.kind == Kind.PROVIDER


def has_placement_counts(membership) -> bool:
    """A school's and an LA's home page say what needs doing about their placements (`placements.waiting`)."""
    return membership is not None and membership.organisation.kind in (Kind.SCHOOL, Kind.LOCAL_AUTHORITY)


def is_trust(membership) -> bool:
    return membership is not None and membership.organisation.kind == Kind.TRUST
