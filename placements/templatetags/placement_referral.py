"""What a referral's page (built by the referrals app) shows of placements:
`{% referral_placement referral %}`: the plan made from it, or the way to make one once it is accepted.
A placement that was cancelled or has ended says so, never its planned dates as if still to come."""

from django import template

from placements import rules
from placements.models import Placement

register = template.Library()


@register.inclusion_tag("placements/_referral_placement.html", takes_context=True)
def referral_placement(context, referral):
    membership = context["membership"]
    placement = (
        Placement.objects.visible_to(membership)
        .filter(referral_id=referral.pk)
        .only("pk", "status", "starts_on", "planned_end_on", "ended_on", "cancelled_on", "cancel_reason")
        .first()
    )
    return {
        "referral": referral,
        "placement": placement,
        # Why a placement was cancelled is the school's to say, as its plan's history is.
        "reads_reasons": rules.reads_plan_in_full(membership),
        "may_plan": placement is None and rules.can_plan_from_referral(membership, referral),
    }
