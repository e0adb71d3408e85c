"""What a membership may do with the referrals it sees (which it sees is `referrals.visibility`)."""

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from referrals.models import ReferralStatus as Status
from referrals.models import Response


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


def can_view_referrals(membership) -> bool:
    """Schools, trusts, LAs and providers each have a list of the referrals they see."""
    return membership is not None and membership.organisation.kind in (
        Kind.SCHOOL,
        Kind.TRUST,
        Kind.LOCAL_AUTHORITY,
        Kind.PROVIDER,
    )


def is_provider(membership) -> bool:
    return membership is not None and membership.organisation.kind == Kind.PROVIDER


def reads_in_full(membership) -> bool:
    """The commissioners (the school, its trust, its LA) read the whole referral and its timeline; a
    provider reads what was shared with it."""
    return can_view_referrals(membership) and not is_provider(membership)


def _open(referral) -> bool:
    return referral.status in (Status.SENT, Status.AT_PANEL)


def can_decide(membership, referral) -> bool:
    """The school's AP lead accepts an offer, withdraws or closes a referral still open to answers."""
    return can_manage_referral(membership, referral) and _open(referral)


def is_open(referral) -> bool:
    """Sent, or with the panel: still open to answers, visits and a decision."""
    return _open(referral)


def in_the_running(recipient) -> bool:
    """The provider has not said no, nor been told its place is not needed."""
    return recipient.response in (Response.AWAITING, Response.CAN_OFFER, Response.VISIT_FIRST)


def arranges_visits(membership, recipient, referral) -> bool:
    """Who arranges a visit or taster and records its outcome: the school's AP lead or the manager of the
    provider visited (whether one can be arranged now is the referral's state: `can_arrange_visit`)."""
    return can_manage_referral(membership, referral) or can_respond(membership, recipient)


def can_arrange_visit(membership, recipient, referral) -> bool:
    """A visit or taster is arranged, and its outcome recorded, by the school's AP lead or the provider's
    manager, while the referral is open and the provider still in the running."""
    return arranges_visits(membership, recipient, referral) and _open(referral) and in_the_running(recipient)


def can_write_details(membership, referral) -> bool:
    """The school's AP lead writes the detailed referral once an offer is accepted."""
    return can_manage_referral(membership, referral) and referral.status == Status.ACCEPTED


FOR_TEMPLATES = {"may_refer": can_refer}
ON_A_RECORD = {
    "may_manage_referral": can_manage_referral,
    "may_respond": can_respond,
    "may_decide": can_decide,
    "may_write_details": can_write_details,
}
