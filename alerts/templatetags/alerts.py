"""`{% work_queue membership as queue %}`: the first of a person's open alerts, most urgent first, and
how many there are, for their home page. Kept in the cache under the person's alerts version token
(`alerts.counts`), which every change to their alerts bumps: a home page makes no query of its own."""

from django import template
from django.core.cache import cache

from alerts import counts, services

register = template.Library()

SHOWN = 8


def _queue(membership) -> dict:
    found = services.queue(membership=membership)
    first = list(found[:SHOWN])
    total = len(first) if len(first) < SHOWN else found.count()
    return {"alerts": first, "total": total, "more": total - len(first)}


@register.simple_tag
def work_queue(membership) -> dict:
    key = f"alerts:queue:{membership.pk}:{counts.version(membership.pk)}"
    queue = cache.get(key)
    if queue is None:
        queue = _queue(membership)
        cache.set(key, queue, counts.KEPT_SECONDS)
    return queue
