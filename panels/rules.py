"""What a membership may do with panels (which panel records it sees is `panels.visibility`).

Rules only meet records the membership already sees: a "no" is a 403, an unseen record a 404."""

from django.utils import timezone

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from apcommission.tenancy.rules import has_role, is_kind
from pupils.rules import sees_sensitive
from referrals.models import ReferralStatus


def can_view_panels(membership) -> bool:
    """An LA's officers and viewers read its panels: the meetings and the referrals put to them."""
    return is_kind(membership, Kind.LOCAL_AUTHORITY)


def can_run_panels(membership) -> bool:
    """An LA's officers arrange its panels and say whether it uses one."""
    return has_role(membership, Role.LA_OFFICER)


def can_edit_meeting(membership, meeting) -> bool:
    return can_run_panels(membership) and meeting.local_authority_id == membership.organisation_id


def sees_meeting_details(membership, meeting) -> bool:
    """Who attends and the notes are the LA's own: its schools see a meeting's date and kind."""
    return can_view_panels(membership) and meeting.local_authority_id == membership.organisation_id


def puts_referrals_of(membership, referral) -> bool:
    """The referring school's AP lead, or an officer of its area's LA: who puts its referrals to a panel."""
    if membership is None:
        return False
    if membership.role == Role.AP_LEAD:
        return membership.organisation_id == referral.school_id
    if membership.role == Role.LA_OFFICER:
        return membership.organisation_id == referral.local_authority_id
    return False


def can_put_to_panel(membership, referral) -> bool:
    """They put a referral sent to providers (and not with a panel already) to a panel. Whether the LA
    uses one is the service's to check: it is a setting, not a role."""
    return puts_referrals_of(membership, referral) and referral.status == ReferralStatus.SENT


def records_decisions(membership, item) -> bool:
    """An officer of the referral's LA records the panel's decisions (whether one can be recorded now is
    the item's state: `can_decide`)."""
    return has_role(membership, Role.LA_OFFICER) and item.local_authority_id == membership.organisation_id


def meets_later(item) -> bool:
    """The meeting the referral was put to has not happened yet: its decision waits until it has."""
    return item.meeting.meets_on > timezone.localdate()


def can_decide(membership, item) -> bool:
    """An officer of the LA records the panel's decision on a referral put to it, once, from the day of
    the meeting, while the referral is with the panel (one the school accepted or withdrew takes none)."""
    return (
        records_decisions(membership, item)
        and not item.is_decided
        and not meets_later(item)
        and item.referral.status == ReferralStatus.AT_PANEL
    )


def sees_pupil_in_full(membership, pupil) -> bool:
    """Beyond what the school shared for deciding: the roles shown the pupil's sensitive details."""
    return sees_sensitive(membership, pupil)


FOR_TEMPLATES = {"may_view_panels": can_view_panels, "may_run_panels": can_run_panels}
ON_A_RECORD = {
    "may_edit_meeting": can_edit_meeting,
    "sees_meeting_details": sees_meeting_details,
    "may_put_to_panel": can_put_to_panel,
    "may_decide_at_panel": can_decide,
    "may_record_panel_decisions": records_decisions,
}
