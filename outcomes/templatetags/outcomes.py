"""What a placement's page (built by the placements app) shows of what became of it:

- `{% placement_outcome placement %}`: for an ended placement, the outcome against its objectives, the
  destination and when the pupil moved on; for the commissioners also where the pupil went and each
  check-in (due, overdue or what was found); for the school's AP lead the link to record or correct it.
  The provider reads the outcome and the kind of destination only.

The placement page wrote the access event for the pupil already. Two queries for an ended placement (one
for a provider), none for any other."""

from django import template
from django.utils import timezone

from outcomes import rules, selectors
from placements.models import PlacementStatus

register = template.Library()


@register.inclusion_tag("outcomes/_placement_outcome.html", takes_context=True)
def placement_outcome(context, placement):
    if placement.status != PlacementStatus.ENDED:
        return {"shown": False}
    membership = context["membership"]
    return {
        "shown": True,
        "placement": placement,
        "outcome": selectors.outcome_for(placement, membership=membership),
        "check_ins": selectors.placement_check_ins(placement, membership=membership),
        "reads_detail": rules.reads_destination_detail(membership),
        "may_record": rules.can_record_outcome(membership, placement),
        "today": timezone.localdate(),
    }
