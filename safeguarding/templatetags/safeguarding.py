"""What a placement's page (built by the placements app) shows of safeguarding concerns:
`{% placement_concerns placement %}`. For the provider delivering it, the way to raise a concern and the
concerns it raised; for the school's DSLs, AP leads and leaders, that concerns were raised and their
state, each linked for those who may read its details. Nothing for anyone else (the scoping path gives
them none). `{% new_concerns membership %}`: the DSL's count of new concerns, from the cache."""

from django import template

from safeguarding import alerts, rules, selectors

register = template.Library()


@register.inclusion_tag("safeguarding/_placement_concerns.html", takes_context=True)
def placement_concerns(context, placement):
    membership = context.get("membership")
    shown = rules.raises_concerns(membership) or rules.sees_that_concerns_exist(membership)
    if not shown:
        return {"shown": False}
    concerns = selectors.placement_concerns(placement.pk, membership=membership)
    return {
        "shown": True,
        "placement": placement,
        "concerns": concerns,
        "some_unread": any(not concern.readable for concern in concerns),
        "is_provider": rules.raises_concerns(membership),
        "may_raise": rules.can_raise_concern(membership, placement),
    }


@register.simple_tag
def new_concerns(membership) -> int:
    return alerts.new_concerns(membership=membership)
