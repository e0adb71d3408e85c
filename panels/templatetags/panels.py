"""What other pages show of panels: a referral's page (built by the referrals app,
which includes `panels/_referral_panel.html` through `{% referral_panel referral %}`)."""

from django import template

from panels import selectors

register = template.Library()


@register.inclusion_tag("panels/_referral_panel.html", takes_context=True)
def referral_panel(context, referral):
    """The panels a referral was put to, their decisions, and the way to put it to one."""
    return selectors.referral_panel(referral, membership=context["membership"])
