"""What a placement's page (built by the placements app) shows of what happens during it:

- `{% placement_progress placement %}`: each objective's baseline, target and the values recorded (latest
  first, with a chart), then the incidents, with the provider's ways to record and correct them;
- `{% placement_incident_alert placement %}`: at the top of a commissioner's page, the high-severity
  incidents of the last two weeks.

The placement page wrote the access event for the pupil already. Three queries for the first, one for the
second; never the pupil's record. `|with_unit:objective.unit` writes a value as people do: "78.5%"."""

from django import template
from django.utils import timezone

from progress import charts, rules, selectors

register = template.Library()


@register.filter
def with_unit(value, unit) -> str:
    """A value in its objective's unit, as people write it: "78.5%", "2 grade"."""
    return "" if value is None else charts.with_unit(value, unit)


@register.inclusion_tag("progress/_placement_progress.html", takes_context=True)
def placement_progress(context, placement):
    membership = context["membership"]
    return {
        "placement": placement,
        "membership": membership,
        "objectives": selectors.placement_progress(placement, membership=membership),
        "incidents": selectors.placement_incidents(placement, membership=membership),
        "may_record": rules.can_record(membership, placement),
        "may_correct": rules.delivers(membership, placement),
    }


@register.inclusion_tag("progress/_incident_alert.html", takes_context=True)
def placement_incident_alert(context, placement):
    membership = context["membership"]
    if not rules.reads_pupil_record(membership):
        return {"incidents": []}
    return {
        "incidents": selectors.recent_high_incidents(
            placement, membership=membership, today=timezone.localdate()
        )
    }
