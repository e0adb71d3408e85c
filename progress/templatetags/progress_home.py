"""The home page's count of high-severity incidents: read from the cache (`progress.waiting`)."""

from django import template
from django.utils import timezone

from progress.waiting import high_severity_count

register = template.Library()


@register.simple_tag
def high_severity_incidents(membership) -> int:
    return high_severity_count(membership=membership, today=timezone.localdate())
