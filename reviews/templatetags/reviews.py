"""What a placement's page (built by the placements app) shows of its reviews:

- `{% placement_reviews placement %}`: the next review (overdue or due within a week said plainly), then
  every review with its date and state; for the commissioners, each move with its old date and reason;
  for the AP lead of an active placement, a link to move each review still due and to hold the next one;
  for everyone, a link to read each review held, and "Is this placement still right?" when its last two
  reviews held each judged an objective not on track (`reviews.holding.still_right_flags`).

The placement page wrote the access event for the pupil already. Three queries (two for a provider).

- `{% provider_voices provider %}`: on a provider's page (built by the providers app), for the
  commissioners, the pupils' and the parents' answers about placements with it, counted per question and
  answer (`reviews.voices.provider_summary`: one query, no comments, nothing per pupil). Nothing, and no
  query, for a provider."""

from django import template
from django.utils import timezone

from reviews import holding, rules, selectors, voices

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
        "may_hold": rules.can_hold_review(membership, placement),
        "still_right": placement.pk in holding.still_right_flags([placement.pk], membership=membership),
    }


@register.inclusion_tag("reviews/_provider_voices.html", takes_context=True)
def provider_voices(context, provider):
    return {"summary": voices.provider_summary(provider.pk, membership=context["membership"])}
