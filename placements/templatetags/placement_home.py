"""What needs doing about placements, on the home page: read from the cache (`placements.waiting`)."""

from django import template
from django.utils import timezone

from placements.waiting import Waiting, waiting

register = template.Library()


@register.simple_tag
def placements_waiting(membership) -> Waiting:
    return waiting(membership=membership, today=timezone.localdate())
