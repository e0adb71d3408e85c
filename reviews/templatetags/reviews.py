"""What a placement's page (built by the placements app) shows of its reviews:

- `{% placement_reviews placement %}`: the next review (overdue or due within a week said plainly), then
  every review with its date and state; for the commissioners, each move with its old date and reason;
  for the AP lead of an active placement, a link to move each review still due.

The placement page wrote the access event for the pupil already. Two queries (one for a provider)."""

from django import template
from django.utils import timezone

from reviews import rules, selectors

register = template.Library()


@register.inclusion_tag("reviews/_placement_reviews.html", takes_context=True)
def placement_reviews(context, placement):
    membership = context["membership"]
    return {
        "placement": placement,
        "schedule": selectors.placement_schedule(
            placement, membership=membership, today=timezone.localdate()
        ),
        "reads_moves": rules.reads_moves(membership),
        "may_move": rules.can_move_reviews(membership, placement),
    }
