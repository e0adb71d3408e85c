"""What the pupil's page (built by the pupils app) shows of placements: `{% pupil_placements pupil %}`."""

from django import template

from placements import rules, selectors

register = template.Library()


@register.inclusion_tag("placements/_pupil_placements.html", takes_context=True)
def pupil_placements(context, pupil):
    """The pupil's placements the acting membership sees, and the way to plan one."""
    membership = context["membership"]
    return {
        "pupil": pupil,
        "membership": membership,
        "placements": selectors.pupil_placements(pupil, membership=membership),
        "may_plan": rules.can_plan(membership) and pupil.school_id == membership.organisation_id,
    }
