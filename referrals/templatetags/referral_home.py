"""What waits for the organisation, on its home page: read from the cache (`referrals.waiting`)."""

from django import template

from referrals.waiting import waiting_count

register = template.Library()


@register.simple_tag
def referrals_waiting(membership) -> int:
    return waiting_count(membership=membership)
