"""Who may do what with reviews (which review records a membership sees at all is `reviews.visibility`;
these rules only meet records it already sees: a "no" is a 403, an unseen record a 404).

The commissioning school's AP lead moves its active placements' reviews and sets the school's own
rules, and records a parent's request for a review of an off-site direction; an LA's officers set the
area's default rules (its viewers read them). Everyone who sees a placement reads its schedule; only the
commissioners read why a review was moved, and the parent's requests."""

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from apcommission.tenancy.rules import has_role, is_kind
from placements import rules as placement_rules
from placements.models import PlacementReason, PlacementStatus


def can_move_reviews(membership, placement) -> bool:
    """The school's AP lead moves the reviews of its active placement."""
    return (
        placement_rules.can_manage_placement(membership, placement)
        and placement.status == PlacementStatus.ACTIVE
    )


def reads_moves(membership) -> bool:
    """Why a review was moved is the commissioners' record (the school, its trust, its LA)."""
    return is_kind(membership, Kind.SCHOOL, Kind.TRUST, Kind.LOCAL_AUTHORITY)


def can_view_la_rules(membership) -> bool:
    """An LA's officers and viewers read its review rules."""
    return is_kind(membership, Kind.LOCAL_AUTHORITY)


def can_set_la_rules(membership) -> bool:
    """An LA's officers set its area's review rules."""
    return has_role(membership, Role.LA_OFFICER)


def can_set_school_rules(membership) -> bool:
    """A school's AP lead sets the school's own review rules, and a placement's."""
    return has_role(membership, Role.AP_LEAD)


def can_hold_review(membership, placement) -> bool:
    """The commissioning school's AP lead holds its placement's reviews, while it runs and, for the final
    review, after it ended."""
    return placement_rules.can_manage_placement(membership, placement) and placement.status in (
        PlacementStatus.ACTIVE,
        PlacementStatus.ENDED,
    )


def reads_views(membership) -> bool:
    """A held review's views (the pupil's, the parent's), its baseline and the note on its decision are
    the commissioners' record, as the moves are."""
    return reads_moves(membership)


def can_ask_views(membership, placement) -> bool:
    """Whoever holds the placement's reviews (the school's AP lead) makes and withdraws the links that ask
    the pupil and the parent for their views before one."""
    return can_hold_review(membership, placement)


def can_record_parent_request(membership, placement) -> bool:
    """The commissioning school's AP lead records that a parent asked for a review, on an off-site
    direction while it lasts (the placement is active): only then has the parent the right to ask."""
    return (
        placement_rules.can_manage_placement(membership, placement)
        and placement.status == PlacementStatus.ACTIVE
        and placement.reason == PlacementReason.OFF_SITE_DIRECTION
    )
