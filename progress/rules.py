"""Who may do what with the records kept during a placement (which records a membership sees at all is
`progress.visibility`; these rules only meet records it already sees: a "no" is a 403, an unseen record a
404).

The provider delivering the placement (its manager and staff) records progress and incidents, and corrects
them, while the placement is active, and afterwards for the days it ran (its last entries often come after
it ended). Everyone else who sees the placement reads them: the school's every role, its trust's leaders,
its LA's officers and viewers."""

from apcommission.tenancy.roles import OrganisationKind as Kind
from placements.models import PlacementStatus as Status

# A placement the provider records for: running, or ended (for the days it ran).
RECORDS_FOR = (Status.ACTIVE, Status.ENDED)


def delivers(membership, placement) -> bool:
    """The membership is of the provider delivering the placement, whatever its status."""
    return (
        membership is not None
        and membership.organisation.kind == Kind.PROVIDER
        and membership.organisation_id == placement.provider_id
    )


def can_record(membership, placement) -> bool:
    """The provider delivering an active (or ended) placement records its progress and incidents."""
    return delivers(membership, placement) and placement.status in RECORDS_FOR


def can_correct(membership, record) -> bool:
    """A progress entry or an incident is corrected by the provider that recorded it (any of its people)."""
    return (
        membership is not None
        and membership.organisation.kind == Kind.PROVIDER
        and membership.organisation_id == record.provider_id
    )


def can_view_incidents(membership) -> bool:
    """The list of incidents across placements: a school's every role, its trust's leaders and its LA's
    officers and viewers, each for the placements they see. A provider reads each placement's own."""
    return membership is not None and membership.organisation.kind in (
        Kind.SCHOOL,
        Kind.TRUST,
        Kind.LOCAL_AUTHORITY,
    )


def sees_many_schools(membership) -> bool:
    """A trust's and an LA's list name each incident's school."""
    return membership is not None and membership.organisation.kind in (Kind.TRUST, Kind.LOCAL_AUTHORITY)


def is_commissioner_at_home(membership) -> bool:
    """A school's and an LA's home page count the high-severity incidents of the last two weeks."""
    return membership is not None and membership.organisation.kind in (Kind.SCHOOL, Kind.LOCAL_AUTHORITY)


def reads_pupil_record(membership) -> bool:
    """The commissioners name the pupil from the pupil's record; a provider from the copy the school
    shared with it (`Placement.provider_copy`), never the record."""
    return membership is not None and membership.organisation.kind != Kind.PROVIDER


def is_trust(membership) -> bool:
    return membership is not None and membership.organisation.kind == Kind.TRUST


ON_A_RECORD = {
    "may_record_progress": can_record,
    "may_correct_progress": can_correct,
}
