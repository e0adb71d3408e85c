"""What a membership may do with safeguarding concerns (which records it sees at all is
`safeguarding.visibility`). Rules only meet records the membership already sees: a "no" is a 403, an
unseen record a 404.

- The provider a pupil is placed with (its manager or staff) raises a concern about the placement while
  it is planned or active, and for `RAISE_AFTER_ENDING_DAYS` after it ended: what a pupil says after
  leaving is still a concern. Not about a cancelled placement, which never took place.
- The school's DSLs read every concern's details, record what was done, and may share the details with
  the school's AP leads or leaders, saying why.
- The school's AP leads and leaders see that a concern exists and its state, on the placement's page;
  the details only when a DSL shared them with their role.
"""

import datetime

from django.utils import timezone

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from apcommission.tenancy.rules import has_role, is_kind
from placements.models import PlacementStatus
from safeguarding.models import ConcernState
from safeguarding.visibility import SEE_THAT_ONE_EXISTS

RAISE_AFTER_ENDING_DAYS = 30


def is_dsl(membership) -> bool:
    """A school's designated safeguarding lead: alerted to and handles its concerns."""
    return is_kind(membership, Kind.SCHOOL) and has_role(membership, Role.DSL)


def raises_concerns(membership) -> bool:
    """A provider's manager and staff raise concerns about the pupils placed with it."""
    return is_kind(membership, Kind.PROVIDER)


def can_view_concerns(membership) -> bool:
    """The list of concerns: a DSL's (its school's) and a provider's (those it raised)."""
    return is_dsl(membership) or raises_concerns(membership)


def sees_that_concerns_exist(membership) -> bool:
    """The school roles shown on a placement's page that a concern was raised, and its state."""
    return is_kind(membership, Kind.SCHOOL) and has_role(membership, *SEE_THAT_ONE_EXISTS)


def may_still_raise(placement, today: datetime.date | None = None) -> bool:
    """The placement is planned or active, or ended within `RAISE_AFTER_ENDING_DAYS`."""
    if placement.status in PlacementStatus.current_values():
        return True
    if placement.status == PlacementStatus.ENDED and placement.ended_on is not None:
        today = today or timezone.localdate()
        return (today - placement.ended_on).days <= RAISE_AFTER_ENDING_DAYS
    return False


def can_raise_concern(membership, placement) -> bool:
    """The provider delivering the placement raises a concern about it, while `may_still_raise`."""
    return (
        raises_concerns(membership)
        and placement.provider_id == membership.organisation_id
        and may_still_raise(placement)
    )


def _dsl_of(membership, concern) -> bool:
    return is_dsl(membership) and concern.school_id == membership.organisation_id


def can_record_action(membership, concern) -> bool:
    """The school's DSLs record what was done, until they close the concern."""
    return _dsl_of(membership, concern) and concern.state != ConcernState.CLOSED


def can_share_details(membership, concern) -> bool:
    """The school's DSLs share a concern's details with its AP leads or leaders."""
    return _dsl_of(membership, concern)


FOR_TEMPLATES = {"is_dsl": is_dsl, "may_view_concerns": can_view_concerns}
ON_A_RECORD = {
    "may_raise_concern": can_raise_concern,
    "may_record_concern_action": can_record_action,
    "may_share_concern": can_share_details,
}
