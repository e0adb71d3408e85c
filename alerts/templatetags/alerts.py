"""`{% work_queue membership as queue %}`: the first of a person's open alerts, most urgent first, and
how many there are, for their home page (two queries)."""

from django import template

from alerts import services

register = template.Library()

SHOWN = 8


@register.simple_tag
def work_queue(membership) -> dict:
    found = services.queue(membership=membership)
    first = list(found[:SHOWN])
    total = len(first) if len(first) < SHOWN else found.count()
    return {"alerts": first, "total": total, "more": total - len(first)}
