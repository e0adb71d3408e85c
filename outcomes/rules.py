"""Who may do what with outcomes and check-ins (which records a membership sees at all is
`outcomes.visibility`; these rules only meet records it already sees: a "no" is a 403, an unseen record a
404).

The commissioning school's AP lead records the outcome of its ended placement and its check-ins. The
school's other roles, its trust and its LA read them; the provider reads the outcome of its own placement,
without the destination's detail."""

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.rules import is_kind
from placements import rules as placement_rules
from placements.models import PlacementStatus


def can_record_outcome(membership, placement) -> bool:
    """The school's AP lead records the outcome of its placement once it has ended."""
    return (
        placement_rules.can_manage_placement(membership, placement)
        and placement.status == PlacementStatus.ENDED
    )


def can_record_check_in(membership, check_in) -> bool:
    """The school's AP lead records where the pupil was found (`check_in.placement` is read)."""
    return placement_rules.can_manage_placement(membership, check_in.placement)


def reads_destination_detail(membership) -> bool:
    """Where the pupil went (the school or college) is the commissioners' to read, not the provider's: the
    same line as the placement's plan (`placements.rules.reads_plan_in_full`)."""
    return placement_rules.reads_plan_in_full(membership)


def can_view_destinations(membership) -> bool:
    """A school's roles read its check-ins, a trust's leaders their schools'."""
    return is_kind(membership, Kind.SCHOOL, Kind.TRUST)


def can_view_area_destinations(membership) -> bool:
    """An LA's officers and viewers read the destinations of their area's placements, by provider."""
    return is_kind(membership, Kind.LOCAL_AUTHORITY)


ON_A_RECORD = {"may_record_outcome": can_record_outcome, "may_record_check_in": can_record_check_in}
