"""What a placement's pages show of the rules no single school can check: `{% placement_warnings placement %}`
renders each warning `placements.checks.placement_warnings` gives (GOV.UK warning text), for the
placement's commissioners only; and `|hours` writes hours as people do ("24", "23.5")."""

from django import template

from apcommission.numbers import hours_text
from placements import area_rules, checks

register = template.Library()


@register.inclusion_tag("placements/_placement_warnings.html", takes_context=True)
def placement_warnings(context, placement):
    """The threshold, the non-school limits, a pupil short of full time with no time-limited plan, a
    part-time plan past its time limit and an LA not told in time. Nothing for a provider."""
    membership = context.get("membership")
    if not area_rules.sees_placement_checks(membership):
        return {"warnings": []}
    return {"warnings": checks.placement_warnings(placement, membership=membership)}


@register.filter
def hours(value) -> str:
    return "" if value is None else hours_text(value)
