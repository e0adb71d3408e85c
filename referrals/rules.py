"""What a membership may do with the referrals it sees (which it sees is `referrals.visibility`)."""

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role


def _ap_lead_of(membership, school_id) -> bool:
    return (
        membership is not None
        and membership.organisation.kind == Kind.SCHOOL
        and membership.role == Role.AP_LEAD
        and membership.organisation_id == school_id
    )


def can_refer(membership) -> bool:
    """A school's AP lead starts referrals for its pupils."""
    return (
        membership is not None
        and membership.organisation.kind == Kind.SCHOOL
        and membership.role == Role.AP_LEAD
    )


def can_manage_referral(membership, referral) -> bool:
    """The commissioning school's AP lead edits, sends, accepts, withdraws and closes its referral."""
    return _ap_lead_of(membership, referral.school_id)


def can_respond(membership, recipient) -> bool:
    """The manager of a provider a referral was sent to answers it."""
    return (
        membership is not None
        and membership.organisation.kind == Kind.PROVIDER
        and membership.role == Role.PROVIDER_MANAGER
        and membership.organisation_id == recipient.provider_id
    )


FOR_TEMPLATES = {"may_refer": can_refer}
ON_A_RECORD = {"may_manage_referral": can_manage_referral, "may_respond": can_respond}
