"""What a membership may do with the placements it sees (which it sees is `placements.visibility`).

The commissioning school's AP lead writes its placements: the plan, its objectives, its part-time plan,
and its moves (start, end, cancel). Every other role that sees a placement reads it: the school's other
roles, its trust, its LA's officers and viewers, and the provider delivering it, which reads only what
the school shared (`provider_copy`) and the practical parts of the plan, never the pupil's record, the
funding or the reasons in the plan's history."""

from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.roles import Role
from placements.models import PlacementStatus as Status
from referrals.models import ReferralStatus


def _ap_lead_of(membership, school_id) -> bool:
    return (
        membership is not None
        and membership.organisation.kind == Kind.SCHOOL
        and membership.role == Role.AP_LEAD
        and membership.organisation_id == school_id
    )


def can_plan(membership) -> bool:
    """A school's AP lead makes placement plans for its pupils."""
    return (
        membership is not None
        and membership.organisation.kind == Kind.SCHOOL
        and membership.role == Role.AP_LEAD
    )


def can_plan_from_referral(membership, referral) -> bool:
    """The referring school's AP lead turns its accepted referral into a placement plan."""
    return _ap_lead_of(membership, referral.school_id) and referral.status == ReferralStatus.ACCEPTED


def can_manage_placement(membership, placement) -> bool:
    """The commissioning school's AP lead writes its placement (the LA, once it commissions directly)."""
    return _ap_lead_of(membership, placement.school_id)


def can_view_placements(membership) -> bool:
    """Schools, trusts, LAs (officers and viewers) and providers each read the placements they see."""
    return membership is not None and membership.organisation.kind in (
        Kind.SCHOOL,
        Kind.TRUST,
        Kind.LOCAL_AUTHORITY,
        Kind.PROVIDER,
    )


def reads_plan_in_full(membership) -> bool:
    """The commissioners (the school, its trust, its LA) read the whole plan and its history; a provider
    reads its practical parts and the copy of the pupil the school shared."""
    return can_view_placements(membership) and membership.organisation.kind != Kind.PROVIDER


def can_change_plan(membership, placement) -> bool:
    """A planned or active placement's plan is changed by its AP lead; an ended or cancelled one is the
    record."""
    return can_manage_placement(membership, placement) and placement.status in Status.current_values()


def can_start(membership, placement) -> bool:
    return can_manage_placement(membership, placement) and placement.status == Status.PLANNED


def can_end(membership, placement) -> bool:
    """An active placement is ended, a planned one cancelled: both by its AP lead."""
    return can_manage_placement(membership, placement) and placement.status in Status.current_values()


FOR_TEMPLATES = {"may_plan_placement": can_plan}
ON_A_RECORD = {
    "may_plan_placement_from": can_plan_from_referral,
    "may_manage_placement": can_manage_placement,
    "may_change_placement": can_change_plan,
    "may_start_placement": can_start,
    "may_end_placement": can_end,
}
