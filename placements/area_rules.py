"""Who may read the rules no single school can check, and who sets an LA's numbers (which placement
records a membership sees at all is `placements.visibility`).

Rules only meet records the membership already sees: a "no" is a 403, an unseen record a 404."""

from apcommission.tenancy.roles import COMMISSIONERS, Role
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.rules import has_role, is_kind


def can_view_area_placements(membership) -> bool:
    """An LA's officers and viewers read the area's pages: the registration threshold, part-time
    timetables across its schools, providers in use that are not on its list, and its numbers."""
    return is_kind(membership, Kind.LOCAL_AUTHORITY)


def can_set_placement_rules(membership) -> bool:
    """An LA's officers set its numbers: the full-time week, the part-time notice and the non-school
    limits. Its viewers read them."""
    return has_role(membership, Role.LA_OFFICER)


def can_view_placement_costs(membership) -> bool:
    """Commissioners see what their placements cost: a school its own, a trust its schools', an LA its
    area's. Never a provider: what else a school pays is not its business."""
    return is_kind(membership, *COMMISSIONERS)


def sees_placement_checks(membership) -> bool:
    """The warnings on a placement and a pupil's week are the commissioners': a provider would learn of
    the pupil's placements elsewhere from them."""
    return is_kind(membership, *COMMISSIONERS)


def can_view_school_costs(membership) -> bool:
    """An LA and a trust see their schools' costs side by side."""
    return is_kind(membership, Kind.LOCAL_AUTHORITY, Kind.TRUST)


def can_view_own_costs(membership) -> bool:
    """A school or a trust reaches the costs page from its home page (an LA from its area's panel)."""
    return is_kind(membership, Kind.SCHOOL, Kind.TRUST)
