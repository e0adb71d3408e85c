"""What other apps' pages show of reports: `{% placement_report_link placement %}` on a placement's page,
for those who may print it (no query)."""

from django import template

from placements.models import PlacementStatus
from reports import rules

register = template.Library()


@register.inclusion_tag("reports/_placement_report_link.html", takes_context=True)
def placement_report_link(context, placement):
    shown = placement.status != PlacementStatus.CANCELLED and rules.can_print_placement_report(
        context.get("membership")
    )
    return {"shown": shown, "placement": placement}
