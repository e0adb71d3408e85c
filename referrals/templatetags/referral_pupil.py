"""What the pupil's page (built by the pupils app) shows of referrals: `{% pupil_referrals pupil %}`."""

from django import template

from referrals import selectors

register = template.Library()


@register.inclusion_tag("referrals/_pupil_referrals.html", takes_context=True)
def pupil_referrals(context, pupil):
    """The pupil's referrals the acting membership sees, and the way to start one."""
    membership = context["membership"]
    return {
        "pupil": pupil,
        "membership": membership,
        "referrals": selectors.pupil_referrals(pupil, membership=membership),
    }
