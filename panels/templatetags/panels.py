"""What other pages show of panels: an LA's home page, and a referral's page (built by the referrals app,
which includes `panels/_referral_panel.html` through `{% referral_panel referral %}`)."""

from django import template
from django.utils import timezone

from panels import selectors

register = template.Library()


@register.simple_tag
def panel_summary(membership):
    """An LA's panel at a glance: whether it uses one, the next meeting, referrals waiting."""
    return selectors.home_summary(membership=membership, today=timezone.localdate())


@register.inclusion_tag("panels/_referral_panel.html", takes_context=True)
def referral_panel(context, referral):
    """The panels a referral was put to, their decisions, and the way to put it to one."""
    return selectors.referral_panel(referral, membership=context["membership"])
